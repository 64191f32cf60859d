import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Chat, ChatEvent, ChatListEntry } from '../protocol/types';
import type { Cursor } from './messages';

const TYPING_MS = 5_000;

/**
 * The chat list and what belongs to each chat but not to its timeline: members, their cursors (the ticks), who
 * is typing. While I am off duty the list is frozen as it was (`freeze`), so nothing new shows until I look.
 */
export class ChatsModel {
  private readonly entriesSignal = signal<Record<string, ChatListEntry>>({});
  private readonly frozenSignal = signal<Record<string, ChatListEntry> | null>(null);
  /** While frozen: per chat the last seq shown when it froze (my own messages after it still show). */
  private cutoffs: Record<string, number> = {};
  private readonly cursorsSignal = signal<Record<string, Record<string, Cursor>>>({});
  private readonly typingSignal = signal<Record<string, Record<string, number>>>({});
  private typingTimer: ReturnType<typeof setTimeout> | null = null;

  /** The entries as they are now, frozen or not (the sync engine's view). */
  readonly live: ReadonlySignal<Record<string, ChatListEntry>> = this.entriesSignal;
  /** The entries people see: frozen while off duty. */
  readonly shown = computed(() => this.frozenSignal.value ?? this.entriesSignal.value);
  readonly frozen: ReadonlySignal<Record<string, ChatListEntry> | null> = this.frozenSignal;
  readonly cursors: ReadonlySignal<Record<string, Record<string, Cursor>>> = this.cursorsSignal;
  readonly typing: ReadonlySignal<Record<string, Record<string, number>>> = this.typingSignal;
  readonly sorted = computed(() => Object.values(this.shown.value).sort(byActivity));

  constructor(private readonly me: () => string | undefined) {}

  get(chatId: string): ChatListEntry | undefined {
    return this.entriesSignal.value[chatId];
  }

  /** The entries the server listed (or the cache held): replaces all. */
  replaceAll(entries: ChatListEntry[]): void {
    const next: Record<string, ChatListEntry> = {};
    for (const e of entries) next[e.id] = e;
    this.entriesSignal.value = next;
    this.cursorsFromMembers(entries);
  }

  put(entry: ChatListEntry): void {
    this.entriesSignal.value = { ...this.entriesSignal.peek(), [entry.id]: entry };
    this.cursorsFromMembers([entry]);
  }

  /** A chat answer (members, name) without the list's fields. */
  putChat(chat: Chat): void {
    const old = this.entriesSignal.peek()[chat.id];
    this.put({ ...chat, unread: old?.unread ?? 0, lastMessage: old?.lastMessage ?? null, lastSeq: Math.max(chat.lastSeq, old?.lastSeq ?? 0) });
  }

  remove(chatId: string): void {
    const next = { ...this.entriesSignal.peek() };
    delete next[chatId];
    this.entriesSignal.value = next;
  }

  /** Keeps the list as it is now (or as a reload found it) while I am off duty; my own messages still show. */
  freeze(from?: FrozenList): FrozenList {
    const entries = from?.entries ?? this.entriesSignal.peek();
    this.cutoffs = from?.cutoffs ?? Object.fromEntries(Object.values(entries).map((e) => [e.id, e.lastSeq]));
    this.frozenSignal.value = entries;
    return { entries, cutoffs: this.cutoffs };
  }

  unfreeze(): void {
    this.frozenSignal.value = null;
    this.cutoffs = {};
  }

  /** The seq up to which a chat's events are shown: all, unless frozen (then what was shown when it froze). */
  cutoff(chatId: string): number {
    return this.frozenSignal.value ? this.cutoffs[chatId] ?? 0 : Infinity;
  }

  /** What an event changes in the list: preview, unread, members, name. */
  apply(e: ChatEvent, chatIsRead: boolean): void {
    const entry = this.entriesSignal.peek()[e.chatId];
    if (!entry) return;
    const updated = applyToEntry(entry, e, this.me(), chatIsRead);
    this.entriesSignal.value = { ...this.entriesSignal.peek(), [e.chatId]: updated };
    if (e.senderId && e.senderId === this.me()) this.applyMine(e);
    if (e.type === 'message' && e.senderId) this.typingDone(e.chatId, e.senderId);
  }

  /** While frozen, my own messages still move my chat up and show as its preview. */
  private applyMine(e: ChatEvent): void {
    const frozen = this.frozenSignal.peek();
    const entry = frozen?.[e.chatId];
    if (frozen && entry) this.frozenSignal.value = { ...frozen, [e.chatId]: applyToEntry(entry, e, this.me(), true) };
  }

  /** I read the chat up to `seq`. */
  markRead(chatId: string, seq: number): void {
    const entry = this.entriesSignal.peek()[chatId];
    if (entry && entry.unread) this.entriesSignal.value = { ...this.entriesSignal.peek(), [chatId]: { ...entry, unread: 0 } };
    const me = this.me();
    if (me) this.moveCursor(chatId, me, { read: seq, received: seq });
  }

