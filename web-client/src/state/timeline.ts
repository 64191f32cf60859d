import { signal, type ReadonlySignal } from '@preact/signals';
import type { Rest } from '../protocol/rest';
import type { ChatEvent } from '../protocol/types';
import type { Store } from '../db/store';

const PAGE = 50;
/** Events kept per chat on the device for opening offline. */
export const CACHED_EVENTS = 200;

/**
 * One chat's events as far back as the person has scrolled: the newest from the device's cache, older pages from
 * the server (`before`), newer ones appended by the sync engine in seq order.
 */
export class Timeline {
  private readonly eventsSignal = signal<ChatEvent[]>([]);
  private readonly olderSignal = signal(true);
  private readonly loadingSignal = signal(false);
  private readonly readySignal = signal(false);
  private loadingOlder: Promise<void> | null = null;
  /** The chat's `have` when it was opened: where paging back starts while nothing is shown. */
  private openedAt = 0;

  readonly events: ReadonlySignal<ChatEvent[]> = this.eventsSignal;
  readonly hasOlder: ReadonlySignal<boolean> = this.olderSignal;
  readonly loading: ReadonlySignal<boolean> = this.loadingSignal;
  readonly ready: ReadonlySignal<boolean> = this.readySignal;

  constructor(
    readonly chatId: string,
    private readonly rest: Rest,
    private readonly store: Store,
  ) {}

  /** Shows what the device holds at once, then fills the first screen from the server if that was little. */
  async open(have: number): Promise<void> {
    this.openedAt = have;
    const cached = await this.store.events(this.chatId, CACHED_EVENTS);
    const usable = cached.filter((e) => e.seq <= have);
    if (!this.eventsSignal.peek().length) this.eventsSignal.value = usable;
    if (usable.length && usable[0].seq === 1) this.olderSignal.value = false;
    this.readySignal.value = true;
    if (this.eventsSignal.peek().length < PAGE && this.olderSignal.peek()) await this.loadOlder();
  }

  /** The next page back; resolves when it is shown (or nothing older exists). Nothing before `open`. */
  loadOlder(): Promise<void> {
    if (!this.loadingOlder && this.olderSignal.peek() && this.readySignal.peek()) {
      const done = () => {
        this.loadingOlder = null;
        this.loadingSignal.value = false;
      };
      // Done before the page is shown: showing it re-renders the log, which asks for the next page at once when
      // its top is still in sight; that ask must start a load, not be folded into this finished one.
      this.loadingOlder = this.fetchOlder().then(
        (show) => {
          done();
          show();
        },
        (e: unknown) => {
          done();
          throw e;
        },
      );
    }
    return this.loadingOlder ?? Promise.resolve();
  }

  /** Fetches the page before what is shown; answers how to show it. */
  private async fetchOlder(): Promise<() => void> {
    const current = this.eventsSignal.peek();
    const before = current.length ? current[0].seq : this.openedAt + 1;
    if (before <= 1) {
      this.olderSignal.value = false;
      return () => undefined;
    }
    this.loadingSignal.value = true;
    const answer = await this.rest.get<{ events: ChatEvent[] }>(
      `/api/v1/chats/${encodeURIComponent(this.chatId)}/events?before=${before}&limit=${PAGE}`,
    );
    const older = answer.events.filter((e) => e.seq < before);
    return () => {
      if (older.length < PAGE) this.olderSignal.value = false;
      if (older.length) {
        this.eventsSignal.value = [...older, ...this.eventsSignal.peek().filter((e) => e.seq >= before)];
      }
    };
  }

  /** Events the sync engine applied, in seq order after what is here. */
  append(events: ChatEvent[]): void {
    const current = this.eventsSignal.peek();
    const last = current.length ? current[current.length - 1].seq : 0;
    const fresh = events.filter((e) => e.seq > last);
    if (fresh.length) this.eventsSignal.value = [...current, ...fresh];
  }
}

/** The timelines of chats opened in this visit, so going back to a chat is instant. */
export class Timelines {
  private readonly open = new Map<string, Timeline>();

  constructor(
    private readonly rest: Rest,
    private readonly store: Store,
  ) {}

  get(chatId: string): Timeline {
    let t = this.open.get(chatId);
    if (!t) {
      t = new Timeline(chatId, this.rest, this.store);
      this.open.set(chatId, t);
    }
    return t;
  }

  peek(chatId: string): Timeline | undefined {
    return this.open.get(chatId);
  }

  drop(chatId: string): void {
    this.open.delete(chatId);
  }

  clear(): void {
    this.open.clear();
  }
}
