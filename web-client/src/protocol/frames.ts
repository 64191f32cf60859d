import type { ChatEvent, PresenceStatus } from './types';

/** Frames the server pushes, checked at runtime: anything that does not parse is ignored, never trusted. */
export type ServerFrame =
  | { type: 'ack'; id: string; [key: string]: unknown }
  | { type: 'error'; id?: string; code: string; message?: string; retryAfter?: number }
  | { type: 'event'; event: ChatEvent }
  | { type: 'receipt'; chatId: string; userId: string; received?: number; read?: number }
  | { type: 'typing'; chatId: string; userId: string }
  | { type: 'presence'; userId: string; status: PresenceStatus; offDutyUntil?: string; lastSeen?: string };

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const optional = <T>(v: unknown, check: (x: unknown) => x is T): boolean => v === undefined || check(v);

export function isEvent(v: unknown): v is ChatEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return isString(e.chatId) && isNumber(e.seq) && e.seq >= 1 && isString(e.type) && isString(e.at);
}

/** Parses one text frame; null for anything malformed. */
export function parseFrame(text: string): ServerFrame | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const f = v as Record<string, unknown>;
  switch (f.type) {
    case 'ack':
      return isString(f.id) ? (f as ServerFrame) : null;
    case 'error':
      return isString(f.code) && optional(f.id, isString) ? (f as ServerFrame) : null;
    case 'event':
      return isEvent(f.event) ? (f as ServerFrame) : null;
    case 'receipt':
      return isString(f.chatId) && isString(f.userId) && optional(f.received, isNumber) && optional(f.read, isNumber)
        ? (f as ServerFrame)
        : null;
    case 'typing':
      return isString(f.chatId) && isString(f.userId) ? (f as ServerFrame) : null;
    case 'presence':
      return isString(f.userId) && isString(f.status) ? (f as ServerFrame) : null;
    default:
      return null;
  }
}

/** Frames this client sends. Those sent with an id get exactly one ack or error (a send's id is its clientId). */
export type ClientFrame =
  | { type: 'auth'; token: string; device?: string }
  | { type: 'send'; chatId: string; kind: string; text?: string; mediaId?: string; replyTo?: string;
      mentions?: string[]; forwardOf?: string; urgent?: boolean }
  | { type: 'sync'; chats: Record<string, number> }
  | { type: 'received'; chatId: string; seq: number }
  | { type: 'read'; chatId: string; seq: number }
  | { type: 'typing'; chatId: string }
  | { type: 'open' }
  | { type: 'edit'; messageId: string; text: string }
  | { type: 'delete'; messageId: string }
  | { type: 'react'; messageId: string; emoji: string }
  | { type: 'ping' };
