import { describe, expect, it } from 'vitest';
import { defaultUntil, problem, toForm, toSchedule } from '../src/state/schedule-form';

describe('the working-hours form', () => {
  it('turns a saved schedule into a row per day and back', () => {
    const form = toForm({ timezone: 'Europe/London', workingHours: [{ day: 'MON', start: '22:00', end: '06:00' }] }, 'UTC');
    expect(form.days).toHaveLength(7);
    expect(form.days[0]).toEqual({ day: 'MON', works: true, start: '22:00', end: '06:00' });
    expect(form.days[1].works).toBe(false);
    expect(toSchedule(form)).toEqual({ timezone: 'Europe/London', workingHours: [{ day: 'MON', start: '22:00', end: '06:00' }] });
  });

  it('keeps a split shift set elsewhere when the row is saved', () => {
    const split = { timezone: 'UTC', workingHours: [{ day: 'MON' as const, start: '08:00', end: '12:00' }, { day: 'MON' as const, start: '13:00', end: '17:00' }] };
    expect(toSchedule(toForm(split, 'UTC')).workingHours).toEqual(split.workingHours);
  });

  it('says what is wrong: a working day without times, leave ending before it starts', () => {
    const form = toForm(null, 'Europe/Berlin');
    expect(problem(form)).toBeNull();
    form.days[2] = { ...form.days[2], works: true, start: '', end: '17:00' };
    expect(problem(form)).toBe('hours');
    form.days[2].start = '09:00';
    form.leave = [{ from: '2026-12-27', to: '2026-12-24' }];
    expect(problem(form)).toBe('leave');
  });

  it('suggests going off duty until the next working start tomorrow', () => {
    const form = toForm({ timezone: 'UTC', workingHours: [{ day: 'WED', start: '07:30', end: '16:00' }] }, 'UTC');
    const tuesdayEvening = new Date(2026, 11, 1, 19, 0);
    const until = defaultUntil(form, tuesdayEvening);
    expect([until.getDate(), until.getHours(), until.getMinutes()]).toEqual([2, 7, 30]);
  });
});
