import type { ChatEvent, ChatListEntry } from '../src/protocol/types';
import type { Rest } from '../src/protocol/rest';
import type { SyncSocket } from '../src/sync/engine';
import { vi } from 'vitest';

/**
 * Moves the faked clock on in small steps and lets real I/O between them finish (fake-indexeddb works through
 * setImmediate, which stays real), so timers and store writes interleave as they would in a browser.
 */
export async function letTimePass(ms: number, steps = 40): Promise<void> {
  for (let i = 0; i < steps; i++) {
    await vi.advanceTimersByTimeAsync(ms / steps);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export const ME = 'u-me';
export const OTHER = 'u-other';

export function message(chatId: string, seq: number, senderId = OTHER, text = `m${seq}`): ChatEvent {
  return { chatId, seq, type: 'message', at: new Date(Date.UTC(2026, 11, 1, 9, 0, seq)).toISOString(), messageId: `${chatId}-m${seq}`, senderId, kind: 'text', text };
}

export function entry(id: string, lastSeq = 0, unread = 0): ChatListEntry {
  return {
    id, type: 'direct', members: [{ userId: ME, role: 'member' }, { userId: OTHER, role: 'member' }],
    lastSeq, createdAt: '2026-12-01T08:00:00Z', unread, lastMessage: null,
  };
}

/** The server's side of the API the engine reads: chats, their logs, and who may see which seq. */
export class FakeServer {
  readonly logs = new Map<string, ChatEvent[]>();
  readonly chats = new Map<string, ChatListEntry>();
  /** Seqs the person may not see (before they joined, say). */
  readonly hidden = new Set<string>();
  readonly requests: string[] = [];
  failNext = 0;

  add(chatId: string, events: ChatEvent[]): void {
    const log = this.logs.get(chatId) ?? [];
    log.push(...events);
    this.logs.set(chatId, log);
    const e = this.chats.get(chatId) ?? entry(chatId);
    this.chats.set(chatId, { ...e, lastSeq: log.length ? log[log.length - 1].seq : 0 });
  }

  visible(chatId: string): ChatEvent[] {
    return (this.logs.get(chatId) ?? []).filter((e) => !this.hidden.has(`${chatId}:${e.seq}`));
  }

  readonly rest = {
    get: async <T>(path: string): Promise<T> => {
      this.requests.push(path);
      if (this.failNext > 0) {
        this.failNext--;
        throw Object.assign(new Error('offline'), { code: 'network' });
      }
      const url = new URL(path, 'http://x');
      const parts = url.pathname.split('/').filter(Boolean);
      if (url.pathname === '/api/v1/chats') return { chats: [...this.chats.values()] } as T;
      const chatId = decodeURIComponent(parts[3]);
      if (parts[4] === 'events') {
        const after = url.searchParams.get('after');
        const before = url.searchParams.get('before');
        const limit = Number(url.searchParams.get('limit') ?? 50);
        const all = this.visible(chatId);
        const events = after !== null ? all.filter((e) => e.seq > Number(after)).slice(0, limit)
          : all.filter((e) => e.seq < Number(before)).slice(-limit);
        return { events } as T;
      }
      const chat = this.chats.get(chatId);
      if (!chat) throw Object.assign(new Error('not found'), { status: 404, code: 'not_found' });
      return chat as T;
    },
  } as unknown as Rest;
}

/** A socket that records what the engine sends and answers `sync` from the fake server. */
export class FakeSocket implements SyncSocket {
  isOnline = true;
  readonly sent: { type: string; chatId: string; seq: number }[] = [];
  readonly syncs: Record<string, number>[] = [];
  onSync: (chats: Record<string, number>) => { events: ChatEvent[]; more: boolean } = () => ({ events: [], more: false });
  deliver: (events: ChatEvent[]) => void = () => undefined;

  async request(frame: { type: 'sync'; chats: Record<string, number> }): Promise<Record<string, unknown>> {
    this.syncs.push({ ...frame.chats });
    const answer = this.onSync(frame.chats);
    this.deliver(answer.events);
    return { type: 'ack', more: answer.more };
  }

  send(frame: { type: 'received' | 'read'; chatId: string; seq: number }): boolean {
    this.sent.push(frame);
    return true;
  }
}
