import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MediaInfo } from '../../protocol/types';
import type { MessageView } from '../../state/messages';
import { t } from '../../i18n/i18n';
import { duration } from '../../i18n/format';
import { useClient } from '../context';
import { Icon } from './icons';
import { UploadProgress } from './picture';
import { markPlayed, played } from '../../state/played';

const BARS = 40;

/** 64 levels from the server, drawn as fewer, wider bars. */
export function bars(waveform: readonly number[] | undefined, count = BARS): number[] {
  if (!waveform?.length) return Array.from({ length: count }, () => 30);
  return Array.from({ length: count }, (_, i) => {
    const from = Math.floor((i * waveform.length) / count);
    const to = Math.max(from + 1, Math.floor(((i + 1) * waveform.length) / count));
    const slice = waveform.slice(from, to);
    return Math.max(8, Math.round(slice.reduce((a, b) => a + b, 0) / slice.length));
  });
}

/** Only one voice note plays at a time. */
let playing: HTMLAudioElement | null = null;

/** A voice note: play and pause, the server's waveform with progress, duration, and whether it was played. */
export function VoicePlayer({ media, pending }: { media: MediaInfo; pending?: MessageView['pending'] }) {
  const client = useClient();
  const audio = useRef<HTMLAudioElement | null>(null);
  const [isPlaying, setPlaying] = useState(false);
  const [position, setPosition] = useState(0);
  const levels = useMemo(() => bars(media.waveform), [media.waveform]);
  const total = media.durationMs ?? 0;
  const wasPlayed = played.value.has(media.id);

  useEffect(() => () => {
    audio.current?.pause();
  }, []);

  const toggle = async () => {
    let el = audio.current;
    if (!el) {
      el = new Audio();
      el.preload = 'auto';
      el.src = pending?.blob ? URL.createObjectURL(pending.blob) : await client.media.url(media.id);
      el.ontimeupdate = () => setPosition(el!.currentTime * 1000);
      el.onplay = () => setPlaying(true);
      el.onpause = () => setPlaying(false);
      el.onended = () => {
        setPlaying(false);
        setPosition(0);
      };
      audio.current = el;
    }
    if (el.paused) {
      if (playing && playing !== el) playing.pause();
      playing = el;
      markPlayed(media.id);
      await el.play().catch(() => setPlaying(false));
    } else {
      el.pause();
    }
  };

  const fraction = total ? Math.min(1, position / total) : 0;
  return (
    <div class={`voice${wasPlayed ? ' voice-played' : ''}`}>
      <button type="button" class="icon-btn voice-btn" aria-label={isPlaying ? t('chat.pause') : t('chat.play')}
        onClick={() => void toggle()} disabled={!!pending && !pending.blob}>
        <Icon name={isPlaying ? 'pause' : 'play'} />
      </button>
      <span class="voice-wave" aria-hidden="true">
        {levels.map((level, i) => (
          <span key={i} class={i / levels.length < fraction ? 'on' : undefined} style={{ height: `${level}%` }} />
        ))}
      </span>
      <span class="voice-time">
        {duration(isPlaying || position ? position : total)}
        {wasPlayed && <span class="visually-hidden">, {t('chat.played')}</span>}
      </span>
      {pending && <UploadProgress clientId={pending.clientId} />}
    </div>
  );
}
