import { useEffect, useState } from 'preact/hooks';
import type { PersonGroup, SignInCode } from '../../admin/api';
import { cardRequest, freshCode } from '../../admin/selection';
import { navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { longDate } from '../../i18n/format';
import { groupCode } from '../../app/sign-in-code';
import { ApiError } from '../../protocol/rest';
import type { Role, User } from '../../protocol/types';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm } from '../components/dialog';
import { Icon } from '../components/icons';
import { AdminScreen } from './admin';
import { Erase } from './erase';
import { SubjectAccess } from './subject-access';
import { RolesField } from './roles-field';
import { useAdmin } from './use-admin';

/**
 * One person, for an admin: their details and roles, a sign-in code, their groups, (de)activation and erasure; for a
 * compliance officer: an export of their data, and erasure.
 */
export function Person({ id }: { id: string }) {
  const client = useClient();
  const api = useAdmin();
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Each part for the role it belongs to (the server checks again): admins manage the account, compliance officers
  // export a person's data; both may erase.
  const isAdmin = client.me?.roles.includes('admin') ?? false;
  const isCompliance = client.me?.roles.includes('compliance') ?? false;

  useEffect(() => {
    api.person(id).then((u) => {
      setUser(u);
      client.people.remember([u]);
    }, (e) => setError(describe(e)));
    // Leaving the page forgets the code shown on it.
    return () => {
      if (freshCode.peek()?.userId === id) freshCode.value = null;
    };
  }, [id]);

  return (
    <AdminScreen title={user?.displayName ?? t('admin.person')} back={{ name: 'admin', section: 'people' }}>
      {error && <p class="alert" role="alert">{error}</p>}
      {!user && !error && <p class="hint" role="status">{t('admin.loading')}</p>}
      {user?.erased && (
        <>
          <p class="admin-person-line"><span class="tag tag-off">{t('admin.erased')}</span></p>
          <p class="hint" role="status">{t('admin.erasedExplain')}</p>
        </>
      )}
      {user && !user.erased && (
        <>
          <p class="admin-person-line">
            <span>{user.username}</span>
            {user.active ? <span class="tag">{t('admin.active')}</span> : <span class="tag tag-off">{t('admin.deactivated')}</span>}
          </p>
          {isAdmin && (
            <>
              <SignInCodeCard user={user} />
              <Details user={user} onSaved={setUser} />
              <Groups user={user} />
              <Activation user={user} onChanged={setUser} />
            </>
          )}
          {isCompliance && <SubjectAccess user={user} />}
          {user.id !== client.me?.id && <Erase user={user} me={client.me?.id ?? ''} onErased={setUser} />}
        </>
      )}
    </AdminScreen>
  );
}

function SignInCodeCard({ user }: { user: User }) {
  const api = useAdmin();
  const fresh = freshCode.value?.userId === user.id ? freshCode.value : null;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const create = async () => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      const code = await api.code(user.id);
      freshCode.value = { ...code, userId: user.id, displayName: user.displayName, username: user.username ?? '' };
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('admin.codeInactive') : describe(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="code-title">
      <h3 id="code-title">{t('admin.codeTitle')}</h3>
      <p class="hint">{t('admin.codeExplain', { name: user.displayName })}</p>
      {error && <p class="alert" role="alert">{error}</p>}
      {fresh && (
        <div class="fresh-code">
          <label for="fresh-code" class="label">{t('admin.codeLabel')}</label>
          <input id="fresh-code" class="input code-input" readOnly value={groupCode(fresh.code)} onFocus={(e) => e.currentTarget.select()} />
          <p class="hint" role="status">{t('admin.codeValid', { date: longDate(fresh.expiresAt) })}</p>
          <div class="button-row">
            <button type="button" class="btn btn-outline" onClick={() => {
              void navigator.clipboard?.writeText(fresh.code).then(() => setCopied(true), () => undefined);
            }}>{copied ? t('admin.copied') : t('admin.copy')}</button>
            <button type="button" class="btn btn-primary" onClick={() => {
              const card: SignInCode = { userId: user.id, displayName: user.displayName, username: user.username ?? '', code: fresh.code, expiresAt: fresh.expiresAt };
              cardRequest.value = { kind: 'codes', codes: [card] };
              navigate({ name: 'admin', section: 'cards' });
            }}><Icon name="print" />{t('admin.printCard')}</button>
          </div>
        </div>
      )}
      {user.active && (
        <button type="button" class={`btn ${fresh ? 'btn-outline' : 'btn-primary'}`} disabled={busy} onClick={() => setConfirming(true)}>
          {t('admin.createCode')}
        </button>
      )}
      {!user.active && <p class="hint">{t('admin.codeInactive')}</p>}
      {confirming && (
        <Confirm title={t('admin.createCodeTitle', { name: user.displayName })} explain={t('admin.createCodeExplain')}
          action={t('admin.createCode')} onClose={() => setConfirming(false)} onConfirm={() => void create()} />
      )}
    </section>
  );
}

