import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { Rest } from '../../protocol/rest';
import { rememberOrg } from '../../app/last-org';
import { linkTo } from '../../app/router';
import { t } from '../../i18n/i18n';
import { checkOrgForm, cleaned, ORG_FIELDS, problemOf, suggestSlug, type OrgField, type OrgForm, type OrgProblems } from '../../state/org-form';
import { useClient } from '../context';
import { ShowPassword, SignInFrame } from '../components/sign-in-frame';
import { signInError } from './sign-in';

const EMPTY: OrgForm = { token: '', name: '', slug: '', displayName: '', username: '', password: '' };

/**
 * Creating an organisation (the first run of an instance): whoever holds the operator token makes the organisation
 * and its first admin, and is signed in as that admin. The short name is suggested from the name until it is
 * typed by hand.
 */
export function CreateOrg() {
  const client = useClient();
  const [form, setForm] = useState<OrgForm>(EMPTY);
  const [slugTyped, setSlugTyped] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const [problems, setProblems] = useState<OrgProblems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: OrgField, value: string) => {
    setForm((f) => ({ ...f, [field]: value, ...(field === 'name' && !slugTyped ? { slug: suggestSlug(value) } : {}) }));
    if (problems[field]) setProblems((p) => ({ ...p, [field]: undefined }));
  };

  const showProblems = (found: OrgProblems) => {
    setProblems(found);
    setError(t('createOrg.fix'));
    const first = ORG_FIELDS.find((f) => found[f]);
    setTimeout(() => formRef.current?.querySelector<HTMLInputElement>(`#org-${first}`)?.focus(), 0);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const found = checkOrgForm(form);
    if (Object.keys(found).length) return showProblems(found);
    const f = cleaned(form);
    setBusy(true);
    setError(null);
    setProblems({});
    try {
      const operator = new Rest({ accessToken: async () => f.token, renew: async () => null });
      await operator.post('/api/v1/orgs', {
        slug: f.slug, name: f.name, admin: { username: f.username, displayName: f.displayName, password: f.password },
      });
    } catch (err) {
      setBusy(false);
      const problem = problemOf(err);
      if (problem) return showProblems(problem);
      setError(signInError(err));
      setTimeout(() => errorRef.current?.focus(), 0);
      return;
    }
    rememberOrg(f.slug);
    try {
      await client.session.login(f.slug, f.username, f.password);
    } catch {
      setBusy(false);
      setError(t('createOrg.created'));
      setTimeout(() => errorRef.current?.focus(), 0);
    }
  };

  const field = (name: OrgField, label: string, hint: string | null, input: Record<string, unknown>, extra?: ComponentChildren) => {
    const id = `org-${name}`;
    const problem = problems[name];
    const described = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ') || undefined;
    return (
      <div class="field">
        <label for={id}>{label}</label>
        <input id={id} class="input" value={form[name]} aria-invalid={problem ? 'true' : undefined}
          aria-describedby={described} onInput={(e) => set(name, e.currentTarget.value)} {...input} />
        {problem && <p id={`${id}-problem`} class="field-problem">{t(problem)}</p>}
        {hint && <p id={`${id}-hint`} class="hint field-hint">{hint}</p>}
        {extra}
      </div>
    );
  };

  return (
    <SignInFrame title={t('createOrg.title')} intro={t('createOrg.intro')} error={error} errorRef={errorRef}>
      <form onSubmit={submit} noValidate ref={formRef}>
        {field('token', t('createOrg.token'), t('createOrg.tokenHint'),
          { type: 'password', name: 'operator-token', autoComplete: 'off', spellcheck: false })}
        {field('name', t('createOrg.name'), t('createOrg.nameHint'), { name: 'organization', autoComplete: 'organization' })}
        {field('slug', t('createOrg.slug'), t('createOrg.slugHint'), {
          name: 'slug', autoCapitalize: 'none', spellcheck: false, autoComplete: 'off',
          onInput: (e: Event) => {
            setSlugTyped(true);
            set('slug', (e.currentTarget as HTMLInputElement).value);
          },
        })}
        <h2 class="form-heading">{t('createOrg.adminHeading')}</h2>
        {field('displayName', t('createOrg.displayName'), null, { name: 'name', autoComplete: 'name' })}
        {field('username', t('createOrg.username'), t('createOrg.usernameHint'),
          { name: 'username', autoComplete: 'username', autoCapitalize: 'none', spellcheck: false })}
        {field('password', t('createOrg.password'), t('createOrg.passwordHint'),
          { name: 'password', type: showPassword ? 'text' : 'password', autoComplete: 'new-password' },
          <ShowPassword shown={showPassword} onChange={setShowPassword} />)}
        <button type="submit" class="btn btn-primary btn-wide" disabled={busy}>
          {busy ? t('createOrg.busy') : t('createOrg.submit')}
        </button>
      </form>
      <p class="sign-in-links">
        <a {...linkTo({ name: 'list' })}>{t('createOrg.back')}</a>
      </p>
    </SignInFrame>
  );
}
