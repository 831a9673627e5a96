// The one script of every page (a file, not inline: the pages' Content-Security-Policy has no
// 'unsafe-inline'). Without JavaScript every page works (what needs it, `.needs-js`, is hidden
// by the pages' one <noscript> style); with it:
// - the page's language is remembered, so the root page sends the reader back to it;
// - a language switch keeps the page's query and filters (the search page's are in its URL);
// - the site's service worker is registered (over HTTP only: browsers run none from file://);
//   the page gives the worker's address relative to itself in data-sw;
// - the "save the whole directory" box (home and offline pages) talks to the worker.
(function () {
  var me = document.currentScript;
  try { localStorage.setItem('sira-lang', document.documentElement.lang); } catch (e) { /* private mode */ }
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('.langs a[hreflang]') : null;
    if (a && (location.search || location.hash)) {
      a.href = a.href.split(/[?#]/)[0] + location.search + location.hash;
    }
  });
  if (!me || !('serviceWorker' in navigator) || location.protocol.slice(0, 4) !== 'http') return;
  navigator.serviceWorker.register(me.getAttribute('data-sw'));
  // "Save the whole directory": never unasked (data is dear), with its size, progress, undo.
  var box = document.querySelector('.needs-sw');
  if (!box) return;
  var state = box.querySelector('.save-state');
  var bar = box.querySelector('progress');
  var go = box.querySelector('.save-go');
  var remove = box.querySelector('.save-remove');
  var mb = function (bytes) {
    return (bytes / 1e6).toFixed(1).replace('.', box.getAttribute('data-decimal') || '.') + '\u00a0' + box.getAttribute('data-mb');
  };
  var say = function (key, fill) {
    var text = box.getAttribute(key) || '';
    for (var k in fill) text = text.replace('{' + k + '}', fill[k]);
    return text;
  };
  var post = function (type) {
    navigator.serviceWorker.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ type: type }); });
  };
  navigator.serviceWorker.addEventListener('message', function (e) {
    var m = e.data || {};
    if (m.type === 'sira-progress') {
      bar.hidden = false; bar.max = m.total; bar.value = m.done;
      go.disabled = true;
      state.textContent = say('data-progress', { done: mb(m.done), size: mb(m.total) });
    } else if (m.type === 'sira-status') {
      box.hidden = false;
      bar.hidden = !m.saving;
      go.hidden = m.saved; go.disabled = !!m.saving;
      go.textContent = say('data-save', { size: mb(m.total) });
      remove.hidden = !m.saved;
      state.textContent = m.saved ? say('data-saved', {}) : m.failed ? say('data-failed', {}) : '';
    }
  });
  go.addEventListener('click', function () { go.disabled = true; post('sira-save'); });
  remove.addEventListener('click', function () { post('sira-remove'); });
  post('sira-status');
})();
