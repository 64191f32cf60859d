import { signal, type ReadonlySignal } from '@preact/signals';
import { ApiError, Rest, type TokenSource } from '../protocol/rest';
import type { LoginAnswer, User } from '../protocol/types';
import type { Store } from '../db/store';

/**
 * Who is signed in on this device. The access token lives in this tab's memory only; the refresh token is kept in
 * the store so a reload stays signed in. Tabs of one browser take turns to refresh (a Web Lock), each reading the
 * refresh token inside the lock, because presenting a used refresh token ends the whole login.
 */
export type SessionStatus = 'restoring' | 'signedOut' | 'signedIn';

const REFRESH_KEY = 'refreshToken';
const USER_KEY = 'user';
/** The store's keys that are the login itself (a shared device keeps only these beyond the tab's memory). */
export const LOGIN_KEYS: readonly string[] = [REFRESH_KEY, USER_KEY];
const OUTBOX_OWNER_KEY = 'outboxOwner';
const LOCK = 'chatpro-refresh';
/** Renew this long before the access token expires. */
const MARGIN_MS = 60_000;

export interface Locks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export class Session implements TokenSource {
  private readonly statusSignal = signal<SessionStatus>('restoring');
  private readonly userSignal = signal<User | null>(null);
  private readonly endedSignal = signal<string | null>(null);
  private access: { token: string; expiresAt: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private readonly open = new Rest(null);
  private readonly channel: BroadcastChannel | null;
  private readonly listeners = new Set<() => void>();
  /** Runs before the store is wiped: the client stops writing and sending first. */
  private beforeEnd: () => Promise<void> = async () => undefined;
  /** Runs after the store is wiped, before the sign-in page shows (a shared device forgets the rest). */
  private afterEnd: () => Promise<void> = async () => undefined;
  /** A shared device's session: this tab's own, so other tabs neither hear of it nor end it, and it keeps nothing. */
  private shared = false;
  /** This device is signing out (`logout` runs). */
  private leaving = false;

  readonly status: ReadonlySignal<SessionStatus> = this.statusSignal;
  readonly user: ReadonlySignal<User | null> = this.userSignal;
  /** Why the session ended without the person asking (signed out elsewhere, deactivated), for the sign-in page. */
  readonly endedReason: ReadonlySignal<string | null> = this.endedSignal;

  constructor(
    private readonly store: Store,
    private readonly locks: Locks = browserLocks(),
    private readonly now: () => number = Date.now,
  ) {
    this.channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('chatpro-session');
    if (this.channel) this.channel.onmessage = (m) => this.onBroadcast(m.data);
  }

  /** Called before a sign-out wipes the store, so nothing is written after the wipe. */
  onEnding(step: () => Promise<void>): void {
    this.beforeEnd = step;
  }

  /** Called after a sign-out wiped the store, before the sign-in page shows. */
  onEnded(step: () => Promise<void>): void {
    this.afterEnd = step;
  }

  /** The next session is a shared device's (or not): see `shared`. Only while signed out. */
  forSharedDevice(shared: boolean): void {
    this.shared = shared;
  }

  /** Other tabs of this browser show the sign-in page (their store is gone: this device became a shared one). */
  signOutOtherTabs(): void {
    this.channel?.postMessage({ type: 'signedOut' });
  }

  /** Runs when a new access token arrives (the socket re-authenticates with it). */
  onToken(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At start: signed in if this device holds a login, even offline (the cache shows until the network returns). */
  async restore(): Promise<void> {
    const [refresh, user] = await Promise.all([
      this.store.getMeta<string>(REFRESH_KEY),
      this.store.getMeta<User>(USER_KEY),
    ]);
    if (!refresh || !user) {
      this.statusSignal.value = 'signedOut';
      return;
    }
    this.userSignal.value = user;
    this.statusSignal.value = 'signedIn';
    try {
      await this.refresh();
    } catch {
      // offline: stay signed in on the cached data; the connection retries
    }
  }

  async login(org: string, username: string, password: string): Promise<void> {
    await this.signedIn(await this.open.open<LoginAnswer>('POST', '/api/v1/auth/login', { org, username, password }));
  }

  /**
   * Signs in with the one-time code of a sign-in card: the password chosen here becomes the person's, and the answer
   * is a login like any other.
   */
  async redeem(code: string, password: string): Promise<void> {
    await this.signedIn(await this.open.open<LoginAnswer>('POST', '/api/v1/auth/code', { code, password }));
  }

  private async signedIn(answer: LoginAnswer): Promise<void> {
    // Unsent messages kept from an expired login are this person's only: anyone else starts without them.
    const owner = await this.store.getMeta<string>(OUTBOX_OWNER_KEY);
    if (owner && owner !== answer.user.id) await this.store.clear();
    await this.accept(answer);
    await this.store.setMeta(OUTBOX_OWNER_KEY, answer.user.id);
    this.endedSignal.value = null;
    this.leaving = false;
    this.statusSignal.value = 'signedIn';
    this.post({ type: 'signedIn' });
  }

  /**
   * Signs out this device (or every device), and wipes what this device holds. `reason` is told on the sign-in
   * page (`idle`: a shared device's session ran out).
   */
  async logout(all = false, reason: string | null = null): Promise<void> {
    this.leaving = true;
    const token = await this.accessToken().catch(() => null);
    if (token) {
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ all }),
      }).catch(() => undefined);
    }
    await this.end(reason);
    this.post({ type: 'signedOut' });
  }

  /**
   * The server ended this login (deactivated, or signed out from another device). While this device signs out,
   * the server closing the socket is that sign-out's echo: the reason stays the sign-out's own.
   */
  async ended(reason: string): Promise<void> {
    if (this.leaving) return;
    await this.end(reason);
  }

  async accessToken(): Promise<string | null> {
    if (this.statusSignal.value !== 'signedIn') return null;
    if (this.access && this.access.expiresAt - MARGIN_MS > this.now()) return this.access.token;
    return this.refresh();
  }

  async renew(failed: string): Promise<string | null> {
    if (this.access && this.access.token !== failed && this.access.expiresAt - MARGIN_MS > this.now()) {
      return this.access.token;
    }
    this.access = null;
    return this.refresh();
  }

  /** One refresh at a time in this tab, and across tabs through the lock. Throws when offline. */
  private refresh(): Promise<string | null> {
    if (!this.refreshing) {
      this.refreshing = this.locks
        .request(LOCK, () => this.refreshLocked())
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  private async refreshLocked(): Promise<string | null> {
    const refreshToken = await this.store.getMeta<string>(REFRESH_KEY);
    if (!refreshToken) {
      await this.end('expired');
      return null;
    }
    try {
      const answer = await this.open.open<LoginAnswer>('POST', '/api/v1/auth/refresh', { refreshToken });
      await this.accept(answer);
      return answer.accessToken;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        await this.end('expired');
        return null;
      }
      throw e;
    }
  }

  private async accept(answer: LoginAnswer): Promise<void> {
    this.access = { token: answer.accessToken, expiresAt: this.now() + answer.expiresIn * 1000 };
    await this.store.setMeta(REFRESH_KEY, answer.refreshToken);
    await this.store.setMeta(USER_KEY, answer.user);
    this.userSignal.value = answer.user;
    for (const l of this.listeners) l();
  }

  /** The person's own record changed (their name, title). */
  async updateUser(user: User): Promise<void> {
    this.userSignal.value = user;
    await this.store.setMeta(USER_KEY, user);
  }

  /**
   * Ends the session here. When the login ran out by itself (`expired`), the messages this person wrote but could
   * not send yet are kept for their next sign-in; otherwise everything goes.
   */
  private async end(reason: string | null): Promise<void> {
    this.access = null;
    await this.beforeEnd();
    const keepOutbox = reason === 'expired' && !this.shared && (await this.store.outbox().catch(() => [])).length > 0;
    const owner = keepOutbox ? await this.store.getMeta<string>(OUTBOX_OWNER_KEY) : undefined;
    await this.store.clear(keepOutbox);
    if (owner) await this.store.setMeta(OUTBOX_OWNER_KEY, owner);
    await this.afterEnd();
    this.userSignal.value = null;
    this.endedSignal.value = reason;
    this.statusSignal.value = 'signedOut';
  }

  private post(message: { type: 'signedIn' | 'signedOut' }): void {
    if (!this.shared) this.channel?.postMessage(message);
  }

  private onBroadcast(message: unknown): void {
    if (this.shared) return;
    const type = (message as { type?: string } | null)?.type;
    if (type === 'signedOut' && this.statusSignal.value === 'signedIn') {
      // Another tab signed out and wiped the store: stop writing to it before showing the sign-in page.
      this.access = null;
      void this.beforeEnd().then(() => {
        this.userSignal.value = null;
        this.statusSignal.value = 'signedOut';
      });
    } else if (type === 'signedIn' && this.statusSignal.value === 'signedOut') {
      void this.restore();
    }
  }
}

function browserLocks(): Locks {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) return { request: <T,>(name: string, callback: () => Promise<T>) => locks.request(name, callback) as Promise<T> };
  return serialLock();
}

/** A lock for one tab (where the browser has no Web Locks): callbacks run one after another. */
export function serialLock(): Locks {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    request<T>(_name: string, callback: () => Promise<T>): Promise<T> {
      const run: Promise<T> = tail.then(() => callback(), () => callback());
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
