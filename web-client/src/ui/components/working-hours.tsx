import { useId, useMemo, useState } from 'preact/hooks';
import type { Schedule } from '../../protocol/types';
import { t, type Key } from '../../i18n/i18n';
import { DAYS, localInput, problem, toForm, toSchedule, type ScheduleForm } from '../../state/schedule-form';
import { describe } from '../errors';
import { Icon } from './icons';
import '../styles/forms.css';

/**
 * The working hours editor (a form named "Working hours"): a row per day with start and end, the time zone, and
 * leave days. The same editor sets a person's own hours and the organisation's default.
 */
export function WorkingHours({ initial, onSaved, save: store, afterSave, intro, leave = true }: {
  initial: ScheduleForm;
  onSaved(form: ScheduleForm): void;
  save(schedule: Schedule): Promise<Schedule>;
  afterSave?(): void;
  /** The explanation under the title (a person's own hours by default). */
  intro?: string;
  /** Whether leave days are edited here too (a person's own hours). */
  leave?: boolean;
}) {
  const titleId = useId();
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
      const saved = await store(toSchedule(form));
      const next = toForm(saved, form.timezone);
      setForm(next);
      onSaved(next);
      setStatus({ ok: true, text: t('settings.hoursSaved') });
      afterSave?.();
    } catch (err) {
      setStatus({ ok: false, text: describe(err) });
    }
  };

  return (
    <form aria-labelledby={titleId} onSubmit={save} noValidate>
      <h3 id={titleId}>{t('settings.hours')}</h3>
      <p class="hint">{intro ?? t('settings.hoursIntro', { zone: form.timezone })}</p>
      <div class="field">
        <label for={`${titleId}-zone`}>{t('settings.timezone')}</label>
        <select id={`${titleId}-zone`} class="input" value={form.timezone} onChange={(e) => setForm({ ...form, timezone: e.currentTarget.value })}>
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
      {leave && <>
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
      </>}
      {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
      <div class="dialog-actions">
        <button type="submit" class="btn btn-primary">{t('settings.saveHours')}</button>
      </div>
    </form>
  );
}
