import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { Dialog } from './dialog';

/** The "This is a shared device" box of the sign-in pages, with what it means in one line. */
export function SharedDeviceChoice() {
  const device = useClient().device;
  return (
    <div class="field shared-choice">
      <label class="check">
        <input type="checkbox" checked={device.chosen.value} aria-describedby="shared-hint"
          onChange={(e) => (device.chosen.value = e.currentTarget.checked)} />
        {t('shared.label')}
      </label>
      <p id="shared-hint" class="hint field-hint">{t('shared.hint')}</p>
    </div>
  );
}

/** "Still there?": asked before a shared device's session signs out for lack of use. */
export function IdleWarning() {
  const client = useClient();
  const seconds = client.device.warning.value;
  if (seconds === null) return null;
  return (
    <Dialog title={t('shared.warnTitle')} alert onClose={() => client.device.stay()}>
      <p>{t('shared.warnText', { count: seconds })}</p>
      <div class="dialog-actions">
        <button type="button" class="btn btn-outline" onClick={() => void client.session.logout()}>{t('shared.signOutNow')}</button>
        <button type="button" class="btn btn-primary" onClick={() => client.device.stay()}>{t('shared.stay')}</button>
      </div>
    </Dialog>
  );
}
