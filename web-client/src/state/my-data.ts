import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { ApiError, type Rest } from '../protocol/rest';
import type { SubjectExport } from '../protocol/types';

/** How often a copy being prepared is asked about. */
export const POLL_MS = 2_000;
/** The longest a timer may wait (setTimeout's limit); an expiry further off is looked at again later. */
const MAX_WAIT_MS = 2 ** 31 - 1;

/** What the "Your data" section shows. */
export type MyDataView =
  | { kind: 'unknown' }
  | { kind: 'none' }
  | { kind: 'asking' }
  | { kind: 'pending'; percent: number }
  | { kind: 'ready'; size?: number; expiresAt?: string }
  | { kind: 'failed' };

/**
 * The view of the person's latest export: `undefined` is not known yet (the first answer has not come), `null` is
 * none. A ready copy whose time is up counts as none, as the server has deleted it or is about to.
 */
export function viewOf(latest: SubjectExport | null | undefined, asking: boolean, now: number): MyDataView {
  if (asking) return { kind: 'asking' };
  if (latest === undefined) return { kind: 'unknown' };
  if (latest === null) return { kind: 'none' };
  switch (latest.status) {
    case 'pending':
      return { kind: 'pending', percent: Math.max(0, Math.min(100, Math.round(latest.progress ?? 0))) };
    case 'failed':
      return { kind: 'failed' };
    default:
      if (latest.expiresAt && Date.parse(latest.expiresAt) <= now) return { kind: 'none' };
      return { kind: 'ready', size: latest.size, expiresAt: latest.expiresAt };
  }
}

/** The name the zip is saved under: chatpro-my-data-2026-12-01.zip (the day it was asked for, in UTC). */
export function fileNameOf(exp: SubjectExport, now: number): string {
  const day = (exp.createdAt && !Number.isNaN(Date.parse(exp.createdAt)) ? new Date(exp.createdAt) : new Date(now))
    .toISOString().slice(0, 10);
  return `chatpro-my-data-${day}.zip`;
}

/** A failure worth trying again by itself a moment later (the phone is offline, the server is busy). */
function passing(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'network' || e.code === 'unavailable' || e.code === 'rate_limited');
}

function gone(e: unknown): boolean {
  return e instanceof ApiError && e.status === 404;
}

type Api = Pick<Rest, 'get' | 'post' | 'blob'>;

/**
 * The person's own copy of their data (subject access, GDPR Art. 15), as Settings shows it: the latest export is read
 * from the server when the section opens, so a reload or another device shows the same progress or ready file; while
 * one is being prepared it is asked about every {@link POLL_MS}. Failures are kept as the error, for the view to put
 * in words, and a passing one (offline) is retried by itself.
 */
export class MyDataModel {
  private readonly latestSignal = signal<SubjectExport | null | undefined>(undefined);
  private readonly askingSignal = signal(false);
  private readonly savingSignal = signal(false);
  private readonly problemSignal = signal<unknown>(null);
  private readonly nowSignal = signal(0);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  /** The latest export as the server last answered it (undefined until it has). */
  readonly latest: ReadonlySignal<SubjectExport | null | undefined> = this.latestSignal;
  readonly saving: ReadonlySignal<boolean> = this.savingSignal;
  /** The last failure, until a request succeeds again. */
  readonly problem: ReadonlySignal<unknown> = this.problemSignal;
  readonly view: ReadonlySignal<MyDataView>;

  constructor(
    private readonly api: Api,
    /** Hands the zip to the browser to save (`download` in the UI). */
    private readonly save: (file: Blob, name: string) => void,
    private readonly clock: () => number = Date.now,
  ) {
    this.nowSignal.value = clock();
    this.view = computed(() => viewOf(this.latestSignal.value, this.askingSignal.value, this.nowSignal.value));
  }

  /** Reads the latest export and keeps following it until {@link stop}. */
  start(): Promise<void> {
    this.running = true;
    return this.load();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  /** Asks for a new copy; while one is still being prepared the server answers that one. */
  async request(): Promise<void> {
    if (this.askingSignal.peek()) return;
    this.askingSignal.value = true;
    this.problemSignal.value = null;
    try {
      const made = await this.api.post<SubjectExport>('/api/v1/me/export', {});
      this.settle({ progress: 0, ...made });
    } catch (e) {
      this.problemSignal.value = e;
    } finally {
      this.askingSignal.value = false;
    }
  }

  /** Saves the ready zip through the browser. */
  async download(): Promise<void> {
    const exp = this.latestSignal.peek();
    if (!exp || exp.status !== 'ready' || this.savingSignal.peek()) return;
    this.savingSignal.value = true;
    this.problemSignal.value = null;
    try {
      const file = await this.api.blob(`/api/v1/me/exports/${encodeURIComponent(exp.id)}/download`);
      this.save(file, fileNameOf(exp, this.clock()));
    } catch (e) {
      this.problemSignal.value = e;
      if (gone(e)) this.settle(null);
    } finally {
      this.savingSignal.value = false;
    }
  }

  private async load(): Promise<void> {
    try {
      const answer = await this.api.get<{ exports: SubjectExport[] }>('/api/v1/me/exports');
      this.problemSignal.value = null;
      this.settle(answer.exports[0] ?? null);
    } catch (e) {
      this.problemSignal.value = e;
      if (passing(e)) this.later(() => this.load(), POLL_MS);
    }
  }

  private async refresh(id: string): Promise<void> {
    try {
      const exp = await this.api.get<SubjectExport>(`/api/v1/me/exports/${encodeURIComponent(id)}`);
      this.problemSignal.value = null;
      if (this.latestSignal.peek()?.id === id) this.settle(exp);
    } catch (e) {
      if (gone(e)) {
        // deleted meanwhile (its 7 days were up): show what the server has now
        await this.load();
        return;
      }
      this.problemSignal.value = e;
      this.later(() => this.refresh(id), POLL_MS);
    }
  }

  /** Takes the server's answer and decides when to look again: soon while pending, at the expiry when ready. */
  private settle(exp: SubjectExport | null): void {
    const now = this.clock();
    this.nowSignal.value = now;
    this.latestSignal.value = exp;
    this.clear();
    if (exp?.status === 'pending') this.later(() => this.refresh(exp.id), POLL_MS);
    else if (exp?.status === 'ready' && exp.expiresAt) {
      const left = Date.parse(exp.expiresAt) - now;
      if (left > 0) this.later(() => (left > MAX_WAIT_MS ? this.settle(exp) : this.load()), Math.min(left + 1_000, MAX_WAIT_MS));
    }
  }

  private later(next: () => unknown, ms: number): void {
    this.clear();
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void next();
    }, ms);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
