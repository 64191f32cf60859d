import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { ApiError } from '../../protocol/rest';
import type { User } from '../../protocol/types';
import { Dialog } from '../components/dialog';
import { describe } from '../errors';
import { useAdmin } from './use-admin';

/**
 * Erasing a person: a card on their page, and a confirmation that says in plain words what happens and asks for the
 * reason the audit log keeps. A refusal (a legal hold, the last admin, oneself) is explained, not shown as a code.
 */
export function Erase({ user, me, onErased }: { user: User; me: string; onErased(user: User): void }) {
  const api = useAdmin();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const erase = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.erase(user.id, reason.trim());
      setConfirming(false);
      onErased({ ...user, displayName: 'Former colleague', roles: [], active: false, erased: true });
    } catch (e) {
      setConfirming(false);
      setError(refusal(e, user, me));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="erase-title">
      <h3 id="erase-title">{t('admin.eraseTitle')}</h3>
      {error && <p class="alert" role="alert">{error}</p>}
      <p class="hint">{t('admin.eraseExplain')}</p>
      <button type="button" class="btn btn-danger" disabled={busy} onClick={() => {
        setError(null);
        setConfirming(true);
      }}>{t('admin.erase')}</button>
      {confirming && (
        <Dialog title={t('admin.eraseConfirmTitle', { name: user.displayName })} onClose={() => setConfirming(false)} alert>
          <p>{t('admin.eraseConsequences')}</p>
          <ul class="erase-consequences">
            <li>{t('admin.eraseMessages')}</li>
            <li>{t('admin.eraseMedia')}</li>
            <li>{t('admin.eraseAccount')}</li>
            <li>{t('admin.eraseBackups')}</li>
          </ul>
          <div class="field">
            <label for="erase-reason">{t('admin.eraseReason')}</label>
            <textarea id="erase-reason" class="input" rows={2} maxLength={500} value={reason}
              aria-describedby="erase-reason-hint" aria-invalid={missing || undefined}
              onInput={(e) => {
                setReason(e.currentTarget.value);
                setMissing(false);
              }} />
            <p class="hint" id="erase-reason-hint">{t('admin.eraseReasonHint')}</p>
            {missing && <p class="alert" role="alert">{t('admin.eraseReasonMissing')}</p>}
          </div>
          <div class="dialog-actions">
            <button type="button" class="btn btn-outline" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
            <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void erase()}>{t('admin.erase')}</button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function refusal(e: unknown, user: User, me: string): string {
  if (e instanceof ApiError && e.status === 409) {
    if (user.id === me) return t('admin.eraseSelf');
    if (user.roles.includes('admin')) return t('admin.eraseLastAdmin');
    return t('admin.eraseHeld', { name: user.displayName });
  }
  return describe(e);
}
