/// <reference lib="webworker" />
/**
 * The app shell, cached: ChatPro opens offline and from the cache in well under a second. Only the build's own
 * files are cached (the list is written in at build time); API answers, media, tokens and the socket never are.
 * A new version waits until the person agrees to reload (no silent takeover mid-conversation).
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const SHELL: string[] = '__CHATPRO_SHELL__' as unknown as string[];
const CACHE = 'chatpro-shell-__CHATPRO_VERSION__';

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('chatpro-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'skipWaiting') void sw.skipWaiting();
});

/** The API and operations paths, matched by whole path segment as the gateway does: never the shell's business. */
const RESERVED = ['/api', '/ws', '/health', '/metrics', '/.well-known'];

function isApi(url: URL): boolean {
  return RESERVED.some((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || isApi(url)) return;
  if (request.mode === 'navigate') {
    // Every client route is the same page: answer it from the cache, so the app opens without the network.
    event.respondWith(caches.match('/', { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((cached) => cached ?? fetch(request)));
});
