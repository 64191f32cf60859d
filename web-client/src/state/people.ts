import { signal, type ReadonlySignal } from '@preact/signals';
import type { Rest } from '../protocol/rest';
import type { User } from '../protocol/types';
import type { Store } from '../db/store';
import { t } from '../i18n/i18n';

const BATCH = 100;

/**
 * The colleagues this device has met: names for senders, titles for chats. Unknown ids are fetched together
 * (one `GET /users?ids=` per 100) a moment after they are first asked for, and kept in the store.
 */
export class People {
  private readonly usersSignal = signal<Record<string, User>>({});
  private readonly wanted = new Set<string>();
  private readonly asked = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly users: ReadonlySignal<Record<string, User>> = this.usersSignal;

  constructor(
    private readonly rest: Rest,
    private readonly store: Store,
  ) {}

  async load(): Promise<void> {
    this.merge(await this.store.users(), false);
  }

  /** Signed out: nobody is known any more. */
  clear(): void {
    this.usersSignal.value = {};
    this.wanted.clear();
    this.asked.clear();
  }

  get(id: string | undefined): User | undefined {
    return id ? this.usersSignal.value[id] : undefined;
  }

  /** Asks for these people if they are not known yet; the answer arrives in `users`. */
  ensure(ids: Iterable<string | undefined>): void {
    const known = this.usersSignal.peek();
    for (const id of ids) {
      if (id && !known[id] && !this.asked.has(id)) this.wanted.add(id);
    }
    if (this.wanted.size && !this.timer) this.timer = setTimeout(() => void this.fetch(), 20);
  }

  /** Fetches these people again (their names may have changed), known or not. */
  refresh(ids: Iterable<string>): void {
    for (const id of ids) {
      this.asked.delete(id);
      this.wanted.add(id);
    }
    if (this.wanted.size && !this.timer) this.timer = setTimeout(() => void this.fetch(), 20);
  }

  /** People met in a search or a chat answer come with their records: no need to ask again. */
  remember(users: User[]): void {
    this.merge(users, true);
  }

  private async fetch(): Promise<void> {
    this.timer = null;
    const ids = [...this.wanted];
    this.wanted.clear();
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      batch.forEach((id) => this.asked.add(id));
      try {
        const answer = await this.rest.get<{ users: User[] }>(`/api/v1/users?ids=${batch.map(encodeURIComponent).join(',')}`);
        this.merge(answer.users, true);
      } catch {
        // offline or refused: ask again next time someone needs them
        batch.forEach((id) => this.asked.delete(id));
      }
    }
  }

  private merge(users: User[], persist: boolean): void {
    if (!users.length) return;
    const next = { ...this.usersSignal.peek() };
    // an erased person has no name of their own: they read as a former colleague, in the reader's language
    for (const u of users) next[u.id] = u.erased ? { ...u, displayName: t('people.formerColleague') } : u;
    this.usersSignal.value = next;
    if (persist) void this.store.putUsers(users).catch(() => undefined);
  }
}
