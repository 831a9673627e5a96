// The not-found page is served at any depth, so its links cannot be relative to itself. With a
// base_url they are absolute; without one, this finds the site's root — the nearest folder
// above this address that holds the site's sw.js — and points the links there.
(function () {
  var links = document.querySelectorAll('a[data-path]');
  if (!links.length || document.documentElement.hasAttribute('data-base')) return;
  if (location.protocol.slice(0, 4) !== 'http' || !window.fetch) return;
  var parts = location.pathname.split('/');
  parts.pop();
  (function probe() {
    if (!parts.length) return;
    var dir = parts.join('/') + '/';
    fetch(dir + 'sw.js', { method: 'HEAD' }).then(function (r) {
      if (!r.ok) { parts.pop(); probe(); return; }
      for (var i = 0; i < links.length; i++) links[i].href = dir + links[i].getAttribute('data-path');
    }, function () { /* offline: the links stay as they are */ });
  })();
})();
