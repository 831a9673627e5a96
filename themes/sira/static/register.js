// Registers the site's service worker (over HTTP only: browsers run none from file://). The
// page gives the worker's address relative to itself in data-sw; a file, not an inline script,
// so the pages' Content-Security-Policy needs no 'unsafe-inline'.
(function () {
  var me = document.currentScript;
  if (me && 'serviceWorker' in navigator && location.protocol.slice(0, 4) === 'http') {
    navigator.serviceWorker.register(me.getAttribute('data-sw'));
  }
})();
