/**
 * Sign-in codes as people read and type them: printed in groups of four, typed with or without the spaces or
 * dashes, in small or capital letters. The server's alphabet has no look-alikes (no 0/O, 1/I/L), so nothing is
 * guessed here beyond case and separators.
 */

/** The code as the server knows it: capitals, no spaces or dashes. */
export function normalizeCode(typed: string): string {
  return typed.replace(/[\s\-‐-―_.]/g, '').toUpperCase();
}

/** The code in groups of four, as on the card: `ABCD EFGH JK`. */
export function groupCode(code: string): string {
  return normalizeCode(code).replace(/(.{4})(?=.)/g, '$1 ');
}
