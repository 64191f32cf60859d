import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

export interface Candidate {
  id: string;
  name: string;
}

/** The `@word` being typed right before the caret, or null. */
export function mentionQuery(text: string, caret: number): string | null {
  const m = text.slice(0, caret).match(/(?:^|\s)@([^\s@]{0,40})$/);
  return m ? m[1] : null;
}

/** Members whose name starts a word with the query (ignoring case and accents). */
export function matchCandidates(query: string, candidates: readonly Candidate[], max = 6): Candidate[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const q = fold(query);
  return candidates.filter((c) => fold(c.name).split(/\s+/).some((w) => w.startsWith(q)) || fold(c.name).startsWith(q)).slice(0, max);
}

/** The list of members to mention, under the composer: arrows move, Enter or Tab picks, Escape closes. */
export function MentionList({ id, query, candidates, onPick, onClose, onActive }: {
  id: string; query: string; candidates: readonly Candidate[]; onPick(c: Candidate): void; onClose(): void;
  /** The option in focus (for the text box's aria-activedescendant). */
  onActive(optionId: string | undefined): void;
}) {
  const matches = matchCandidates(query, candidates);
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    onActive(matches.length ? `${id}-${Math.min(active, matches.length - 1)}` : undefined);
    return () => onActive(undefined);
  }, [active, matches.length]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!matches.length) return;
      if (e.key === 'ArrowDown') setActive((a) => (a + 1) % matches.length);
      else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + matches.length) % matches.length);
      else if (e.key === 'Enter' || e.key === 'Tab') onPick(matches[active] ?? matches[0]);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  });
  if (!matches.length) return null;
  return (
    <ul id={id} class="mentions" role="listbox" aria-label={t('chat.mentionList')}>
      {matches.map((c, i) => (
        <li key={c.id} id={`${id}-${i}`} role="option" aria-selected={i === active} class={i === active ? 'active' : undefined}
          onPointerDown={(e) => {
            e.preventDefault();
            onPick(c);
          }}>
          {c.name}
        </li>
      ))}
    </ul>
  );
}
