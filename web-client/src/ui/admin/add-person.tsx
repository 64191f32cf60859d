import { useState } from 'preact/hooks';
import { freshCode } from '../../admin/selection';
import { navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { ApiError } from '../../protocol/rest';
import type { Role } from '../../protocol/types';
import { useClient } from '../context';
import { describe } from '../errors';
import { Dialog } from '../components/dialog';
import { RolesField } from './roles-field';
import { useAdmin } from './use-admin';

const USERNAME = /^[a-z0-9._-]{2,64}$/;

/** Adding one person. Without a password they get a sign-in code at once, shown on their page to print or pass on. */
export function AddPerson({ onClose }: { onClose(): void }) {
  const client = useClient();
  const api = useAdmin();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState('');
  const [roles, setRoles] = useState<Role[]>(['member']);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const name = username.trim().toLowerCase();
    if (!USERNAME.test(name)) return setError(t('admin.usernameRule'));
    if (!displayName.trim()) return setError(t('admin.displayNameNeeded'));
    if (password && password.length < 10) return setError(t('admin.passwordRule'));
    setBusy(true);
    setError(null);
    try {
      const user = await api.create({
        username: name, displayName: displayName.trim(), roles,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(department.trim() ? { department: department.trim() } : {}),
        ...(password ? { password } : {}),
      });
      client.people.remember([user]);
      if (!password) {
        const code = await api.code(user.id);
        freshCode.value = { ...code, userId: user.id, displayName: user.displayName, username: user.username ?? name };
      }
      onClose();
      navigate({ name: 'admin', section: 'person', id: user.id });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 409 ? t('admin.usernameTaken')
        : err instanceof ApiError && err.status === 400 ? t('admin.createRefused', { reason: err.message }) : describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('admin.addPerson')} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        {error && <p class="alert" role="alert">{error}</p>}
        <div class="field">
          <label for="new-username">{t('admin.username')}</label>
          <input id="new-username" class="input" autoCapitalize="none" spellcheck={false} autoComplete="off"
            value={username} onInput={(e) => setUsername(e.currentTarget.value)} aria-describedby="new-username-hint" />
          <span id="new-username-hint" class="hint">{t('admin.usernameHint')}</span>
        </div>
        <div class="field">
          <label for="new-name">{t('admin.displayName')}</label>
          <input id="new-name" class="input" autoComplete="off" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="new-title">{t('admin.jobTitle')}</label>
          <input id="new-title" class="input" autoComplete="off" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="new-department">{t('admin.department')}</label>
          <input id="new-department" class="input" autoComplete="off" value={department} onInput={(e) => setDepartment(e.currentTarget.value)} />
        </div>
        <RolesField idPrefix="new-role" value={roles} onChange={setRoles} />
        <div class="field">
          <label for="new-password">{t('admin.passwordOptional')}</label>
          <input id="new-password" class="input" type="password" autoComplete="new-password" value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} aria-describedby="new-password-hint" />
          <span id="new-password-hint" class="hint">{t('admin.passwordHint')}</span>
        </div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-outline" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" class="btn btn-primary" disabled={busy}>{busy ? t('admin.creating') : t('admin.create')}</button>
        </div>
      </form>
    </Dialog>
  );
}
