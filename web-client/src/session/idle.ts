/** At most this long before an idle sign-out, the person is asked whether they are still there. */
export const WARN_MS = 60_000;

export interface IdleHandlers {
  /** Nothing happened for a while: ask "Still there?" (`msLeft` until the sign-out). */
  onWarn(msLeft: number): void;
  /** The person answered that they are still there: the question goes away. */
  onBack(): void;
  /** Nothing happened for the whole timeout: sign out. Called once; the timer is stopped then. */
  onTimeout(): void;
}

/**
 * The clock of a shared device's session: signs out after `timeoutMs` without use, warning first (a minute before,
 * or halfway for timeouts under two minutes). Activity only notes the time, so it may be called on every pointer
 * move; the single timer checks the clock when it fires, so a phone that slept past the timeout signs out at once
 * when it wakes, without a warning nobody could answer. Once the warning shows, only an answer (`stay`) keeps the
 * session: the pointer moving towards the button must not make the question vanish under it.
 */
export class IdleTimer {
  private last: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private warning = false;
  private stopped = false;

  constructor(
    private timeoutMs: number,
    private readonly handlers: IdleHandlers,
    lastActive: number = Date.now(),
    private readonly now: () => number = Date.now,
  ) {
    this.last = lastActive;
    this.check();
  }

  /** The person did something (ignored while the warning asks for an answer). */
  activity(): void {
    if (this.stopped || this.warning) return;
    this.last = this.now();
  }

  /** "Stay signed in": the warning goes and the clock starts again. */
  stay(): void {
    if (this.stopped) return;
    this.last = this.now();
    if (this.warning) {
      this.warning = false;
      this.handlers.onBack();
    }
    this.check();
  }

  /** The organisation's timeout became known, or changed: counted from the last activity. */
  setTimeout(timeoutMs: number): void {
    if (this.stopped || timeoutMs === this.timeoutMs) return;
    this.timeoutMs = timeoutMs;
    if (this.warning && this.now() - this.last < this.timeoutMs - this.warnMs()) {
      this.warning = false;
      this.handlers.onBack();
    }
    this.check();
  }

  /** Looks at the clock now (the page became visible after a sleep, say). */
  check(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const idle = this.now() - this.last;
    if (idle >= this.timeoutMs) {
      this.stop();
      this.handlers.onTimeout();
      return;
    }
    const warnAt = this.timeoutMs - this.warnMs();
    if (idle >= warnAt && !this.warning) {
      this.warning = true;
      this.handlers.onWarn(this.timeoutMs - idle);
    }
    const next = this.warning ? this.timeoutMs - idle : warnAt - idle;
    this.timer = setTimeout(() => this.check(), next);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private warnMs(): number {
    return Math.min(WARN_MS, this.timeoutMs / 2);
  }
}
