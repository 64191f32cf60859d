import { useState } from 'preact/hooks';
import type { User } from '../../protocol/types';
import { linkTo, navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { describe } from '../errors';
import { Avatar } from '../components/avatar';
import { Icon } from '../components/icons';
import { PeopleSearch, useDirectorySearch } from '../components/people-search';
import '../styles/forms.css';

/** Finding a colleague (tap to chat) or making a group. */
export function NewChat() {
  const [group, setGroup] = useState(false);
  return (
    <div class="new-chat">
      <header class="topbar">
        <a class="icon-btn" aria-label={t('nav.back')} {...linkTo({ name: 'list' })}>
          <Icon name="back" />
        </a>
        <h2>{group ? t('new.newGroup') : t('new.title')}</h2>
      </header>
      <div class="screen">
        <div class="screen-narrow">{group ? <NewGroup onCancel={() => setGroup(false)} /> : <FindPerson onGroup={() => setGroup(true)} />}</div>
      </div>
    </div>
  );
}

function FindPerson({ onGroup }: { onGroup(): void }) {
  const client = useClient();
  const me = client.me!.id;
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { results, error: searchError, searching } = useDirectorySearch(q);
  const shown = results.filter((u) => u.id !== me && u.active);

  const open = async (u: User) => {
    setError(null);
    try {
      const chat = await client.actions.openDirect(u.id);
      navigate({ name: 'chat', chatId: chat.id }, true);
    } catch (e) {
      setError(describe(e));
    }
  };

  return (
    <>
      <button type="button" class="btn btn-outline new-group-btn" onClick={onGroup}>
        <Icon name="group" />
        {t('new.newGroup')}
      </button>
      <div class="field">
        <label for="people-search">{t('new.search')}</label>
        <input id="people-search" class="input" type="search" role="searchbox" value={q} autoComplete="off" autoFocus
          aria-describedby="people-search-hint" onInput={(e) => setQ(e.currentTarget.value)} />
        <span id="people-search-hint" class="hint">{t('new.searchHint')}</span>
      </div>
      {(error || searchError) && <p class="alert" role="alert">{error ?? searchError}</p>}
      {q.trim() && !searching && shown.length === 0 && !searchError && <p class="hint" role="status">{t('new.none', { q: q.trim() })}</p>}
      {shown.length > 0 && (
        <ul class="people" aria-label={t('new.people')}>
          {shown.map((u) => (
            <li key={u.id}>
              <button type="button" class="person" onClick={() => void open(u)}>
                <Avatar id={u.id} name={u.displayName} />
                <span class="person-text">
                  <span class="person-name">{u.displayName}</span>
                  <span class="hint">{[u.title, u.department, u.location].filter(Boolean).join(' · ')}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function NewGroup({ onCancel }: { onCancel(): void }) {
  const client = useClient();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('new.needName'));
    if (!members.length) return setError(t('new.needMembers'));
    setBusy(true);
    setError(null);
    try {
      const chat = await client.actions.createGroup(name.trim(), members.map((m) => m.id));
      navigate({ name: 'chat', chatId: chat.id }, true);
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={create} noValidate>
      {error && <p class="alert" role="alert">{error}</p>}
      <div class="field">
        <label for="group-name-new">{t('new.groupName')}</label>
        <input id="group-name-new" class="input" value={name} maxLength={100} autoFocus onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <PeopleSearch exclude={[]} chosen={members} onChange={setMembers} />
      <p class="hint" role="status">{t('new.selected', { count: members.length })}</p>
      <div class="dialog-actions">
        <button type="button" class="btn btn-outline" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('new.create')}</button>
      </div>
    </form>
  );
}
