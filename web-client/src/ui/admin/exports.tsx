import { useEffect, useState } from 'preact/hooks';
import type { ExportJob } from '../../admin/api';
import { t } from '../../i18n/i18n';
import { fileSize, longDate, stamp } from '../../i18n/format';
import { ApiError } from '../../protocol/rest';
import { useClient } from '../context';
import { describe } from '../errors';
import { AdminScreen } from './admin';
import { NO_CHOICE, ScopeTarget, targetOf, type ScopeChoice } from './scope-target';
import { download, useAdmin } from './use-admin';

/** How often a pending export is asked about. */
const POLL_MS = 2_000;

/**
 * Investigation exports (compliance officers): a person's or a chat's conversations over a time range, made in the
 * background with its progress shown, and downloaded by the officer who asked for it. Both steps are audited. The
 * subject-access exports the officer made from a person's page are listed here too.
 */
export function Exports() {
  const client = useClient();
  const api = useAdmin();
  const [jobs, setJobs] = useState<ExportJob[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const people = client.people.users.value;

  const load = () => api.exports().then((answer) => {
    setJobs(answer.exports);
    client.people.ensure(answer.exports.map((j) => (j.scope === 'user' || j.scope === 'sar' ? j.targetId : undefined)));
  }, (e) => setError(describe(e)));
  useEffect(() => void load(), []);

  // While an export is being made, its progress is asked for every two seconds.
  const pending = jobs?.some((j) => j.status === 'pending') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const save = async (job: ExportJob) => {
    setDownloading(job.id);
    try {
      const kind = job.scope === 'sar' ? 'subject-access' : 'export';
      download(await api.downloadExport(job.id), `chatpro-${kind}-${job.id.slice(0, 8)}.zip`);
    } catch (e) {
      setError(describe(e));
    } finally {
      setDownloading(null);
    }
  };

  const targetOf = (j: ExportJob) => {
    const name = people[j.targetId ?? '']?.displayName ?? '…';
    if (j.scope === 'sar') return t('exports.ofSubject', { name });
    return j.scope === 'user' ? t('exports.ofPerson', { name }) : t('exports.ofChat', { id: j.targetId ?? '' });
  };
  return (
    <AdminScreen title={t('admin.exports')} back={{ name: 'admin', section: 'home' }} wide>
      <p class="hint">{t('exports.explain')}</p>
      <NewExport onCreated={() => void load()} />
      {error && <p class="alert" role="alert">{error}</p>}
      {jobs && jobs.length === 0 && <p role="status">{t('exports.none')}</p>}
      {jobs && jobs.length > 0 && (
        <ul class="admin-holds" aria-label={t('admin.exports')}>
          {jobs.map((j) => (
            <li key={j.id} class="card hold">
              <p class="person-name">{targetOf(j)}</p>
              {j.reason && <p>{j.reason}</p>}
              <p class="hint">
                {j.createdAt && t('exports.asked', { when: stamp(j.createdAt) })}{' '}
                {(j.from || j.to) && t('exports.range', { from: j.from ? stamp(j.from) : t('exports.start'), to: j.to ? stamp(j.to) : t('exports.now') })}
              </p>
              {j.status === 'pending' && (
                <>
                  <progress class="progress" max={100} value={j.progress ?? 0} aria-label={t('exports.progressOf', { target: targetOf(j) })} />
                  <p role="status">{t('exports.making', { percent: j.progress ?? 0 })}</p>
                </>
              )}
              {j.status === 'failed' && <p class="alert" role="alert">{t('exports.failed')}</p>}
              {j.status === 'ready' && (
                <div class="button-row">
                  <button type="button" class="btn btn-primary" disabled={downloading === j.id} onClick={() => void save(j)}>
                    {downloading === j.id ? t('exports.downloading') : t('exports.download')}
                  </button>
                  {j.size !== undefined && <span class="hint">{fileSize(j.size)}</span>}
                  {j.expiresAt && <span class="hint">{t('exports.expires', { date: longDate(j.expiresAt) })}</span>}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </AdminScreen>
  );
}

function NewExport({ onCreated }: { onCreated(): void }) {
  const api = useAdmin();
  const [choice, setChoice] = useState<ScopeChoice>(NO_CHOICE);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const target = targetOf(choice);
    if ('problem' in target) return setStatus({ ok: false, text: target.problem });
    if (from && to && from > to) return setStatus({ ok: false, text: t('exports.badRange') });
    if (!reason.trim()) return setStatus({ ok: false, text: t('holds.needReason') });
    setBusy(true);
    try {
      await api.createExport({
        scope: choice.scope, targetId: target.id, reason: reason.trim(),
        ...(from ? { from: new Date(`${from}T00:00:00`).toISOString() } : {}),
        ...(to ? { to: new Date(`${to}T23:59:59.999`).toISOString() } : {}),
      });
      setStatus({ ok: true, text: t('exports.started') });
      setReason('');
      onCreated();
    } catch (err) {
      setStatus({ ok: false, text: err instanceof ApiError && err.status === 400 ? t('exports.refused') : describe(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <form aria-labelledby="new-export-title" onSubmit={submit} noValidate>
        <h3 id="new-export-title">{t('exports.new')}</h3>
        <ScopeTarget id="export" legend={t('exports.scope')} userLabel={t('exports.scopeUser')} chatLabel={t('exports.scopeChat')}
          value={choice} onChange={setChoice} />
        <div class="admin-filters">
          <div class="field">
            <label for="export-from">{t('audit.from')}</label>
            <input id="export-from" class="input" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="export-to">{t('audit.to')}</label>
            <input id="export-to" class="input" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </div>
        </div>
        <div class="field">
          <label for="export-reason">{t('holds.reason')}</label>
          <textarea id="export-reason" class="input" rows={2} maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        {status && <p class={status.ok ? 'note' : 'alert'} role={status.ok ? 'status' : 'alert'}>{status.text}</p>}
        <button type="submit" class="btn btn-primary" disabled={busy}>{t('exports.create')}</button>
      </form>
    </section>
  );
}
