import { MemoryStore } from './memory';

const PREFIX = 'chatpro.tab.';

/**
 * The store of a shared device's session: everything in memory, except the few keys of the login itself (the
 * refresh token and the person), which live in this tab's sessionStorage. Reloading the tab stays signed in;
 * closing it forgets the login; nothing goes to IndexedDB, where the next person could find it.
 */
export class TabStore extends MemoryStore {
  constructor(
    private readonly kept: readonly string[],
    private readonly storage: Storage = sessionStorage,
  ) {
    super();
  }

  override async getMeta<T>(key: string): Promise<T | undefined> {
    if (!this.kept.includes(key)) return super.getMeta<T>(key);
    const raw = this.storage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  override async setMeta(key: string, value: unknown): Promise<void> {
    if (!this.kept.includes(key)) return super.setMeta(key, value);
    this.storage.setItem(PREFIX + key, JSON.stringify(value));
  }

  override async deleteMeta(key: string): Promise<void> {
    if (!this.kept.includes(key)) return super.deleteMeta(key);
    this.storage.removeItem(PREFIX + key);
  }

  override async clear(keepOutbox = false): Promise<void> {
    for (const key of this.kept) this.storage.removeItem(PREFIX + key);
    await super.clear(keepOutbox);
  }
}
