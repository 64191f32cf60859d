import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { ApiError } from '../protocol/rest';
import type { MediaInfo, SendAck } from '../protocol/types';
import type { OutboxItem, Store } from '../db/store';

/** How the outbox reaches the server. */
export interface OutboxTransport {
  isOnline(): boolean;
  send(item: OutboxItem): Promise<SendAck>;
  upload(item: OutboxItem, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<MediaInfo>;
}

/** Codes after which sending the same message again cannot succeed: the person must decide. */
const FINAL = new Set(['bad_request', 'forbidden', 'not_found', 'conflict', 'payload_too_large', 'unsupported_media_type']);
/** An upload the server will never take (too large, not a picture or voice note): it leaves the chat at once. */
const REFUSED_UPLOAD = new Set(['payload_too_large', 'unsupported_media_type']);
const MAX_BACKOFF_MS = 30_000;

/**
 * Messages not yet stored by the server. Each is written to the store before it is sent, so a reload, a crash or a
 * lost network loses nothing; it is sent (again) with the same clientId, which the server de-duplicates.
 * Per chat one message is in flight at a time, oldest first, so a chat's messages keep the order they were typed in.
 */
export class Outbox {
  private readonly itemsSignal = signal<OutboxItem[]>([]);
  private readonly progressSignal = signal<Record<string, number>>({});
  /** Messages this outbox saw stored (their ids from the acks): their events are theirs, not another item's. */
  private readonly ackedSignal = signal<ReadonlySet<string>>(new Set());
  private stopped = false;
  /** Every clientId this tab has held: a stale read of the store never brings back one already sent. */
  private readonly seen = new Set<string>();
  private readonly inFlight = new Map<string, AbortController>();
  private readonly retryAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly items: ReadonlySignal<OutboxItem[]> = this.itemsSignal;
  /** Upload progress (0..1) of pictures and voice notes being sent. */
  readonly progress: ReadonlySignal<Record<string, number>> = this.progressSignal;
  readonly acked: ReadonlySignal<ReadonlySet<string>> = this.ackedSignal;

  constructor(
    private readonly store: Store,
    private readonly transport: OutboxTransport,
    private readonly onStored: (item: OutboxItem, ack: SendAck) => void,
    /** A picture or voice note the server refused: it is dropped, and the person is told why. */
    private readonly onRefused: (item: OutboxItem, code: string) => void = () => undefined,
  ) {}

  async load(): Promise<void> {
    this.itemsSignal.value = await this.store.outbox();
    this.itemsSignal.peek().forEach((i) => this.seen.add(i.clientId));
    this.pump();
  }


  /**
   * Writes the message to the store, then sends it without waiting for the write to land: IndexedDB runs read-write
   * transactions on one store in the order they were begun, so the write always lands before the delete that
   * follows the server's answer. Should the write fail (the device's storage is full), the message is still sent from
   * memory; it just would not survive a reload before the server has it.
   */
  async add(item: OutboxItem): Promise<void> {
    const written = this.store.putOutbox(item).catch(() => undefined);
    this.seen.add(item.clientId);
    this.itemsSignal.value = [...this.itemsSignal.peek(), item];
    this.pump();
    await written;
  }

  /** Messages another tab of this browser left in the store (it closed before they went out) are sent here too. */
  async adoptFromStore(): Promise<void> {
    const stored = await this.store.outbox().catch(() => [] as OutboxItem[]);
    const fresh = stored.filter((i) => !this.seen.has(i.clientId));
    fresh.forEach((i) => this.seen.add(i.clientId));
    if (!fresh.length || this.stopped) return;
    this.itemsSignal.value = [...this.itemsSignal.peek(), ...fresh].sort((a, b) => a.createdAt - b.createdAt);
    this.pump();
  }

  /** A new session in this tab: start empty (`load` reads the store). */
  reset(): void {
    this.stopped = false;
    this.seen.clear();
    this.retryAt.clear();
    this.itemsSignal.value = [];
    this.ackedSignal.value = new Set();
  }

  /** Signing out: nothing more is sent or written. */
  stop(): void {
    this.stopped = true;
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.itemsSignal.value = [];
  }

  /** Sends what can be sent now: call when the connection comes back too. */
  pump(): void {
    if (!this.transport.isOnline() || this.stopped) return;
    const now = Date.now();
    const busyChats = new Set<string>();
    for (const item of this.itemsSignal.peek()) {
      // A message in flight, or one the server refused, holds back the later ones of its chat (their order).
      if (this.inFlight.has(item.clientId) || item.state === 'failed') busyChats.add(item.chatId);
    }
    let nextRetry = Infinity;
    for (const item of this.itemsSignal.peek()) {
      if (item.state !== 'queued' || busyChats.has(item.chatId)) continue;
      busyChats.add(item.chatId);
      const at = this.retryAt.get(item.clientId) ?? 0;
      if (at > now) {
        nextRetry = Math.min(nextRetry, at);
        continue;
      }
      void this.deliver(item);
    }
    if (nextRetry < Infinity && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, nextRetry - now);
    }
  }

