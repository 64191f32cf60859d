import { parseFrame, type ClientFrame, type ServerFrame } from './frames';
import { ApiError } from './rest';

/**
 * The WebSocket half of the protocol: one connection that authenticates with its first frame, answers requests by
 * id, notices a dead link with pings, and comes back by itself with back-off and jitter. It knows nothing of chats.
 */
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'ended';

export interface ConnectionOptions {
  url: string;
  device: string;
  /** The current access token (null: signed out; throws while it cannot be renewed for want of a network). */
  token(): Promise<string | null>;
  /** The server refused this token: a fresh one, or null when the session is over. */
  renew(failed: string): Promise<string | null>;
  onFrame(frame: ServerFrame): void;
  /** Authenticated (again): the engine catches up from here. */
  onOnline(): void;
  onState(state: ConnectionState): void;
  /** The server ended this login (4403): signed out elsewhere, or deactivated. */
  onEnded(): void;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
}

const REQUEST_TIMEOUT_MS = 15_000;
const PING_EVERY_MS = 25_000;
const PING_TIMEOUT_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

interface Pending {
  resolve(ack: Record<string, unknown>): void;
  reject(e: ApiError): void;
  timer: ReturnType<typeof setTimeout>;
}

export class Connection {
  private ws: WebSocket | null = null;
  private state: ConnectionState = 'offline';
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  private pending = new Map<string, Pending>();
  private counter = 0;
  private stopped = true;
  private authed = false;
  /** Between deciding to connect and the socket existing (the token may be renewing): no second attempt. */
  private opening = false;

  constructor(private readonly options: ConnectionOptions) {}

  get current(): ConnectionState {
    return this.state;
  }

  get isOnline(): boolean {
    return this.state === 'online';
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.ws?.close(1000);
    this.ws = null;
    this.failPending();
    this.setState('offline');
  }

  /** Try now instead of waiting out the back-off (the network came back, the app came to the front). */
  retryNow(): void {
    if (this.stopped || this.state === 'online' || this.state === 'ended' || this.opening) return;
    if (this.ws && (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN)) return;
    this.attempts = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  /** The link is known to be gone (the browser went offline): stop trusting it now. */
  drop(): void {
    if (this.ws) this.ws.close(4000);
    this.onClosed(4000);
  }

  /** Sends a frame with an id and waits for its answer; an `error` frame rejects with its code. */
  request(frame: ClientFrame, id = this.nextId(), timeoutMs = REQUEST_TIMEOUT_MS): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      if (!this.ws || this.state !== 'online') {
        reject(new ApiError(0, 'network', 'not connected'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError(0, 'network', 'no answer'));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...frame, id }));
    });
  }

  /** Sends a frame that gets no answer; false when there is no connection to send it on. */
  send(frame: ClientFrame): boolean {
    if (!this.ws || this.state !== 'online') return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** A fresh token for the open socket (before the old one expires). */
  async reauthenticate(): Promise<void> {
    if (this.state !== 'online') return;
    const token = await this.options.token();
    if (token) await this.request({ type: 'auth', token, device: this.options.device }).catch(() => undefined);
  }

  private nextId(): string {
    this.counter += 1;
    return `r${Date.now().toString(36)}${this.counter}`;
  }

  private async open(): Promise<void> {
    if (this.stopped || this.opening) return;
    this.opening = true;
    try {
      await this.connect();
    } finally {
      this.opening = false;
    }
  }

  private async connect(): Promise<void> {
    this.setState('connecting');
    let token: string | null;
    try {
      token = await this.options.token();
    } catch {
      // No network to renew the token with: try again later.
      this.setState('offline');
      this.scheduleRetry();
      return;
    }
    if (this.stopped) return;
    if (!token) {
      this.end();
      return;
    }
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    let ws: WebSocket;
    try {
      ws = create(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    const previous = this.ws;
    this.ws = ws;
    if (previous) previous.close(1000);
    this.authed = false;
    ws.onopen = () => this.authenticate(ws, token);
    ws.onmessage = (m) => {
      if (ws === this.ws) this.receive(typeof m.data === 'string' ? m.data : '');
    };
    ws.onclose = (c) => {
      if (ws === this.ws) this.onClosed(c.code, token);
    };
    ws.onerror = () => undefined;
  }

  private authenticate(ws: WebSocket, token: string): void {
    const id = this.nextId();
    const timer = setTimeout(() => ws.close(4000), REQUEST_TIMEOUT_MS);
    this.pending.set(id, {
      resolve: () => {
        this.authed = true;
        this.attempts = 0;
        this.lastHeard = Date.now();
        this.startPings();
        this.setState('online');
        this.options.onOnline();
      },
      // A refused token is followed by a 4401 close: the renewal happens there, once.
      reject: () => undefined,
      timer,
    });
    ws.send(JSON.stringify({ type: 'auth', id, token, device: this.options.device }));
  }

  private receive(text: string): void {
    this.lastHeard = Date.now();
    const frame = parseFrame(text);
    if (!frame) return;
    if ((frame.type === 'ack' || frame.type === 'error') && frame.id && this.pending.has(frame.id)) {
      const p = this.pending.get(frame.id)!;
      this.pending.delete(frame.id);
      clearTimeout(p.timer);
      if (frame.type === 'ack') p.resolve(frame);
      else p.reject(new ApiError(0, frame.code, frame.message ?? '', frame.retryAfter));
      return;
    }
    if (frame.type === 'error' && frame.code === 'token_expired') {
      void this.renewOpenSocket();
      return;
    }
    this.options.onFrame(frame);
  }

  private async renewOpenSocket(): Promise<void> {
    const old = await this.options.token();
    const fresh = old ? await this.options.renew(old) : null;
    if (!fresh) {
      this.end();
      return;
    }
    await this.request({ type: 'auth', token: fresh, device: this.options.device }).catch(() => undefined);
  }

  private async renewAndRetry(failed: string): Promise<void> {
    const fresh = await this.options.renew(failed);
    if (!fresh) this.end();
  }

  private onClosed(code: number, token?: string): void {
    this.ws = null;
    this.clearTimers();
    this.failPending();
    if (this.stopped || this.state === 'ended') return;
    if (code === 4403) {
      this.end();
      this.options.onEnded();
      return;
    }
    if (code === 4401 && !this.authed && token) {
      // The token was refused: renew it before trying again (renew answers null when the login is over).
      void this.renewAndRetry(token);
    }
    this.setState('offline');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const random = this.options.random ?? Math.random;
    const base = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** this.attempts);
    const delay = Math.round(base / 2 + random() * (base / 2));
    this.attempts = Math.min(this.attempts + 1, 10);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, delay);
  }

  private startPings(): void {
    this.pingTimer = setInterval(() => {
      const ws = this.ws;
      if (!ws || this.state !== 'online') return;
      if (Date.now() - this.lastHeard > PING_EVERY_MS + PING_TIMEOUT_MS) {
        ws.close(4000);
        this.onClosed(4000);
        return;
      }
      if (Date.now() - this.lastHeard >= PING_EVERY_MS) {
        this.request({ type: 'ping' }).catch(() => undefined);
      }
    }, 5_000);
  }

  private clearTimers(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private failPending(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new ApiError(0, 'network', 'connection lost'));
    }
    this.pending.clear();
  }

  private end(): void {
    this.clearTimers();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.setState('ended');
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state);
  }
}
