import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Schedule } from '../../protocol/types';
import { linkTo } from '../../app/router';
import { t, type Key } from '../../i18n/i18n';
import { browserZone, when } from '../../i18n/format';
import { DAYS, defaultUntil, localInput, problem, toForm, toSchedule, type ScheduleForm } from '../../state/schedule-form';
import { useClient } from '../context';
import { describe } from '../errors';
import { Icon } from '../components/icons';
import { LanguagePicker } from '../components/language-picker';
import { SignOutButton } from '../components/sign-out';
import '../styles/forms.css';

const MAX_AHEAD_MS = 30 * 86_400_000;

/** Settings: language, going off duty now, working hours and leave, signing out. */
export function Settings() {
  const client = useClient();
  const me = client.me!;
  const [form, setForm] = useState<ScheduleForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    client.rest.get<Schedule>('/api/v1/me/schedule').then(
      (s) => setForm(toForm(s.workingHours?.length ? s : { ...s, workingHours: [] }, browserZone())),
      (e) => {
        setLoadError(describe(e));
        setForm(toForm(null, browserZone()));
      },
    );
  }, []);

  return (
    <div class="settings">
      <header class="topbar">
        <a class="icon-btn only-phone" aria-label={t('nav.back')} {...linkTo({ name: 'list' })}>
          <Icon name="back" />
        </a>
        <h2>{t('settings.title')}</h2>
      </header>
      <div class="screen">
        <div class="screen-narrow">
          <section class="card">
            <h3>{t('settings.profile')}</h3>
            <p>{t('settings.signedInAs', { name: me.displayName, org: client.org.value?.org.name ?? '' })}</p>
            <LanguagePicker />
          </section>
          <OffDuty form={form} />
          <section class="card">
            {loadError && <p class="alert" role="alert">{loadError}</p>}
            {form && <WorkingHours initial={form} onSaved={setForm} />}
          </section>
          <section class="card">
            <h3>{t('settings.session')}</h3>
            <div class="button-row">
              <SignOutButton class="btn btn-outline" label={t('settings.signOut')} />
              <SignOutButton all class="btn btn-outline danger-text" label={t('settings.signOutAll')} />
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}

