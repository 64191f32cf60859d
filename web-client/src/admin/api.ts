import { ApiError, answer, type Rest, type TokenSource } from '../protocol/rest';
import type { Member, OrgInfo, Role, Schedule, User } from '../protocol/types';
import type { RowResult } from './import-plan';

/** The admin area's calls of the public API (docs/protocol.md), typed. */

export interface PeopleFilter {
  q?: string;
  role?: Role | '';
  department?: string;
  /** `all` for admins: active and deactivated people. */
  status?: 'active' | 'inactive' | 'all';
}

export interface PeoplePage {
  users: User[];
  nextCursor?: string;
}

export interface NewPerson {
  username: string;
  displayName: string;
  title?: string;
  department?: string;
  roles: Role[];
  password?: string;
}

export interface SignInCode {
  userId: string;
  displayName: string;
  username: string;
  code: string;
  expiresAt: string;
}

export interface UrgentUse {
  messageId: string;
  chatId: string;
  senderId: string;
  recipients: string[];
  offDuty: string[];
  at: string;
}

export interface PersonGroup {
  id: string;
  name?: string;
  members: Pick<Member, 'userId' | 'role'>[];
  memberCount?: number;
  role: 'member' | 'admin';
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  /** yyyy-mm-dd, the day's start and end in the browser's time zone. */
  from?: string;
  to?: string;
}

export type ChainCheck = { ok: true; entries: number; head: string } | { ok: false; brokenAt: number };

export interface Hold {
  id: string;
  scope: 'user' | 'chat';
  targetId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
}

export interface ExportJob {
  id: string;
  status: 'pending' | 'ready' | 'failed';
  progress?: number;
  size?: number;
  sha256?: string;
  /** `sar`: a subject-access export, a copy of everything ChatPro keeps about the person `targetId`. */
  scope?: 'user' | 'chat' | 'sar';
  targetId?: string;
  from?: string;
  to?: string;
  reason?: string;
  createdAt?: string;
  /** When a ready export is deleted (7 days after it became ready). */
  expiresAt?: string;
}

export const PAGE = 50;
/** Codes asked for at once when printing cards (the batch route takes at most 500). */
const CODE_BATCH = 500;

