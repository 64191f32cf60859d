import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ChatEvent, User } from '../protocol/types';
import { redacted, type ChatRecord, type OutboxItem, type Store } from './store';

interface Schema extends DBSchema {
  meta: { key: string; value: unknown };
  chats: { key: string; value: ChatRecord };
  events: { key: [string, number]; value: ChatEvent };
  outbox: { key: string; value: OutboxItem; indexes: { createdAt: number } };
  users: { key: string; value: User };
}

/** Each entry moves the schema one version on; never edit one that has shipped. */
const MIGRATIONS: ((db: IDBPDatabase<Schema>) => void)[] = [
  (db) => {
    db.createObjectStore('meta');
    db.createObjectStore('chats', { keyPath: 'entry.id' });
    db.createObjectStore('events', { keyPath: ['chatId', 'seq'] });
    db.createObjectStore('outbox', { keyPath: 'clientId' }).createIndex('createdAt', 'createdAt');
    db.createObjectStore('users', { keyPath: 'id' });
  },
];

/** The store in the browser's IndexedDB: what the app shows when it opens offline, and the outbox. */
export class IndexedDbStore implements Store {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = 'chatpro'): Promise<IndexedDbStore> {
    const db = await openDB<Schema>(name, MIGRATIONS.length, {
      upgrade(database, oldVersion) {
        for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v](database);
      },
      // Another tab deletes the database (a shared-device session starts there) or a newer version upgrades it:
      // this connection must not hold that up.
      blocking() {
        db.close();
      },
    });
    return new IndexedDbStore(db);
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.db.get('meta', key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db.put('meta', value, key);
  }

  async deleteMeta(key: string): Promise<void> {
    await this.db.delete('meta', key);
  }

  chats(): Promise<ChatRecord[]> {
    return this.db.getAll('chats');
  }

  async putChats(records: ChatRecord[]): Promise<void> {
    const tx = this.db.transaction('chats', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }

  async deleteChat(chatId: string): Promise<void> {
    const tx = this.db.transaction(['chats', 'events'], 'readwrite');
    await Promise.all([
      tx.objectStore('chats').delete(chatId),
      tx.objectStore('events').delete(IDBKeyRange.bound([chatId, 0], [chatId, Infinity])),
      tx.done,
    ]);
  }

  async events(chatId: string, limit: number): Promise<ChatEvent[]> {
    const range = IDBKeyRange.bound([chatId, 0], [chatId, Infinity]);
    const newest: ChatEvent[] = [];
    let cursor = await this.db.transaction('events').store.openCursor(range, 'prev');
    while (cursor && newest.length < limit) {
      newest.push(cursor.value);
      cursor = await cursor.continue();
    }
    return newest.reverse();
  }

  async putEvents(chatId: string, events: ChatEvent[], keep: number): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    for (const e of events) void tx.store.put(e);
    const range = IDBKeyRange.bound([chatId, 0], [chatId, Infinity]);
    const count = await tx.store.count(range);
    if (count > keep) {
      let cursor = await tx.store.openCursor(range);
      for (let excess = count - keep; cursor && excess > 0; excess--) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
    }
    await tx.done;
  }

  async redact(chatId: string, messageId: string): Promise<void> {
    const tx = this.db.transaction('events', 'readwrite');
    let cursor = await tx.store.openCursor(IDBKeyRange.bound([chatId, 0], [chatId, Infinity]), 'prev');
    while (cursor) {
      const e = cursor.value;
      if (e.type === 'message' && e.messageId === messageId) {
        await cursor.update(redacted(e));
        break;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  outbox(): Promise<OutboxItem[]> {
    return this.db.getAllFromIndex('outbox', 'createdAt');
  }

  async putOutbox(item: OutboxItem): Promise<void> {
    await this.db.put('outbox', item);
  }

  async deleteOutbox(clientId: string): Promise<void> {
    await this.db.delete('outbox', clientId);
  }

  users(): Promise<User[]> {
    return this.db.getAll('users');
  }

  async putUsers(users: User[]): Promise<void> {
    const tx = this.db.transaction('users', 'readwrite');
    await Promise.all([...users.map((u) => tx.store.put(u)), tx.done]);
  }

  close(): void {
    this.db.close();
  }

  async clear(keepOutbox = false): Promise<void> {
    const names = keepOutbox ? (['meta', 'chats', 'events', 'users'] as const) : (['meta', 'chats', 'events', 'outbox', 'users'] as const);
    const tx = this.db.transaction(names, 'readwrite');
    await Promise.all([...names.map((n) => tx.objectStore(n).clear()), tx.done]);
  }
}
