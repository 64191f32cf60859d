import { t } from '../../i18n/i18n';
import { MAX_UPLOAD_MB } from './send-picture';

/** Why the server refused a message for good, in words. */
export function failedText(code: string): string {
  switch (code) {
    case 'payload_too_large':
      return t('picture.tooBig', { mb: MAX_UPLOAD_MB });
    case 'unsupported_media_type':
      return t('picture.refused');
    case 'forbidden':
      return t('common.forbidden');
    case 'not_found':
      return t('common.notFound');
    default:
      return t('chat.failed');
  }
}
