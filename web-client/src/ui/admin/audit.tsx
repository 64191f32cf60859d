import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry, AuditFilter, ChainCheck } from '../../admin/api';
import { PAGE } from '../../admin/api';
import { t, type Key } from '../../i18n/i18n';
import { en } from '../../i18n/en';
import { stamp } from '../../i18n/format';
import type { User } from '../../protocol/types';
import { useClient } from '../context';
import { describe } from '../errors';
import { AdminScreen } from './admin';
import { PersonPicker } from './person-picker';
import { useAdmin } from './use-admin';

/** The actions the chain records (protocol.md), for the filter. */
export const AUDIT_ACTIONS = [
  'user.created', 'user.updated', 'user.roles_changed', 'user.deactivated', 'user.reactivated', 'user.password_reset',
  'user.sign_in_code', 'user.erased', 'org.settings_changed', 'org.schedule_changed', 'retention.changed',
  'hold.placed', 'hold.lifted', 'export.created', 'export.downloaded', 'sar.created', 'urgent.sent', 'retention.swept',
] as const;

/** An action in words; an action this client does not know yet shows as it is. */
export function actionName(action: string): string {
  const key = `audit.action.${action}`;
  return key in en ? t(key as Key) : action;
}

function targetName(type: string): string {
  const key = `audit.target.${type}`;
  return key in en ? t(key as Key) : type;
}

/**
 * The audit log: every recorded action, filtered by action, person and dates, and the chain checked on request.
 * Entries hold ids, counts and field names only, so this page shows no one's personal details beyond names.
 */
export function AuditLog() {
  const client = useClient();
  const api = useAdmin();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [actor, setActor] = useState<User | null>(null);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const latest = useRef(0);
  const people = client.people.users.value;

  const applied: AuditFilter = { ...filter, actorId: actor?.id };
  const load = async (before?: number) => {
    const id = before ? latest.current : ++latest.current;
    setLoading(true);
    try {
      const page = (await api.audit(applied, before)).entries;
      if (id !== latest.current) return;
      client.people.ensure(page.flatMap((e) => [e.actorId, e.targetType === 'user' ? e.targetId : undefined]));
      setEntries(before ? [...entries, ...page] : page);
      setMore(page.length === PAGE);
      setError(null);
    } catch (e) {
      if (id === latest.current) setError(describe(e));
    } finally {
      if (id === latest.current) setLoading(false);
    }
  };

  useEffect(() => void load(), [filter.action, filter.from, filter.to, actor?.id]);

  const verify = async () => {
    setChecking(true);
    setCheck(null);
    try {
      setCheck(await api.verifyChain());
    } catch (e) {
      setError(describe(e));
    } finally {
      setChecking(false);
    }
  };

  const nameOf = (id?: string) => (id ? people[id]?.displayName ?? id.slice(0, 8) : t('audit.system'));
  const targetOf = (e: AuditEntry) => (e.targetType === 'user' ? nameOf(e.targetId)
    : e.targetType ? `${targetName(e.targetType)} ${e.targetId?.slice(0, 8) ?? ''}` : '');

  return (
    <AdminScreen title={t('admin.audit')} back={{ name: 'admin', section: 'home' }} wide>
      <section class="card" aria-labelledby="chain-title">
        <h3 id="chain-title">{t('audit.chain')}</h3>
        <p class="hint">{t('audit.chainExplain')}</p>
        <button type="button" class="btn btn-primary" disabled={checking} onClick={() => void verify()}>
          {checking ? t('audit.verifying') : t('audit.verify')}
        </button>
        {check && (check.ok
          ? <p class="note" role="status">{t('audit.intact', { count: check.entries, head: check.head.slice(0, 16) })}</p>
          : <p class="alert" role="alert">{t('audit.broken', { seq: check.brokenAt })}</p>)}
      </section>
      <div class="admin-filters" role="search" aria-label={t('audit.find')}>
        <div class="field">
          <label for="audit-action">{t('audit.actionFilter')}</label>
          <select id="audit-action" class="input" value={filter.action ?? ''} onChange={(e) => setFilter({ ...filter, action: e.currentTarget.value || undefined })}>
            <option value="">{t('audit.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{actionName(a)}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="audit-from">{t('audit.from')}</label>
          <input id="audit-from" class="input" type="date" value={filter.from ?? ''} onChange={(e) => setFilter({ ...filter, from: e.currentTarget.value || undefined })} />
        </div>
        <div class="field">
          <label for="audit-to">{t('audit.to')}</label>
          <input id="audit-to" class="input" type="date" value={filter.to ?? ''} onChange={(e) => setFilter({ ...filter, to: e.currentTarget.value || undefined })} />
        </div>
        <div class="admin-search">
          <PersonPicker id="audit-actor" label={t('audit.person')} value={actor} onChange={setActor} />
        </div>
      </div>
      {error && <p class="alert" role="alert">{error}</p>}
      {!loading && entries.length === 0 && !error && <p role="status">{t('audit.none')}</p>}
      {entries.length > 0 && (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('admin.audit')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.seq')}</th>
                <th scope="col">{t('urgent.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{stamp(e.at)}</td>
                  <td>{nameOf(e.actorId)}</td>
                  <td>{actionName(e.action)}</td>
                  <td>{targetOf(e)}</td>
                  <td class="audit-details">{details(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" class="btn btn-outline" disabled={loading} onClick={() => void load(entries[entries.length - 1].seq)}>
          {loading ? t('admin.loading') : t('urgent.older')}
        </button>
      )}
    </AdminScreen>
  );
}

/** An entry's details (ids, counts, field names) as short "key: value" lines. */
function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}
