import { useState } from 'preact/hooks';
import type { ChatListEntry, User } from '../../protocol/types';
import { ApiError } from '../../protocol/rest';
import { navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm, Dialog } from './dialog';
import { PeopleSearch } from './people-search';
import { personName } from './titles';

/** A group's details: its name, members and admins; admins rename, add, remove, promote and demote; anyone leaves. */
export function GroupInfo({ entry, onClose }: { entry: ChatListEntry; onClose(): void }) {
  const client = useClient();
  const me = client.me!.id;
  const people = client.people.users.value;
  const amAdmin = entry.members.some((m) => m.userId === me && m.role === 'admin');
  const isMember = entry.members.some((m) => m.userId === me);
  const [name, setName] = useState(entry.name ?? '');
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<User[]>([]);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const run = async (step: () => Promise<void>, success?: string) => {
    setError(null);
    setDone(null);
    try {
      await step();
      if (success) setDone(success);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('group.lastAdmin') : describe(e));
    }
  };

  const members = [...entry.members].sort((a, b) =>
    (a.userId === me ? -1 : b.userId === me ? 1 : 0) || personName(people, a.userId).localeCompare(personName(people, b.userId)));

  return (
    <Dialog title={t('group.title')} onClose={onClose} wide>
      {error && <p class="alert" role="alert">{error}</p>}
      {done && <p class="note" role="status">{done}</p>}
      {amAdmin ? (
        <form class="inline-form" onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void run(() => client.actions.rename(entry.id, name.trim()), t('common.saved'));
        }}>
          <div class="field">
            <label for="group-name">{t('group.name')}</label>
            <input id="group-name" class="input" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn btn-outline" disabled={!name.trim() || name.trim() === entry.name}>{t('group.rename')}</button>
        </form>
      ) : (
        <p class="group-name">{entry.name}</p>
      )}
      <h3 class="info-head">{t('group.members')} ({entry.members.length})</h3>
      <ul class="member-list" aria-label={t('group.members')}>
        {members.map((m) => (
          <li key={m.userId} class="member">
            <span class="member-name">
              {m.userId === me ? t('group.youNamed', { name: personName(people, m.userId) }) : personName(people, m.userId)}
              {m.role === 'admin' && <span class="member-role">{t('group.admin')}</span>}
            </span>
            {m.userId !== me && (
              <span class="member-actions">
                <button type="button" class="btn btn-quiet" onClick={() => void run(async () => {
                  const chat = await client.actions.openDirect(m.userId);
                  onClose();
                  navigate({ name: 'chat', chatId: chat.id });
                })}>{t('person.message')}</button>
                {amAdmin && (
                  <>
                    <button type="button" class="btn btn-quiet" onClick={() => void run(() =>
                      client.actions.setRole(entry.id, m.userId, m.role === 'admin' ? 'member' : 'admin'))}>
                      {m.role === 'admin' ? t('group.demote') : t('group.promote')}
                    </button>
                    <button type="button" class="btn btn-quiet danger-text"
                      onClick={() => void run(() => client.actions.removeMember(entry.id, m.userId))}>
                      {t('group.remove')}
                    </button>
                  </>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
      {amAdmin && !adding && (
        <button type="button" class="btn btn-outline" onClick={() => setAdding(true)}>{t('group.add')}</button>
      )}
      {amAdmin && adding && (
        <div class="add-members">
          <PeopleSearch exclude={entry.members.map((m) => m.userId)} chosen={chosen} onChange={setChosen} />
          <button type="button" class="btn btn-primary" disabled={!chosen.length} onClick={() => void run(async () => {
            await client.actions.addMembers(entry.id, chosen.map((u) => u.id));
            setChosen([]);
            setAdding(false);
          }, t('common.saved'))}>{t('group.addChosen')}</button>
        </div>
      )}
      {isMember && (
        <div class="dialog-actions">
          <button type="button" class="btn btn-outline danger-text" onClick={() => setLeaving(true)}>{t('group.leave')}</button>
        </div>
      )}
      {leaving && (
        <Confirm title={t('group.leaveTitle')} explain={t('group.leaveExplain')} action={t('group.leave')} danger
          onClose={() => setLeaving(false)}
          onConfirm={() => void run(async () => {
            await client.actions.leave(entry.id);
            setLeaving(false);
            onClose();
            navigate({ name: 'list' });
          })} />
      )}
    </Dialog>
  );
}
