// The one script of every page (a file, not inline: the pages' Content-Security-Policy has no
// 'unsafe-inline'). Without JavaScript every page works; with it:
// - parts that need JavaScript (the home page's search box) are shown;
// - the page's language is remembered, so the root page sends the reader back to it;
// - a language switch keeps the page's query and filters (the search page's are in its URL);
// - the site's service worker is registered (over HTTP only: browsers run none from file://);
//   the page gives the worker's address relative to itself in data-sw.
(function () {
  var me = document.currentScript;
  var parts = document.querySelectorAll('.needs-js');
  for (var i = 0; i < parts.length; i++) parts[i].hidden = false;
  try { localStorage.setItem('sira-lang', document.documentElement.lang); } catch (e) { /* private mode */ }
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('.langs a[hreflang]') : null;
    if (a && (location.search || location.hash)) {
      a.href = a.href.split(/[?#]/)[0] + location.search + location.hash;
    }
  });
  if (me && 'serviceWorker' in navigator && location.protocol.slice(0, 4) === 'http') {
    navigator.serviceWorker.register(me.getAttribute('data-sw'));
  }
})();
