import { signal } from '@preact/signals';

const PLAYED_KEY = 'chatpro.played';

function read(): Set<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(PLAYED_KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Voice notes this browser has played (kept between visits, wiped at sign-out). */
export const played = signal<ReadonlySet<string>>(typeof localStorage === 'undefined' ? new Set() : read());

export function markPlayed(id: string): void {
  if (played.value.has(id)) return;
  const next = new Set(played.value);
  next.add(id);
  played.value = next;
  localStorage.setItem(PLAYED_KEY, JSON.stringify([...next].slice(-2000)));
}

export function forgetPlayed(): void {
  played.value = new Set();
  localStorage.removeItem(PLAYED_KEY);
}
