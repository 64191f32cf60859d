import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexedDbStore } from '../src/db/indexeddb';
import { MemoryStore } from '../src/db/memory';
import { SwitchableStore } from '../src/db/switchable';
import { TabStore } from '../src/db/tab';
import { LOGIN_KEYS, Session, serialLock } from '../src/session/session';
import { SharedDevice, timeoutMinutes } from '../src/session/shared-device';
import { letTimePass } from './fakes';

const KEEP = ['chatpro.language', 'chatpro.lastOrg'];
const USER = { id: 'u', displayName: 'U', roles: [], active: true, orgId: 'o' };

function server() {
  const calls: string[] = [];
  const fetch = vi.fn(async (url: string) => {
    calls.push(url);
    if (url.endsWith('/auth/logout')) return new Response(null, { status: 204 });
    return new Response(JSON.stringify({ accessToken: 'a1', refreshToken: 'r1', expiresIn: 900, user: USER }),
      { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  return { fetch, calls };
}

/** A shared device's session as the client wires it: the tab's store, the session, and the device's clock. */
function sharedSession() {
  const store = new SwitchableStore(new TabStore(LOGIN_KEYS));
  const session = new Session(store, serialLock());
  session.forSharedDevice(true);
  const device = new SharedDevice(() => void session.logout(false, 'idle'), KEEP);
  session.onEnded(() => device.end());
  return { store, session, device };
}

async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!);
}

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('TabStore', () => {
  it('keeps the login in this tab\'s sessionStorage and everything else in memory', async () => {
    const store = new TabStore(LOGIN_KEYS);
    await store.setMeta('refreshToken', 'r1');
    await store.setMeta('user', USER);
    await store.setMeta('dutyUntil', '2026-12-01T17:00:00Z');
    expect(sessionStorage.length).toBe(2);
    expect(await new TabStore(LOGIN_KEYS).getMeta('user')).toEqual(USER);
    expect(await new TabStore(LOGIN_KEYS).getMeta('dutyUntil')).toBeUndefined();
    await store.clear();
    expect(sessionStorage.length).toBe(0);
    expect(await store.getMeta('dutyUntil')).toBeUndefined();
  });
});

describe('SwitchableStore', () => {
  it('closes the store it leaves, so its database can be deleted', async () => {
    const idb = await IndexedDbStore.open('switch-test');
    const store = new SwitchableStore(idb);
    await store.setMeta('k', 1);
    store.use(new MemoryStore());
    await expect(idb.getMeta('k')).rejects.toThrow();
    expect(await store.getMeta('k')).toBeUndefined();
  });
});

describe('a shared device', () => {
  it('reads the organisation\'s timeout, and the default of 10 minutes when it is absent or odd', () => {
    expect(timeoutMinutes(1)).toBe(1);
    expect(timeoutMinutes(30)).toBe(30);
    for (const odd of [undefined, null, 0, -5, 2.5, '5']) expect(timeoutMinutes(odd)).toBe(10);
  });

  it('deletes what ChatPro kept on the device when the session starts, but the language and organisation', async () => {
    const s = server();
    vi.stubGlobal('fetch', s.fetch);
    (await IndexedDbStore.open()).close();
    localStorage.setItem('chatpro.language', 'de');
    localStorage.setItem('chatpro.lastOrg', 'acme');
    localStorage.setItem('chatpro.played', '["m1"]');
    const { session, device } = sharedSession();
    await session.login('acme', 'u', 'a long password');
    await device.begin();
    expect(await databases()).not.toContain('chatpro');
    expect(Object.keys(localStorage).sort()).toEqual(['chatpro.language', 'chatpro.lastOrg']);
    expect(SharedDevice.marked()).toBe(true);
    expect(device.active.value).toBe(true);
    await device.end();
  });

  it('asks "Still there?" a minute before, then signs out and leaves nothing in this tab', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const s = server();
    vi.stubGlobal('fetch', s.fetch);
    const { store, session, device } = sharedSession();
    await session.login('acme', 'u', 'a long password');
    await device.begin();
    device.setTimeoutMinutes(3);
    await store.putOutbox({ clientId: 'c1', chatId: 'x', kind: 'text', text: 'unsent', createdAt: 1, state: 'queued', attempts: 0 });

    await letTimePass(2 * 60_000);
    expect(device.warning.value).toBe(60);
    device.stay();
    expect(device.warning.value).toBeNull();

    await letTimePass(3 * 60_000 + 1_000);
    expect(session.status.value).toBe('signedOut');
    expect(session.endedReason.value).toBe('idle');
    expect(device.minutes.value).toBe(3);
    expect(s.calls).toContain('/api/v1/auth/logout');
    expect(sessionStorage.length).toBe(0);
    expect(await store.outbox()).toEqual([]);
    expect(device.active.value).toBe(false);
  });

  it('keeps no unsent messages when its login runs out by itself', async () => {
    const s = server();
    vi.stubGlobal('fetch', s.fetch);
    const { store, session, device } = sharedSession();
    await session.login('acme', 'u', 'a long password');
    await device.begin();
    await store.putOutbox({ clientId: 'c1', chatId: 'x', kind: 'text', text: 'unsent', createdAt: 1, state: 'queued', attempts: 0 });
    await store.deleteMeta('refreshToken');
    expect(await session.renew('a1')).toBeNull();
    expect(session.endedReason.value).toBe('expired');
    expect(await store.outbox()).toEqual([]);
    expect(sessionStorage.length).toBe(0);
  });
});
