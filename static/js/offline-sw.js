// Service worker for offline kiosk tablets. Pages: network first, the cached copy when
// the network is down. Styles, scripts and pictures: the cached copy first. The kiosk
// page tells it which files to keep (postMessage {cache: [urls]}). Posts are never
// touched: answers are sent by the page from IndexedDB.
const CACHE = 'engage-offline-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  if (event.data && Array.isArray(event.data.cache)) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(event.data.cache)));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});
