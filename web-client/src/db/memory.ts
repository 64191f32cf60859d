import type { ChatEvent, User } from '../protocol/types';
import { redacted, trimEvents, type ChatRecord, type OutboxItem, type Store } from './store';

/** The store in memory: for tests, and for a shared device where nothing may stay behind. */
export class MemoryStore implements Store {
  private meta = new Map<string, unknown>();
  private chatRecords = new Map<string, ChatRecord>();
  private chatEvents = new Map<string, ChatEvent[]>();
  private items = new Map<string, OutboxItem>();
  private people = new Map<string, User>();

  async getMeta<T>(key: string): Promise<T | undefined> {
    return structuredClone(this.meta.get(key)) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    this.meta.set(key, structuredClone(value));
  }

  async deleteMeta(key: string): Promise<void> {
    this.meta.delete(key);
  }

  async chats(): Promise<ChatRecord[]> {
    return [...this.chatRecords.values()].map((r) => structuredClone(r));
  }

  async putChats(records: ChatRecord[]): Promise<void> {
    for (const r of records) this.chatRecords.set(r.entry.id, structuredClone(r));
  }

  async deleteChat(chatId: string): Promise<void> {
    this.chatRecords.delete(chatId);
    this.chatEvents.delete(chatId);
  }

  async events(chatId: string, limit: number): Promise<ChatEvent[]> {
    return (this.chatEvents.get(chatId) ?? []).slice(-limit).map((e) => structuredClone(e));
  }

  async putEvents(chatId: string, events: ChatEvent[], keep: number): Promise<void> {
    this.chatEvents.set(chatId, trimEvents(this.chatEvents.get(chatId) ?? [], structuredClone(events), keep));
  }

  async redact(chatId: string, messageId: string): Promise<void> {
    const events = this.chatEvents.get(chatId);
    if (events) {
      this.chatEvents.set(chatId, events.map((e) => (e.type === 'message' && e.messageId === messageId ? redacted(e) : e)));
    }
  }

  async outbox(): Promise<OutboxItem[]> {
    return [...this.items.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  async putOutbox(item: OutboxItem): Promise<void> {
    this.items.set(item.clientId, { ...item });
  }

  async deleteOutbox(clientId: string): Promise<void> {
    this.items.delete(clientId);
  }

  async users(): Promise<User[]> {
    return [...this.people.values()];
  }

  async putUsers(users: User[]): Promise<void> {
    for (const u of users) this.people.set(u.id, structuredClone(u));
  }

  async clear(keepOutbox = false): Promise<void> {
    this.meta.clear();
    this.chatRecords.clear();
    this.chatEvents.clear();
    if (!keepOutbox) this.items.clear();
    this.people.clear();
  }

  close(): void {
    // nothing is held open
  }
}
