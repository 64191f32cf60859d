import type { Rest } from '../protocol/rest';
import type { ServerFrame } from '../protocol/frames';
import type { Chat, ChatEvent, ChatListEntry } from '../protocol/types';
import type { Store } from '../db/store';
import { CACHED_EVENTS, type Timelines } from '../state/timeline';
import type { ChatsModel } from '../state/chats';

/** What the engine needs of the socket. */
export interface SyncSocket {
  isOnline: boolean;
  request(frame: { type: 'sync'; chats: Record<string, number> }, id?: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(frame: { type: 'received' | 'read'; chatId: string; seq: number }): boolean;
}

export interface EngineHooks {
  /** People named by events (senders, members), so their names can be fetched. */
  onPeople?(ids: string[]): void;
  /** Whether this chat is on screen now and its newest messages are being seen (then it is read at once). */
  isReading?(chatId: string): boolean;
  /** Typing, receipts and presence frames, for the models that show them. */
  onFrame?(frame: ServerFrame): void;
}

const GAP_WAIT_MS = 300;
const SYNC_TIMEOUT_MS = 120_000;
const PAGE = 1_000;
const RECEIVED_DELAY_MS = 250;

/**
 * Keeps this device's copy of every chat complete and in order. Per chat it knows `have`: every event the person may
 * see up to that seq is applied. A live event right after `have` is applied at once; one further on waits while the
 * gap is fetched; older ones are repeats and dropped. On every (re)connection it reads the chat list and asks
 * `sync` from each chat's `have`, so what happened while offline arrives in order and exactly once.
 */
export class SyncEngine {
  private readonly have = new Map<string, number>();
  private readonly waiting = new Map<string, Map<number, ChatEvent>>();
  private readonly filling = new Map<string, Promise<void>>();
  private readonly gapTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Gap fills that failed in a row, per chat: the next try waits longer. */
  private readonly gapFailures = new Map<string, number>();
  private readonly unknownChats = new Map<string, Promise<void>>();
  /** Per chat, the `have` whose events are all in the store (what a reload may start from). */
  private readonly stored = new Map<string, number>();
  private readonly dirty = new Map<string, { events: ChatEvent[]; have: number }>();
  /** Reads given while the socket was down, sent when it is back. */
  private readonly unsentReads = new Map<string, number>();
  private stopped = false;
  private readonly receivedTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  /** Writes to the store, one after another, so a later write never lands before an earlier one. */
  private writing: Promise<void> = Promise.resolve();
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly socket: SyncSocket,
    private readonly rest: Rest,
    private readonly store: Store,
    private readonly chats: ChatsModel,
    private readonly timelines: Timelines,
    private readonly me: () => string | undefined,
    private readonly hooks: EngineHooks = {},
  ) {}

  /** What the device held when it was last used: shown at once, before any network. */
  async loadCache(): Promise<void> {
    const records = await this.store.chats();
    for (const r of records) {
      this.have.set(r.entry.id, r.have);
      this.stored.set(r.entry.id, r.have);
    }
    this.chats.replaceAll(records.map((r) => r.entry));
    this.hooks.onPeople?.(records.flatMap((r) => r.entry.members.map((m) => m.userId)));
  }

  haveOf(chatId: string): number {
    return this.have.get(chatId) ?? 0;
  }

  /** The socket is authenticated (again): read the list, then catch up every chat. */
  async online(): Promise<void> {
    this.sendUnsentReads();
    await this.refreshList();
    await this.syncAll();
  }

  /** Every frame from the socket comes through here. */
  onFrame(frame: ServerFrame): void {
    if (frame.type === 'event') {
      this.receive([frame.event]);
      return;
    }
    if (frame.type === 'receipt') {
      this.chats.receipt(frame.chatId, frame.userId, frame.received, frame.read);
    } else if (frame.type === 'typing') {
      if (frame.userId !== this.me()) this.chats.typingStarted(frame.chatId, frame.userId);
    }
    this.hooks.onFrame?.(frame);
  }

