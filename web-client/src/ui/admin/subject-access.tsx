import { useState } from 'preact/hooks';
import { linkTo } from '../../app/router';
import { t } from '../../i18n/i18n';
import { ApiError } from '../../protocol/rest';
import type { User } from '../../protocol/types';
import { describe } from '../errors';
import { useAdmin } from './use-admin';

/**
 * A subject-access export for a compliance officer (GDPR Art. 15, when a person asks through the organisation rather
 * than in their own Settings): the copy the person would get themselves, made in the background and downloaded from
 * the Exports screen. Making it is recorded in the audit log, with the reason when one is given.
 */
export function SubjectAccess({ user }: { user: User }) {
  const api = useAdmin();
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      await api.subjectAccessExport(user.id, reason.trim() || undefined);
      setStatus({ ok: true, text: t('sar.started', { name: user.displayName }) });
      setReason('');
    } catch (err) {
      setStatus({ ok: false, text: refusal(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="sar-title" onSubmit={submit} noValidate>
        <h3 id="sar-title">{t('sar.title')}</h3>
        <p class="hint">{t('sar.explain', { name: user.displayName })}</p>
        <div class="field">
          <label for="sar-reason">{t('sar.reason')}</label>
          <textarea id="sar-reason" class="input" rows={2} maxLength={500} value={reason} aria-describedby="sar-reason-hint"
            onInput={(e) => setReason(e.currentTarget.value)} />
          <p class="hint" id="sar-reason-hint">{t('sar.reasonHint')}</p>
        </div>
        {status && (
          <div class={`sar-status ${status.ok ? 'note' : 'alert'}`} role={status.ok ? 'status' : 'alert'}>
            <p>{status.text}</p>
            {status.ok && <a {...linkTo({ name: 'admin', section: 'exports' })}>{t('sar.openExports')}</a>}
          </div>
        )}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('sar.create')}</button>
      </form>
    </section>
  );
}

/** An unknown person is 400 or 404 depending on where it is noticed; an erased one has nothing left (409). */
function refusal(e: unknown): string {
  if (e instanceof ApiError && (e.status === 400 || e.status === 404)) return t('sar.refused');
  if (e instanceof ApiError && e.status === 409) return t('sar.erased');
  return describe(e);
}
