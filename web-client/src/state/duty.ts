import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Rest } from '../protocol/rest';
import type { Presence } from '../protocol/types';

/** How often to ask whether a schedule has switched me off or on (the server does not push my own status). */
const CHECK_EVERY_MS = 30_000;

/**
 * My own duty: while I am off duty the app is quiet (nothing new is shown) unless I chose to look. `looking` lasts
 * until I am back on duty or the page closes, like the server's `open` on a socket.
 */
export class DutyModel {
  private readonly untilSignal = signal<string | null>(null);
  private readonly lookingSignal = signal(false);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;

  /** When I will be back on duty, while I am off duty. */
  readonly offDutyUntil: ReadonlySignal<string | null> = this.untilSignal;
  readonly looking: ReadonlySignal<boolean> = this.lookingSignal;
  readonly quiet = computed(() => this.untilSignal.value !== null && !this.lookingSignal.value);

  constructor(
    private readonly rest: Rest,
    private readonly me: () => string | undefined,
    /** Tells the server this socket looks (`open`). */
    private readonly sendOpen: () => void,
  ) {}

  start(): void {
    if (!this.poll) this.poll = setInterval(() => void this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = null;
    this.timer = null;
  }

  /** Reads my status from the server (at start, on reconnect, periodically). */
  async check(): Promise<void> {
    const id = this.me();
    if (!id) return;
    try {
      this.apply(await this.rest.get<Presence>(`/api/v1/presence/${encodeURIComponent(id)}`));
    } catch {
      // offline: keep what we knew
    }
  }

  apply(p: Pick<Presence, 'status' | 'offDutyUntil'>): void {
    const until = p.status === 'off_duty' ? p.offDutyUntil ?? null : null;
    if (until === null) this.lookingSignal.value = false;
    this.untilSignal.value = until;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (until) {
      const wait = Math.max(1_000, Math.min(Date.parse(until) - Date.now() + 1_500, 2 ** 31 - 1));
      this.timer = setTimeout(() => void this.check(), wait);
    }
  }

  /** "Look anyway": this device shows what waited, and stays live. */
  look(): void {
    this.lookingSignal.value = true;
    this.sendOpen();
  }

  /** "I'm back". */
  async back(): Promise<void> {
    await this.rest.delete('/api/v1/me/off-duty');
    this.apply({ status: 'online' });
  }

  /** "Go off duty until …". */
  async goOffDuty(until: Date): Promise<void> {
    const answer = await this.rest.post<{ status: 'off_duty'; offDutyUntil: string }>('/api/v1/me/off-duty', {
      until: until.toISOString(),
    });
    this.lookingSignal.value = false;
    this.apply({ status: 'off_duty', offDutyUntil: answer.offDutyUntil });
  }

  /** After a reconnect the socket is new: tell it again that I look. */
  reopen(): void {
    if (this.lookingSignal.peek() && this.untilSignal.peek()) this.sendOpen();
  }
}
