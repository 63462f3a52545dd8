// GridLink service worker. The server fills in VERSION and PRECACHE at start
// (see src/server/service_worker.rs), so each build gets its own caches.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const SHELL_URL = "/";
const SHELL_CACHE = `gridlink-shell-${VERSION}`;
const PAGES_CACHE = `gridlink-pages-${VERSION}`;
// On a weak signal, wait this long for the network before using the copy.
const NAVIGATION_TIMEOUT_MS = 4000;

// The shell is fetched without cookies: it must hold nothing of the user,
// and its responses must not overwrite cookies (such as the language the
// user is choosing at that moment) on their way back.
// The precache bypasses the HTTP cache: a build can keep the name of its
// main js while the chunk loader it imports changes.
const anonymous = (url) => new Request(url, { credentials: "omit", cache: "reload" });

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.map(anonymous)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const current = new Set([SHELL_CACHE, PAGES_CACHE]);
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("gridlink-") && !current.has(key))
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // Downloads (CSV, feedback sheets) are private and always fresh: never kept here.
  if (url.pathname.startsWith("/export/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (!url.pathname.startsWith("/api/") && url.pathname !== "/sw.js") {
    event.respondWith(cacheFirst(request));
  }
});

// After logout, no page rendered for the user may stay on the phone: drop
// the pages cache and fetch the shell pages again, now anonymously.
self.addEventListener("message", (event) => {
  if (event.data === "forget-pages") event.waitUntil(forgetPages());
});

async function forgetPages() {
  await caches.delete(PAGES_CACHE);
  const shell = await caches.open(SHELL_CACHE);
  const pages = PRECACHE.filter((url) => !url.slice(1).includes("."));
  await Promise.all(
    pages.map(async (url) => {
      const response = await fetch(url, { cache: "no-store", credentials: "omit" });
      if (response.ok) await shell.put(url, response);
    }),
  );
}

async function networkFirst(request) {
  const network = fetch(request).then(async (response) => {
    if (response.ok) {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request, response.clone());
    }
    return response;
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
    return (await cachedPage(request)) || (await network);
  } catch (error) {
    const cached = await cachedPage(request);
    if (cached) return cached;
    throw error;
  }
}

async function cachedPage(request) {
  return (
    (await caches.match(request, { ignoreSearch: true })) ||
    (await caches.match(SHELL_URL))
  );
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached || fetch(request);
}
