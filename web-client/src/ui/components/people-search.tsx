import { useEffect, useRef, useState } from 'preact/hooks';
import type { User } from '../../protocol/types';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { describe } from '../errors';
import { Avatar } from './avatar';

/** Searches the directory as one types (a moment after the last key), ignoring answers that came too late. */
export function useDirectorySearch(q: string): { results: User[]; error: string | null; searching: boolean } {
  const client = useClient();
  const [results, setResults] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const latest = useRef(0);
  useEffect(() => {
    const query = q.trim();
    const id = ++latest.current;
    if (!query) {
      setResults([]);
      setError(null);
      return;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      client.actions.search(query).then(
        (users) => {
          if (id !== latest.current) return;
          setResults(users);
          setError(null);
        },
        (e) => id === latest.current && setError(describe(e)),
      ).finally(() => id === latest.current && setSearching(false));
    }, 150);
    return () => clearTimeout(timer);
  }, [q]);
  return { results, error, searching };
}

/** Choosing several people (a new group, adding members): a search, its results, and who is chosen. */
export function PeopleSearch({ exclude, chosen, onChange }: { exclude: string[]; chosen: User[]; onChange(users: User[]): void }) {
  const client = useClient();
  const me = client.me!.id;
  const [q, setQ] = useState('');
  const { results, error } = useDirectorySearch(q);
  const shown = results.filter((u) => u.id !== me && u.active && !exclude.includes(u.id));
  const toggle = (u: User) => onChange(chosen.some((c) => c.id === u.id) ? chosen.filter((c) => c.id !== u.id) : [...chosen, u]);
  return (
    <div class="people-search">
      <div class="field">
        <label for="member-search">{t('new.search')}</label>
        <input id="member-search" class="input" type="search" role="searchbox" value={q} autoComplete="off"
          onInput={(e) => setQ(e.currentTarget.value)} />
      </div>
      {chosen.length > 0 && (
        <ul class="chips" aria-label={t('new.members')}>
          {chosen.map((u) => (
            <li key={u.id}>
              <button type="button" class="chip" aria-label={t('new.removeMember', { name: u.displayName })} onClick={() => toggle(u)}>
                {u.displayName} ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="alert" role="alert">{error}</p>}
      {shown.length > 0 && (
        <ul class="people" aria-label={t('new.people')}>
          {shown.map((u) => {
            const on = chosen.some((c) => c.id === u.id);
            return (
              <li key={u.id}>
                <label class="person-pick">
                  <input type="checkbox" checked={on} onChange={() => toggle(u)} />
                  <Avatar id={u.id} name={u.displayName} />
                  <span class="person-text">
                    <span class="person-name">{u.displayName}</span>
                    <span class="hint">{[u.title, u.department].filter(Boolean).join(' · ')}</span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