function OffDuty({ form }: { form: ScheduleForm | null }) {
  const client = useClient();
  const until = client.duty.offDutyUntil.value;
  const suggested = useMemo(() => localInput(defaultUntil(form ?? toForm(null, browserZone()))), [form]);
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = value ?? suggested;

  const go = async (e: Event) => {
    e.preventDefault();
    const at = new Date(chosen);
    if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now() || at.getTime() - Date.now() > MAX_AHEAD_MS) {
      setError(t('settings.untilInvalid'));
      return;
    }
    setError(null);
    try {
      await client.duty.goOffDuty(at);
    } catch (err) {
      setError(describe(err));
    }
  };

  return (
    <section class="card">
      <h3>{t('settings.duty')}</h3>
      <p class="hint">{t('settings.dutyIntro')}</p>
      {until ? (
        <>
          <p role="status">{t('settings.offDutyNow', { when: when(until) })}</p>
          <button type="button" class="btn btn-primary" onClick={() => void client.duty.back().catch((e) => setError(describe(e)))}>
            {t('duty.back')}
          </button>
        </>
      ) : (
        <form onSubmit={go} class="inline-form">
          <div class="field">
            <label for="off-duty-until">{t('settings.offDutyUntil')}</label>
            <input id="off-duty-until" class="input" type="datetime-local" value={chosen} onInput={(e) => setValue(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn btn-primary">{t('settings.goOffDuty')}</button>
        </form>
      )}
      {error && <p class="alert" role="alert">{error}</p>}
    </section>
  );
}

function WorkingHours({ initial, onSaved }: { initial: ScheduleForm; onSaved(form: ScheduleForm): void }) {
  const client = useClient();
  const [form, setForm] = useState(initial);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const zones = useMemo(() => {
    const list = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return list.includes(form.timezone) ? list : [form.timezone, ...list];
  }, []);

  const setDay = (i: number, change: Partial<ScheduleForm['days'][number]>) =>
    setForm({ ...form, days: form.days.map((d, j) => (j === i ? { ...d, ...change } : d)) });
  const setLeave = (i: number, change: Partial<{ from: string; to: string }>) =>
    setForm({ ...form, leave: form.leave.map((l, j) => (j === i ? { ...l, ...change } : l)) });

  const save = async (e: Event) => {
    e.preventDefault();
    const wrong = problem(form);
    if (wrong) {
      setStatus({ ok: false, text: wrong === 'hours' ? t('settings.hoursInvalid') : t('settings.leaveInvalid') });
      return;
    }
    try {
      const saved = await client.rest.put<Schedule>('/api/v1/me/schedule', toSchedule(form));
      const next = toForm(saved, form.timezone);
      setForm(next);
      onSaved(next);
      setStatus({ ok: true, text: t('settings.hoursSaved') });
      void client.duty.check();
    } catch (err) {
      setStatus({ ok: false, text: describe(err) });
    }
  };

  return (
    <form aria-labelledby="hours-title" onSubmit={save} noValidate>
      <h3 id="hours-title">{t('settings.hours')}</h3>
      <p class="hint">{t('settings.hoursIntro', { zone: form.timezone })}</p>
      <div class="field">
        <label for="timezone">{t('settings.timezone')}</label>
        <select id="timezone" class="input" value={form.timezone} onChange={(e) => setForm({ ...form, timezone: e.currentTarget.value })}>
          {zones.map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
        </select>
      </div>
      {form.days.every((d) => !d.works) && <p class="hint">{t('settings.noSchedule')}</p>}
      {form.days.map((d, i) => {
        const dayName = t(`weekday.${DAYS[i]}` as Key);
        return (
          <fieldset key={d.day} class="day-row">
            <legend class="visually-hidden">{dayName}</legend>
            <label class="check day-check">
              <input type="checkbox" checked={d.works} onChange={(e) => setDay(i, { works: e.currentTarget.checked })} />
              {dayName}
            </label>
            <label class="time-field">
              <span>{t('settings.start')}</span>
              <input type="time" class="input" value={d.start} disabled={!d.works} onInput={(e) => setDay(i, { start: e.currentTarget.value })} />
            </label>
            <label class="time-field">
              <span>{t('settings.end')}</span>
              <input type="time" class="input" value={d.end} disabled={!d.works} onInput={(e) => setDay(i, { end: e.currentTarget.value })} />
            </label>
            {d.works && d.more?.length ? (
              <span class="hint">{t('settings.alsoHours', { hours: d.more.map((w) => `${w.start}–${w.end}`).join(', ') })}</span>
            ) : null}
          </fieldset>
        );
      })}
      <h4>{t('settings.leave')}</h4>
      {form.leave.map((l, i) => (
        <fieldset key={i} class="day-row leave-row">
          <legend class="visually-hidden">{t('settings.leave')} {i + 1}</legend>
          <label class="time-field">
            <span>{t('settings.leaveFrom')}</span>
            <input type="date" class="input" value={l.from} onInput={(e) => setLeave(i, { from: e.currentTarget.value })} />
          </label>
          <label class="time-field">
            <span>{t('settings.leaveTo')}</span>
            <input type="date" class="input" value={l.to} onInput={(e) => setLeave(i, { to: e.currentTarget.value })} />
          </label>
          <button type="button" class="icon-btn" aria-label={t('settings.removeLeave', { from: l.from, to: l.to })}
            onClick={() => setForm({ ...form, leave: form.leave.filter((_, j) => j !== i) })}>
            <Icon name="trash" />
          </button>
        </fieldset>
      ))}
      <button type="button" class="btn btn-outline" onClick={() => {
        const today = localInput(new Date()).slice(0, 10);
        setForm({ ...form, leave: [...form.leave, { from: today, to: today }] });
      }}>{t('settings.addLeave')}</button>
      {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
      <div class="dialog-actions">
        <button type="submit" class="btn btn-primary">{t('settings.saveHours')}</button>
      </div>
    </form>
  );
}
