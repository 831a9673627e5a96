// The programmes page's filters (by region, by kind of help): hide what does not match, say
// how many are left, keep the choice in the address (?region=…&help=…). Without JavaScript
// the page lists every running programme and shows no form.
(function () {
  'use strict';
  var form = document.getElementById('prog-filter');
  if (!form) return;
  var status = document.getElementById('prog-status'), items = document.querySelectorAll('li.prog');
  var region = form.elements.region, help = form.elements.help, q = new URLSearchParams(location.search);
  region.value = q.get('region') || '';
  help.value = q.get('help') || '';
  if (region.selectedIndex < 0) region.value = '';
  if (help.selectedIndex < 0) help.value = '';
  function has(list, id) { return !id || list === '*' || (' ' + list + ' ').indexOf(' ' + id + ' ') >= 0; }
  function apply() {
    var shown = 0;
    [].forEach.call(items, function (li) {
      var ok = has(li.getAttribute('data-regions'), region.value) && has(li.getAttribute('data-help'), help.value);
      li.hidden = !ok;
      if (ok) shown++;
    });
    var key = shown === 1 ? 'data-one' : shown ? 'data-count' : 'data-none';
    status.textContent = status.getAttribute(key).replace('{count}', shown);
    var p = new URLSearchParams();
    if (region.value) p.set('region', region.value);
    if (help.value) p.set('help', help.value);
    var s = p.toString();
    history.replaceState(null, '', location.pathname + (s ? '?' + s : ''));
  }
  form.hidden = false;
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  apply();
})();
