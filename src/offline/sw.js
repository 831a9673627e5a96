const SAVED = 'sira-saved';
const scope = () => self.registration.scope;
const abs = (p) => new URL(p, scope()).href;
const langOf = (url) => url.slice(scope().length).split('/')[0];
// The search index of a language the reader reads in, so that search works offline too.
function searchOf(lang) {
  const files = SEARCH[lang] || [];
  return caches.open(CACHE).then((c) => c.match(abs(files[files.length - 1] || 'index.html'))
    .then((hit) => (hit || !files.length ? null : c.addAll(files.map(abs)))));
}
// The shell, and the search index of the language of the pages that install the worker.
self.addEventListener('install', (e) => {
  e.waitUntil(self.clients.matchAll({ includeUncontrolled: true }).then((pages) => {
    const langs = new Set(pages.map((c) => langOf(c.url)));
    const search = [].concat(...[...langs].map((l) => SEARCH[l] || []));
    return caches.open(CACHE).then((c) => c.addAll(SHELL.concat(search)));
  }).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => {
    const old = keys.filter((k) => k.startsWith('sira-') && k !== CACHE);
    return Promise.all(old.map((k) => caches.open(k).then((c) => c.match(abs(SAVED)))))
      .then((marks) => Promise.all(old.map((k) => caches.delete(k))).then(() => marks.some(Boolean)));
  }).then((wasSaved) => self.clients.claim().then(() => { if (wasSaved) save(); }))
    .then(() => self.clients.matchAll())
    // The pages open now were fetched before the worker ran: store them too.
    .then((pages) => caches.open(CACHE).then((c) => Promise.all(pages.map((p) => c.add(p.url.split(/[?#]/)[0]).catch(() => {}))))
      .then(() => Promise.all([...new Set(pages.map((c) => langOf(c.url)))].map(searchOf))))
    .catch(() => {}));
});
function tell(msg) {
  return self.clients.matchAll({ includeUncontrolled: true }).then((all) => all.forEach((c) => c.postMessage(msg)));
}
const total = SAVE.reduce((n, f) => n + f[1], 0);
let saving = null;
function save() {
  if (saving) return saving;
  saving = caches.open(CACHE).then((cache) => {
    let done = 0;
    let next = 0;
    const worker = () => {
      if (next >= SAVE.length) return Promise.resolve();
      const [path, size] = SAVE[next++];
      return cache.match(abs(path)).then((hit) => hit || fetch(abs(path)).then((res) => {
        if (!res.ok) throw new Error(path + ': ' + res.status);
        return cache.put(abs(path), res);
      })).then(() => { done += size; return tell({ type: 'sira-progress', done, total }); }).then(worker);
    };
    return Promise.all([worker(), worker(), worker(), worker()])
      .then(() => cache.put(abs(SAVED), new Response('1')))
      .then(() => tell({ type: 'sira-status', saved: true, total }));
  }).catch(() => tell({ type: 'sira-status', saved: false, failed: true, total }))
    .then(() => { saving = null; });
  return saving;
}
function remove() {
  return caches.open(CACHE).then((cache) => Promise.all(SAVE.map((f) => cache.delete(abs(f[0]))))
    .then(() => cache.delete(abs(SAVED))))
    .then(() => tell({ type: 'sira-status', saved: false, total }));
}
self.addEventListener('message', (e) => {
  const type = e.data && e.data.type;
  if (type === 'sira-save') e.waitUntil(save());
  else if (type === 'sira-remove') e.waitUntil(remove());
  else if (type === 'sira-status') {
    e.waitUntil(caches.open(CACHE).then((c) => c.match(abs(SAVED)))
      .then((hit) => e.source.postMessage({ type: 'sira-status', saved: !!hit, saving: !!saving, total })));
  }
});
function offlinePage(url) {
  const lang = url.href.slice(scope().length).split('/')[0];
  return caches.match(abs(lang + '/offline.html')).then((page) => page
    ? Response.redirect(abs(lang + '/offline.html'), 302)
    : caches.match(abs('index.html')));
}
self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const nav = req.mode === 'navigate';
  if (nav && SEARCH[langOf(url.href)]) e.waitUntil(searchOf(langOf(url.href)).catch(() => {}));
  let key = url.origin + url.pathname;
  if (key.endsWith('/')) key += 'index.html';
  e.respondWith(caches.match(key).then((hit) => hit || fetch(req).then((res) => {
    if (res.ok && res.type === 'basic') {
      const copy = res.clone();
      caches.open(CACHE).then((c) => c.put(key, copy));
    }
    return res;
  }).catch((err) => { if (nav) return offlinePage(url); throw err; })));
});
