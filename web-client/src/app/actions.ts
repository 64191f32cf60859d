import { signal, type ReadonlySignal } from '@preact/signals';
import type { Chat, MediaInfo, OffDutyNote, User } from '../protocol/types';
import type { ChatClient } from './client';

/** The longest text the server takes, in code points. */
export const MAX_TEXT = 4096;
/** The sender may edit for this long. */
export const EDIT_WINDOW_MS = 15 * 60_000;

export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * What a person does, in the words of the screens: each step is a request to the server or a message into the
 * outbox. Failures are thrown as the protocol's `ApiError`; screens turn them into words (`ui/errors.ts`).
 */
export class Actions {
  private readonly offDutySignal = signal<Record<string, OffDutyNote[]>>({});
  /** Per chat, the recipients a send found off duty (shown under the composer). */
  readonly offDutyNotes: ReadonlySignal<Record<string, OffDutyNote[]>> = this.offDutySignal;
  private lastTyping = new Map<string, number>();

  constructor(private readonly client: ChatClient) {}

  sendText(chatId: string, text: string, extra: { replyTo?: string; mentions?: string[]; urgent?: boolean } = {}): Promise<void> {
    return this.client.queue({ chatId, kind: 'text', text, ...extra });
  }

  sendPicture(chatId: string, blob: Blob, caption: string, size: { width?: number; height?: number }, urgent = false): Promise<void> {
    const media = { id: '', mime: blob.type, size: blob.size, ...size };
    return this.client.queue({ chatId, kind: 'image', blob, blobType: blob.type, media, ...(caption ? { text: caption } : {}), urgent });
  }

  sendVoice(chatId: string, blob: Blob, durationMs: number, urgent = false): Promise<void> {
    // Until the upload answers with the server's own measure, the recorder's length is shown.
    const media = { id: '', mime: blob.type, size: blob.size, durationMs };
    return this.client.queue({ chatId, kind: 'voice', blob, blobType: blob.type, media, urgent });
  }

  /** Sends a message seen elsewhere to another chat (the server checks that I may see it). */
  async forward(toChatId: string, message: { messageId: string; kind: 'text' | 'image' | 'voice'; text?: string; media?: MediaInfo }): Promise<void> {
    await this.client.queue({
      chatId: toChatId,
      kind: message.kind,
      forwardOf: message.messageId,
      ...(message.text ? { text: message.text } : {}),
      ...(message.media ? { mediaId: message.media.id, media: message.media } : {}),
    });
  }

  async edit(messageId: string, text: string): Promise<void> {
    await this.client.connection.request({ type: 'edit', messageId, text });
  }

  async remove(messageId: string): Promise<void> {
    await this.client.connection.request({ type: 'delete', messageId });
  }

  async react(messageId: string, emoji: string): Promise<void> {
    await this.client.connection.request({ type: 'react', messageId, emoji });
  }

  /** At most one typing frame per chat every 3 s. */
  typing(chatId: string): void {
    const now = Date.now();
    if (now - (this.lastTyping.get(chatId) ?? 0) < 3_000) return;
    this.lastTyping.set(chatId, now);
    this.client.connection.send({ type: 'typing', chatId });
  }

  /** Opens the direct chat with a colleague, creating it the first time. */
  async openDirect(userId: string): Promise<Chat> {
    const chat = await this.client.rest.post<Chat>('/api/v1/chats', { type: 'direct', members: [userId] });
    await this.client.adopt(chat);
    return chat;
  }

  async createGroup(name: string, members: string[]): Promise<Chat> {
    const chat = await this.client.rest.post<Chat>('/api/v1/chats', { type: 'group', name, members });
    await this.client.adopt(chat);
    return chat;
  }

  async rename(chatId: string, name: string): Promise<void> {
    this.client.chats.putChat(await this.client.rest.patch<Chat>(`/api/v1/chats/${encodeURIComponent(chatId)}`, { name }));
  }

  async addMembers(chatId: string, userIds: string[]): Promise<void> {
    this.client.chats.putChat(await this.client.rest.post<Chat>(`/api/v1/chats/${encodeURIComponent(chatId)}/members`, { userIds }));
  }

  async removeMember(chatId: string, userId: string): Promise<void> {
    await this.client.rest.delete(`/api/v1/chats/${encodeURIComponent(chatId)}/members/${encodeURIComponent(userId)}`);
  }

  async setRole(chatId: string, userId: string, role: 'admin' | 'member'): Promise<void> {
    this.client.chats.putChat(await this.client.rest.patch<Chat>(
      `/api/v1/chats/${encodeURIComponent(chatId)}/members/${encodeURIComponent(userId)}`, { role }));
  }

  async leave(chatId: string): Promise<void> {
    const me = this.client.session.user.peek()?.id;
    if (!me) return;
    await this.removeMember(chatId, me);
    this.client.engine.left(chatId);
  }

  async receipts(chatId: string, messageId: string): Promise<{ userId: string; receivedAt?: string; readAt?: string }[]> {
    const answer = await this.client.rest.get<{ receipts: { userId: string; receivedAt?: string; readAt?: string }[] }>(
      `/api/v1/chats/${encodeURIComponent(chatId)}/messages/${encodeURIComponent(messageId)}/receipts`);
    return answer.receipts;
  }

  async search(q: string, signal?: AbortSignal): Promise<User[]> {
    void signal;
    const answer = await this.client.rest.get<{ users: User[] }>(`/api/v1/users?q=${encodeURIComponent(q)}&limit=20`);
    this.client.people.remember(answer.users);
    return answer.users;
  }

  /** Per chat, why the last picture or voice note was refused (shown until the next one is chosen). */
  readonly refusals = signal<Record<string, { kind: string; code: string }>>({});

  noteRefused(chatId: string, kind: string, code: string): void {
    this.refusals.value = { ...this.refusals.peek(), [chatId]: { kind, code } };
  }

  clearRefused(chatId: string): void {
    if (!this.refusals.peek()[chatId]) return;
    const next = { ...this.refusals.peek() };
    delete next[chatId];
    this.refusals.value = next;
  }

  noteOffDuty(chatId: string, notes: OffDutyNote[]): void {
    this.offDutySignal.value = { ...this.offDutySignal.peek(), [chatId]: notes };
  }

  clearOffDuty(chatId: string): void {
    if (!this.offDutySignal.peek()[chatId]) return;
    const next = { ...this.offDutySignal.peek() };
    delete next[chatId];
    this.offDutySignal.value = next;
  }
}
