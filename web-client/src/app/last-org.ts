/** The organisation last signed in to (its short name): the sign-in page fills it in, and a shared device keeps it. */
export const ORG_KEY = 'chatpro.lastOrg';

export function lastOrg(): string {
  return localStorage.getItem(ORG_KEY) ?? '';
}

export function rememberOrg(slug: string): void {
  localStorage.setItem(ORG_KEY, slug);
}
