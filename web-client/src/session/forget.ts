/**
 * Removing what this browser keeps of ChatPro, for shared devices: the databases, the service worker and its
 * caches, this tab's sessionStorage and ChatPro's localStorage keys (but those kept on purpose). Each step is
 * bounded in time, so a browser that holds a database open elsewhere cannot keep the page waiting.
 */

const STEP_MS = 3_000;

/** The IndexedDB databases of this origin (all ChatPro's), or the one ChatPro makes where they cannot be listed. */
export async function deleteDatabases(names: string[] = ['chatpro']): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const listed = await within(indexedDB.databases?.().catch(() => []) ?? Promise.resolve([]), []);
  const all = new Set([...names, ...listed.map((d) => d.name).filter((n): n is string => !!n)]);
  await Promise.all([...all].map((name) => within(deleted(name), undefined)));
}

function deleted(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
  });
}

/**
 * Unregisters the service worker and then deletes Cache Storage. A worker still installing when this starts
 * finishes writing its cache first (its install cannot be stopped), so its cache is deleted after it settles.
 */
export async function forgetServiceWorker(): Promise<void> {
  if (typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
    const registrations = await within(navigator.serviceWorker.getRegistrations(), []);
    const installing = registrations.map((r) => r.installing).filter((w): w is ServiceWorker => !!w);
    await Promise.all(registrations.map((r) => within(r.unregister(), false)));
    await Promise.all(installing.map((w) => within(settled(w), undefined)));
  }
  await deleteCaches();
}

function settled(worker: ServiceWorker): Promise<void> {
  return new Promise((resolve) => {
    const done = () => worker.state !== 'installing' && resolve();
    worker.addEventListener('statechange', done);
    done();
  });
}

export async function deleteCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  const keys = await within(caches.keys(), []);
  await Promise.all(keys.map((k) => within(caches.delete(k), false)));
}

/** Removes ChatPro's localStorage keys, but those named in `keep` (the language chosen, the organisation). */
export function clearLocalStorage(keep: readonly string[]): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key && key.startsWith('chatpro.') && !keep.includes(key)) localStorage.removeItem(key);
  }
}

function within<T>(work: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), STEP_MS))]);
}
