import { t } from '../../i18n/i18n';
import type { User } from '../../protocol/types';
import { PersonPicker } from './person-picker';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a hold or an export covers: a person (picked from the directory) or a chat (by its id). */
export interface ScopeChoice {
  scope: 'user' | 'chat';
  person: User | null;
  chatId: string;
}

export const NO_CHOICE: ScopeChoice = { scope: 'user', person: null, chatId: '' };

/** The chosen target's id, or the words for what is missing. */
export function targetOf(choice: ScopeChoice): { id: string } | { problem: string } {
  if (choice.scope === 'user') return choice.person ? { id: choice.person.id } : { problem: t('holds.needPerson') };
  const id = choice.chatId.trim();
  if (!id) return { problem: t('holds.needChat') };
  return ID.test(id) ? { id } : { problem: t('holds.badChat') };
}

/** The radio group choosing a person or a chat, then the person picker or the chat id field. */
export function ScopeTarget({ id, legend, userLabel, chatLabel, value, onChange }: {
  id: string; legend: string; userLabel: string; chatLabel: string; value: ScopeChoice; onChange(choice: ScopeChoice): void;
}) {
  const set = (change: Partial<ScopeChoice>) => onChange({ ...value, ...change });
  return (
    <>
      <fieldset class="field roles-field">
        <legend class="label">{legend}</legend>
        <label class="check"><input type="radio" name={`${id}-scope`} checked={value.scope === 'user'} onChange={() => set({ scope: 'user' })} />{userLabel}</label>
        <label class="check"><input type="radio" name={`${id}-scope`} checked={value.scope === 'chat'} onChange={() => set({ scope: 'chat' })} />{chatLabel}</label>
      </fieldset>
      {value.scope === 'user' ? (
        <PersonPicker id={`${id}-person`} label={t('holds.person')} value={value.person} onChange={(person) => set({ person })} />
      ) : (
        <div class="field">
          <label for={`${id}-chat`}>{t('holds.chatId')}</label>
          <input id={`${id}-chat`} class="input" autoComplete="off" spellcheck={false} value={value.chatId}
            onInput={(e) => set({ chatId: e.currentTarget.value })} aria-describedby={`${id}-chat-hint`} />
          <span id={`${id}-chat-hint`} class="hint">{t('holds.chatIdHint')}</span>
        </div>
      )}
    </>
  );
}