export function peopleQuery(filter: PeopleFilter, cursor?: string, limit = PAGE): string {
  const params = new URLSearchParams();
  if (filter.q?.trim()) params.set('q', filter.q.trim());
  if (filter.role) params.set('role', filter.role);
  if (filter.department) params.set('department', filter.department);
  if (filter.status === 'active') params.set('active', 'true');
  if (filter.status === 'inactive') params.set('active', 'false');
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/users?${params}`;
}

export class AdminApi {
  constructor(
    private readonly rest: Rest,
    private readonly tokens: TokenSource,
  ) {}

  people(filter: PeopleFilter, cursor?: string, limit = PAGE): Promise<PeoplePage> {
    return this.rest.get<PeoplePage>(peopleQuery(filter, cursor, limit));
  }

  /** Every person matching the filter, page after page (for printing a department's cards). */
  async everyone(filter: PeopleFilter, max = 50_000): Promise<User[]> {
    const all: User[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.people(filter, cursor, 100);
      all.push(...page.users);
      cursor = page.nextCursor;
    } while (cursor && all.length < max);
    return all;
  }

  departments(): Promise<{ departments: { name: string; count: number }[] }> {
    return this.rest.get('/api/v1/users/departments');
  }

  person(id: string): Promise<User> {
    return this.rest.get<User>(`/api/v1/users/${encodeURIComponent(id)}`);
  }

  create(person: NewPerson): Promise<User> {
    return this.rest.post<User>('/api/v1/users', person);
  }

  update(id: string, patch: Partial<Pick<User, 'displayName' | 'title' | 'department' | 'location' | 'roles'>>): Promise<User> {
    return this.rest.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, patch);
  }

  setActive(id: string, active: boolean): Promise<void> {
    return this.rest.post<void>(`/api/v1/users/${encodeURIComponent(id)}/${active ? 'reactivate' : 'deactivate'}`);
  }

  /** Erases the person for good (admins and compliance officers); 409 while a legal hold covers them. */
  erase(id: string, reason: string): Promise<void> {
    return this.rest.post<void>(`/api/v1/users/${encodeURIComponent(id)}/erase`, { reason });
  }

  code(id: string): Promise<{ code: string; expiresAt: string; path: string }> {
    return this.rest.post(`/api/v1/users/${encodeURIComponent(id)}/sign-in-code`);
  }

  /** New codes for these people (earlier cards stop working), in the order given. */
  async codes(userIds: string[], onProgress?: (done: number) => void): Promise<SignInCode[]> {
    const out: SignInCode[] = [];
    for (let i = 0; i < userIds.length; i += CODE_BATCH) {
      const answer = await this.rest.post<{ codes: SignInCode[] }>('/api/v1/users/sign-in-codes', { userIds: userIds.slice(i, i + CODE_BATCH) });
      out.push(...answer.codes);
      onProgress?.(out.length);
    }
    return out;
  }

  groups(id: string, cursor?: string): Promise<{ groups: PersonGroup[]; nextCursor?: string }> {
    const params = new URLSearchParams({ limit: '200' });
    if (cursor) params.set('cursor', cursor);
    return this.rest.get(`/api/v1/users/${encodeURIComponent(id)}/groups?${params}`);
  }

  /** A CSV import: checked only (`dryRun`), or done. The body is the file's text. */
  async importCsv(csv: string, dryRun: boolean): Promise<RowResult[]> {
    const answer = await this.raw('POST', `/api/v1/users/import${dryRun ? '?dryRun=true' : ''}`, csv, 'text/csv; charset=utf-8');
    return ((await answer.json()) as { results: RowResult[] }).results;
  }

  /** The org's people as a CSV file. */
  async exportCsv(): Promise<Blob> {
    return (await this.raw('GET', '/api/v1/users/export.csv')).blob();
  }

  org(): Promise<OrgInfo> {
    return this.rest.get<OrgInfo>('/api/v1/orgs/me');
  }

  updateOrg(patch: { name?: string; settings?: Record<string, unknown> }): Promise<OrgInfo> {
    return this.rest.patch<OrgInfo>('/api/v1/orgs/me', patch);
  }

  orgSchedule(): Promise<Schedule> {
    return this.rest.get<Schedule>('/api/v1/orgs/me/schedule');
  }

  urgentUses(before?: string): Promise<{ urgentUses: UrgentUse[] }> {
    const params = new URLSearchParams({ limit: '50' });
    if (before) params.set('before', before);
    return this.rest.get(`/api/v1/orgs/me/urgent-uses?${params}`);
  }

  /** A page of the audit log, newest first: the entries below `before` (from the newest when not given). */
  async audit(filter: AuditFilter, before = Number.MAX_SAFE_INTEGER): Promise<{ entries: AuditEntry[] }> {
    const params = new URLSearchParams({ limit: String(PAGE), before: String(before) });
    if (filter.action) params.set('action', filter.action);
    if (filter.actorId) params.set('actorId', filter.actorId);
    if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
    if (filter.to) params.set('to', new Date(`${filter.to}T23:59:59.999`).toISOString());
    const page = await this.rest.get<{ entries: AuditEntry[] }>(`/api/v1/audit?${params}`);
    return { entries: page.entries.slice().reverse() };
  }

  verifyChain(): Promise<ChainCheck> {
    return this.rest.get<ChainCheck>('/api/v1/audit/verify');
  }

  holds(): Promise<{ holds: Hold[] }> {
    return this.rest.get('/api/v1/holds');
  }

  placeHold(scope: Hold['scope'], targetId: string, reason: string): Promise<Hold> {
    return this.rest.post<Hold>('/api/v1/holds', { scope, targetId, reason });
  }

  liftHold(id: string): Promise<void> {
    return this.rest.delete<void>(`/api/v1/holds/${encodeURIComponent(id)}`);
  }

  exports(): Promise<{ exports: ExportJob[] }> {
    return this.rest.get('/api/v1/exports');
  }

  exportJob(id: string): Promise<ExportJob> {
    return this.rest.get<ExportJob>(`/api/v1/exports/${encodeURIComponent(id)}`);
  }

  createExport(job: { scope: 'user' | 'chat'; targetId: string; from?: string; to?: string; reason: string }): Promise<ExportJob> {
    return this.rest.post<ExportJob>('/api/v1/exports', job);
  }

  /**
   * A subject-access export of a person of the org (compliance; audited as `sar.created`): the copy they would get
   * themselves, listed with the officer's exports and downloaded from there. 400 for a person not of the org.
   */
  subjectAccessExport(userId: string, reason?: string): Promise<ExportJob> {
    return this.rest.post<ExportJob>(`/api/v1/users/${encodeURIComponent(userId)}/export`, reason ? { reason } : {});
  }

  /** The export's zip; its download is audited. */
  async downloadExport(id: string): Promise<Blob> {
    return (await this.raw('GET', `/api/v1/exports/${encodeURIComponent(id)}/download`)).blob();
  }

  /** A request whose body or answer is not JSON, with the same token handling as the rest (a 401 renews once). */
  private async raw(method: string, path: string, body?: string, type?: string): Promise<Response> {
    const send = async (token: string | null) => {
      try {
        return await fetch(path, {
          method,
          headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(type ? { 'Content-Type': type } : {}) },
          body,
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch {
        throw new ApiError(0, 'network', 'no connection');
      }
    };
    const token = await this.tokens.accessToken();
    let response = await send(token);
    if (response.status === 401 && token) {
      const renewed = await this.tokens.renew(token);
      if (renewed) response = await send(renewed);
    }
    if (!response.ok) await answer(response);
    return response;
  }
}
