import type { ChatEvent, User } from '../protocol/types';
import type { ChatRecord, OutboxItem, Store } from './store';

/**
 * The store the client's parts hold, whose home can change while nobody is signed in: the device's IndexedDB
 * normally, this tab's memory for a shared device's session. The person signing in decides, so the choice is made
 * after the client is built.
 */
export class SwitchableStore implements Store {
  constructor(private target: Store) {}

  get current(): Store {
    return this.target;
  }

  /** Moves to another store; the one left is closed. Only while signed out: nothing may be writing. */
  use(store: Store): void {
    if (store === this.target) return;
    this.target.close();
    this.target = store;
  }

  getMeta<T>(key: string): Promise<T | undefined> {
    return this.target.getMeta<T>(key);
  }

  setMeta(key: string, value: unknown): Promise<void> {
    return this.target.setMeta(key, value);
  }

  deleteMeta(key: string): Promise<void> {
    return this.target.deleteMeta(key);
  }

  chats(): Promise<ChatRecord[]> {
    return this.target.chats();
  }

  putChats(records: ChatRecord[]): Promise<void> {
    return this.target.putChats(records);
  }

  deleteChat(chatId: string): Promise<void> {
    return this.target.deleteChat(chatId);
  }

  events(chatId: string, limit: number): Promise<ChatEvent[]> {
    return this.target.events(chatId, limit);
  }

  putEvents(chatId: string, events: ChatEvent[], keep: number): Promise<void> {
    return this.target.putEvents(chatId, events, keep);
  }

  redact(chatId: string, messageId: string): Promise<void> {
    return this.target.redact(chatId, messageId);
  }

  outbox(): Promise<OutboxItem[]> {
    return this.target.outbox();
  }

  putOutbox(item: OutboxItem): Promise<void> {
    return this.target.putOutbox(item);
  }

  deleteOutbox(clientId: string): Promise<void> {
    return this.target.deleteOutbox(clientId);
  }

  users(): Promise<User[]> {
    return this.target.users();
  }

  putUsers(users: User[]): Promise<void> {
    return this.target.putUsers(users);
  }

  clear(keepOutbox?: boolean): Promise<void> {
    return this.target.clear(keepOutbox);
  }

  close(): void {
    this.target.close();
  }
}
