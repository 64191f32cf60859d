import { signal } from '@preact/signals';
import { t } from '../i18n/i18n';

/** A new version is installed and waits for the person to agree. */
const waiting = signal<ServiceWorker | null>(null);
/** This tab's person agreed: only this tab reloads when the new version takes over. */
let agreed = false;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((registration) => {
    const watch = (worker: ServiceWorker | null) => {
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) waiting.value = worker;
      });
    };
    if (registration.waiting && navigator.serviceWorker.controller) waiting.value = registration.waiting;
    registration.addEventListener('updatefound', () => watch(registration.installing));
    setInterval(() => void registration.update().catch(() => undefined), 60 * 60_000);
  }, () => undefined);
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (agreed && !reloading) {
      reloading = true;
      location.reload();
    }
  });
}

export function UpdatePrompt() {
  const worker = waiting.value;
  if (!worker) return null;
  return (
    <div class="banner banner-offline" role="status">
      <p>{t('app.update')}</p>
      <button type="button" class="btn" onClick={() => {
        agreed = true;
        worker.postMessage({ type: 'skipWaiting' });
      }}>{t('app.updateNow')}</button>
    </div>
  );
}
