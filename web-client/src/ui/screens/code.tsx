import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../protocol/rest';
import { rememberOrg } from '../../app/last-org';
import { linkTo, navigate } from '../../app/router';
import { groupCode, normalizeCode } from '../../app/sign-in-code';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { ShowPassword, SignInFrame } from '../components/sign-in-frame';
import { SharedDeviceChoice } from '../components/shared-device';
import { signInError } from './sign-in';

const MIN_PASSWORD = 10;

/** Why a code did not sign the person in, in words: the card's code, the password rule, a wait, the network. */
export function codeError(e: unknown): string {
  if (e instanceof ApiError && e.status === 401) return t('code.wrong');
  if (e instanceof ApiError && e.status === 400) return t('code.weak');
  return signInError(e);
}

/**
 * The sign-in code page (`/code`, or `/code/<code>` from the card's QR code): the person chooses their password and
 * is signed in. A code read from the address is taken out of it at once, so it stays in no history or bookmark.
 */
export function CodePage({ code: fromAddress }: { code?: string }) {
  const client = useClient();
  const [code, setCode] = useState(() => (fromAddress ? groupCode(fromAddress) : ''));
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!fromAddress) return;
    navigate({ name: 'code' }, true);
    passwordRef.current?.focus();
  }, []);

  const fail = (message: string) => {
    setError(message);
    setTimeout(() => errorRef.current?.focus(), 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const normalized = normalizeCode(code);
    if (!normalized || !password) return fail(t('code.missing'));
    if ([...password].length < MIN_PASSWORD) return fail(t('code.short'));
    setBusy(true);
    setError(null);
    try {
      await client.signIn(client.device.chosen.peek(), () => client.session.redeem(normalized, password));
      void fillInOrg(client.rest);
    } catch (err) {
      fail(codeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <SignInFrame title={t('code.title')} intro={t('code.intro')} error={error} errorRef={errorRef}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="code">{t('code.code')}</label>
          <input id="code" class="input input-code" name="code" autoComplete="one-time-code" autoCapitalize="characters"
            spellcheck={false} aria-describedby="code-hint" value={code} onInput={(e) => setCode(e.currentTarget.value)} />
          <p id="code-hint" class="hint field-hint">{t('code.codeHint')}</p>
        </div>
        <div class="field">
          <label for="new-password">{t('code.password')}</label>
          <input id="new-password" class="input" name="new-password" type={showPassword ? 'text' : 'password'}
            autoComplete="new-password" aria-describedby="new-password-hint" ref={passwordRef} value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} />
          <p id="new-password-hint" class="hint field-hint">{t('code.passwordHint')}</p>
          <ShowPassword shown={showPassword} onChange={setShowPassword} />
        </div>
        <SharedDeviceChoice />
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>
          {busy ? t('code.busy') : t('code.submit')}
        </button>
      </form>
      <p class="sign-in-links">
        <a {...linkTo({ name: 'list' })}>{t('code.back')}</a>
      </p>
    </SignInFrame>
  );
}

/** The sign-in page asks for the organisation's short name next time: fill it in from the new login. */
async function fillInOrg(rest: { get<T>(path: string): Promise<T> }): Promise<void> {
  try {
    const info = await rest.get<{ org: { slug: string } }>('/api/v1/orgs/me');
    rememberOrg(info.org.slug);
  } catch {
    // only a convenience for the next sign-in
  }
}
