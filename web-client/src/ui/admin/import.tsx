import { useEffect, useRef, useState } from 'preact/hooks';
import { applyBatch, batches, plan, readImport, template, type ImportFile, type PlannedRow } from '../../admin/import-plan';
import { cardRequest, importFile } from '../../admin/selection';
import { navigate } from '../../app/router';
import { t } from '../../i18n/i18n';
import { ApiError } from '../../protocol/rest';
import { describe } from '../errors';
import { Icon } from '../components/icons';
import { AdminScreen } from './admin';
import { download, useAdmin } from './use-admin';

/** The largest file the gateway takes in one request (5,000 rows of short fields fit). */
const MAX_BYTES = 1024 * 1024;
/** Rows drawn in the table at first; problems are always drawn. */
const SHOWN = 200;

type Stage =
  | { name: 'choose' }
  | { name: 'checking' }
  | { name: 'checked'; file: ImportFile; rows: PlannedRow[] }
  | { name: 'importing'; file: ImportFile; rows: PlannedRow[]; done: number; total: number }
  | { name: 'done'; file: ImportFile; rows: PlannedRow[] };

/**
 * Bulk import: the file is checked first (a dry run, nothing created) and shown row by row; confirming creates the
 * good rows in batches with a progress bar; then the new people's sign-in cards can be printed.
 */
export function ImportPeople() {
  const api = useAdmin();
  const [stage, setStage] = useState<Stage>({ name: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLHeadingElement>(null);

  const check = async (file: File) => {
    setError(null);
    setShowAll(false);
    if (file.size > MAX_BYTES) {
      setError(t('import.tooBig'));
      return;
    }
    setStage({ name: 'checking' });
    try {
      const text = await file.text();
      const parsed = readImport(text);
      const results = await api.importCsv(text, true);
      setStage({ name: 'checked', file: parsed, rows: plan(parsed, results) });
      setTimeout(() => summary.current?.focus(), 0);
    } catch (e) {
      setStage({ name: 'choose' });
      setError(e instanceof ApiError && e.status === 400 ? t('import.badFile', { reason: e.message }) : describe(e));
    }
  };

  useEffect(() => {
    const chosen = importFile.peek();
    importFile.value = null;
    if (chosen) void check(chosen);
  }, []);

  const run = async (file: ImportFile, planned: PlannedRow[]) => {
    const work = batches(file, planned);
    const total = work.reduce((n, b) => n + b.rows.length, 0);
    let rows = planned;
    let done = 0;
    setStage({ name: 'importing', file, rows, done, total });
    for (const batch of work) {
      try {
        rows = applyBatch(rows, batch, await api.importCsv(batch.csv, false));
      } catch (e) {
        // A batch that got no answer may or may not have been created: the rows say so, and nothing is retried blindly.
        const reason = t('import.batchFailed', { reason: describe(e) });
        rows = rows.map((r) => (batch.rows.includes(r.row) ? { ...r, status: 'error', reason } : r));
      }
      done += batch.rows.length;
      setStage({ name: 'importing', file, rows, done, total });
    }
    setStage({ name: 'done', file, rows });
    setTimeout(() => summary.current?.focus(), 0);
  };

  const chooser = (
    <>
      <button type="button" class={`btn ${stage.name === 'choose' ? 'btn-primary' : 'btn-outline'}`} onClick={() => fileInput.current?.click()}>
        <Icon name="upload" />{stage.name === 'choose' ? t('admin.importCsv') : t('import.another')}
      </button>
      <input ref={fileInput} type="file" accept=".csv,text/csv" hidden onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        e.currentTarget.value = '';
        if (file) void check(file);
      }} />
    </>
  );

  const rows = 'rows' in stage ? stage.rows : [];
  const ready = rows.filter((r) => r.status === 'ready').length;
  const bad = rows.filter((r) => r.status === 'error').length;
  const created = rows.filter((r) => r.status === 'created');
  const needCards = created.filter((r) => !r.hasPassword && r.userId);
  const shown = showAll || rows.length <= SHOWN ? rows : rows.filter((r, i) => i < SHOWN || r.status === 'error');

  return (
    <AdminScreen title={t('import.title')} back={{ name: 'admin', section: 'people' }} wide>
      {stage.name === 'choose' && (
        <section class="card">
          <h3>{t('import.how')}</h3>
          <p>{t('import.explain')}</p>
          <p class="hint"><code>username,displayName,title,department,roles,password</code></p>
          <p class="hint">{t('import.explainPassword')}</p>
          <div class="button-row">
            {chooser}
            <button type="button" class="btn btn-outline" onClick={() => download(new Blob([template()], { type: 'text/csv' }), 'people-template.csv')}>
              <Icon name="download" />{t('import.template')}
            </button>
          </div>
        </section>
      )}
      {error && <p class="alert" role="alert">{error}</p>}
      {stage.name === 'checking' && <p class="hint" role="status">{t('import.checking')}</p>}
      {stage.name === 'checked' && (
        <section class="card">
          <h3 tabIndex={-1} ref={summary}>{t('import.checked')}</h3>
          <p role="status">
            {t('import.ready', { count: ready })} {bad > 0 && t('import.problems', { count: bad })}
          </p>
          <div class="button-row">
            <button type="button" class="btn btn-primary" disabled={ready === 0} onClick={() => void run(stage.file, stage.rows)}>
              {t('import.confirm')}
            </button>
            {chooser}
          </div>
        </section>
      )}
      {stage.name === 'importing' && (
        <section class="card">
          <h3>{t('import.importing')}</h3>
          <progress class="progress" max={stage.total} value={stage.done} aria-label={t('import.progress')} />
          <p role="status">{t('import.progressText', { done: stage.done, total: stage.total })}</p>
        </section>
      )}
      {stage.name === 'done' && (
        <section class="card">
          <h3 tabIndex={-1} ref={summary}>{t('import.finished')}</h3>
          <p role="status">
            {t('import.created', { count: created.length })} {bad > 0 && t('import.notCreated', { count: bad })}
          </p>
          <div class="button-row">
            {needCards.length > 0 && (
              <button type="button" class="btn btn-primary" onClick={() => {
                cardRequest.value = {
                  kind: 'people',
                  people: needCards.map((r) => ({ id: r.userId!, orgId: '', username: r.username, displayName: r.displayName, roles: ['member'], active: true })),
                };
                navigate({ name: 'admin', section: 'cards' });
              }}><Icon name="print" />{t('admin.printCards')}</button>
            )}
            <button type="button" class="btn btn-outline" onClick={() => navigate({ name: 'admin', section: 'people' })}>{t('import.toPeople')}</button>
            {chooser}
          </div>
          {needCards.length > 0 && <p class="hint">{t('import.cardsHint', { count: needCards.length })}</p>}
        </section>
      )}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="admin-table">
            <caption class="visually-hidden">{t('import.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('admin.username')}</th>
                <th scope="col">{t('admin.displayName')}</th>
                <th scope="col">{t('import.status')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.row} class={`row-${r.status}`}>
                  <td>{r.row}</td>
                  <td>{r.username}</td>
                  <td>{r.displayName}</td>
                  <td>{t(`import.status_${r.status}`)}</td>
                  <td>{r.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length < rows.length && (
            <button type="button" class="btn btn-outline" onClick={() => setShowAll(true)}>{t('import.showAll', { count: rows.length })}</button>
          )}
        </div>
      )}
    </AdminScreen>
  );
}
