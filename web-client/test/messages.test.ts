import { describe, expect, it } from 'vitest';
import { fold, reactionCounts, tickOf, withDays, type MessageView } from '../src/state/messages';
import { message, ME, OTHER } from './fakes';

const C = 'c1';

describe('fold', () => {
  it('applies edits, deletions and reactions to the message they name', () => {
    const views = fold([
      message(C, 1, OTHER, 'first'),
      message(C, 2, ME, 'second'),
      { chatId: C, seq: 3, type: 'message.edited', at: '2026-12-01T09:01:00Z', messageId: `${C}-m2`, text: 'second, fixed' },
      { chatId: C, seq: 4, type: 'reaction', at: '2026-12-01T09:02:00Z', messageId: `${C}-m1`, userId: ME, emoji: '👍' },
      { chatId: C, seq: 5, type: 'reaction', at: '2026-12-01T09:02:00Z', messageId: `${C}-m1`, userId: OTHER, emoji: '❤️' },
      { chatId: C, seq: 6, type: 'reaction', at: '2026-12-01T09:03:00Z', messageId: `${C}-m1`, userId: OTHER, emoji: '' },
      { chatId: C, seq: 7, type: 'message.deleted', at: '2026-12-01T09:04:00Z', messageId: `${C}-m2` },
    ]) as MessageView[];
    expect(views).toHaveLength(2);
    expect(views[0].reactions).toEqual({ [ME]: '👍' });
    expect(views[1].deleted).toBe(true);
    expect(views[1].text).toBeUndefined();
    expect(views[1].editedAt).toBe('2026-12-01T09:01:00Z');
  });

  it('keeps membership and rename events as notices, in order', () => {
    const items = fold([
      { chatId: C, seq: 1, type: 'member.added', at: '2026-12-01T09:00:00Z', userId: OTHER },
      message(C, 2),
      { chatId: C, seq: 3, type: 'chat.renamed', at: '2026-12-01T09:05:00Z', name: 'Night shift' },
      { chatId: C, seq: 4, type: 'member.role', at: '2026-12-01T09:06:00Z', userId: OTHER, role: 'admin' },
    ]);
    expect(items.map((i) => ('messageId' in i ? 'message' : i.type))).toEqual(['member.added', 'message', 'chat.renamed', 'member.role']);
  });

  it('ignores an edit that arrives after the message was deleted', () => {
    const [m] = fold([
      message(C, 1, ME, 'hello'),
      { chatId: C, seq: 2, type: 'message.deleted', at: '2026-12-01T09:04:00Z', messageId: `${C}-m1` },
      { chatId: C, seq: 3, type: 'message.edited', at: '2026-12-01T09:05:00Z', messageId: `${C}-m1`, text: 'back?' },
    ]) as MessageView[];
    expect(m.text).toBeUndefined();
  });
});

describe('withDays', () => {
  it('puts one day line before the first item of each day', () => {
    const items = fold([message(C, 1), message(C, 2), { ...message(C, 3), sentAt: '2026-12-02T10:00:00Z', at: '2026-12-02T10:00:00Z' }]);
    const out = withDays(items, (iso) => iso.slice(0, 10));
    expect(out.map((i) => i.kind)).toEqual(['day', 'message', 'message', 'day', 'message']);
  });
});

describe('tickOf', () => {
  const members = [ME, OTHER, 'u-third'];
  it('is sent until everyone received, delivered until everyone read, then read', () => {
    expect(tickOf(5, ME, members, { [OTHER]: { received: 5, read: 0 } })).toBe('sent');
    expect(tickOf(5, ME, members, { [OTHER]: { received: 5, read: 5 }, 'u-third': { received: 6, read: 2 } })).toBe('delivered');
    expect(tickOf(5, ME, members, { [OTHER]: { received: 5, read: 5 }, 'u-third': { received: 6, read: 9 } })).toBe('read');
  });
  it('counts a read cursor as received too', () => {
    expect(tickOf(3, ME, [ME, OTHER], { [OTHER]: { received: 0, read: 3 } })).toBe('read');
    expect(tickOf(4, ME, [ME, OTHER], { [OTHER]: { received: 0, read: 3 } })).toBe('sent');
  });
  it('is sent in a chat where I am alone', () => {
    expect(tickOf(1, ME, [ME], {})).toBe('sent');
  });
});

describe('reactionCounts', () => {
  it('groups by emoji, most first, marking mine', () => {
    expect(reactionCounts({ a: '👍', b: '👍', [ME]: '😂' }, ME)).toEqual([
      { emoji: '👍', count: 2, mine: false },
      { emoji: '😂', count: 1, mine: true },
    ]);
  });
});

describe('notYetShown', () => {
  it('hides an outbox item once its stored message arrived before the ack, and only that one', async () => {
    const { notYetShown } = await import('../src/state/timeline-view');
    const item = (clientId: string, text: string) => ({ clientId, chatId: C, kind: 'text' as const, text, createdAt: 1, afterSeq: 4, state: 'queued' as const, attempts: 0 });
    const folded = fold([message(C, 4, ME, 'same'), message(C, 5, ME, 'same'), message(C, 6, OTHER, 'other')]);
    const left = notYetShown([item('a', 'same'), item('b', 'same'), item('c', 'other')], folded, ME);
    expect(left.map((i) => i.clientId)).toEqual(['b', 'c']);
  });
});
