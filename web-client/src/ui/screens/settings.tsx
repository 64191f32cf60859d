import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Schedule } from '../../protocol/types';
import { linkTo } from '../../app/router';
import { t } from '../../i18n/i18n';
import { browserZone, when } from '../../i18n/format';
import { defaultUntil, localInput, toForm, type ScheduleForm } from '../../state/schedule-form';
import { WorkingHours } from '../components/working-hours';
import { useClient } from '../context';
import { describe } from '../errors';
import { Icon } from '../components/icons';
import { LanguagePicker } from '../components/language-picker';
import { SignOutButton } from '../components/sign-out';
import { MyData } from '../components/my-data';
import { MyDataModel } from '../../state/my-data';
import { download } from '../download';
import '../styles/forms.css';

const MAX_AHEAD_MS = 30 * 86_400_000;

/** Settings: language, going off duty now, working hours and leave, a copy of one's data, signing out. */
export function Settings() {
  const client = useClient();
  const me = client.me!;
  const [form, setForm] = useState<ScheduleForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const myData = useMemo(() => new MyDataModel(client.rest, download), [client]);

  useEffect(() => {
    void myData.start();
    return () => myData.stop();
  }, [myData]);

  useEffect(() => {
    client.rest.get<Schedule>('/api/v1/me/schedule').then(
      (s) => setForm(toForm(s.workingHours?.length ? s : { ...s, workingHours: [] }, browserZone())),
      (e) => {
        setLoadError(describe(e));
        setForm(toForm(null, browserZone()));
      },
    );
  }, []);

  return (
    <div class="settings">
      <header class="topbar">
        <a class="icon-btn only-phone" aria-label={t('nav.back')} {...linkTo({ name: 'list' })}>
          <Icon name="back" />
        </a>
        <h2>{t('settings.title')}</h2>
      </header>
      <div class="screen">
        <div class="screen-narrow">
          <section class="card">
            <h3>{t('settings.profile')}</h3>
            <p>{t('settings.signedInAs', { name: me.displayName, org: client.org.value?.org.name ?? '' })}</p>
            <LanguagePicker />
          </section>
          <OffDuty form={form} />
          <section class="card">
            {loadError && <p class="alert" role="alert">{loadError}</p>}
            {form && (
              <WorkingHours initial={form} onSaved={setForm}
                save={(schedule) => client.rest.put<Schedule>('/api/v1/me/schedule', schedule)}
                afterSave={() => void client.duty.check()} />
            )}
          </section>
          <MyData model={myData} />
          <section class="card">
            <h3>{t('settings.session')}</h3>
            <div class="button-row">
              <SignOutButton class="btn btn-outline" label={t('settings.signOut')} />
              <SignOutButton all class="btn btn-outline danger-text" label={t('settings.signOutAll')} />
            </div>
          </section>
        </div>
      </div>
    </div>
  );
}

function OffDuty({ form }: { form: ScheduleForm | null }) {
  const client = useClient();
  const until = client.duty.offDutyUntil.value;
  const suggested = useMemo(() => localInput(defaultUntil(form ?? toForm(null, browserZone()))), [form]);
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = value ?? suggested;

  const go = async (e: Event) => {
    e.preventDefault();
    const at = new Date(chosen);
    if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now() || at.getTime() - Date.now() > MAX_AHEAD_MS) {
      setError(t('settings.untilInvalid'));
      return;
    }
    setError(null);
    try {
      await client.duty.goOffDuty(at);
    } catch (err) {
      setError(describe(err));
    }
  };

  return (
    <section class="card">
      <h3>{t('settings.duty')}</h3>
      <p class="hint">{t('settings.dutyIntro')}</p>
      {until ? (
        <>
          <p role="status">{t('settings.offDutyNow', { when: when(until) })}</p>
          <button type="button" class="btn btn-primary" onClick={() => void client.duty.back().catch((e) => setError(describe(e)))}>
            {t('duty.back')}
          </button>
        </>
      ) : (
        <form onSubmit={go} class="inline-form">
          <div class="field">
            <label for="off-duty-until">{t('settings.offDutyUntil')}</label>
            <input id="off-duty-until" class="input" type="datetime-local" value={chosen} onInput={(e) => setValue(e.currentTarget.value)} />
          </div>
          <button type="submit" class="btn btn-primary">{t('settings.goOffDuty')}</button>
        </form>
      )}
      {error && <p class="alert" role="alert">{error}</p>}
    </section>
  );
}
