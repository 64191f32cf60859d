import { locale, t } from './i18n';

/** Dates and times in the reader's locale and timezone. */

const cache = new Map<string, Intl.DateTimeFormat>();

function format(options: Intl.DateTimeFormatOptions, date: Date): string {
  const key = locale.value + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale.value, options);
    cache.set(key, f);
  }
  return f.format(date);
}

/** `YYYY-MM-DD` of the reader's calendar day (a key for day separators). */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function daysAgo(d: Date, now = new Date()): number {
  const start = (x: Date) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  return Math.round((start(now) - start(d)) / 86_400_000);
}

/** 14:05 (or 2:05 PM). */
export function time(iso: string): string {
  return format({ hour: 'numeric', minute: '2-digit' }, new Date(iso));
}

/** The heading of a day in a chat: Today, Yesterday, Monday, or 3 March 2026. */
export function dayTitle(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const ago = daysAgo(d, now);
  if (ago === 0) return t('day.today');
  if (ago === 1) return t('day.yesterday');
  if (ago > 1 && ago < 7) return format({ weekday: 'long' }, d);
  const sameYear = d.getFullYear() === now.getFullYear();
  return format(sameYear ? { weekday: 'short', day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }, d);
}

/** The time in the chat list: 14:05 today, Yesterday, Mon within a week, else 03/03/2026. */
export function listTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const ago = daysAgo(d, now);
  if (ago === 0) return time(iso);
  if (ago === 1) return t('day.yesterday');
  if (ago > 1 && ago < 7) return format({ weekday: 'short' }, d);
  return format({ day: '2-digit', month: '2-digit', year: 'numeric' }, d);
}

/** A moment near now: 07:00 today, Mon 07:00 within a week, else 3 March 07:00. */
export function when(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const ahead = -daysAgo(d, now);
  if (ahead === 0) return time(iso);
  if (Math.abs(ahead) < 7) return `${format({ weekday: 'short' }, d)} ${time(iso)}`;
  return format({ day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }, d);
}

/** "today at 14:05", "yesterday at 09:10", "3 Mar at 14:05" (for last seen and receipts). */
export function past(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const ago = daysAgo(d, now);
  if (ago === 0) return t('time.todayAt', { time: time(iso) });
  if (ago === 1) return t('time.yesterdayAt', { time: time(iso) });
  return t('time.dateAt', { date: format({ day: 'numeric', month: 'short' }, d), time: time(iso) });
}

/** 0:07 or 12:30 for durations. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** The browser's own timezone, e.g. Europe/London. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** 8 December 2026: an expiry date on a card or a screen. */
export function longDate(iso: string): string {
  return format({ day: 'numeric', month: 'long', year: 'numeric' }, new Date(iso));
}

/** 8 Dec 2026, 14:05: a moment in a record (a table of past events). */
export function stamp(iso: string): string {
  return format({ day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }, new Date(iso));
}

/** The size of a file in words a person reads: 2.4 MB (2,4 MB in German), 512 B. */
export function fileSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let unit = 0;
  while (n >= 1000 && unit < units.length - 1) {
    n /= 1000;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(locale.value, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  return `${number} ${units[unit]}`;
}
