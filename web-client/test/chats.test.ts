import { describe, expect, it } from 'vitest';
import { applyToEntry, ChatsModel } from '../src/state/chats';
import { entry, message, ME, OTHER } from './fakes';
import type { ChatListEntry } from '../src/protocol/types';

describe('applyToEntry', () => {
  it('moves the preview and counts unread from others only', () => {
    let e = applyToEntry(entry('c', 0), message('c', 1), ME, false);
    e = applyToEntry(e, message('c', 2), ME, false);
    expect(e.unread).toBe(2);
    expect(e.lastMessage?.seq).toBe(2);
    e = applyToEntry(e, message('c', 3, ME), ME, false);
    expect(e.unread).toBe(0);
  });

  it('does not count again what the list already counted (catching up below its last seq)', () => {
    const listed = { ...entry('c', 5, 2), lastMessage: message('c', 5) };
    expect(applyToEntry(listed, message('c', 4), ME, false)).toBe(listed);
  });

  it('shows an edit or a deletion of the last message in the preview', () => {
    const e = { ...entry('c', 1), lastMessage: message('c', 1, OTHER, 'hello') };
    const edited = applyToEntry(e, { chatId: 'c', seq: 2, type: 'message.edited', at: 'x', messageId: 'c-m1', text: 'hello!' }, ME, false);
    expect(edited.lastMessage?.text).toBe('hello!');
    const deleted = applyToEntry(edited, { chatId: 'c', seq: 3, type: 'message.deleted', at: 'x', messageId: 'c-m1' }, ME, false);
    expect(deleted.lastMessage).toMatchObject({ deleted: true });
    expect(deleted.lastMessage?.text).toBeUndefined();
  });

  it('follows membership, roles and renames', () => {
    let e: ChatListEntry = { ...entry('g'), type: 'group', name: 'Old' };
    e = applyToEntry(e, { chatId: 'g', seq: 1, type: 'member.added', at: 'x', userId: 'u3' }, ME, false);
    e = applyToEntry(e, { chatId: 'g', seq: 2, type: 'member.role', at: 'x', userId: 'u3', role: 'admin' }, ME, false);
    e = applyToEntry(e, { chatId: 'g', seq: 3, type: 'member.removed', at: 'x', userId: OTHER }, ME, false);
    e = applyToEntry(e, { chatId: 'g', seq: 4, type: 'chat.renamed', at: 'x', name: 'Night shift' }, ME, false);
    expect(e.members).toEqual([{ userId: ME, role: 'member' }, { userId: 'u3', role: 'admin' }]);
    expect(e.name).toBe('Night shift');
  });
});

describe('ChatsModel', () => {
  it('while frozen shows the list as it was, with my own messages still moving in', () => {
    const chats = new ChatsModel(() => ME);
    chats.replaceAll([entry('a', 1), entry('b', 1)]);
    chats.freeze();
    chats.apply(message('a', 2), false);
    chats.apply(message('b', 2, ME), false);
    expect(chats.shown.value.a.lastSeq).toBe(1);
    expect(chats.shown.value.a.unread).toBe(0);
    expect(chats.shown.value.b.lastSeq).toBe(2);
    expect(chats.live.value.a.unread).toBe(1);
    chats.unfreeze();
    expect(chats.shown.value.a.unread).toBe(1);
  });

  it('keeps cursors moving forward only, from members and receipts', () => {
    const chats = new ChatsModel(() => ME);
    chats.replaceAll([{ ...entry('a', 5), members: [{ userId: ME, role: 'member' }, { userId: OTHER, role: 'member', receivedSeq: 4, readSeq: 2 }] }]);
    chats.receipt('a', OTHER, 3, undefined);
    expect(chats.cursors.value.a[OTHER]).toEqual({ received: 4, read: 2 });
    chats.receipt('a', OTHER, undefined, 5);
    expect(chats.cursors.value.a[OTHER]).toEqual({ received: 5, read: 5 });
  });
});
