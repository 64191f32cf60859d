import { signal, type ReadonlySignal } from '@preact/signals';
import type { Rest } from '../protocol/rest';
import type { Presence } from '../protocol/types';

const BATCH = 100;

/** Colleagues' presence: asked for once per connection, then kept current by `presence` frames. */
export class PresenceModel {
  private readonly bySignal = signal<Record<string, Presence>>({});
  private readonly watched = new Set<string>();

  readonly byUser: ReadonlySignal<Record<string, Presence>> = this.bySignal;

  constructor(private readonly rest: Rest) {}

  get(userId: string | undefined): Presence | undefined {
    return userId ? this.bySignal.value[userId] : undefined;
  }

  /** Starts following these people (the other members of direct chats); fetches the ones not known yet. */
  watch(userIds: Iterable<string>): void {
    const fresh = [...userIds].filter((id) => !this.watched.has(id));
    fresh.forEach((id) => this.watched.add(id));
    if (fresh.length) void this.fetch(fresh);
  }

  /** After a reconnect, frames may have been missed: ask again for everyone followed. */
  refreshAll(): Promise<void> {
    return this.fetch([...this.watched]);
  }

  /** A person's presence now, fetched (the card in a chat header). */
  async fetchOne(userId: string): Promise<void> {
    this.watched.add(userId);
    try {
      this.put([await this.rest.get<Presence>(`/api/v1/presence/${encodeURIComponent(userId)}`)]);
    } catch {
      // shown as unknown until a frame or the next connection
    }
  }

  apply(p: Presence): void {
    this.put([p]);
  }

  private async fetch(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      try {
        const answer = await this.rest.get<{ presence: Presence[] }>(
          `/api/v1/presence?ids=${batch.map(encodeURIComponent).join(',')}`,
        );
        this.put(answer.presence);
      } catch {
        // offline: the next connection asks again
      }
    }
  }

  private put(list: Presence[]): void {
    if (!list.length) return;
    const next = { ...this.bySignal.peek() };
    for (const p of list) next[p.userId] = { ...next[p.userId], ...p };
    for (const p of list) {
      if (p.status !== 'off_duty') delete next[p.userId].offDutyUntil;
    }
    this.bySignal.value = next;
  }
}
