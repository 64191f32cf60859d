import { afterEach, describe, expect, it } from 'vitest';
import { dayKey, dayTitle, duration, fileSize, listTime, past, when } from '../src/i18n/format';
import { language, t } from '../src/i18n/i18n';
import { en } from '../src/i18n/en';
import { de } from '../src/i18n/de';

const now = new Date(2026, 11, 3, 15, 0); // Thursday 3 December 2026, 15:00 local time
const at = (day: number, h: number, m = 0) => new Date(2026, 11, day, h, m).toISOString();

afterEach(() => {
  language.value = 'en';
});

describe('dates and times in the reader’s timezone', () => {
  it('names days relative to today', () => {
    expect(dayTitle(at(3, 9), now)).toBe('Today');
    expect(dayTitle(at(2, 23, 59), now)).toBe('Yesterday');
    expect(dayTitle(at(29, 9).replace('-12-', '-11-'), now)).toMatch(/^[A-Z][a-z]+day$/);
  });

  it('shows list times as a time today, Yesterday, a weekday this week, else a date', () => {
    expect(listTime(at(3, 9, 5), now)).toMatch(/^0?9:05/);
    expect(listTime(at(2, 9), now)).toBe('Yesterday');
    expect(listTime(new Date(2026, 10, 2, 9).toISOString(), now)).toMatch(/2026/);
  });

  it('says when someone is back: a time today, a weekday and time within the week', () => {
    expect(when(at(3, 17), now)).toMatch(/17:00|5:00/);
    expect(when(at(7, 7), now)).toMatch(/^Mon/);
  });

  it('says when someone was last seen', () => {
    expect(past(at(3, 14, 30), now)).toMatch(/^today at (14:30|2:30)/);
    expect(past(at(2, 8), now)).toMatch(/^yesterday at/);
  });

  it('keys each calendar day once', () => {
    expect(dayKey(at(3, 0, 1))).toBe(dayKey(at(3, 23, 59)));
    expect(dayKey(at(3, 23, 59))).not.toBe(dayKey(at(4, 0, 0)));
  });

  it('writes durations as minutes and seconds', () => {
    expect(duration(7_400)).toBe('0:07');
    expect(duration(750_000)).toBe('12:30');
  });
});

describe('the catalogues', () => {
  it('fill placeholders and choose plural forms by the language’s rules', () => {
    expect(t('list.unread', { count: 3 })).toBe('3 unread');
    expect(t('signIn.limited', { count: 1 })).toBe('Too many attempts. Try again in 1 second.');
    expect(t('signIn.limited', { count: 30 })).toBe('Too many attempts. Try again in 30 seconds.');
    language.value = 'de';
    expect(t('duty.look')).toBe('Trotzdem ansehen');
  });

  it('German has every English text with the same placeholders', () => {
    const placeholders = (m: unknown) => JSON.stringify(m).match(/\{\w+\}/g)?.sort() ?? [];
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(de[key], key).toBeDefined();
      expect(new Set(placeholders(de[key])), key).toEqual(new Set(placeholders(en[key])));
    }
  });
});

describe('file sizes', () => {
  it('reads in the unit a person expects, with one decimal in the language\'s own way', () => {
    expect(fileSize(512)).toBe('512 B');
    expect(fileSize(2_400_000)).toBe('2.4 MB');
    expect(fileSize(12_345_678)).toBe('12.3 MB');
    expect(fileSize(3_000_000_000_000)).toBe('3,000.0 GB');
    language.value = 'de';
    expect(fileSize(12_345_678)).toBe('12,3 MB');
  });
});
