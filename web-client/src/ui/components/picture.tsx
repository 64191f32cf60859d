import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MediaInfo } from '../../protocol/types';
import type { MessageView } from '../../state/messages';
import { t } from '../../i18n/i18n';
import { useClient } from '../context';
import { Dialog } from './dialog';
import { Icon } from './icons';

const MAX_W = 260;
const MAX_H = 320;

/** The size a picture takes in the chat: its shape kept, within the bubble's limits. */
export function fit(width = 4, height = 3): { width: number; height: number } {
  const scale = Math.min(1, MAX_W / width, MAX_H / height);
  return { width: Math.max(80, Math.round(width * scale)), height: Math.max(60, Math.round(height * scale)) };
}

/** A signed link for a media object, fetched when shown. */
export function useMediaUrl(mediaId: string | undefined, thumbnail: boolean): string | null {
  const client = useClient();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!mediaId) return;
    let live = true;
    client.media.url(mediaId, thumbnail).then((u) => live && setUrl(u), () => undefined);
    return () => {
      live = false;
    };
  }, [mediaId, thumbnail]);
  return url;
}

/** A picture in a message: its thumbnail, opened full size on tap. While uploading: the local copy with progress. */
export function Picture({ media, pending, caption }: { media: MediaInfo; pending?: MessageView['pending']; caption?: string }) {
  const [open, setOpen] = useState(false);
  const size = fit(media.width, media.height);
  const local = useMemo(() => (pending?.blob ? URL.createObjectURL(pending.blob) : null), [pending?.blob]);
  useEffect(() => () => {
    if (local) URL.revokeObjectURL(local);
  }, [local]);
  const remote = useMediaUrl(local ? undefined : media.id, true);
  const src = local ?? remote;
  const alt = caption || t('chat.picture');
  return (
    <div class="msg-picture" style={{ width: `${size.width}px`, height: `${size.height}px` }}>
      {src ? (
        <button type="button" class="msg-picture-btn" aria-label={t('chat.openPicture')} disabled={!!local}
          onClick={() => setOpen(true)}>
          <img src={src} alt={alt} width={size.width} height={size.height} decoding="async" loading="lazy" />
        </button>
      ) : (
        <span class="msg-picture-wait" role="img" aria-label={alt} />
      )}
      {pending && <UploadProgress clientId={pending.clientId} />}
      {open && !local && <Lightbox media={media} alt={alt} onClose={() => setOpen(false)} />}
    </div>
  );
}

/** The upload bar of a picture or voice note being sent: only it re-renders as the bytes go. */
export function UploadProgress({ clientId }: { clientId: string }) {
  const client = useClient();
  const fraction = client.outbox.progress.value[clientId];
  if (fraction === undefined) return null;
  const percent = Math.round(fraction * 100);
  return (
    <div class="upload-progress">
      <progress max={100} value={percent} aria-label={t('chat.uploading', { percent })} />
    </div>
  );
}

/** The picture full size: pinch or buttons to zoom, drag to move. */
function Lightbox({ media, alt, onClose }: { media: MediaInfo; alt: string; onClose(): void }) {
  const url = useMediaUrl(media.id, false);
  const [scale, setScale] = useState(1);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const start = useRef<{ distance: number; scale: number } | null>(null);

  const zoom = (to: number) => {
    const s = Math.min(5, Math.max(1, to));
    setScale(s);
    if (s === 1) setOffset({ x: 0, y: 0 });
  };

  const onPointerDown = (e: PointerEvent) => {
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      start.current = { distance: Math.hypot(a.x - b.x, a.y - b.y), scale };
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    const prev = pointers.current.get(e.pointerId);
    if (!prev) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2 && start.current) {
      const [a, b] = [...pointers.current.values()];
      zoom(start.current.scale * (Math.hypot(a.x - b.x, a.y - b.y) / start.current.distance));
    } else if (pointers.current.size === 1 && scale > 1) {
      setOffset((o) => ({ x: o.x + e.clientX - prev.x, y: o.y + e.clientY - prev.y }));
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) start.current = null;
  };

  return (
    <Dialog title={alt} onClose={onClose} class="lightbox" hideTitle>
      <div class="lightbox-stage" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp} onDblClick={() => zoom(scale > 1 ? 1 : 2.5)}
        onWheel={(e) => {
          e.preventDefault();
          zoom(scale * (e.deltaY < 0 ? 1.15 : 1 / 1.15));
        }}>
        {url && (
          <img src={url} alt={alt} draggable={false}
            style={{ transform: `translate(${offset.x}px, ${offset.y}px) scale(${scale})` }} />
        )}
      </div>
      <div class="lightbox-tools">
        <button type="button" class="icon-btn" aria-label={t('chat.zoomOut')} onClick={() => zoom(scale / 1.5)} disabled={scale <= 1}>
          <span aria-hidden="true">−</span>
        </button>
        <button type="button" class="icon-btn" aria-label={t('chat.zoomIn')} onClick={() => zoom(scale * 1.5)} disabled={scale >= 5}>
          <Icon name="plus" />
        </button>
      </div>
    </Dialog>
  );
}
