// Sends a visitor of the root page to the language they last read the site in, or else to
// their browser's language when the site has it. Without JavaScript, the page is a plain list
// of links.
(function () {
  var links = document.querySelectorAll('link[rel=alternate][hreflang]');
  var prefs = navigator.languages || [navigator.language || ''];
  try {
    var chosen = localStorage.getItem('sira-lang');
    if (chosen) prefs = [chosen].concat(Array.prototype.slice.call(prefs));
  } catch (e) { /* private mode */ }
  for (var i = 0; i < prefs.length; i++) {
    var want = String(prefs[i]).toLowerCase().split('-')[0];
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute('hreflang') === want) {
        location.replace(links[j].getAttribute('href'));
        return;
      }
    }
  }
})();