  /** Reads the chat list. Chats this device has never held start at their last seq: older history loads on demand. */
  async refreshList(): Promise<void> {
    const answer = await this.rest.get<{ chats: ChatListEntry[] }>('/api/v1/chats');
    const known = new Set<string>();
    answer.chats = answer.chats.map((entry) => this.newerOf(entry));
    for (const entry of answer.chats) {
      known.add(entry.id);
      if (!this.have.has(entry.id)) {
        // Never held here: it starts at its last seq, with nothing of it to store.
        this.have.set(entry.id, entry.lastSeq);
        this.stored.set(entry.id, entry.lastSeq);
        this.acknowledge(entry.id, entry.lastSeq);
      }
    }
    for (const chatId of [...this.have.keys()]) {
      if (!known.has(chatId) && !this.isLeft(chatId)) this.forget(chatId);
    }
    const left = [...this.have.keys()].filter((id) => !known.has(id)).map((id) => this.chats.get(id)!).filter(Boolean);
    this.chats.replaceAll([...answer.chats, ...left]);
    this.hooks.onPeople?.(answer.chats.flatMap((c) => c.members.map((m) => m.userId)));
    await this.persistChats(answer.chats.map((c) => c.id));
  }

  /**
   * A group I was removed from (or left): the server no longer lists it, but this device keeps what I saw, read
   * only, as messengers do.
   */
  private isLeft(chatId: string): boolean {
    const entry = this.chats.get(chatId);
    const me = this.me();
    return !!entry && entry.type === 'group' && !!me && !entry.members.some((m) => m.userId === me);
  }

  /**
   * The list answer, unless events applied here while it was on its way are newer than it: then the chat's preview,
   * unread count, last seq, members and name stay as this device has them.
   */
  private newerOf(entry: ChatListEntry): ChatListEntry {
    const local = this.chats.get(entry.id);
    if (!local || this.haveOf(entry.id) <= entry.lastSeq || local.lastSeq <= entry.lastSeq) return entry;
    return { ...entry, lastSeq: local.lastSeq, lastMessage: local.lastMessage, unread: local.unread, members: local.members, name: local.name };
  }

