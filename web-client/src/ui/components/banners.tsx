import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { when } from '../../i18n/format';
import { useClient } from '../context';
import { describe } from '../errors';
import { Icon } from './icons';

/** The lines above every screen: the connection when it is not there, and my off-duty state. */
export function Banners() {
  return (
    <>
      <ConnectionBanner />
      <DutyBanner />
    </>
  );
}

function ConnectionBanner() {
  const client = useClient();
  const state = client.connectionState.value;
  if (state === 'online' || state === 'ended') return null;
  const connecting = state === 'connecting';
  return (
    <div class="banner banner-offline" role="status">
      <p>{connecting ? t('conn.connecting') : t('conn.offline')}</p>
      {!connecting && (
        <button type="button" class="btn" onClick={() => client.connection.retryNow()}>
          {t('conn.retry')}
        </button>
      )}
    </div>
  );
}

function DutyBanner() {
  const client = useClient();
  const until = client.duty.offDutyUntil.value;
  const [error, setError] = useState<string | null>(null);
  if (!until) return null;
  const back = async () => {
    setError(null);
    try {
      await client.duty.back();
    } catch (e) {
      setError(describe(e));
    }
  };
  if (client.duty.looking.value) {
    return (
      <div class="banner banner-duty" role="status">
        <Icon name="moon" />
        <p>{t('duty.looking', { when: when(until) })}</p>
        <button type="button" class="btn" onClick={back}>{t('duty.back')}</button>
      </div>
    );
  }
  return (
    <div class="banner banner-duty" role="status">
      <Icon name="moon" />
      <p>{t('duty.banner', { when: when(until) })}</p>
      <button type="button" class="btn" onClick={() => client.duty.look()}>{t('duty.look')}</button>
      <button type="button" class="btn" onClick={back}>{t('duty.back')}</button>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
