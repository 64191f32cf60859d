import { describe, expect, it } from 'vitest';
import { groupCode, normalizeCode } from '../src/app/sign-in-code';
import { checkOrgForm, problemOf, suggestSlug } from '../src/state/org-form';
import { ApiError } from '../src/protocol/rest';

describe('sign-in codes as typed', () => {
  it('takes a code with spaces, dashes and small letters as the server knows it', () => {
    expect(normalizeCode(' abcd-efgh jk ')).toBe('ABCDEFGHJK');
    expect(normalizeCode('ABCD – EFGH')).toBe('ABCDEFGH');
  });

  it('groups a code in fours as the card prints it', () => {
    expect(groupCode('abcdefghjkmn')).toBe('ABCD EFGH JKMN');
    expect(groupCode('ABCDEFGHJK')).toBe('ABCD EFGH JK');
  });
});

describe('creating an organisation', () => {
  const good = { token: 't', name: 'Riverside Care', slug: 'riverside-care', displayName: 'Ada', username: 'ada', password: 'a long password' };

  it('suggests a short name the server accepts from the organisation name', () => {
    expect(suggestSlug('Riverside Care Home')).toBe('riverside-care-home');
    expect(suggestSlug('Pflegeheim Sonnenhof GmbH & Co. KG')).toBe('pflegeheim-sonnenhof-gmbh-co-kg');
    expect(suggestSlug('Bäckerei Müller-Weiß')).toBe('baeckerei-mueller-weiss');
    expect(suggestSlug('Crèche Élodie')).toBe('creche-elodie');
    expect(suggestSlug('24/7 Cleaning')).toBe('cleaning');
    expect(suggestSlug('A'.repeat(30) + ' ' + 'B'.repeat(30))).toHaveLength(40);
    expect(suggestSlug('x'.repeat(39) + ' y')).toBe('x'.repeat(39));
    for (const name of ['Riverside Care Home', 'Bäckerei Müller-Weiß', '24/7 Cleaning', 'x'.repeat(39) + ' y']) {
      expect(checkOrgForm({ ...good, slug: suggestSlug(name) }).slug).toBeUndefined();
    }
  });

  it('names each field that breaks a rule before anything is sent', () => {
    expect(checkOrgForm(good)).toEqual({});
    expect(checkOrgForm({ ...good, slug: 'Riverside' })).toEqual({});
    expect(checkOrgForm({ token: ' ', name: '', slug: '1abc', displayName: ' ', username: 'A b', password: 'short' })).toEqual({
      token: 'createOrg.needToken', name: 'createOrg.needName', slug: 'createOrg.badSlug',
      displayName: 'createOrg.needDisplayName', username: 'createOrg.badUsername', password: 'createOrg.shortPassword',
    });
    expect(checkOrgForm({ ...good, slug: 'a' }).slug).toBe('createOrg.badSlug');
    expect(checkOrgForm({ ...good, slug: 'a'.repeat(41) }).slug).toBe('createOrg.badSlug');
  });

  it('turns the server\'s refusals into the field they are about', () => {
    expect(problemOf(new ApiError(401, 'unauthorized', ''))).toEqual({ token: 'createOrg.wrongToken' });
    expect(problemOf(new ApiError(409, 'conflict', 'an organisation with this slug exists'))).toEqual({ slug: 'createOrg.slugTaken' });
    expect(problemOf(new ApiError(400, 'bad_request', 'admin.password is too common; choose another'))).toEqual({ password: 'createOrg.weakPassword' });
    expect(problemOf(new ApiError(400, 'bad_request', 'username must be 2-64 characters'))).toEqual({ username: 'createOrg.badUsername' });
    expect(problemOf(new ApiError(0, 'network', 'no connection'))).toBeNull();
    expect(problemOf(new ApiError(503, 'unavailable', ''))).toBeNull();
  });
});
