import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { codePoints, MAX_TEXT } from '../../app/actions';
import { useClient } from '../context';
import { describe } from '../errors';
import { Dialog } from './dialog';

/** The server's default limit; a larger picture is refused here before any byte is sent. */
export const MAX_UPLOAD_MB = 16;

/** The chosen picture, previewed with an optional caption before it is sent. */
export function SendPicture({ file, chatId, urgent, onClose, onSent }: {
  file: File; chatId: string; urgent: boolean; onClose(): void; onSent(): void;
}) {
  const client = useClient();
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  const [caption, setCaption] = useState('');
  const [size, setSize] = useState<{ width?: number; height?: number }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(file.size > MAX_UPLOAD_MB * 1024 * 1024
    ? t('picture.tooBig', { mb: MAX_UPLOAD_MB }) : null);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  const tooBig = file.size > MAX_UPLOAD_MB * 1024 * 1024;
  const tooLong = codePoints(caption) > MAX_TEXT;

  const send = async (e: Event) => {
    e.preventDefault();
    if (tooBig || tooLong || busy) return;
    setBusy(true);
    try {
      await client.actions.sendPicture(chatId, file, caption.trim(), size, urgent);
      onSent();
    } catch (err) {
      setError(describe(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('picture.title')} onClose={onClose} wide>
      <form onSubmit={send} class="send-picture">
        <img src={url} alt={t('chat.picture')} class="send-picture-preview"
          onLoad={(e) => setSize({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
          onError={() => setError(t('picture.refused'))} />
        {(error || tooLong) && <p class="alert" role="alert">{tooLong ? t('chat.tooLong', { count: codePoints(caption) }) : error}</p>}
        <div class="field">
          <label for="picture-caption">{t('picture.caption')}</label>
          <input id="picture-caption" class="input" value={caption} onInput={(e) => setCaption(e.currentTarget.value)} />
        </div>
        <div class="dialog-actions">
          <button type="button" class="btn btn-outline" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" class="btn btn-primary" disabled={tooBig || tooLong || busy}>{t('picture.send')}</button>
        </div>
      </form>
    </Dialog>
  );
}
