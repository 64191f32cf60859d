import { signal, type ReadonlySignal } from '@preact/signals';
import { IdleTimer } from './idle';
import { clearLocalStorage, deleteDatabases, forgetServiceWorker } from './forget';

/** This tab's session is a shared device's (set when it starts, so a reload knows before opening any store). */
const MARK_KEY = 'chatpro.shared';
/** When the person last did something, so a reload cannot restart the idle clock. */
const ACTIVE_KEY = 'chatpro.sharedActive';
/** The organisation's timeout as last known, for the same reason. */
const MINUTES_KEY = 'chatpro.sharedMinutes';

export const DEFAULT_TIMEOUT_MINUTES = 10;
/** What counts as using the app. Scroll does not bubble: it is heard in the capture phase. */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;
/** Activity is written to sessionStorage at most this often. */
const SAVE_EVERY_MS = 5_000;

/** The org setting `sharedDeviceTimeoutMinutes` when it is a usable number of minutes, else the default. */
export function timeoutMinutes(setting: unknown): number {
  return typeof setting === 'number' && Number.isInteger(setting) && setting >= 1 ? setting : DEFAULT_TIMEOUT_MINUTES;
}

/**
 * A shared device (a ward's tablet, the office PC): a session that leaves nothing behind. While it lasts, ChatPro
 * keeps its data in memory (the login in this tab's sessionStorage), has no service worker and no caches, and signs
 * out after the organisation's number of minutes without use, asking "Still there?" first. When it ends, however
 * it ends, everything this page held goes: IndexedDB, Cache Storage, sessionStorage and ChatPro's localStorage keys
 * but the language and the organisation's short name.
 */
export class SharedDevice {
  private readonly activeSignal = signal(false);
  private readonly warningSignal = signal<number | null>(null);
  private readonly minutesSignal = signal(DEFAULT_TIMEOUT_MINUTES);
  private timer: IdleTimer | null = null;
  private saved = 0;
  private readonly listen = () => this.activity();
  private readonly visible = () => {
    if (document.visibilityState === 'visible') this.timer?.check();
  };

  /** This tab's session is a shared device's. */
  readonly active: ReadonlySignal<boolean> = this.activeSignal;
  /** Seconds until the idle sign-out, while "Still there?" is asked; null otherwise. */
  readonly warning: ReadonlySignal<number | null> = this.warningSignal;
  /** The organisation's minutes without use before the sign-out (also after it, for the sign-in page). */
  readonly minutes: ReadonlySignal<number> = this.minutesSignal;
  /** The box on the sign-in pages: ticked again for the next person after a shared session in this tab. */
  readonly chosen = signal(false);

  constructor(
    private readonly signOut: () => void,
    private readonly keepLocal: readonly string[],
    private readonly storage: Storage = sessionStorage,
  ) {}

  /** At start, before any store is opened: was this tab's session a shared device's? */
  static marked(storage: Storage = sessionStorage): boolean {
    return storage.getItem(MARK_KEY) === '1';
  }

  /**
   * A shared session was just signed in (the store is already this tab's memory): the earlier traces of ChatPro
   * go, and the idle clock starts.
   */
  async begin(): Promise<void> {
    this.storage.setItem(MARK_KEY, '1');
    this.storage.setItem(ACTIVE_KEY, String(Date.now()));
    this.chosen.value = true;
    this.start(Date.now());
    await Promise.all([deleteDatabases(), forgetServiceWorker()]);
    clearLocalStorage(this.keepLocal);
  }

  /** The page was reloaded during a shared session: the clock goes on from the last activity. */
  resume(): void {
    this.chosen.value = true;
    const minutes = Number(this.storage.getItem(MINUTES_KEY));
    if (minutes) this.minutesSignal.value = timeoutMinutes(minutes);
    this.start(Number(this.storage.getItem(ACTIVE_KEY)) || Date.now());
    // Whatever another tab left since (it may have registered the worker again) goes too.
    void Promise.all([deleteDatabases(), forgetServiceWorker()]);
  }

  /** The organisation's setting arrived or changed. */
  setTimeoutMinutes(setting: unknown): void {
    const minutes = timeoutMinutes(setting);
    this.minutesSignal.value = minutes;
    if (this.activeSignal.peek()) this.storage.setItem(MINUTES_KEY, String(minutes));
    this.timer?.setTimeout(minutes * 60_000);
  }

  /** "Stay signed in". */
  stay(): void {
    this.timer?.stay();
  }

  /** The session ended (signed out, idle, ended by the server): nothing of it stays. */
  async end(): Promise<void> {
    if (!this.activeSignal.peek() && !SharedDevice.marked(this.storage)) return;
    this.stop();
    this.activeSignal.value = false;
    this.storage.clear();
    clearLocalStorage(this.keepLocal);
    await Promise.all([deleteDatabases(), forgetServiceWorker()]);
  }

  private start(lastActive: number): void {
    this.stop();
    this.activeSignal.value = true;
    this.storage.setItem(MINUTES_KEY, String(this.minutesSignal.peek()));
    for (const type of ACTIVITY) window.addEventListener(type, this.listen, { capture: true, passive: true });
    document.addEventListener('visibilitychange', this.visible);
    this.timer = new IdleTimer(this.minutesSignal.peek() * 60_000, {
      onWarn: (msLeft) => (this.warningSignal.value = Math.round(msLeft / 1000)),
      onBack: () => (this.warningSignal.value = null),
      onTimeout: () => {
        this.warningSignal.value = null;
        this.signOut();
      },
    }, lastActive);
  }

  private stop(): void {
    this.timer?.stop();
    this.timer = null;
    this.warningSignal.value = null;
    for (const type of ACTIVITY) window.removeEventListener(type, this.listen, { capture: true });
    document.removeEventListener('visibilitychange', this.visible);
  }

  private activity(): void {
    const timer = this.timer;
    if (!timer) return;
    timer.activity();
    const now = Date.now();
    if (now - this.saved > SAVE_EVERY_MS) {
      this.saved = now;
      this.storage.setItem(ACTIVE_KEY, String(now));
    }
  }
}
