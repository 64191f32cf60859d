import { signal } from '@preact/signals';
import { t } from '../i18n/i18n';

/** A new version is installed and waits for the person to agree. */
const waiting = signal<ServiceWorker | null>(null);

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
    if (waiting.peek() && !reloading) {
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
      <button type="button" class="btn" onClick={() => worker.postMessage({ type: 'skipWaiting' })}>{t('app.updateNow')}</button>
    </div>
  );
}