  /** The connection is back: what waited out a back-off for want of a network goes now, and what other tabs left. */
  reconnected(): void {
    this.retryAt.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pump();
    void this.adoptFromStore();
  }

  /** The person gave up on a message (or a picture still uploading). */
  async discard(clientId: string): Promise<void> {
    this.inFlight.get(clientId)?.abort();
    this.inFlight.delete(clientId);
    await this.store.deleteOutbox(clientId);
    this.itemsSignal.value = this.itemsSignal.peek().filter((i) => i.clientId !== clientId);
    this.pump();
  }

  /** The person asked to try a failed message again. */
  async retry(clientId: string): Promise<void> {
    const item = this.itemsSignal.peek().find((i) => i.clientId === clientId);
    if (!item) return;
    this.retryAt.delete(clientId);
    await this.update({ ...item, state: 'queued', error: undefined });
    this.pump();
  }

  private async deliver(item: OutboxItem): Promise<void> {
    const controller = new AbortController();
    this.inFlight.set(item.clientId, controller);
    try {
      let current = item;
      if (current.blob && !current.mediaId) current = await this.uploadFirst(current, controller.signal);
      const ack = await this.transport.send(current);
      await this.store.deleteOutbox(item.clientId);
      this.retryAt.delete(item.clientId);
      // The pending bubble becomes the stored message in one render, without a flicker between.
      batch(() => {
        this.itemsSignal.value = this.itemsSignal.peek().filter((i) => i.clientId !== item.clientId);
        this.ackedSignal.value = new Set([...this.ackedSignal.peek(), ack.messageId].slice(-500));
        this.onStored(current, ack);
      });
    } catch (e) {
      if (!controller.signal.aborted && !this.stopped) await this.failed(item.clientId, e);
    } finally {
      this.inFlight.delete(item.clientId);
      this.clearProgress(item.clientId);
      this.pump();
    }
  }

  private async uploadFirst(item: OutboxItem, abort: AbortSignal): Promise<OutboxItem> {
    this.setProgress(item.clientId, 0);
    const media = await this.transport.upload(item, (f) => this.setProgress(item.clientId, f), abort);
    // Once uploaded, the bytes are the server's: keep only the id, so a resend does not upload again.
    const uploaded: OutboxItem = { ...item, blob: undefined, mediaId: media.id, media };
    await this.update(uploaded);
    return uploaded;
  }

  private async failed(clientId: string, e: unknown): Promise<void> {
    const item = this.itemsSignal.peek().find((i) => i.clientId === clientId);
    if (!item) return;
    const code = e instanceof ApiError ? e.code : 'network';
    const attempts = item.attempts + 1;
    if (REFUSED_UPLOAD.has(code) && item.blob && !item.mediaId) {
      await this.store.deleteOutbox(clientId);
      this.itemsSignal.value = this.itemsSignal.peek().filter((i) => i.clientId !== clientId);
      this.onRefused(item, code);
      return;
    }
    if (FINAL.has(code)) {
      await this.update({ ...item, state: 'failed', error: code, attempts });
      return;
    }
    const wait = e instanceof ApiError && e.retryAfter ? e.retryAfter * 1_000
      : Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempts, 8)) * (0.5 + Math.random() / 2);
    this.retryAt.set(clientId, Date.now() + wait);
    await this.update({ ...item, attempts });
  }

  private async update(item: OutboxItem): Promise<void> {
    const exists = this.itemsSignal.peek().some((i) => i.clientId === item.clientId);
    if (!exists || this.stopped) return;
    await this.store.putOutbox(item);
    this.itemsSignal.value = this.itemsSignal.peek().map((i) => (i.clientId === item.clientId ? item : i));
  }

  private setProgress(clientId: string, fraction: number): void {
    this.progressSignal.value = { ...this.progressSignal.peek(), [clientId]: fraction };
  }

  private clearProgress(clientId: string): void {
    if (!(clientId in this.progressSignal.peek())) return;
    const next = { ...this.progressSignal.peek() };
    delete next[clientId];
    this.progressSignal.value = next;
  }
}

/** A clientId: random, so two devices never pick the same one. */
export function newClientId(): string {
  return crypto.randomUUID();
}
