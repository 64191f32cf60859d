import { t } from '../../i18n/i18n';
import { fileSize, longDate } from '../../i18n/format';
import type { MyDataModel } from '../../state/my-data';
import { ApiError } from '../../protocol/rest';
import { describe } from '../errors';

/**
 * "Your data" in Settings: what a copy of one's data holds, in plain words, and the copy itself — asked for, its
 * progress while it is prepared, then saved; a failure says so and offers to try again.
 */
export function MyData({ model }: { model: MyDataModel }) {
  const view = model.view.value;
  const problem = model.problem.value;
  const saving = model.saving.value;

  return (
    <section class="card my-data" aria-labelledby="my-data-title">
      <h3 id="my-data-title">{t('myData.title')}</h3>
      <p>{t('myData.intro')}</p>
      <ul class="my-data-list">
        <li>{t('myData.profile')}</li>
        <li>{t('myData.signIns')}</li>
        <li>{t('myData.hours')}</li>
        <li>{t('myData.conversations')}</li>
        <li>{t('myData.media')}</li>
      </ul>
      <p class="hint">{t('myData.kept')}</p>
      {problem !== null && <p class="alert" role="alert">{problemText(problem)}</p>}
      {(view.kind === 'none' || view.kind === 'unknown' || view.kind === 'asking') && (
        <button type="button" class="btn btn-primary" disabled={view.kind === 'asking'} onClick={() => void model.request()}>
          {t('myData.download')}
        </button>
      )}
      {view.kind === 'pending' && (
        <div class="my-data-progress">
          <progress class="progress" max={100} value={view.percent} aria-label={t('myData.preparing')} />
          <p role="status">{t('myData.preparingPercent', { percent: view.percent })}</p>
          <p class="hint">{t('myData.leaveAndComeBack')}</p>
        </div>
      )}
      {view.kind === 'ready' && (
        <div class="my-data-ready">
          <p role="status">{t('myData.ready')}</p>
          <button type="button" class="btn btn-primary" disabled={saving} onClick={() => void model.download()}>
            {saving ? t('myData.saving')
              : view.size !== undefined ? t('myData.saveSized', { size: fileSize(view.size) }) : t('myData.save')}
          </button>
          {view.expiresAt && <p class="hint">{t('myData.expires', { date: longDate(view.expiresAt) })}</p>}
          <button type="button" class="btn btn-outline" onClick={() => void model.request()}>{t('myData.again')}</button>
        </div>
      )}
      {view.kind === 'failed' && (
        <div class="my-data-failed">
          <p class="alert" role="alert">{t('myData.failed')}</p>
          <button type="button" class="btn btn-primary" onClick={() => void model.request()}>{t('myData.tryAgain')}</button>
        </div>
      )}
    </section>
  );
}

/** A few copies a day may be asked for; the server then says to wait about an hour, which reads better in minutes. */
function problemText(e: unknown): string {
  if (e instanceof ApiError && e.code === 'rate_limited' && (e.retryAfter ?? 0) >= 120) {
    return t('myData.limited', { count: Math.ceil((e.retryAfter ?? 0) / 60) });
  }
  return describe(e);
}
