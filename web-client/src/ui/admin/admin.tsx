import type { AdminSection } from '../../app/router';

/** The admin area: people, imports, sign-in cards, organisation settings, the urgent record. */
export function Admin(_props: { section: AdminSection; id?: string }) {
  return null;
}