function Details({ user, onSaved }: { user: User; onSaved(user: User): void }) {
  const client = useClient();
  const api = useAdmin();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [title, setTitle] = useState(user.title ?? '');
  const [department, setDepartment] = useState(user.department ?? '');
  const [location, setLocation] = useState(user.location ?? '');
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!displayName.trim()) return setStatus({ ok: false, text: t('admin.displayNameNeeded') });
    setBusy(true);
    try {
      const saved = await api.update(user.id, {
        displayName: displayName.trim(), title: title.trim(), department: department.trim(), location: location.trim(), roles,
      });
      onSaved(saved);
      client.people.remember([saved]);
      if (saved.id === client.me?.id) void client.session.updateUser(saved);
      setStatus({ ok: true, text: t('common.saved') });
    } catch (err) {
      setStatus({ ok: false, text: err instanceof ApiError && err.status === 409 ? t('admin.lastAdmin') : describe(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="details-title" onSubmit={save} noValidate>
        <h3 id="details-title">{t('admin.details')}</h3>
        <div class="field">
          <label for="edit-name">{t('admin.displayName')}</label>
          <input id="edit-name" class="input" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="edit-title">{t('admin.jobTitle')}</label>
          <input id="edit-title" class="input" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="edit-department">{t('admin.department')}</label>
          <input id="edit-department" class="input" value={department} onInput={(e) => setDepartment(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="edit-location">{t('admin.location')}</label>
          <input id="edit-location" class="input" value={location} onInput={(e) => setLocation(e.currentTarget.value)} />
        </div>
        <RolesField idPrefix="edit-role" value={roles} onChange={setRoles} />
        {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('admin.save')}</button>
      </form>
    </section>
  );
}

function Groups({ user }: { user: User }) {
  const client = useClient();
  const api = useAdmin();
  const [groups, setGroups] = useState<PersonGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const people = client.people.users.value;

  useEffect(() => {
    api.groups(user.id).then((answer) => {
      setGroups(answer.groups);
      client.people.ensure(answer.groups.flatMap((g) => g.members.map((m) => m.userId)));
    }, (e) => setError(describe(e)));
  }, [user.id]);

  const nameOf = (id: string) => people[id]?.displayName ?? '…';
  return (
    <section class="card" aria-labelledby="groups-title">
      <h3 id="groups-title">{t('admin.groups')}</h3>
      {error && <p class="alert" role="alert">{error}</p>}
      {groups && groups.length === 0 && <p class="hint">{t('admin.noGroups', { name: user.displayName })}</p>}
      {groups && groups.length > 0 && (
        <ul class="admin-groups" aria-label={t('admin.groups')}>
          {groups.map((g) => {
            const admins = g.members.filter((m) => m.role === 'admin');
            return (
              <li key={g.id}>
                <details>
                  <summary>
                    <span class="person-name">{g.name}</span>
                    <span class="hint">
                      {g.role === 'admin' ? t('admin.groupRoleAdmin') : t('admin.groupRoleMember')}
                      {' · '}{t('admin.memberCount', { count: g.memberCount ?? g.members.length })}
                    </span>
                  </summary>
                  <p><strong>{t('admin.groupAdmins')}</strong> {admins.map((m) => nameOf(m.userId)).join(', ')}</p>
                  <p><strong>{t('admin.groupMembers')}</strong> {g.members.map((m) => nameOf(m.userId)).join(', ')}</p>
                </details>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Activation({ user, onChanged }: { user: User; onChanged(user: User): void }) {
  const api = useAdmin();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async (active: boolean) => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      await api.setActive(user.id, active);
      onChanged({ ...user, active });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('admin.lastAdmin') : describe(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="account-title">
      <h3 id="account-title">{t('admin.account')}</h3>
      {error && <p class="alert" role="alert">{error}</p>}
      {user.active ? (
        <>
          <p class="hint">{t('admin.deactivateExplain', { name: user.displayName })}</p>
          <button type="button" class="btn btn-danger" disabled={busy} onClick={() => setConfirming(true)}>{t('admin.deactivate')}</button>
        </>
      ) : (
        <>
          <p class="hint">{t('admin.reactivateExplain', { name: user.displayName })}</p>
          <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void change(true)}>{t('admin.reactivate')}</button>
        </>
      )}
      {confirming && (
        <Confirm danger title={t('admin.deactivateTitle', { name: user.displayName })}
          explain={t('admin.deactivateConfirm', { name: user.displayName })}
          action={t('admin.deactivate')} onClose={() => setConfirming(false)} onConfirm={() => void change(false)} />
      )}
    </section>
  );
}