  /** A `receipt` frame. */
  receipt(chatId: string, userId: string, received?: number, read?: number): void {
    this.moveCursor(chatId, userId, { received: received ?? 0, read: read ?? 0 });
  }

  typingStarted(chatId: string, userId: string): void {
    const all = this.typingSignal.peek();
    this.typingSignal.value = { ...all, [chatId]: { ...all[chatId], [userId]: Date.now() + TYPING_MS } };
    if (!this.typingTimer) this.typingTimer = setTimeout(() => this.expireTyping(), 1_000);
  }

  private typingDone(chatId: string, userId: string): void {
    const all = this.typingSignal.peek();
    if (!all[chatId]?.[userId]) return;
    const chat = { ...all[chatId] };
    delete chat[userId];
    this.typingSignal.value = { ...all, [chatId]: chat };
  }

  private expireTyping(): void {
    this.typingTimer = null;
    const now = Date.now();
    const next: Record<string, Record<string, number>> = {};
    let left = false;
    for (const [chatId, users] of Object.entries(this.typingSignal.peek())) {
      const still = Object.fromEntries(Object.entries(users).filter(([, until]) => until > now));
      if (Object.keys(still).length) {
        next[chatId] = still;
        left = true;
      }
    }
    this.typingSignal.value = next;
    if (left) this.typingTimer = setTimeout(() => this.expireTyping(), 1_000);
  }

  private cursorsFromMembers(entries: Chat[]): void {
    const all = { ...this.cursorsSignal.peek() };
    for (const chat of entries) {
      const chatCursors = { ...all[chat.id] };
      for (const m of chat.members) {
        const old = chatCursors[m.userId] ?? { received: 0, read: 0 };
        chatCursors[m.userId] = {
          received: Math.max(old.received, m.receivedSeq ?? 0),
          read: Math.max(old.read, m.readSeq ?? 0),
        };
      }
      all[chat.id] = chatCursors;
    }
    this.cursorsSignal.value = all;
  }

  private moveCursor(chatId: string, userId: string, to: Cursor): void {
    const all = this.cursorsSignal.peek();
    const old = all[chatId]?.[userId] ?? { received: 0, read: 0 };
    const next = { received: Math.max(old.received, to.received, to.read), read: Math.max(old.read, to.read) };
    if (next.received === old.received && next.read === old.read) return;
    this.cursorsSignal.value = { ...all, [chatId]: { ...all[chatId], [userId]: next } };
  }
}

/** The list as it was when I went off duty: what it showed, and up to which seq per chat. */
export interface FrozenList {
  entries: Record<string, ChatListEntry>;
  cutoffs: Record<string, number>;
}

/** Most recent activity first. */
export function byActivity(a: ChatListEntry, b: ChatListEntry): number {
  return activityOf(b).localeCompare(activityOf(a));
}

export function activityOf(e: ChatListEntry): string {
  const last = e.lastMessage?.at ?? '';
  return last > e.createdAt ? last : e.createdAt;
}

/** One event's effect on a list entry (pure: the model and the tests use it). */
export function applyToEntry(entry: ChatListEntry, e: ChatEvent, me: string | undefined, chatIsRead: boolean): ChatListEntry {
  if (e.seq <= entry.lastSeq && e.type === 'message') return entry;
  const next: ChatListEntry = { ...entry, lastSeq: Math.max(entry.lastSeq, e.seq) };
  switch (e.type) {
    case 'message':
      next.lastMessage = e;
      if (e.senderId !== me && !chatIsRead) next.unread = Math.min(999, entry.unread + 1);
      if (e.senderId === me) next.unread = 0;
      break;
    case 'message.edited':
      if (entry.lastMessage && entry.lastMessage.messageId === e.messageId) {
        next.lastMessage = { ...entry.lastMessage, text: e.text, editedAt: e.at };
      }
      break;
    case 'message.deleted':
      if (entry.lastMessage && entry.lastMessage.messageId === e.messageId) {
        const rest = { ...entry.lastMessage, deleted: true };
        delete rest.text;
        delete rest.media;
        next.lastMessage = rest;
      }
      break;
    case 'chat.renamed':
      next.name = e.name;
      break;
    case 'member.added':
      if (e.userId && !entry.members.some((m) => m.userId === e.userId)) {
        next.members = [...entry.members, { userId: e.userId, role: 'member' }];
      }
      break;
    case 'member.removed':
      next.members = entry.members.filter((m) => m.userId !== e.userId);
      break;
    case 'member.role':
      next.members = entry.members.map((m) => (m.userId === e.userId && e.role ? { ...m, role: e.role } : m));
      break;
  }
  return next;
}
