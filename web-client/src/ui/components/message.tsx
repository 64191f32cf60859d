import { memo } from 'preact/compat';
import type { MessageView, Tick } from '../../state/messages';
import { reactionCounts } from '../../state/messages';
import { t } from '../../i18n/i18n';
import { time, duration } from '../../i18n/format';
import { colourOf } from './avatar';
import { RichText } from './rich-text';
import { Ticks } from './ticks';
import { MessageMenu, type MessageAction } from './message-menu';
import { Picture } from './picture';
import { VoicePlayer } from './voice-player';
import { Icon } from './icons';

export interface MessageProps {
  message: MessageView;
  mine: boolean;
  group: boolean;
  senderName: string;
  tick: Tick | null;
  quoted?: { senderName: string; text: string } | null;
  mentionNames: readonly string[];
  actions: MessageAction[];
  me: string;
  onAction(action: MessageAction, message: MessageView): void;
  onReact(message: MessageView, emoji: string): void;
  onQuoteClick?(messageId: string): void;
}

/** What a message says, in words, for its accessible name and for quotes. */
export function summary(m: MessageView): string {
  if (m.deleted) return t('chat.deleted');
  if (m.erased) return t('chat.erased');
  if (m.expired) return t('chat.expired');
  if (m.unreadable) return t('chat.unreadable');
  if (m.kind === 'image') return m.text ? t('chat.pictureCaptioned', { caption: m.text }) : t('chat.picture');
  if (m.kind === 'voice') return m.media?.durationMs ? t('chat.voiceLength', { time: duration(m.media.durationMs) }) : t('chat.voiceNote');
  return m.text ?? '';
}

/** One message: sender (in groups), quote, content, reactions, time and ticks, and its actions. */
export const Message = memo(function Message(props: MessageProps) {
  const { message: m, mine, group, senderName, tick } = props;
  const gone = m.deleted || m.erased || m.expired || m.unreadable;
  const label = t('chat.messageLabel', { name: senderName, text: summary(m), time: time(m.at) });
  const reactions = reactionCounts(m.reactions, props.me);
  return (
    <div class={`msg-row${mine ? ' mine' : ''}`}>
      <article class={`msg${mine ? ' msg-mine' : ''}${gone ? ' msg-gone' : ''}${m.urgent ? ' msg-urgent' : ''}`}
        aria-label={label} data-message-id={m.pending ? undefined : m.messageId}>
        {group && !mine && (
          <p class="msg-sender" style={{ color: colourOf(m.senderId) }}>{senderName}</p>
        )}
        {m.forwardOf && !gone && <p class="msg-forwarded"><Icon name="forward" />{t('chat.forwarded')}</p>}
        {m.urgent && <p class="msg-urgent-label"><Icon name="alert" />{t('chat.urgentLabel')}</p>}
        {props.quoted !== undefined && m.replyTo && !gone && (
          <button type="button" class="msg-quote" onClick={() => props.onQuoteClick?.(m.replyTo!)}>
            <span class="msg-quote-name">{props.quoted?.senderName ?? ''}</span>
            <span class="msg-quote-text">{props.quoted?.text ?? t('chat.earlierMessage')}</span>
          </button>
        )}
        {!gone && m.kind === 'image' && m.media && <Picture media={m.media} pending={m.pending} caption={m.text} />}
        {!gone && m.kind === 'voice' && m.media && <VoicePlayer media={m.media} pending={m.pending} />}
        {gone ? (
          <p class="msg-text msg-gone-text">{summary(m)}</p>
        ) : (
          m.text && (
            <p class="msg-text" dir="auto">
              <RichText text={m.text} mentionNames={props.mentionNames} />
            </p>
          )
        )}
        <p class="msg-meta">
          {m.editedAt && !gone && <span class="msg-edited">{t('chat.edited')}</span>}
          <time dateTime={m.at}>{time(m.at)}</time>
          {mine && tick && <Ticks tick={tick} />}
        </p>
        {reactions.length > 0 && (
          <ul class="msg-reactions" aria-label={t('actions.react')}>
            {reactions.map((r) => (
              <li key={r.emoji}>
                <button type="button" class={`reaction${r.mine ? ' reaction-mine' : ''}`}
                  aria-label={t('react.count', { emoji: r.emoji, count: r.count })} aria-pressed={r.mine}
                  onClick={() => props.onReact(m, r.mine ? '' : r.emoji)}>
                  {r.emoji} {r.count > 1 ? r.count : ''}
                </button>
              </li>
            ))}
          </ul>
        )}
        {m.pending?.failed && <PendingFailed {...props} />}
        {props.actions.length > 0 && <MessageMenu actions={props.actions} onPick={(a) => props.onAction(a, m)} />}
      </article>
    </div>
  );
});

function PendingFailed({ message, onAction }: MessageProps) {
  return (
    <p class="msg-failed" role="alert">
      <span>{message.pending?.failed}</span>
      <button type="button" class="btn btn-outline" onClick={() => onAction('retry', message)}>{t('chat.retry')}</button>
      <button type="button" class="btn btn-quiet" onClick={() => onAction('discard', message)}>{t('chat.discard')}</button>
    </p>
  );
}
