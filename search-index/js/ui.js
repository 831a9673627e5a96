/* Sira search page: search as you type, facet filters with counts, snippets with the matched
 * words marked, result count announced, state kept in the URL. Without JavaScript the page
 * shows its browse links instead. */
(function () {
  'use strict';
  var form = document.getElementById('sira-search');
  if (!form) return;
  var T = JSON.parse(document.getElementById('sira-search-strings').textContent);
  var input = form.querySelector('input[name=q]');
  var facetsBox = document.getElementById('sira-facets');
  var status = document.getElementById('sira-status');
  var list = document.getElementById('sira-results');
  var more = document.getElementById('sira-more');
  var lang = form.getAttribute('data-lang');
  var PAGE = 10;
  var engine = null, last = null, shown = PAGE, seq = 0;
  var filters = { region: [], sector: [], kind: [], returnees: [] };
  var opened = {};

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function readUrl() {
    var p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    Object.keys(filters).forEach(function (k) { filters[k] = p.getAll(k); });
  }

  function writeUrl() {
    var p = new URLSearchParams();
    if (input.value) p.set('q', input.value);
    Object.keys(filters).forEach(function (k) { filters[k].forEach(function (v) { p.append(k, v); }); });
    var s = p.toString();
    try { history.replaceState(null, '', s ? '?' + s : location.pathname); } catch (e) { /* file:// in some browsers */ }
  }

  function snippet(text, terms) {
    var set = new Set(terms), out = '', at = 0;
    siraEngine.analyze(lang, text).forEach(function (tk) {
      if (!set.has(tk.t)) return;
      out += esc(text.slice(at, tk.from)) + '<mark>' + esc(text.slice(tk.from, tk.to)) + '</mark>';
      at = tk.to;
    });
    return out + esc(text.slice(at));
  }

  // Facets are closed <details>; the counts of one are computed (and its documents fetched)
  // only while it is open or filtering.
  function renderFacets(res) {
    var focus = facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
    var html = '';
    engine.meta.facetNames.forEach(function (name) {
      var open = filters[name].length || opened[name] ? ' open' : '';
      html += '<details class="facet" data-facet="' + name + '"' + open + '><summary>' + esc(T['facet_' + name]) +
        '</summary><fieldset><legend class="visually-hidden">' + esc(T['facet_' + name]) + '</legend></fieldset></details>';
    });
    facetsBox.innerHTML = html;
    engine.meta.facetNames.forEach(function (name, fi) {
      if (filters[name].length || opened[name]) fillFacet(res, fi, focus);
    });
  }

  function fillFacet(res, fi, focus) {
    var name = engine.meta.facetNames[fi], mine = seq;
    return engine.counts(res, fi).then(function (pairs) {
      if (mine !== seq) return;
      var counts = new Map(pairs), html = '';
      engine.meta.facets[name].forEach(function (v, i) {
        var checked = filters[name].indexOf(v[0]) >= 0;
        if (!counts.has(i) && !checked) return;
        var id = 'f-' + name + '-' + v[0];
        html += '<div><input type="checkbox" id="' + esc(id) + '" name="' + name + '" value="' + esc(v[0]) + '"' + (checked ? ' checked' : '') + '>' +
          '<label for="' + esc(id) + '">' + esc(v[1]) + ' <span class="n">' + (counts.get(i) || 0) + '</span></label></div>';
      });
      var box = facetsBox.querySelector('details[data-facet="' + name + '"] fieldset');
      box.innerHTML = '<legend class="visually-hidden">' + esc(T['facet_' + name]) + '</legend>' + (html || '<p>' + esc(T.results_none) + '</p>');
      var again = focus && document.getElementById(focus);
      if (again) again.focus();
    }).catch(function (e) { status.textContent = T.error + ' (' + e.message + ')'; });
  }

  function renderResults(res) {
    var n = res.hits.length, msg = n === 0 ? T.results_none : T.results_count.replace('{count}', n);
    if (res.mode === 'any') msg = T.results_any + ' ' + msg;
    if (res.ignored.length) msg = T.ignored.replace('{words}', res.ignored.join(', ')) + ' ' + msg;
    status.textContent = msg;
    var page = res.hits.slice(0, shown);
    return engine.docs(page.map(function (h) { return h.ord; })).then(function (docs) {
      list.innerHTML = docs.map(function (d, i) {
        var acr = d.acronym ? ' <abbr>' + esc(d.acronym) + '</abbr>' : '';
        var nat = page[i].local ? '' : ' <span class="tag">' + esc(T.nationwide) + '</span>';
        return '<li><a href="' + esc(d.url) + '">' + esc(d.name) + '</a>' + acr + nat +
          '<p>' + snippet(d.summary, res.terms) + '</p></li>';
      }).join('');
      more.hidden = n <= shown;
    });
  }

  function run() {
    if (!engine) return;
    var mine = ++seq;
    writeUrl();
    engine.search({ q: input.value, filters: filters }).then(function (res) {
      if (mine !== seq) return;
      last = res;
      renderFacets(res);
      return renderResults(res);
    }).catch(function (e) { status.textContent = T.error + ' (' + e.message + ')'; });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    shown = PAGE;
    timer = setTimeout(run, 80);
  });
  form.addEventListener('submit', function (e) { e.preventDefault(); shown = PAGE; run(); });
  facetsBox.addEventListener('change', function (e) {
    var box = e.target;
    if (!box || box.type !== 'checkbox') return;
    var l = filters[box.name];
    var at = l.indexOf(box.value);
    if (box.checked && at < 0) l.push(box.value);
    if (!box.checked && at >= 0) l.splice(at, 1);
    shown = PAGE;
    run();
  });
  facetsBox.addEventListener('toggle', function (e) {
    var d = e.target, name = d && d.getAttribute && d.getAttribute('data-facet');
    if (!name) return;
    opened[name] = d.open;
    if (d.open && last && !d.querySelector('input, p')) fillFacet(last, engine.meta.facetNames.indexOf(name));
  }, true);
  more.addEventListener('click', function () {
    shown += PAGE;
    if (last) renderResults(last);
  });

  readUrl();
  status.textContent = T.loading;
  window.siraSearch = siraEngine.open(form.getAttribute('data-meta')).then(function (e) {
    engine = e;
    form.classList.add('ready');
    run();
    return e;
  }, function (e) {
    status.textContent = T.error + ' (' + e.message + ')';
    throw e;
  });
})();
