import type { MediaInfo } from './types';
import { ApiError, errorOf } from './rest';

export interface UploadOptions {
  kind: 'image' | 'voice';
  blob: Blob;
  token: string;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads a picture or voice note as the raw body (`POST /api/v1/media`), with progress: fetch cannot report upload
 * progress, so this one request uses XMLHttpRequest.
 */
export function upload({ kind, blob, token, onProgress, signal }: UploadOptions): Promise<MediaInfo> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/media?kind=${kind}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    if (blob.type) xhr.setRequestHeader('Content-Type', blob.type.split(';')[0]);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as MediaInfo);
        } catch {
          reject(new ApiError(502, 'unavailable', 'unreadable answer'));
        }
      } else {
        reject(errorOf(xhr.status, xhr.responseText, xhr.getResponseHeader('Retry-After')));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'no connection'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'cancelled'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(blob);
  });
}
