import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Outbox, type OutboxTransport } from '../src/outbox/outbox';
import { MemoryStore } from '../src/db/memory';
import { IndexedDbStore } from '../src/db/indexeddb';
import type { OutboxItem, Store } from '../src/db/store';
import { ApiError } from '../src/protocol/rest';
import type { SendAck } from '../src/protocol/types';
import { letTimePass } from './fakes';

function item(clientId: string, chatId = 'c1', extra: Partial<OutboxItem> = {}): OutboxItem {
  return { clientId, chatId, kind: 'text', text: clientId, createdAt: Number(clientId.replace(/\D/g, '')) || 1, state: 'queued', attempts: 0, ...extra };
}

/** A server that stores each clientId once (as the real one de-duplicates) and can be made to fail. */
class FakeTransport implements OutboxTransport {
  online = true;
  readonly stored = new Map<string, SendAck>();
  readonly attempts: string[] = [];
  readonly uploads: string[] = [];
  failWith: ApiError | null = null;
  hold: ((v: void) => void)[] = [];
  holding = false;
  private seq = 0;

  isOnline() {
    return this.online;
  }

  async send(i: OutboxItem): Promise<SendAck> {
    this.attempts.push(i.clientId);
    if (this.holding) await new Promise<void>((r) => this.hold.push(r));
    if (this.failWith) throw this.failWith;
    const known = this.stored.get(i.clientId);
    if (known) return known;
    const ack = { messageId: `m-${i.clientId}`, seq: ++this.seq, sentAt: '2026-12-01T09:00:00Z' };
    this.stored.set(i.clientId, ack);
    return ack;
  }

  async upload(i: OutboxItem, onProgress: (f: number) => void) {
    this.uploads.push(i.clientId);
    onProgress(0.5);
    if (this.failWith) throw this.failWith;
    return { id: `media-${i.clientId}`, mime: 'image/png', size: 10 };
  }
}

const stores: [string, () => Promise<Store>][] = [
  ['memory', async () => new MemoryStore()],
  ['IndexedDB', async () => IndexedDbStore.open(`outbox-${Math.random()}`)],
];

