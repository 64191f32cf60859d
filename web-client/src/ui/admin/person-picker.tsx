import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { User } from '../../protocol/types';
import { useDirectorySearch } from '../components/people-search';

/**
 * Choosing one person from the directory: a search box, its results as buttons, and the choice shown with a way to
 * change it. Deactivated people are found too (an investigation often concerns someone who has left).
 */
export function PersonPicker({ id, label, value, onChange }: { id: string; label: string; value: User | null; onChange(user: User | null): void }) {
  const [q, setQ] = useState('');
  const { results, error } = useDirectorySearch(q);
  if (value) {
    return (
      <div class="field">
        <span class="label" id={`${id}-label`}>{label}</span>
        <p class="picked" aria-labelledby={`${id}-label`}>
          <span class="person-name">{value.displayName}</span> <span class="hint">{value.username}</span>
          <button type="button" class="btn btn-outline" onClick={() => onChange(null)}>{t('picker.change')}</button>
        </p>
      </div>
    );
  }
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} class="input" type="search" role="searchbox" autoComplete="off" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      {error && <p class="alert" role="alert">{error}</p>}
      {results.length > 0 && (
        <ul class="people" aria-label={t('picker.results')}>
          {results.slice(0, 8).map((u) => (
            <li key={u.id}>
              <button type="button" class="person-pick" onClick={() => {
                setQ('');
                onChange(u);
              }}>
                <span class="person-text">
                  <span class="person-name">{u.displayName}</span>
                  <span class="hint">{[u.username, u.title, u.department].filter(Boolean).join(' · ')}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
