import { useEffect, useState } from 'preact/hooks';
import type { UrgentUse } from '../../admin/api';
import { t } from '../../i18n/i18n';
import { stamp } from '../../i18n/format';
import { useClient } from '../context';
import { describe } from '../errors';
import { AdminScreen } from './admin';
import { useAdmin } from './use-admin';

/** The record of urgent messages (who sent one, to whom, who of them was off duty, when): no message content. */
export function UrgentRecord() {
  const client = useClient();
  const api = useAdmin();
  const [uses, setUses] = useState<UrgentUse[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const people = client.people.users.value;

  const load = async (before?: string) => {
    setLoading(true);
    try {
      const page = (await api.urgentUses(before)).urgentUses;
      client.people.ensure(page.flatMap((u) => [u.senderId, ...u.recipients]));
      setUses((uses && before ? uses : []).concat(page));
      setMore(page.length === 50);
    } catch (e) {
      setError(describe(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => void load(), []);
  const names = (ids: string[]) => ids.map((id) => people[id]?.displayName ?? '…').join(', ');

  return (
    <AdminScreen title={t('admin.urgent')} back={{ name: 'admin', section: 'home' }} wide>
      <p class="hint">{t('urgent.explain')}</p>
      {error && <p class="alert" role="alert">{error}</p>}
      {uses && uses.length === 0 && <p role="status">{t('urgent.none')}</p>}
      {uses && uses.length > 0 && (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('admin.urgent')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('urgent.when')}</th>
                <th scope="col">{t('urgent.from')}</th>
                <th scope="col">{t('urgent.to')}</th>
                <th scope="col">{t('urgent.offDuty')}</th>
              </tr>
            </thead>
            <tbody>
              {uses.map((u) => (
                <tr key={u.messageId}>
                  <td>{stamp(u.at)}</td>
                  <td>{names([u.senderId])}</td>
                  <td>{names(u.recipients)}</td>
                  <td>{u.offDuty.length ? names(u.offDuty) : t('urgent.nobodyOff')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <button type="button" class="btn btn-outline" disabled={loading} onClick={() => void load(uses![uses!.length - 1].at)}>
          {loading ? t('admin.loading') : t('urgent.older')}
        </button>
      )}
    </AdminScreen>
  );
}
