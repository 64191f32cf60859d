/** The shapes of ChatPro's public protocol, as the server sends them (see docs/protocol.md). */

export type Role = 'member' | 'admin' | 'compliance';

export interface User {
  id: string;
  orgId: string;
  username?: string;
  displayName: string;
  title?: string;
  department?: string;
  location?: string;
  roles: Role[];
  active: boolean;
  erased?: boolean;
}

export interface Member {
  userId: string;
  role: 'member' | 'admin';
  receivedSeq?: number;
  readSeq?: number;
}

export interface Chat {
  id: string;
  type: 'direct' | 'group';
  name?: string;
  members: Member[];
  lastSeq: number;
  createdAt: string;
}

export interface ChatListEntry extends Chat {
  unread: number;
  lastMessage: ChatEvent | null;
}

export interface MediaInfo {
  id: string;
  kind?: 'image' | 'voice';
  mime: string;
  size: number;
  width?: number;
  height?: number;
  durationMs?: number;
  waveform?: number[];
}

export type MessageKind = 'text' | 'image' | 'voice';

/** One event of a chat's log: a flat object whose fields depend on its type. */
export interface ChatEvent {
  chatId: string;
  seq: number;
  type: string;
  at: string;
  messageId?: string;
  senderId?: string;
  kind?: MessageKind;
  text?: string;
  media?: MediaInfo;
  replyTo?: string;
  mentions?: string[];
  forwardOf?: string;
  urgent?: boolean;
  sentAt?: string;
  editedAt?: string;
  deleted?: boolean;
  expired?: boolean;
  erased?: boolean;
  /** The stored text did not open with its author's key (changed in the database): shown as a placeholder. */
  unreadable?: boolean;
  userId?: string;
  emoji?: string;
  name?: string;
  role?: 'member' | 'admin';
}

export interface OffDutyNote {
  userId: string;
  until: string;
}

export interface SendAck {
  messageId: string;
  seq: number;
  sentAt: string;
  offDuty?: OffDutyNote[];
}

export type PresenceStatus = 'online' | 'offline' | 'off_duty';

export interface Presence {
  userId: string;
  status: PresenceStatus;
  lastSeen?: string;
  offDutyUntil?: string;
}

export type Day = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI' | 'SAT' | 'SUN';

export interface WorkingWindow {
  day: Day;
  start: string;
  end: string;
}

export interface Schedule {
  timezone?: string;
  workingHours: WorkingWindow[];
  leave?: { from: string; to: string }[];
}

export interface LoginAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface Receipt {
  userId: string;
  receivedAt?: string;
  readAt?: string;
}

export interface OrgInfo {
  org: { id: string; slug: string; name: string };
  settings: { urgentRoles?: Role[]; hideLastSeen?: boolean; [key: string]: unknown };
}

/**
 * A subject-access export: a copy of everything ChatPro keeps about one person (GDPR Art. 15). `size` and `sha256`
 * come when it is ready; it is deleted 7 days later (`expiresAt`), and its routes then answer 404.
 */
export interface SubjectExport {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  /** Percent done, 0–100. */
  progress?: number;
  scope?: 'sar';
  /** The person it is about. */
  targetId?: string;
  createdAt?: string;
  size?: number;
  sha256?: string;
  expiresAt?: string;
}
