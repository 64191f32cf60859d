import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncEngine } from '../src/sync/engine';
import { ChatsModel } from '../src/state/chats';
import { Timelines } from '../src/state/timeline';
import { MemoryStore } from '../src/db/memory';
import { IndexedDbStore } from '../src/db/indexeddb';
import type { Store } from '../src/db/store';
import { letTimePass, FakeServer, FakeSocket, entry, message, ME } from './fakes';

const C = 'chat-1';

const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  ['IndexedDB', async () => IndexedDbStore.open(`test-${Math.random()}`)],
];

describe.each(stores)('SyncEngine with the %s store', (_name, makeStore) => {
  let server: FakeServer;
  let socket: FakeSocket;
  let store: Store;
  let chats: ChatsModel;
  let timelines: Timelines;
  let engine: SyncEngine;

  beforeEach(async () => {
    store = await makeStore();
    // fake-indexeddb schedules its work with setImmediate: only the engine's own timers are faked.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    server = new FakeServer();
    socket = new FakeSocket();
    chats = new ChatsModel(() => ME);
    timelines = new Timelines(server.rest, store);
    engine = new SyncEngine(socket, server.rest, store, chats, timelines, () => ME);
    socket.deliver = (events) => engine.receive(events);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const settle = (ms = 1_000) => letTimePass(ms);

  const seqsIn = () => timelines.get(C).events.value.map((e) => e.seq);

  it('starts a chat it never held at its last seq, and says it received up to there', async () => {
    server.add(C, [message(C, 1), message(C, 2), message(C, 3)]);
    await engine.online();
    await settle();
    expect(engine.haveOf(C)).toBe(3);
    expect(socket.syncs).toEqual([{ [C]: 3 }]);
    expect(socket.sent).toContainEqual({ type: 'received', chatId: C, seq: 3 });
  });

  it('applies live events in seq order, drops repeats and waits for a missing one', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    await timelines.get(C).open(engine.haveOf(C));
    engine.receive([message(C, 3)]);
    engine.receive([message(C, 2)]);
    engine.receive([message(C, 2)]);
    await settle();
    expect(engine.haveOf(C)).toBe(3);
    expect(seqsIn()).toEqual([1, 2, 3]);
    expect(chats.get(C)?.lastMessage?.seq).toBe(3);
  });

  it('fetches a gap over HTTP when the missing events do not come by themselves', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    server.add(C, [message(C, 2), message(C, 3), message(C, 4)]);
    engine.receive([message(C, 4)]);
    expect(engine.haveOf(C)).toBe(1);
    await settle();
    expect(engine.haveOf(C)).toBe(4);
    expect(server.requests).toContain(`/api/v1/chats/${C}/events?after=1&limit=1000`);
  });

  it('skips a hole the person may not see (they were not a member then)', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    server.add(C, [message(C, 2), message(C, 3)]);
    server.hidden.add(`${C}:2`);
    engine.receive([message(C, 3)]);
    await settle();
    expect(engine.haveOf(C)).toBe(3);
  });

  it('retries a gap fill that failed for want of a network', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    server.add(C, [message(C, 2), message(C, 3)]);
    server.failNext = 1;
    engine.receive([message(C, 3)]);
    await settle(2_000);
    expect(engine.haveOf(C)).toBe(3);
  });

  it('catches up from the last seq it holds after being offline, page by page', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    server.add(C, [message(C, 2), message(C, 3), message(C, 4)]);
    let page = 0;
    socket.onSync = (map) => {
      page++;
      const from = map[C];
      const events = server.visible(C).filter((e) => e.seq > from).slice(0, 2);
      return { events, more: page === 1 };
    };
    await engine.online();
    await settle();
    expect(socket.syncs.slice(1)).toEqual([{ [C]: 1 }, { [C]: 3 }]);
    expect(engine.haveOf(C)).toBe(4);
  });

  it('counts unread messages from others, and none of mine', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    engine.receive([message(C, 2), message(C, 3, ME)]);
    expect(chats.get(C)?.unread).toBe(0);
    engine.receive([message(C, 4), message(C, 5)]);
    expect(chats.get(C)?.unread).toBe(2);
  });

  it('learns a chat it did not know from its first event', async () => {
    server.chats.set('new-chat', { ...entry('new-chat'), lastSeq: 0 });
    server.add('new-chat', [message('new-chat', 1)]);
    engine.receive([message('new-chat', 1)]);
    await settle();
    expect(chats.get('new-chat')?.lastMessage?.seq).toBe(1);
    expect(engine.haveOf('new-chat')).toBe(1);
  });

  it('keeps what it applied for the next visit, and starts from there', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    engine.receive([message(C, 2), message(C, 3)]);
    await settle();
    await engine.flush();
    const again = new SyncEngine(socket, server.rest, store, new ChatsModel(() => ME), timelines, () => ME);
    await again.loadCache();
    expect(again.haveOf(C)).toBe(3);
    expect((await store.events(C, 10)).map((e) => e.seq)).toEqual([2, 3]);
  });

  it('removes what a message said from the device when it is deleted for everyone', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    engine.receive([message(C, 2, undefined, 'a secret'), { chatId: C, seq: 3, type: 'message.deleted', at: 'x', messageId: `${C}-m2` }]);
    await engine.flush();
    const cached = await store.events(C, 10);
    expect(JSON.stringify(cached)).not.toContain('a secret');
    expect(cached.find((e) => e.seq === 2)).toMatchObject({ deleted: true });
  });

  it('does not remember events as stored when the store refused them, so a reload fetches them again', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    await engine.flush();
    const full = Object.assign(Object.create(store), { putEvents: () => Promise.reject(new Error('quota')) });
    const again = new SyncEngine(socket, server.rest, full, chats, timelines, () => ME);
    await again.loadCache();
    again.receive([message(C, 2), message(C, 3)]);
    await again.flush();
    const reloaded = new SyncEngine(socket, server.rest, store, new ChatsModel(() => ME), timelines, () => ME);
    await reloaded.loadCache();
    expect(reloaded.haveOf(C)).toBe(1);
  });

  it('keeps a group I was removed from, read only, when the list no longer has it', async () => {
    server.chats.set('g', { ...entry('g', 0), type: 'group', name: 'Night shift' });
    server.add('g', [message('g', 1)]);
    await engine.online();
    engine.receive([{ chatId: 'g', seq: 2, type: 'member.removed', at: 'x', userId: ME }]);
    server.chats.delete('g');
    await engine.refreshList();
    expect(chats.get('g')?.members.some((m) => m.userId === ME)).toBe(false);
    expect(chats.get('g')?.name).toBe('Night shift');
  });

  it('forgets a chat the list no longer has, where I was not removed', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    server.chats.delete(C);
    await engine.refreshList();
    expect(chats.get(C)).toBeUndefined();
    expect(await store.chats()).toEqual([]);
  });

  it('keeps events applied while the list was on its way, rather than the older list', async () => {
    server.add(C, [message(C, 1)]);
    await engine.online();
    engine.receive([message(C, 2, undefined, 'newer')]);
    await engine.refreshList();
    expect(chats.get(C)?.lastMessage?.text).toBe('newer');
    expect(chats.get(C)?.lastSeq).toBe(2);
  });

  it('sends read once, and not again for the same seq', async () => {
    server.add(C, [message(C, 1), message(C, 2)]);
    await engine.online();
    engine.markRead(C, 2);
    engine.markRead(C, 2);
    expect(socket.sent.filter((f) => f.type === 'read')).toEqual([{ type: 'read', chatId: C, seq: 2 }]);
  });
});
