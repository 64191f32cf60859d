import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { locale, t } from '../../i18n/i18n';
import { duration } from '../../i18n/format';
import { codePoints, MAX_TEXT } from '../../app/actions';
import type { MessageView } from '../../state/messages';
import { useClient } from '../context';
import { describe } from '../errors';
import { Confirm } from './dialog';
import { Icon } from './icons';
import { useRecorder } from './recorder';
import { MAX_UPLOAD_MB, SendPicture } from './send-picture';
import { Drafts as drafts } from '../../state/drafts';
import { MentionList, matchCandidates, mentionQuery, type Candidate } from './mentions';

export interface ComposerProps {
  chatId: string;
  candidates: Candidate[];
  replyTo: { message: MessageView; senderName: string; text: string } | null;
  editing: MessageView | null;
  urgentAllowed: boolean;
  disabled?: boolean;
  onDone(): void;
  onSent(): void;
}

const isTouch = () => typeof matchMedia !== 'undefined' && matchMedia('(pointer: coarse)').matches;

/** Writing: text with @mentions, a picture, a voice note; replies and edits; urgent for those allowed. */
export function Composer(props: ComposerProps) {
  const { chatId, editing, replyTo } = props;
  const client = useClient();
  const [text, setText] = useState(() => drafts.get(chatId) ?? '');
  const [mentions, setMentions] = useState<Record<string, string>>({});
  const [query, setQuery] = useState<string | null>(null);
  const [urgent, setUrgent] = useState(false);
  const [askUrgent, setAskUrgent] = useState(false);
  const [picture, setPicture] = useState<File | null>(null);
  const [activeMention, setActiveMention] = useState<string | undefined>(undefined);
  const mentionListId = `mentions-${chatId}`;
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const gallery = useRef<HTMLInputElement>(null);
  const camera = useRef<HTMLInputElement>(null);
  const recorder = useRecorder((recording) => void queueVoice(recording));
  const length = codePoints(text);
  const tooLong = length > MAX_TEXT;
  const refusal = client.actions.refusals.value[chatId];

  // Before the browser paints, not after: the box must hold the text being edited from the moment it shows, or
  // what the person starts typing at once is overwritten by (or mixed into) the text arriving late.
  useLayoutEffect(() => {
    if (editing) {
      setText(editing.text ?? '');
      box.current?.focus();
    }
  }, [editing?.messageId]);
  useEffect(() => {
    if (replyTo) box.current?.focus();
  }, [replyTo?.message.messageId]);
  useEffect(() => {
    if (!editing) drafts.set(chatId, text);
  }, [text]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  const onInput = (e: Event) => {
    const el = e.currentTarget as HTMLTextAreaElement;
    setText(el.value);
    setError(null);
    client.actions.clearRefused(chatId);
    setQuery(mentionQuery(el.value, el.selectionStart ?? el.value.length));
    if (el.value) client.actions.typing(chatId);
  };

  const pickMention = (c: Candidate) => {
    const el = box.current;
    const caret = el?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@([^\s@]*)$/, `@${c.name} `);
    const next = before + text.slice(caret);
    setText(next);
    setMentions({ ...mentions, [c.id]: c.name });
    setQuery(null);
    setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(before.length, before.length);
    }, 0);
  };

  const submit = () => (editing ? saveEdit(editing) : send());

  /**
   * The composer is cleared at once, so what is typed next is never wiped by an earlier send finishing; if the
   * message could not even be queued, its text comes back.
   */
  const send = async () => {
    const trimmed = text.trim();
    if (!trimmed || tooLong || props.disabled) return;
    const ids = Object.entries(mentions).filter(([, name]) => trimmed.includes(`@${name}`)).map(([id]) => id);
    const extra = {
      ...(replyTo ? { replyTo: replyTo.message.messageId } : {}),
      ...(ids.length ? { mentions: ids } : {}),
      ...(urgent ? { urgent: true } : {}),
    };
    setError(null);
    setText('');
    drafts.delete(chatId);
    setMentions({});
    setUrgent(false);
    props.onDone();
    box.current?.focus();
    const sending = client.actions.sendText(chatId, trimmed, extra);
    props.onSent();
    try {
      await sending;
    } catch (e) {
      setError(describe(e));
      setText((now) => now || trimmed);
    }
  };

  const saveEdit = async (message: MessageView) => {
    const trimmed = text.trim();
    if (!trimmed || tooLong) return;
    setError(null);
    try {
      await client.actions.edit(message.messageId, trimmed);
      setText(drafts.get(chatId) ?? '');
      props.onDone();
    } catch {
      setError(t('edit.failed'));
    }
    box.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const listing = query !== null && matchCandidates(query, props.candidates).length > 0;
    if (listing && ['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key)) return;
    if (e.key === 'Enter' && !e.shiftKey && !isTouch() && !e.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && (editing || replyTo)) {
      props.onDone();
    }
  };

  const onFile = (input: HTMLInputElement | null) => {
    const file = input?.files?.[0];
    if (input) input.value = '';
    client.actions.clearRefused(chatId);
    if (!file) return;
    if (!file.type.startsWith('image/')) {
      setError(t('picture.notImage'));
      return;
    }
    setPicture(file);
  };

  const sendVoice = async () => {
    const result = await recorder.stop();
    if (result) await queueVoice(result);
  };

  const queueVoice = async (result: { blob: Blob; durationMs: number }) => {
    try {
      await client.actions.sendVoice(chatId, result.blob, result.durationMs, urgent);
      setUrgent(false);
      props.onSent();
    } catch (e) {
      setError(describe(e));
    }
  };

  if (recorder.recording) {
    return (
      <div class="composer composer-recording">
        <button type="button" class="icon-btn" aria-label={t('chat.cancelRecording')} onClick={recorder.cancel}>
          <Icon name="trash" />
        </button>
        <p class="recording" role="status">
          <span class="recording-dot" aria-hidden="true" />
          {t('chat.recording', { time: duration(recorder.elapsed) })}
        </p>
        <button type="button" class="icon-btn send-btn" aria-label={t('chat.sendVoice')} onClick={() => void sendVoice()}>
          <Icon name="send" />
        </button>
      </div>
    );
  }

  return (
    <div class="composer-wrap">
      {(error || recorder.error || tooLong || refusal) && (
        <p class="composer-error" role="alert">
          {tooLong ? t('chat.tooLong', { count: new Intl.NumberFormat(locale.value).format(length) })
            : error ?? (recorder.error === 'denied' ? t('chat.micDenied') : recorder.error === 'missing' ? t('chat.micMissing')
              : recorder.error ? t('common.error') : refusalText(refusal!))}
        </p>
      )}
      {replyTo && !editing && (
        <div class="composer-context">
          <div class="composer-context-text">
            <strong>{t('chat.replyingTo', { name: replyTo.senderName })}</strong>
            <span>{replyTo.text}</span>
          </div>
          <button type="button" class="icon-btn" aria-label={t('chat.cancelReply')} onClick={props.onDone}>
            <Icon name="close" />
          </button>
        </div>
      )}
      {editing && (
        <div class="composer-context">
          <div class="composer-context-text">
            <strong>{t('chat.editing')}</strong>
            <span>{t('edit.window')}</span>
          </div>
          <button type="button" class="icon-btn" aria-label={t('chat.cancelEdit')} onClick={() => {
            setText(drafts.get(chatId) ?? '');
            props.onDone();
          }}>
            <Icon name="close" />
          </button>
        </div>
      )}
      {query !== null && (
        <MentionList id={mentionListId} query={query} candidates={props.candidates} onPick={pickMention}
          onClose={() => setQuery(null)} onActive={setActiveMention} />
      )}
      {props.urgentAllowed && !editing && (
        <label class="check urgent-switch">
          <input type="checkbox" role="switch" checked={urgent}
            onChange={(e) => {
              if (e.currentTarget.checked) {
                e.currentTarget.checked = false;
                setAskUrgent(true);
              } else setUrgent(false);
            }} />
          {t('chat.urgent')}
        </label>
      )}
      <div class="composer">
        {!editing && (
          <>
            <button type="button" class="icon-btn" aria-label={t('chat.attach')} disabled={props.disabled}
              onClick={() => gallery.current?.click()}>
              <Icon name="picture" />
            </button>
            <input ref={gallery} type="file" accept="image/*" class="visually-hidden" tabIndex={-1} aria-hidden="true"
              onChange={(e) => onFile(e.currentTarget)} />
            <input ref={camera} type="file" accept="image/*" capture="environment" class="visually-hidden" tabIndex={-1}
              aria-hidden="true" onChange={(e) => onFile(e.currentTarget)} />
          </>
        )}
        <label for={`message-${chatId}`} class="visually-hidden">{t('chat.message')}</label>
        <textarea id={`message-${chatId}`} ref={box} class="composer-input" rows={1} value={text} dir="auto"
          placeholder={t('chat.message')} disabled={props.disabled} aria-invalid={tooLong}
          aria-autocomplete="list" aria-activedescendant={activeMention}
          onInput={onInput} onKeyDown={onKeyDown} onBlur={() => setTimeout(() => setQuery(null), 200)} />
        {!editing && !text && isTouch() && (
          <button type="button" class="icon-btn" aria-label={t('chat.takePhoto')} onClick={() => camera.current?.click()}>
            <Icon name="camera" />
          </button>
        )}
        {!editing && !text && (
          <button type="button" class="icon-btn" aria-label={t('chat.record')} disabled={props.disabled}
            onClick={() => {
              client.actions.clearRefused(chatId);
              void recorder.start();
            }}>
            <Icon name="mic" />
          </button>
        )}
        <button type="button" class="icon-btn send-btn" aria-label={editing ? t('chat.save') : t('chat.send')}
          disabled={!text.trim() || tooLong || props.disabled} onClick={() => void submit()}>
          <Icon name={editing ? 'check' : 'send'} />
        </button>
      </div>
      {picture && (
        <SendPicture file={picture} urgent={urgent} chatId={chatId} onClose={() => setPicture(null)}
          onSent={() => {
            setPicture(null);
            setUrgent(false);
            props.onSent();
          }} />
      )}
      {askUrgent && (
        <Confirm title={t('chat.urgentConfirm')} explain={t('chat.urgentExplain')} action={t('chat.urgentYes')}
          onClose={() => setAskUrgent(false)}
          onConfirm={() => {
            setUrgent(true);
            setAskUrgent(false);
          }} />
      )}
    </div>
  );
}

/** Why the server would not take a picture or voice note, in words. */
function refusalText(r: { kind: string; code: string }): string {
  if (r.kind === 'voice') return r.code === 'payload_too_large' ? t('picture.voiceTooBig') : t('picture.voiceRefused');
  return r.code === 'payload_too_large' ? t('picture.tooBig', { mb: MAX_UPLOAD_MB }) : t('picture.refused');
}
