import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { browserZone } from '../../i18n/format';
import type { OrgInfo, Role, Schedule } from '../../protocol/types';
import { toForm, type ScheduleForm } from '../../state/schedule-form';
import { useClient } from '../context';
import { describe } from '../errors';
import { WorkingHours } from '../components/working-hours';
import { AdminScreen } from './admin';
import { useAdmin } from './use-admin';

const ROLES: Role[] = ['member', 'admin', 'compliance'];
const DEFAULT_TIMEOUT = 10;

/** The organisation's name and settings, and the working hours of everyone without their own. */
export function OrgSettings() {
  const client = useClient();
  const api = useAdmin();
  const [org, setOrg] = useState<OrgInfo | null>(null);
  const [hours, setHours] = useState<ScheduleForm | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.org().then(setOrg, (e) => setError(describe(e)));
    api.orgSchedule().then(
      (s) => setHours(toForm(s.workingHours?.length ? s : { ...s, workingHours: [] }, browserZone())),
      (e) => setError(describe(e)),
    );
  }, []);

  return (
    <AdminScreen title={t('admin.orgSettings')} back={{ name: 'admin', section: 'home' }}>
      {error && <p class="alert" role="alert">{error}</p>}
      {org && <SettingsForm org={org} onSaved={(saved) => {
        setOrg(saved);
        client.refreshOrg(saved);
      }} />}
      {org && <Retention org={org} onSaved={(saved) => {
        setOrg(saved);
        client.refreshOrg(saved);
      }} />}
      <section class="card">
        {hours && (
          <WorkingHours initial={hours} onSaved={setHours} intro={t('orgSettings.hoursIntro')}
            save={(schedule: Schedule) => client.rest.put<Schedule>('/api/v1/orgs/me/schedule', schedule)}
            afterSave={() => void client.duty.check()} />
        )}
      </section>
    </AdminScreen>
  );
}

function SettingsForm({ org, onSaved }: { org: OrgInfo; onSaved(org: OrgInfo): void }) {
  const api = useAdmin();
  const [name, setName] = useState(org.org.name);
  const [urgentRoles, setUrgentRoles] = useState<Role[]>(org.settings.urgentRoles ?? ['admin']);
  const [hideLastSeen, setHideLastSeen] = useState(!!org.settings.hideLastSeen);
  const [timeout, setTimeoutMinutes] = useState(String(org.settings.sharedDeviceTimeoutMinutes ?? DEFAULT_TIMEOUT));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    const minutes = Number(timeout);
    if (!name.trim() || name.trim().length > 100) return setStatus({ ok: false, text: t('orgSettings.nameRule') });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) return setStatus({ ok: false, text: t('orgSettings.timeoutRule') });
    setBusy(true);
    try {
      const saved = await api.updateOrg({
        name: name.trim(),
        settings: { urgentRoles, hideLastSeen, sharedDeviceTimeoutMinutes: minutes },
      });
      onSaved(saved);
      setStatus({ ok: true, text: t('common.saved') });
    } catch (err) {
      setStatus({ ok: false, text: describe(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="org-form-title" onSubmit={save} noValidate>
        <h3 id="org-form-title">{t('orgSettings.organisation')}</h3>
        <div class="field">
          <label for="org-name">{t('orgSettings.name')}</label>
          <input id="org-name" class="input" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          <span class="hint">{t('orgSettings.slug', { slug: org.org.slug })}</span>
        </div>
        <fieldset class="field roles-field">
          <legend class="label">{t('orgSettings.urgentRoles')}</legend>
          <span class="hint">{t('orgSettings.urgentHint')}</span>
          {ROLES.map((role) => (
            <label key={role} class="check">
              <input type="checkbox" checked={urgentRoles.includes(role)} onChange={(e) => setUrgentRoles(
                e.currentTarget.checked ? [...urgentRoles, role] : urgentRoles.filter((r) => r !== role),
              )} />
              {t(`role.${role}Plural`)}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label class="check">
            <input type="checkbox" checked={hideLastSeen} onChange={(e) => setHideLastSeen(e.currentTarget.checked)} aria-describedby="last-seen-hint" />
            {t('orgSettings.hideLastSeen')}
          </label>
          <span id="last-seen-hint" class="hint">{t('orgSettings.hideLastSeenHint')}</span>
        </div>
        <div class="field">
          <label for="shared-timeout">{t('orgSettings.sharedTimeout')}</label>
          <input id="shared-timeout" class="input input-short" type="number" inputMode="numeric" min={1} max={240} value={timeout}
            onInput={(e) => setTimeoutMinutes(e.currentTarget.value)} aria-describedby="shared-timeout-hint" />
          <span id="shared-timeout-hint" class="hint">{t('orgSettings.sharedTimeoutHint')}</span>
        </div>
        {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('admin.save')}</button>
      </form>
    </section>
  );
}

/** How long messages are kept: forever, or a number of days, with what that deletes said plainly. */
function Retention({ org, onSaved }: { org: OrgInfo; onSaved(org: OrgInfo): void }) {
  const api = useAdmin();
  const current = org.settings.messageRetentionDays as number | null | undefined;
  const [keep, setKeep] = useState(current == null);
  const [days, setDays] = useState(String(current ?? 365));
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    if (!keep && (!Number.isInteger(n) || n < 1 || n > 3650)) return setStatus({ ok: false, text: t('retention.rule') });
    setBusy(true);
    try {
      onSaved(await api.updateOrg({ settings: { messageRetentionDays: keep ? null : n } }));
      setStatus({ ok: true, text: t('common.saved') });
    } catch (err) {
      setStatus({ ok: false, text: describe(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="retention-title" onSubmit={save} noValidate>
        <h3 id="retention-title">{t('retention.title')}</h3>
        <p class="hint">{t('retention.explain')}</p>
        <fieldset class="field roles-field">
          <legend class="visually-hidden">{t('retention.title')}</legend>
          <label class="check"><input type="radio" name="retention" checked={keep} onChange={() => setKeep(true)} />{t('retention.forever')}</label>
          <label class="check"><input type="radio" name="retention" checked={!keep} onChange={() => setKeep(false)} />{t('retention.limited')}</label>
        </fieldset>
        {!keep && (
          <div class="field">
            <label for="retention-days">{t('retention.days')}</label>
            <input id="retention-days" class="input input-short" type="number" inputMode="numeric" min={1} max={3650} value={days}
              onInput={(e) => setDays(e.currentTarget.value)} />
            <span class="hint">{t('retention.when', { count: Number(days) || 0 })}</span>
          </div>
        )}
        {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('admin.save')}</button>
      </form>
    </section>
  );
}
