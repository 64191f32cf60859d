import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { canSee } from '../src/ui/admin/admin';
import { SubjectAccess } from '../src/ui/admin/subject-access';
import { ClientContext } from '../src/ui/context';
import type { ChatClient } from '../src/app/client';
import type { AdminSection } from '../src/app/router';
import { ApiError } from '../src/protocol/rest';
import type { User } from '../src/protocol/types';

const SECTIONS: AdminSection[] = ['home', 'people', 'person', 'import', 'cards', 'settings', 'urgent', 'audit', 'holds', 'exports'];
const visible = (roles: Parameters<typeof canSee>[0]) => SECTIONS.filter((s) => canSee(roles, s));

describe('who sees which part of the admin area', () => {
  it('shows a compliance officer the record and the people they may export or erase, not the account tools', () => {
    expect(visible(['member', 'compliance'])).toEqual(['home', 'people', 'person', 'urgent', 'audit', 'holds', 'exports']);
  });

  it('keeps holds and exports from an admin who is not a compliance officer', () => {
    expect(visible(['member', 'admin'])).toEqual(['home', 'people', 'person', 'import', 'cards', 'settings', 'urgent', 'audit']);
  });

  it('shows a member nothing', () => {
    expect(visible(['member'])).toEqual([]);
  });
});

describe('exporting a person\'s data (compliance)', () => {
  const dee: User = { id: 'u-dee', orgId: 'o', username: 'dee', displayName: 'Dee Doyle', roles: ['member'], active: true } as User;
  let host: HTMLElement;
  let posts: { path: string; body: unknown }[];
  let refuse: ApiError | null;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    posts = [];
    refuse = null;
    const client = {
      rest: {
        post: async (path: string, body: unknown) => {
          posts.push({ path, body });
          if (refuse) throw refuse;
          return { id: 'x1', status: 'pending' };
        },
      },
      session: {},
    } as unknown as ChatClient;
    render(<ClientContext.Provider value={client}><SubjectAccess user={dee} /></ClientContext.Provider>, host);
  });

  afterEach(() => {
    render(null, host);
    host.remove();
  });

  const press = async () => {
    host.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await vi.waitFor(() => expect(host.querySelector('[role=status], [role=alert]')).not.toBeNull());
  };

  it('asks for the export without a reason when none is given, and points to Exports', async () => {
    expect(host.querySelector('button')!.textContent).toBe('Export their data');
    await press();
    expect(posts).toEqual([{ path: '/api/v1/users/u-dee/export', body: {} }]);
    const status = host.querySelector('[role=status]')!;
    expect(status.textContent).toContain('Dee Doyle');
    expect(status.querySelector('a')!.getAttribute('href')).toBe('/admin/exports');
  });

  it('sends the reason when one is written, for the audit log', async () => {
    const reason = host.querySelector('textarea')!;
    reason.value = '  Request of 2 December ';
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0)); // Preact renders the typed text first
    await press();
    expect(posts[0].body).toEqual({ reason: 'Request of 2 December' });
  });

  it('explains a refusal in words', async () => {
    refuse = new ApiError(400, 'bad_request', 'unknown user');
    await press();
    expect(host.querySelector('[role=alert]')!.textContent).toBe('This person is not in your organisation, or no longer has an account.');
    refuse = new ApiError(404, 'not_found', 'user');
    await press();
    expect(host.querySelector('[role=alert]')!.textContent).toBe('This person is not in your organisation, or no longer has an account.');
    refuse = new ApiError(409, 'conflict', 'this person was erased');
    await press();
    expect(host.querySelector('[role=alert]')!.textContent).toBe('This person was erased: nothing of theirs is left to export.');
    refuse = new ApiError(403, 'forbidden', 'compliance only');
    await press();
    expect(host.querySelector('[role=alert]')!.textContent).toBe('You may not do that.');
  });
});
