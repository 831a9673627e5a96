// Sends a first-time visitor of the root page to their browser's language when the site has it.
// Without JavaScript, the page is a plain list of links.
(function () {
  var links = document.querySelectorAll('link[rel=alternate][hreflang]');
  var prefs = navigator.languages || [navigator.language || ''];
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
