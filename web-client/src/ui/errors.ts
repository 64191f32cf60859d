import { ApiError } from '../protocol/rest';
import { t } from '../i18n/i18n';

/** Words for a failed request: never the server's raw answer. */
export function describe(e: unknown): string {
  if (!(e instanceof ApiError)) return t('common.error');
  switch (e.code) {
    case 'network':
      return t('common.offline');
    case 'forbidden':
      return t('common.forbidden');
    case 'not_found':
      return t('common.notFound');
    case 'rate_limited':
      return t('common.rateLimited', { count: e.retryAfter ?? 5 });
    case 'unavailable':
      return t('common.unavailable');
    default:
      return t('common.error');
  }
}
