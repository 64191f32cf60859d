import { useEffect, useState } from 'preact/hooks';
import type { Hold } from '../../admin/api';
import { t } from '../../i18n/i18n';
import { stamp } from '../../i18n/format';
import { ApiError } from '../../protocol/rest';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm } from '../components/dialog';
import { AdminScreen } from './admin';
import { NO_CHOICE, ScopeTarget, targetOf, type ScopeChoice } from './scope-target';
import { useAdmin } from './use-admin';

/**
 * Legal holds (compliance officers): while a hold covers a person or a chat, nothing of it is deleted by the
 * retention policy, and edited or deleted messages keep their originals for an investigation.
 */
export function LegalHolds() {
  const client = useClient();
  const api = useAdmin();
  const [holds, setHolds] = useState<Hold[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lifting, setLifting] = useState<Hold | null>(null);
  const people = client.people.users.value;

  const load = () => api.holds().then((answer) => {
    setHolds(answer.holds);
    client.people.ensure(answer.holds.flatMap((h) => [h.placedBy, h.scope === 'user' ? h.targetId : undefined]));
  }, (e) => setError(describe(e)));
  useEffect(() => void load(), []);

  const lift = async (hold: Hold) => {
    setLifting(null);
    try {
      await api.liftHold(hold.id);
      await load();
    } catch (e) {
      setError(describe(e));
    }
  };

  const nameOf = (id: string) => people[id]?.displayName ?? id.slice(0, 8);
  return (
    <AdminScreen title={t('admin.holds')} back={{ name: 'admin', section: 'home' }} wide>
      <p class="hint">{t('holds.explain')}</p>
      <PlaceHold onPlaced={() => void load()} />
      {error && <p class="alert" role="alert">{error}</p>}
      {holds && holds.length === 0 && <p role="status">{t('holds.none')}</p>}
      {holds && holds.length > 0 && (
        <ul class="admin-holds" aria-label={t('admin.holds')}>
          {holds.map((h) => (
            <li key={h.id} class="card hold">
              <p class="person-name">
                {h.scope === 'user' ? t('holds.onPerson', { name: nameOf(h.targetId) }) : t('holds.onChat', { id: h.targetId })}
              </p>
              <p>{h.reason}</p>
              <p class="hint">{t('holds.placed', { name: nameOf(h.placedBy), when: stamp(h.placedAt) })}</p>
              <button type="button" class="btn btn-outline" onClick={() => setLifting(h)}>{t('holds.lift')}</button>
            </li>
          ))}
        </ul>
      )}
      {lifting && (
        <Confirm title={t('holds.liftTitle')} explain={t('holds.liftExplain')} action={t('holds.lift')}
          onClose={() => setLifting(null)} onConfirm={() => void lift(lifting)} />
      )}
    </AdminScreen>
  );
}

function PlaceHold({ onPlaced }: { onPlaced(): void }) {
  const api = useAdmin();
  const [choice, setChoice] = useState<ScopeChoice>(NO_CHOICE);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const target = targetOf(choice);
    if ('problem' in target) return setStatus({ ok: false, text: target.problem });
    if (!reason.trim()) return setStatus({ ok: false, text: t('holds.needReason') });
    setBusy(true);
    try {
      await api.placeHold(choice.scope, target.id, reason.trim());
      setStatus({ ok: true, text: t('holds.done') });
      setChoice(NO_CHOICE);
      setReason('');
      onPlaced();
    } catch (err) {
      setStatus({ ok: false, text: err instanceof ApiError && err.status === 400 ? t('holds.refused') : describe(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="place-hold-title" onSubmit={submit} noValidate>
        <h3 id="place-hold-title">{t('holds.place')}</h3>
        <ScopeTarget id="hold" legend={t('holds.scope')} userLabel={t('holds.scopeUser')} chatLabel={t('holds.scopeChat')}
          value={choice} onChange={setChoice} />
        <div class="field">
          <label for="hold-reason">{t('holds.reason')}</label>
          <textarea id="hold-reason" class="input" rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('holds.placeButton')}</button>
      </form>
    </section>
  );
}
