import { signal } from '@preact/signals';
import type { User } from '../protocol/types';
import type { SignInCode } from './api';

/**
 * What the admin screens hand each other in memory, never in the address bar (codes must not land in history):
 * the people whose cards are to be printed, or codes already made, and a code just created for one person.
 */
export type CardRequest =
  | { kind: 'people'; people: User[] }
  | { kind: 'codes'; codes: SignInCode[] };

export const cardRequest = signal<CardRequest | null>(null);

/** The code made for a person a moment ago (shown on their page until the admin leaves it). */
export const freshCode = signal<(SignInCode & { path?: string }) | null>(null);

/** The file chosen with "Import CSV" on the people screen, read by the import screen. */
export const importFile = signal<File | null>(null);

/** Cards printed at once: a department, a search, an import; more is a print shop's job. */
export const MAX_CARDS = 1000;