describe.each(stores)('Outbox with the %s store', (_name, makeStore) => {
  let store: Store;
  let transport: FakeTransport;
  let acked: { item: OutboxItem; ack: SendAck }[];
  let outbox: Outbox;

  beforeEach(async () => {
    store = await makeStore();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    transport = new FakeTransport();
    acked = [];
    outbox = new Outbox(store, transport, (i, ack) => acked.push({ item: i, ack }));
  });

  afterEach(() => vi.useRealTimers());

  const settle = (ms = 100) => letTimePass(ms);

  it('writes a message to the store before it is sent', async () => {
    transport.holding = true;
    await outbox.add(item('m1'));
    expect((await store.outbox()).map((i) => i.clientId)).toEqual(['m1']);
    transport.hold.forEach((r) => r());
    transport.holding = false;
    await settle();
    expect(await store.outbox()).toEqual([]);
    expect(acked.map((a) => a.ack.seq)).toEqual([1]);
  });

  it('leaves nothing in the store when the server answers before the write has finished', async () => {
    await outbox.add(item('m1'));
    await settle();
    expect(acked).toHaveLength(1);
    expect(await store.outbox()).toEqual([]);
  });

  it('sends one message per chat at a time, oldest first; other chats do not wait', async () => {
    transport.holding = true;
    await outbox.add(item('m1', 'c1'));
    await outbox.add(item('m2', 'c1'));
    await outbox.add(item('m3', 'c2'));
    expect(transport.attempts).toEqual(['m1', 'm3']);
    transport.holding = false;
    transport.hold.forEach((r) => r());
    await settle();
    expect(transport.attempts).toEqual(['m1', 'm3', 'm2']);
    expect(acked.map((a) => a.item.clientId)).toEqual(['m1', 'm3', 'm2']);
  });

  it('keeps a message while offline and sends it with the same clientId once back', async () => {
    transport.failWith = new ApiError(0, 'network', 'connection lost');
    await outbox.add(item('m1'));
    await settle();
    expect(outbox.items.value.map((i) => i.state)).toEqual(['queued']);
    transport.failWith = null;
    outbox.reconnected();
    await settle();
    expect(transport.attempts).toEqual(['m1', 'm1']);
    expect(transport.stored.size).toBe(1);
    expect(outbox.items.value).toEqual([]);
  });

  it('waits as long as the server asks when rate limited', async () => {
    transport.failWith = new ApiError(0, 'rate_limited', 'slow down', 3);
    await outbox.add(item('m1'));
    await settle();
    transport.failWith = null;
    await settle(2_000);
    expect(transport.attempts).toEqual(['m1']);
    await settle(1_500);
    expect(transport.attempts).toEqual(['m1', 'm1']);
  });

  it('marks a message the server refuses for good as failed, and sends it again only when asked', async () => {
    transport.failWith = new ApiError(413, 'payload_too_large', 'too big');
    await outbox.add(item('m1'));
    await settle(60_000);
    expect(outbox.items.value[0]).toMatchObject({ state: 'failed', error: 'payload_too_large' });
    expect(transport.attempts).toEqual(['m1']);
    transport.failWith = null;
    await outbox.retry('m1');
    await settle();
    expect(outbox.items.value).toEqual([]);
  });

  it('sends what a reload left behind', async () => {
    transport.online = false;
    await outbox.add(item('m1'));
    await outbox.add(item('m2'));
    const afterReload = new Outbox(store, transport, (i, ack) => acked.push({ item: i, ack }));
    transport.online = true;
    await afterReload.load();
    await settle();
    expect(acked.map((a) => a.item.clientId)).toEqual(['m1', 'm2']);
  });

  it('uploads a picture once, then sends its id; a resend does not upload again', async () => {
    transport.holding = true;
    await outbox.add(item('p1', 'c1', { kind: 'image', blob: new Blob(['x'], { type: 'image/png' }) }));
    await settle();
    expect(transport.uploads).toEqual(['p1']);
    expect((await store.outbox())[0]).toMatchObject({ mediaId: 'media-p1' });
    expect((await store.outbox())[0].blob).toBeUndefined();
    transport.holding = false;
    transport.failWith = new ApiError(0, 'network', 'lost');
    transport.hold.forEach((r) => r());
    await settle();
    transport.failWith = null;
    outbox.reconnected();
    await settle();
    expect(transport.uploads).toEqual(['p1']);
    expect(acked[0].item.mediaId).toBe('media-p1');
  });

  it('drops a picture the server refuses and says why, keeping nothing half-sent', async () => {
    const refused: string[] = [];
    outbox = new Outbox(store, transport, () => undefined, (i, code) => refused.push(`${i.clientId}:${code}`));
    transport.failWith = new ApiError(415, 'unsupported_media_type', 'not a picture');
    await outbox.add(item('p1', 'c1', { kind: 'image', blob: new Blob(['<html>'], { type: 'image/png' }) }));
    await settle();
    expect(refused).toEqual(['p1:unsupported_media_type']);
    expect(outbox.items.value).toEqual([]);
    expect(await store.outbox()).toEqual([]);
  });

  it('holds a chat’s later messages back while an earlier one is refused, keeping their order', async () => {
    transport.failWith = new ApiError(403, 'forbidden', 'no');
    await outbox.add(item('m1'));
    await settle();
    transport.failWith = null;
    await outbox.add(item('m2'));
    await settle();
    expect(transport.attempts).toEqual(['m1']);
    await outbox.retry('m1');
    await settle();
    expect(acked.map((a) => a.item.clientId)).toEqual(['m1', 'm2']);
  });

  it('sends what another tab left in the store, once', async () => {
    transport.online = false;
    const other = new Outbox(store, transport, () => undefined);
    await other.add(item('m9'));
    transport.online = true;
    outbox.reconnected();
    await settle();
    outbox.reconnected();
    await settle();
    expect(transport.attempts).toEqual(['m9']);
    expect(acked.map((a) => a.item.clientId)).toEqual(['m9']);
  });

  it('keeps sending from memory when the store cannot take the message', async () => {
    const full = Object.assign(Object.create(store), { putOutbox: () => Promise.reject(new Error('quota')) });
    outbox = new Outbox(full, transport, (i, ack) => acked.push({ item: i, ack }));
    await outbox.add(item('m1'));
    await settle();
    expect(acked.map((a) => a.item.clientId)).toEqual(['m1']);
  });

  it('forgets a discarded message', async () => {
    transport.online = false;
    await outbox.add(item('m1'));
    await outbox.discard('m1');
    transport.online = true;
    outbox.pump();
    await settle();
    expect(transport.attempts).toEqual([]);
    expect(await store.outbox()).toEqual([]);
  });
});
