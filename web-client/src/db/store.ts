import type { ChatEvent, ChatListEntry, MediaInfo, MessageKind, User } from '../protocol/types';

/** A chat as this device keeps it: the list entry, and up to which seq its cached events are complete. */
export interface ChatRecord {
  entry: ChatListEntry;
  /** Every event the user may see up to this seq has been applied (0: nothing yet). */
  have: number;
}

/** A message waiting to be stored by the server. It is written here before it is sent, so nothing typed is lost. */
export interface OutboxItem {
  clientId: string;
  chatId: string;
  kind: MessageKind;
  text?: string;
  replyTo?: string;
  mentions?: string[];
  forwardOf?: string;
  urgent?: boolean;
  /** A picture or voice note still to upload; cleared once uploaded. */
  blob?: Blob;
  blobType?: string;
  mediaId?: string;
  media?: MediaInfo;
  createdAt: number;
  /** The chat's `have` when it was written: a stored message of mine after this seq may already be this one. */
  afterSeq?: number;
  /** `failed`: the server refused it for good; the person decides to retry or discard. */
  state: 'queued' | 'failed';
  error?: string;
  attempts: number;
}

/**
 * Everything this device keeps between visits, behind one interface: in IndexedDB normally, in memory for tests
 * and for a shared device. Signing out wipes it.
 */
export interface Store {
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  deleteMeta(key: string): Promise<void>;

  chats(): Promise<ChatRecord[]>;
  putChats(records: ChatRecord[]): Promise<void>;
  deleteChat(chatId: string): Promise<void>;

  /** The newest `limit` cached events of a chat, in seq order. */
  events(chatId: string, limit: number): Promise<ChatEvent[]>;
  /** Stores events (replacing those with the same seq) and keeps at most `keep` newest per chat. */
  putEvents(chatId: string, events: ChatEvent[], keep: number): Promise<void>;

  /** A message deleted for everyone: its cached event keeps its seq and loses its content. */
  redact(chatId: string, messageId: string): Promise<void>;

  outbox(): Promise<OutboxItem[]>;
  putOutbox(item: OutboxItem): Promise<void>;
  deleteOutbox(clientId: string): Promise<void>;

  users(): Promise<User[]>;
  putUsers(users: User[]): Promise<void>;

  /** Removes everything this device holds (but the unsent messages, when asked to keep them). */
  clear(keepOutbox?: boolean): Promise<void>;

  /** Lets go of what the store holds open (a database connection), so that the database can be deleted. */
  close(): void;
}

/** A message event as it reads once deleted for everyone: its place in the log, nothing of what it said. */
export function redacted(e: ChatEvent): ChatEvent {
  const { text: _t, media: _m, mentions: _n, replyTo: _r, forwardOf: _f, ...rest } = e;
  return { ...rest, deleted: true };
}

/** The events to keep of a chat's cache: the newest `keep`, in seq order, one per seq. */
export function trimEvents(existing: ChatEvent[], added: ChatEvent[], keep: number): ChatEvent[] {
  const bySeq = new Map<number, ChatEvent>();
  for (const e of existing) bySeq.set(e.seq, e);
  for (const e of added) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-keep);
}
