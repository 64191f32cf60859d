import { ApiError } from '../protocol/rest';
import type { Key } from '../i18n/i18n';

/** The form that creates an organisation with its first admin (`POST /api/v1/orgs`), checked as the server does. */
export interface OrgForm {
  token: string;
  name: string;
  slug: string;
  displayName: string;
  username: string;
  password: string;
}

export type OrgField = keyof OrgForm;
export type OrgProblems = Partial<Record<OrgField, Key>>;

/** In the order of the page, so the first problem is the first field to fix. */
export const ORG_FIELDS: readonly OrgField[] = ['token', 'name', 'slug', 'displayName', 'username', 'password'];

const SLUG = /^[a-z][a-z0-9-]{1,39}$/;
const USERNAME = /^[a-z0-9._-]{2,64}$/;
const MIN_PASSWORD = 10;
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * A short name made from the organisation's name: small letters, digits and dashes, starting with a letter, at
 * most 40 characters ("Pflegeheim Sonnenhof GmbH" → "pflegeheim-sonnenhof-gmbh").
 */
export function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => GERMAN[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** The fields as they are sent: names trimmed, the short name and username in small letters. */
export function cleaned(form: OrgForm): OrgForm {
  return {
    token: form.token.trim(),
    name: form.name.trim(),
    slug: form.slug.trim().toLowerCase(),
    displayName: form.displayName.trim(),
    username: form.username.trim().toLowerCase(),
    password: form.password,
  };
}

const length = (s: string) => [...s].length;

/** What is wrong with each field before anything is sent (the protocol's rules for names and passwords). */
export function checkOrgForm(form: OrgForm): OrgProblems {
  const f = cleaned(form);
  const problems: OrgProblems = {};
  if (!f.token) problems.token = 'createOrg.needToken';
  if (!f.name || length(f.name) > 100) problems.name = 'createOrg.needName';
  if (!SLUG.test(f.slug)) problems.slug = 'createOrg.badSlug';
  if (!f.displayName || length(f.displayName) > 100) problems.displayName = 'createOrg.needDisplayName';
  if (!USERNAME.test(f.username)) problems.username = 'createOrg.badUsername';
  if (length(f.password) < MIN_PASSWORD) problems.password = 'createOrg.shortPassword';
  return problems;
}

/**
 * The field a refusal of the server is about, with its text: a wrong operator token, a taken short name, or the
 * field a 400 names (its message starts with the field, e.g. "admin.password is too common"). Null when it is
 * about none of them (the network, a wait, the server being down).
 */
export function problemOf(e: unknown): OrgProblems | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 401 || e.status === 403) return { token: 'createOrg.wrongToken' };
  if (e.status === 409) return { slug: 'createOrg.slugTaken' };
  if (e.status !== 400) return null;
  const m = e.message;
  if (m.startsWith('admin.password')) {
    return { password: /common/.test(m) ? 'createOrg.weakPassword' : 'createOrg.shortPassword' };
  }
  if (m.startsWith('slug')) return { slug: 'createOrg.badSlug' };
  if (m.startsWith('name')) return { name: 'createOrg.needName' };
  if (m.startsWith('displayName')) return { displayName: 'createOrg.needDisplayName' };
  if (m.startsWith('username')) return { username: 'createOrg.badUsername' };
  return null;
}
