import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../protocol/rest';
import { t } from '../../i18n/i18n';
import { linkTo } from '../../app/router';
import { lastOrg, rememberOrg } from '../../app/last-org';
import { useClient } from '../context';
import { ShowPassword, SignInFrame } from '../components/sign-in-frame';
import { SharedDeviceChoice } from '../components/shared-device';

/** Why a sign-in failed, in words: a wrong password and a wait are told apart, and nothing raw is shown. */
export function signInError(e: unknown): string {
  if (!(e instanceof ApiError)) return t('signIn.failed');
  if (e.code === 'network') return t('signIn.offline');
  if (e.status === 401) return t('signIn.wrong');
  if (e.status === 429) {
    const seconds = e.retryAfter ?? 60;
    return seconds >= 120
      ? t('signIn.limitedMinutes', { count: Math.ceil(seconds / 60) })
      : t('signIn.limited', { count: seconds });
  }
  if (e.status === 400) return t('signIn.missing');
  return t('signIn.failed');
}

/** Why the last session ended without the person asking. */
function endedText(reason: string, minutes: number): string {
  if (reason === 'idle') return t('signIn.idle', { count: minutes });
  return reason === 'expired' ? t('signIn.expired') : t('signIn.ended');
}

export function SignIn() {
  const client = useClient();
  const [org, setOrg] = useState(lastOrg);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const ended = client.session.endedReason.value;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!org.trim() || !username.trim() || !password) {
      setError(t('signIn.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const slug = org.trim().toLowerCase();
      await client.signIn(client.device.chosen.peek(), () => client.session.login(slug, username.trim().toLowerCase(), password));
      rememberOrg(slug);
    } catch (err) {
      setError(signInError(err));
      setPassword('');
      setTimeout(() => errorRef.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SignInFrame title={t('signIn.title')} intro={t('signIn.intro')} error={error} errorRef={errorRef}
      note={ended ? endedText(ended, client.device.minutes.value) : null}
      footer={<a class="small-link" {...linkTo({ name: 'createOrg' })}>{t('signIn.createOrg')}</a>}>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="org">{t('signIn.org')}</label>
          <input id="org" class="input" name="organization" autoComplete="organization" autoCapitalize="none"
            spellcheck={false} value={org} onInput={(e) => setOrg(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="username">{t('signIn.username')}</label>
          <input id="username" class="input" name="username" autoComplete="username" autoCapitalize="none"
            spellcheck={false} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="password">{t('signIn.password')}</label>
          <input id="password" class="input" name="password" type={showPassword ? 'text' : 'password'}
            autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <ShowPassword shown={showPassword} onChange={setShowPassword} />
        </div>
        <SharedDeviceChoice />
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
      <p class="sign-in-links">
        <a class="btn btn-outline btn-wide" {...linkTo({ name: 'code' })}>{t('signIn.code')}</a>
      </p>
    </SignInFrame>
  );
}
