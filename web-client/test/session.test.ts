import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session, serialLock as sharedLock } from '../src/session/session';
import { MemoryStore } from '../src/db/memory';

/** A directory that rotates refresh tokens and, like the real one, ends the login when a used one comes back. */
function directory() {
  let current = 'r0';
  let ended = false;
  let n = 0;
  const used: string[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    if (url.endsWith('/auth/login')) {
      current = 'r1';
      return answer(200, { accessToken: 'a1', refreshToken: current, expiresIn: 900, user: { id: 'u', displayName: 'U', roles: [], active: true, orgId: 'o' } });
    }
    if (url.endsWith('/auth/code')) {
      if (body.code !== 'ABCDEFGHJK') return answer(401, { error: { code: 'unauthorized', message: 'no' } });
      current = 'r1';
      return answer(200, { accessToken: 'a1', refreshToken: current, expiresIn: 900, user: { id: 'u', displayName: 'U', roles: [], active: true, orgId: 'o' } });
    }
    used.push(body.refreshToken);
    if (ended || body.refreshToken !== current) {
      ended = true;
      return answer(401, { error: { code: 'unauthorized', message: 'no' } });
    }
    n++;
    current = `r${n + 1}`;
    return answer(200, { accessToken: `a${n + 1}`, refreshToken: current, expiresIn: 900, user: { id: 'u', displayName: 'U', roles: [], active: true, orgId: 'o' } });
  });
  return { fetch, used, isEnded: () => ended };
}

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => vi.unstubAllGlobals());

describe('Session', () => {
  it('signs in with a sign-in code as a login does, sending the code and the new password without a token', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const store = new MemoryStore();
    const session = new Session(store, sharedLock());
    await session.redeem('ABCDEFGHJK', 'a long password');
    const [url, init] = d.fetch.mock.calls[0];
    expect(url).toBe('/api/v1/auth/code');
    expect(JSON.parse(String(init.body))).toEqual({ code: 'ABCDEFGHJK', password: 'a long password' });
    expect(new Headers(init.headers).get('Authorization')).toBeNull();
    expect(session.status.value).toBe('signedIn');
    expect(await store.getMeta('refreshToken')).toBe('r1');
    expect(await session.accessToken()).toBe('a1');
  });

  it('drops the unsent messages another person left when a code signs someone else in', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const store = new MemoryStore();
    await store.setMeta('outboxOwner', 'someone-else');
    await store.putOutbox({ clientId: 'c1', chatId: 'x', kind: 'text', text: 'not yours', createdAt: 1, state: 'queued', attempts: 0 });
    const session = new Session(store, sharedLock());
    await session.redeem('ABCDEFGHJK', 'a long password');
    expect(await store.outbox()).toEqual([]);
    expect(await store.getMeta('outboxOwner')).toBe('u');
  });

  it('stays signed out when the code does not work', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const session = new Session(new MemoryStore(), sharedLock());
    await session.restore();
    await expect(session.redeem('USEDCODE99', 'a long password')).rejects.toMatchObject({ status: 401 });
    expect(session.status.value).toBe('signedOut');
  });

  it('tells the reason of its own sign-out even when the server closes the socket first', async () => {
    const d = directory();
    let ended: () => void = () => undefined;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      if (!url.endsWith('/auth/logout')) return d.fetch(url, init);
      // The server ends the login's sockets (close 4403) before its answer arrives.
      ended();
      return new Response(null, { status: 204 });
    }));
    const session = new Session(new MemoryStore(), sharedLock());
    // The first wipe takes its time (a shared device deletes databases and caches); a second one has nothing to do.
    let wipes = 0;
    session.onEnded(() => new Promise((resolve) => setTimeout(resolve, wipes++ === 0 ? 30 : 0)));
    await session.login('acme', 'u', 'a long password');
    ended = () => void session.ended('ended');
    await session.logout(false, 'idle');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(session.status.value).toBe('signedOut');
    expect(session.endedReason.value).toBe('idle');
  });

  it('keeps the refresh token in the store and the access token only in memory', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const store = new MemoryStore();
    const session = new Session(store, sharedLock());
    await session.login('acme', 'u', 'a long password');
    expect(await store.getMeta('refreshToken')).toBe('r1');
    expect(JSON.stringify(await store.getMeta('user'))).not.toContain('a1');
    expect(await session.accessToken()).toBe('a1');
  });

  it('lets two tabs refresh at once without presenting a used refresh token', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const store = new MemoryStore();
    const lock = sharedLock();
    const tab1 = new Session(store, lock);
    await tab1.login('acme', 'u', 'a long password');
    const tab2 = new Session(store, lock);
    await tab2.restore();
    const [t1, t2] = await Promise.all([tab1.renew('a1'), tab2.renew('stale')]);
    expect(d.isEnded()).toBe(false);
    expect(new Set(d.used).size).toBe(d.used.length);
    expect(t1).toBeTruthy();
    expect(t2).toBeTruthy();
    expect(tab1.status.value).toBe('signedIn');
    expect(tab2.status.value).toBe('signedIn');
  });

  it('signs out and wipes the store when the login has ended', async () => {
    const d = directory();
    vi.stubGlobal('fetch', d.fetch);
    const store = new MemoryStore();
    const session = new Session(store, sharedLock());
    await session.login('acme', 'u', 'a long password');
    await store.setMeta('refreshToken', 'r-revoked');
    expect(await session.renew('a1')).toBeNull();
    expect(session.status.value).toBe('signedOut');
    expect(await store.getMeta('refreshToken')).toBeUndefined();
  });
});