  /** `sync` from each chat's `have` until the server says there is no more. */
  syncAll(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.syncPages().finally(() => {
        this.syncing = null;
      });
    }
    return this.syncing;
  }

  private async syncPages(): Promise<void> {
    for (let more = true; more && this.socket.isOnline; ) {
      const map: Record<string, number> = {};
      for (const [chatId, seq] of this.have) map[chatId] = seq;
      // A sync page is up to 5,000 events before its ack: on a slow link that takes a while.
      const ack = await this.socket.request({ type: 'sync', chats: map }, undefined, SYNC_TIMEOUT_MS);
      more = ack.more === true;
    }
  }

  /** A chat the person just created or opened from the directory. */
  async adopt(chat: Chat): Promise<void> {
    if (!this.have.has(chat.id)) {
      this.have.set(chat.id, chat.lastSeq);
      this.stored.set(chat.id, chat.lastSeq);
    }
    this.chats.putChat(chat);
    await this.persistChats([chat.id]);
  }

  /** Events from anywhere (live, sync answers, my own acks), in any order. */
  receive(events: ChatEvent[]): void {
    const byChat = new Map<string, ChatEvent[]>();
    for (const e of events) {
      const list = byChat.get(e.chatId) ?? [];
      list.push(e);
      byChat.set(e.chatId, list);
    }
    for (const [chatId, list] of byChat) {
      if (!this.have.has(chatId)) {
        void this.learnChat(chatId).then(() => this.receiveInChat(chatId, list));
      } else {
        this.receiveInChat(chatId, list);
      }
    }
  }

  private receiveInChat(chatId: string, events: ChatEvent[]): void {
    const waiting = this.waiting.get(chatId) ?? new Map<number, ChatEvent>();
    const have = this.haveOf(chatId);
    for (const e of events) if (e.seq > have) waiting.set(e.seq, e);
    this.waiting.set(chatId, waiting);
    this.drain(chatId);
    if (waiting.size) this.gapSeen(chatId);
  }

  /** Applies the events that follow `have` without a gap. */
  private drain(chatId: string): void {
    const waiting = this.waiting.get(chatId);
    if (!waiting) return;
    const applied: ChatEvent[] = [];
    let have = this.haveOf(chatId);
    for (let next = waiting.get(have + 1); next; next = waiting.get(have + 1)) {
      waiting.delete(next.seq);
      applied.push(next);
      have = next.seq;
    }
    for (const seq of waiting.keys()) if (seq <= have) waiting.delete(seq);
    if (!waiting.size) this.waiting.delete(chatId);
    if (applied.length) this.apply(chatId, applied, have);
  }

  private apply(chatId: string, events: ChatEvent[], have: number): void {
    this.have.set(chatId, have);
    const me = this.me();
    const reading = this.hooks.isReading?.(chatId) ?? false;
    const people = new Set<string>();
    let fromOthers = false;
    let removedMe = false;
    for (const e of events) {
      this.chats.apply(e, reading);
      if (e.senderId) people.add(e.senderId);
      if (e.userId) people.add(e.userId);
      if (e.senderId && e.senderId !== me) fromOthers = true;
      if (e.type === 'member.removed' && e.userId === me) removedMe = true;
    }
    this.timelines.peek(chatId)?.append(events);
    if (people.size) this.hooks.onPeople?.([...people]);
    this.queuePersist(chatId, events, have);
    if (fromOthers) this.acknowledge(chatId, have);
    if (removedMe) void this.refreshList().catch(() => undefined);
  }

  /**
   * A seq further on than expected: wait a moment (a sync answer may be on its way), then fetch what is missing.
   * After failures the wait doubles (up to half a minute), or is what the server asked for.
   */
  private gapSeen(chatId: string, retryAfterMs?: number): void {
    if (this.gapTimers.has(chatId) || this.filling.has(chatId) || this.stopped) return;
    const failures = this.gapFailures.get(chatId) ?? 0;
    const backoff = Math.min(30_000, GAP_WAIT_MS * 2 ** failures) * (failures ? 0.5 + Math.random() / 2 : 1);
    this.gapTimers.set(chatId, setTimeout(() => {
      this.gapTimers.delete(chatId);
      if (this.waiting.get(chatId)?.size) void this.fillGap(chatId);
    }, retryAfterMs ?? backoff));
  }

  /** Fetches the events after `have` over HTTP, then closes the gap up to the first event that waited. */
  fillGap(chatId: string): Promise<void> {
    let running = this.filling.get(chatId);
    if (!running) {
      let retryAfterMs: number | undefined;
      running = this.fetchAfter(chatId)
        .then(() => {
          this.gapFailures.delete(chatId);
        })
        .catch((e: { status?: number; retryAfter?: number }) => {
          this.gapFailures.set(chatId, (this.gapFailures.get(chatId) ?? 0) + 1);
          if (e?.retryAfter) retryAfterMs = e.retryAfter * 1_000;
          if (e?.status === 404) {
            // No longer a member: nothing more will come; the list read drops the chat.
            this.waiting.delete(chatId);
            void this.refreshList().catch(() => undefined);
          }
        })
        .finally(() => {
          this.filling.delete(chatId);
          if (this.waiting.get(chatId)?.size) this.gapSeen(chatId, retryAfterMs);
        });
      this.filling.set(chatId, running);
    }
    return running;
  }

  private async fetchAfter(chatId: string): Promise<void> {
    for (;;) {
      const after = this.haveOf(chatId);
      const answer = await this.rest.get<{ events: ChatEvent[] }>(
        `/api/v1/chats/${encodeURIComponent(chatId)}/events?after=${after}&limit=${PAGE}`,
      );
      this.receiveInChat(chatId, answer.events);
      if (answer.events.length < PAGE) break;
    }
    // The server holds nothing the person may see between `have` and the first waiting event: skip the hole.
    const waiting = this.waiting.get(chatId);
    if (waiting?.size) {
      const first = Math.min(...waiting.keys());
      if (first > this.haveOf(chatId) + 1) {
        this.have.set(chatId, first - 1);
        this.drain(chatId);
      }
    }
  }

  /** An event of a chat this device does not know (someone started it, or added me): fetch the chat first. */
  private learnChat(chatId: string): Promise<void> {
    let learning = this.unknownChats.get(chatId);
    if (!learning) {
      learning = this.rest
        .get<Chat>(`/api/v1/chats/${encodeURIComponent(chatId)}`)
        .then((chat) => {
          if (!this.have.has(chatId)) {
            this.have.set(chatId, 0);
            this.stored.set(chatId, 0);
          }
          this.chats.putChat({ ...chat, lastSeq: 0 });
          this.hooks.onPeople?.(chat.members.map((m) => m.userId));
        })
        .catch(() => {
          // Not reachable now: the next list read (soon, on the next connection at the latest) brings it in.
          setTimeout(() => void this.refreshList().catch(() => undefined), 5_000);
        })
        .finally(() => this.unknownChats.delete(chatId));
      this.unknownChats.set(chatId, learning);
    }
    return learning;
  }

  /** Tells the server this device has received up to `seq` (a moment later, once per burst). */
  private acknowledge(chatId: string, seq: number): void {
    if (seq <= 0 || this.receivedTimers.has(chatId)) return;
    this.receivedTimers.set(chatId, setTimeout(() => {
      this.receivedTimers.delete(chatId);
      const have = this.haveOf(chatId);
      this.socket.send({ type: 'received', chatId, seq: Math.max(seq, have) });
    }, RECEIVED_DELAY_MS));
  }

  /** The person has seen the chat up to `seq`. */
  markRead(chatId: string, seq: number): void {
    const entry = this.chats.get(chatId);
    if (!entry || seq <= 0) return;
    const me = this.me();
    const mine = me ? this.chats.cursors.peek()[chatId]?.[me] : undefined;
    if (mine && mine.read >= seq && !entry.unread) return;
    this.chats.markRead(chatId, seq);
    if (!this.socket.send({ type: 'read', chatId, seq })) this.unsentReads.set(chatId, seq);
    void this.persistChats([chatId]);
  }

  /** Reads given while offline, told now that the socket is back. */
  private sendUnsentReads(): void {
    for (const [chatId, seq] of this.unsentReads) {
      if (this.socket.send({ type: 'read', chatId, seq })) this.unsentReads.delete(chatId);
    }
  }

  /** A group I left myself: it leaves this device too (one I was removed from stays, read only). */
  left(chatId: string): void {
    this.forget(chatId);
  }

  private forget(chatId: string): void {
    this.have.delete(chatId);
    this.waiting.delete(chatId);
    this.chats.remove(chatId);
    this.timelines.drop(chatId);
    this.stored.delete(chatId);
    this.dirty.delete(chatId);
    this.write(() => this.store.deleteChat(chatId));
  }

  private queuePersist(chatId: string, events: ChatEvent[], have: number): void {
    const d = this.dirty.get(chatId);
    this.dirty.set(chatId, { events: [...(d?.events ?? []), ...events], have });
    // A burst of events (a sync page) is written in one go, a moment later; a reload flushes first (see client).
    if (!this.persistTimer) this.persistTimer = setTimeout(() => void this.flush(), 0);
  }

  /**
   * Writes the applied events, then each chat's `have` as far as its events are written; resolves once everything
   * applied so far is. A failed write (storage full) leaves the stored `have` where it was, so the next visit
   * fetches those events again instead of missing them.
   */
  flush(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    const dirty = [...this.dirty];
    this.dirty.clear();
    return this.write(async () => {
      for (const [chatId, { events, have }] of dirty) {
        const ok = await this.store.putEvents(chatId, events, CACHED_EVENTS).then(() => true, () => false);
        // Deleted for everyone: what it said leaves this device too.
        for (const e of events) {
          if (e.type === 'message.deleted' && e.messageId) await this.store.redact(chatId, e.messageId).catch(() => undefined);
        }
        if (ok && this.have.has(chatId)) this.stored.set(chatId, Math.max(this.stored.get(chatId) ?? 0, have));
        await this.persistChat(chatId);
      }
    });
  }

  /** Every store write goes through here, one after another, and none after `stop`. */
  private write(step: () => Promise<unknown>): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.stopped) await step().catch(() => undefined);
    });
    return this.writing;
  }

  private persistChats(chatIds: string[]): Promise<void> {
    return this.write(async () => {
      for (const chatId of chatIds) await this.persistChat(chatId);
    });
  }

  /** The chat as the list shows it (frozen while off duty, so a reload shows nothing held back) and its stored `have`. */
  private async persistChat(chatId: string): Promise<void> {
    const entry = this.chats.shown.peek()[chatId] ?? this.chats.get(chatId);
    if (entry) await this.store.putChats([{ entry, have: this.stored.get(chatId) ?? 0 }]);
  }

  /** Signing out: nothing more is written, and what was being written has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    for (const timer of [...this.gapTimers.values(), ...this.receivedTimers.values()]) clearTimeout(timer);
    this.gapTimers.clear();
    this.receivedTimers.clear();
    this.dirty.clear();
    await this.writing;
  }

  /** A new session in this tab (after a sign-out): nothing of the previous one is kept. */
  reset(): void {
    this.have.clear();
    this.stored.clear();
    this.waiting.clear();
    this.filling.clear();
    this.gapFailures.clear();
    this.unknownChats.clear();
    this.unsentReads.clear();
    this.dirty.clear();
    this.stopped = false;
  }

  /** After the frozen list thawed: store the chats as they are now. */
  persistAll(): Promise<void> {
    return this.persistChats([...this.have.keys()]);
  }
}
