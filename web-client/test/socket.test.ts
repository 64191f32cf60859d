import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, type ConnectionState } from '../src/protocol/socket';
import type { ServerFrame } from '../src/protocol/frames';

/** A WebSocket the test plays the server for: it sees every frame sent and answers as the gateway would. */
class FakeWebSocket {
  static all: FakeWebSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((c: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }

  open() {
    this.readyState = 1;
    this.onopen?.();
  }

  send(text: string) {
    this.sent.push(JSON.parse(text));
  }

  reply(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code });
  }

  last(type: string) {
    return [...this.sent].reverse().find((f) => f.type === type)!;
  }
}

describe('Connection', () => {
  let states: ConnectionState[];
  let frames: ServerFrame[];
  let onlines: number;
  let ended: number;
  let token: string | null;
  let renewals: string[];

  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.all = [];
    states = [];
    frames = [];
    onlines = 0;
    ended = 0;
    token = 't1';
    renewals = [];
  });

  afterEach(() => vi.useRealTimers());

  function connection(random = () => 0.5) {
    return new Connection({
      url: 'ws://x/ws',
      device: 'd1',
      token: async () => token,
      renew: async (failed) => {
        renewals.push(failed);
        token = token === null ? null : `${failed}-renewed`;
        return token;
      },
      onFrame: (f) => frames.push(f),
      onOnline: () => onlines++,
      onState: (s) => states.push(s),
      onEnded: () => ended++,
      createSocket: (url) => new FakeWebSocket(url) as unknown as WebSocket,
      random,
    });
  }

  async function connect(c: Connection) {
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    const ws = FakeWebSocket.all[FakeWebSocket.all.length - 1];
    ws.open();
    const auth = ws.last('auth');
    ws.reply({ type: 'ack', id: auth.id, userId: 'u' });
    return ws;
  }

  it('authenticates with its first frame, then is online', async () => {
    const c = connection();
    const ws = await connect(c);
    expect(ws.sent[0]).toMatchObject({ type: 'auth', token: 't1', device: 'd1' });
    expect(c.isOnline).toBe(true);
    expect(onlines).toBe(1);
  });

  it('answers each request by its id, and an error frame rejects with its code', async () => {
    const c = connection();
    const ws = await connect(c);
    const send = c.request({ type: 'send', chatId: 'c', kind: 'text', text: 'hi' }, 'client-1');
    const bad = c.request({ type: 'delete', messageId: 'm' });
    ws.reply({ type: 'error', id: ws.last('delete').id, code: 'forbidden', message: 'no' });
    ws.reply({ type: 'ack', id: 'client-1', seq: 4, messageId: 'm4', sentAt: 'x' });
    await expect(send).resolves.toMatchObject({ seq: 4 });
    await expect(bad).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('passes other frames on, and ignores what does not parse', async () => {
    const c = connection();
    const ws = await connect(c);
    ws.onmessage?.({ data: 'not json' });
    ws.reply({ type: 'event', event: { nope: true } });
    ws.reply({ type: 'typing', chatId: 'c', userId: 'u2' });
    expect(frames).toEqual([{ type: 'typing', chatId: 'c', userId: 'u2' }]);
  });

  it('comes back by itself after the link drops, waiting longer each time, and catches up again', async () => {
    const c = connection(() => 1);
    let ws = await connect(c);
    ws.close(1006);
    expect(c.current).toBe('offline');
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeWebSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.all).toHaveLength(2);
    FakeWebSocket.all[1].close(1006);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(FakeWebSocket.all).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    ws = FakeWebSocket.all[2];
    ws.open();
    ws.reply({ type: 'ack', id: ws.last('auth').id, userId: 'u' });
    expect(onlines).toBe(2);
  });

  it('spreads reconnects with jitter, so a restarted node is not hit by everyone at once', async () => {
    const c = connection(() => 0);
    const ws = await connect(c);
    ws.close(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.all).toHaveLength(2);
  });

  it('fails the requests of a link that dropped, so the outbox sends them again', async () => {
    const c = connection();
    const ws = await connect(c);
    const pending = c.request({ type: 'ping' });
    ws.close(1006);
    await expect(pending).rejects.toMatchObject({ code: 'network' });
  });

  it('renews an expired token on the open socket and authenticates again', async () => {
    const c = connection();
    const ws = await connect(c);
    ws.reply({ type: 'error', code: 'token_expired', message: 'expired' });
    await vi.advanceTimersByTimeAsync(0);
    expect(renewals).toEqual(['t1']);
    expect(ws.last('auth')).toMatchObject({ token: 't1-renewed' });
    expect(FakeWebSocket.all).toHaveLength(1);
  });

  it('renews a refused token before trying again', async () => {
    const c = connection();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    const ws = FakeWebSocket.all[0];
    ws.open();
    ws.reply({ type: 'error', id: ws.last('auth').id, code: 'unauthorized' });
    ws.close(4401);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(renewals).toEqual(['t1']);
    const again = FakeWebSocket.all[FakeWebSocket.all.length - 1];
    again.open();
    expect(again.last('auth')).toMatchObject({ token: 't1-renewed' });
  });

  it('stops for good when the server ends the login (4403)', async () => {
    const c = connection();
    const ws = await connect(c);
    ws.close(4403);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ended).toBe(1);
    expect(c.current).toBe('ended');
    expect(FakeWebSocket.all).toHaveLength(1);
  });

  it('closes a silent link after its ping goes unanswered', async () => {
    const c = connection();
    const ws = await connect(c);
    await vi.advanceTimersByTimeAsync(26_000);
    expect(ws.last('ping')).toBeTruthy();
    await vi.advanceTimersByTimeAsync(15_000);
    expect(ws.readyState).toBe(3);
    expect(states).toContain('offline');
  });
});

describe('Connection, waking up', () => {
  it('opens one socket when the network and the screen come back at once while the token renews', async () => {
    vi.useFakeTimers();
    FakeWebSocket.all = [];
    let release: (t: string) => void = () => undefined;
    const c = new Connection({
      url: 'ws://x/ws', device: 'd', onFrame: () => undefined, onOnline: () => undefined, onState: () => undefined,
      onEnded: () => undefined, renew: async () => 't',
      token: () => new Promise<string>((r) => (release = r)),
      createSocket: (url) => new FakeWebSocket(url) as unknown as WebSocket,
    });
    c.start();
    c.retryNow();
    c.retryNow();
    release('t');
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.all).toHaveLength(1);
    vi.useRealTimers();
  });
});
