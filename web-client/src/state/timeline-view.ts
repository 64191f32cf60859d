import type { ChatEvent } from '../protocol/types';
import type { OutboxItem } from '../db/store';
import { fold, withDays, type MessageView, type NoticeView, type TimelineItem } from './messages';

export interface TimelineInput {
  events: readonly ChatEvent[];
  outbox: readonly OutboxItem[];
  /** Messages the outbox saw stored: never taken for another pending item. */
  acked: ReadonlySet<string>;
  chatId: string;
  me: string;
  /** Events after this seq are held back (I am off duty); my own still show. */
  cutoff: number;
  dayOf(iso: string): string;
  failedText(code: string): string;
}

export interface TimelineModel {
  items: TimelineItem[];
  byId: Map<string, MessageView>;
  /** The newest seq shown (what "read" may cover). */
  newestSeq: number;
}

/** What a chat shows: stored messages (held back past the cutoff), then mine still in the outbox, with day lines. */
export function timelineModel(input: TimelineInput): TimelineModel {
  const shown = input.cutoff === Infinity
    ? input.events
    : input.events.filter((e) => e.seq <= input.cutoff || e.senderId === input.me);
  const folded = fold(shown);
  const byId = new Map<string, MessageView>();
  for (const item of folded) if ('messageId' in item) byId.set(item.messageId, item);
  const pending = notYetShown(input.outbox.filter((o) => o.chatId === input.chatId), folded, input.me, input.acked)
    .map((o) => pendingView(o, input.me, input.failedText));
  const all: (MessageView | NoticeView)[] = [...folded, ...pending];
  return {
    items: withDays(all, input.dayOf),
    byId,
    newestSeq: shown.length ? shown[shown.length - 1].seq : 0,
  };
}

/**
 * The outbox items whose stored message is not in the timeline yet. Between the server storing a message and its
 * answer reaching this device, the message's event can arrive first: a message of mine with the same content, after
 * the seq the chat was at when the item was written, is that item, and the bubble is not shown twice.
 */
export function notYetShown(items: readonly OutboxItem[], folded: readonly (MessageView | NoticeView)[], me: string,
  acked: ReadonlySet<string> = new Set()): OutboxItem[] {
  const stored = folded.filter((m): m is MessageView => 'messageId' in m && m.senderId === me && !acked.has(m.messageId));
  const used = new Set<string>();
  return items.filter((o) => {
    if (o.state === 'failed') return true;
    const match = stored.find((m) => !used.has(m.messageId) && m.seq > (o.afterSeq ?? Infinity) && m.kind === o.kind
      && (m.text ?? '') === (o.text ?? '') && (m.forwardOf ?? '') === (o.forwardOf ?? '')
      && (m.replyTo ?? '') === (o.replyTo ?? '') && (!o.mediaId || m.media?.id === o.mediaId));
    if (!match) return true;
    used.add(match.messageId);
    return false;
  });
}

function pendingView(o: OutboxItem, me: string, failedText: (code: string) => string): MessageView {
  return {
    key: o.clientId,
    messageId: o.clientId,
    seq: Number.MAX_SAFE_INTEGER,
    senderId: me,
    kind: o.kind,
    text: o.text,
    media: o.media ?? (o.blob ? { id: '', mime: o.blobType ?? '', size: o.blob.size } : undefined),
    replyTo: o.replyTo,
    mentions: o.mentions,
    forwardOf: o.forwardOf,
    urgent: o.urgent,
    at: new Date(o.createdAt).toISOString(),
    reactions: {},
    pending: {
      clientId: o.clientId,
      ...(o.state === 'failed' ? { failed: failedText(o.error ?? '') } : {}),
      ...(o.blob ? { blob: o.blob } : {}),
    },
  };
}
