import type { ComponentChildren, Ref } from 'preact';
import { t } from '../../i18n/i18n';
import { LanguagePicker } from './language-picker';
import '../styles/sign-in.css';

/**
 * The page around signing in, with a code and creating an organisation: the app's mark, a title and a line of
 * intro, a note or an alert (focusable, so a failed attempt can move focus to it), the form, and the language at
 * the foot.
 */
export function SignInFrame({ title, intro, note, error, errorRef, children, footer }: {
  title: string;
  intro: string;
  note?: string | null;
  error: string | null;
  errorRef: Ref<HTMLParagraphElement>;
  children: ComponentChildren;
  footer?: ComponentChildren;
}) {
  return (
    <main class="sign-in" id="main">
      <div class="sign-in-card">
        <div class="sign-in-brand" aria-hidden="true">
          <img src="/icons/icon.svg" alt="" width="56" height="56" />
        </div>
        <h1>{title}</h1>
        <p class="hint">{intro}</p>
        {note && !error && <p class="note" role="status">{note}</p>}
        {error && (
          <p class="alert" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </p>
        )}
        {children}
        <div class="sign-in-footer">
          <LanguagePicker />
          {footer}
        </div>
      </div>
    </main>
  );
}

/** "Show password", under a password field. */
export function ShowPassword({ shown, onChange }: { shown: boolean; onChange(shown: boolean): void }) {
  return (
    <label class="check">
      <input type="checkbox" checked={shown} onChange={(e) => onChange(e.currentTarget.checked)} />
      {t('signIn.showPassword')}
    </label>
  );
}
