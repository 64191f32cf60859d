import type { Day, Schedule } from '../protocol/types';

export const DAYS: Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The working-hours editor's rows: one per day, working or not, with its times. */
export interface DayRow {
  day: Day;
  works: boolean;
  start: string;
  end: string;
  /** Further windows of the day (a split shift set elsewhere): kept as they are when the row is saved. */
  more?: { start: string; end: string }[];
}

export interface ScheduleForm {
  timezone: string;
  days: DayRow[];
  leave: { from: string; to: string }[];
}

/** The editor's rows for a saved schedule (one window per day is what the editor offers). */
export function toForm(schedule: Schedule | null, defaultZone: string): ScheduleForm {
  const byDay = new Map<Day, { start: string; end: string }[]>();
  for (const w of schedule?.workingHours ?? []) byDay.set(w.day, [...(byDay.get(w.day) ?? []), { start: w.start, end: w.end }]);
  return {
    timezone: schedule?.timezone || defaultZone,
    days: DAYS.map((day) => {
      const [first, ...more] = byDay.get(day) ?? [];
      return first ? { day, works: true, ...first, ...(more.length ? { more } : {}) } : { day, works: false, start: '09:00', end: '17:00' };
    }),
    leave: schedule?.leave ?? [],
  };
}

export type FormProblem = 'hours' | 'leave' | null;

/** What is wrong with the rows, if anything: a working day without both times, or leave that ends before it starts. */
export function problem(form: ScheduleForm): FormProblem {
  // A start equal to the end is a whole day (24 hours), as the server reads it.
  if (form.days.some((d) => d.works && (!TIME.test(d.start) || !TIME.test(d.end)))) return 'hours';
  if (form.leave.some((l) => !DATE.test(l.from) || !DATE.test(l.to) || l.to < l.from)) return 'leave';
  return null;
}

/** The schedule to save. An end not after the start is a night shift (it ends the next day), as the server reads it. */
export function toSchedule(form: ScheduleForm): Schedule {
  return {
    timezone: form.timezone,
    workingHours: form.days.filter((d) => d.works)
      .flatMap((d) => [{ start: d.start, end: d.end }, ...(d.more ?? [])].map((w) => ({ day: d.day, ...w }))),
    ...(form.leave.length ? { leave: form.leave } : {}),
  };
}

/** A sensible "off duty until": tomorrow at the first working start, else tomorrow 08:00 (local time). */
export function defaultUntil(form: ScheduleForm, now = new Date()): Date {
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 8, 0);
  const day = DAYS[(tomorrow.getDay() + 6) % 7];
  const row = form.days.find((d) => d.day === day && d.works);
  if (row) {
    const [h, m] = row.start.split(':').map(Number);
    tomorrow.setHours(h, m);
  }
  return tomorrow;
}

/** `YYYY-MM-DDTHH:MM` for a datetime-local input, in local time. */
export function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
