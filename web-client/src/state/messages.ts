import type { ChatEvent, MessageKind } from '../protocol/types';

/** A message as people see it: its first event with every later edit, deletion and reaction folded in. */
export interface MessageView
  extends Pick<ChatEvent, 'text' | 'media' | 'replyTo' | 'mentions' | 'forwardOf' | 'urgent' | 'editedAt' | 'deleted' | 'expired' | 'erased' | 'unreadable'> {
  key: string;
  messageId: string;
  seq: number;
  senderId: string;
  kind: MessageKind;
  at: string;
  /** One reaction per person: userId → emoji. */
  reactions: Record<string, string>;
  /** Not stored yet: still in this device's outbox. */
  pending?: { clientId: string; failed?: string; blob?: Blob };
}

/** A line about the chat itself: someone joined, left, was made admin; the group was renamed. */
export interface NoticeView {
  key: string;
  seq: number;
  type: string;
  at: string;
  userId?: string;
  name?: string;
  role?: string;
}

export type TimelineItem =
  | { kind: 'message'; message: MessageView }
  | { kind: 'notice'; notice: NoticeView }
  | { kind: 'day'; key: string; day: string; at: string };

const NOTICE_TYPES = new Set(['member.added', 'member.removed', 'member.role', 'chat.renamed']);

/** Folds a chat's events (in seq order) into messages and notices, in order. */
export function fold(events: readonly ChatEvent[]): (MessageView | NoticeView)[] {
  const out: (MessageView | NoticeView)[] = [];
  const byId = new Map<string, MessageView>();
  for (const e of events) {
    if (e.type === 'message' && e.messageId) {
      const m: MessageView = {
        key: e.messageId,
        messageId: e.messageId,
        seq: e.seq,
        senderId: e.senderId ?? '',
        kind: e.kind ?? 'text',
        text: e.text,
        media: e.media,
        replyTo: e.replyTo,
        mentions: e.mentions,
        forwardOf: e.forwardOf,
        urgent: e.urgent,
        at: e.sentAt ?? e.at,
        editedAt: e.editedAt,
        deleted: e.deleted,
        expired: e.expired,
        erased: e.erased,
        unreadable: e.unreadable,
        reactions: {},
      };
      byId.set(e.messageId, m);
      out.push(m);
      continue;
    }
    const target = e.messageId ? byId.get(e.messageId) : undefined;
    if (e.type === 'message.edited' && target && !target.deleted) {
      if (e.text !== undefined) target.text = e.text;
      target.editedAt = e.at;
    } else if (e.type === 'message.deleted' && target) {
      target.deleted = true;
      delete target.text;
      delete target.media;
      target.reactions = {};
    } else if (e.type === 'reaction' && target && e.userId && !target.deleted) {
      if (e.emoji) target.reactions[e.userId] = e.emoji;
      else delete target.reactions[e.userId];
    } else if (NOTICE_TYPES.has(e.type)) {
      out.push({ key: `n${e.seq}`, seq: e.seq, type: e.type, at: e.at, userId: e.userId, name: e.name, role: e.role });
    }
  }
  return out;
}

/** Puts a day line before the first item of each calendar day (in the reader's timezone). */
export function withDays(items: readonly (MessageView | NoticeView)[], dayOf: (iso: string) => string): TimelineItem[] {
  const out: TimelineItem[] = [];
  let last = '';
  for (const item of items) {
    const day = dayOf(item.at);
    if (day !== last) {
      out.push({ kind: 'day', key: `d${day}`, day, at: item.at });
      last = day;
    }
    out.push('messageId' in item ? { kind: 'message', message: item } : { kind: 'notice', notice: item });
  }
  return out;
}

/** Grouped reactions for display: emoji → how many, and whether I am among them. */
export function reactionCounts(reactions: Record<string, string>, me: string): { emoji: string; count: number; mine: boolean }[] {
  const counts = new Map<string, { emoji: string; count: number; mine: boolean }>();
  for (const [user, emoji] of Object.entries(reactions)) {
    const c = counts.get(emoji) ?? { emoji, count: 0, mine: false };
    c.count += 1;
    if (user === me) c.mine = true;
    counts.set(emoji, c);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}

export type Tick = 'sending' | 'failed' | 'sent' | 'delivered' | 'read';

export interface Cursor {
  received: number;
  read: number;
}

/**
 * The state of my message at `seq`: delivered when every other member has received it, read when every other
 * member has read it. Cursors of people who are no longer members do not count.
 */
export function tickOf(seq: number, me: string, members: readonly string[], cursors: Record<string, Cursor>): Tick {
  const others = members.filter((m) => m !== me);
  if (!others.length) return 'sent';
  let allRead = true;
  let allReceived = true;
  for (const m of others) {
    const c = cursors[m] ?? { received: 0, read: 0 };
    if (c.read < seq) allRead = false;
    if (Math.max(c.received, c.read) < seq) allReceived = false;
  }
  if (allRead) return 'read';
  return allReceived ? 'delivered' : 'sent';
}

/** What a chat list shows of a message: its text, or what it is. */
export function previewKind(e: Pick<ChatEvent, 'kind' | 'text' | 'deleted' | 'expired' | 'erased' | 'unreadable'>):
  'text' | 'image' | 'voice' | 'deleted' | 'expired' | 'erased' | 'unreadable' {
  if (e.deleted) return 'deleted';
  if (e.erased) return 'erased';
  if (e.expired) return 'expired';
  if (e.unreadable) return 'unreadable';
  if (e.kind === 'image') return 'image';
  if (e.kind === 'voice') return 'voice';
  return 'text';
}
