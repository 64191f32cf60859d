import type { Rest } from '../protocol/rest';

/** Signed links live five minutes; stop using one a little before it expires. */
const MARGIN_MS = 30_000;

/**
 * Short-lived links to pictures and voice notes (`GET /media/{id}/url`), kept while they are valid so a picture
 * scrolled past twice is loaded once and the browser can cache it.
 */
export class MediaLinks {
  private readonly links = new Map<string, { url: string; expiresAt: number }>();
  private readonly asking = new Map<string, Promise<string>>();

  constructor(private readonly rest: Rest) {}

  url(mediaId: string, thumbnail = false): Promise<string> {
    const key = `${mediaId}:${thumbnail}`;
    const known = this.links.get(key);
    if (known && known.expiresAt - MARGIN_MS > Date.now()) return Promise.resolve(known.url);
    let asking = this.asking.get(key);
    if (!asking) {
      const query = thumbnail ? '?thumbnail=true' : '';
      asking = this.rest
        .get<{ url: string; expiresAt: string }>(`/api/v1/media/${encodeURIComponent(mediaId)}/url${query}`)
        .then((answer) => {
          this.links.set(key, { url: answer.url, expiresAt: Date.parse(answer.expiresAt) });
          return answer.url;
        })
        .finally(() => this.asking.delete(key));
      this.asking.set(key, asking);
    }
    return asking;
  }
}
