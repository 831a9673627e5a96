/* Sira search page: search as you type, results as cards (kind, where, returnee eligibility, a
 * call button), the words found marked, facet filters with counts, what the query names offered
 * as one-tap filters, partial matches under their own heading, the count announced, state kept
 * in the URL. Without JavaScript the page shows its browse links instead. */
(function () {
  'use strict';
  var form = document.getElementById('sira-search');
  if (!form) return;
  var T = JSON.parse(document.getElementById('sira-search-strings').textContent);
  var input = form.querySelector('input[name=q]');
  var facetsBox = document.getElementById('sira-facets');
  var chips = document.getElementById('sira-chips');
  var status = document.getElementById('sira-status');
  var list = document.getElementById('sira-results');
  var partialTitle = document.getElementById('sira-partial-title');
  var partialList = document.getElementById('sira-partial');
  var more = document.getElementById('sira-more');
  var PAGE = 10;
  var engine = null, last = null, shown = PAGE, seq = 0;
  var filters = { region: [], sector: [], kind: [], returnees: [], service: [] };
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

  // A filter change is a history entry (Back undoes it); typing replaces the current one.
  var pushNext = false;
  function writeUrl() {
    var p = new URLSearchParams();
    if (input.value) p.set('q', input.value);
    Object.keys(filters).forEach(function (k) { filters[k].forEach(function (v) { p.append(k, v); }); });
    var s = p.toString();
    var url = s ? '?' + s : location.pathname;
    try {
      if (pushNext && url !== (location.search || location.pathname)) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    } catch (e) { /* file:// in some browsers */ }
    pushNext = false;
  }

  /** The text with the words the search found marked (whole words as written). */
  function snippet(text, terms) {
    var set = new Set(terms), out = '', at = 0;
    engine.analyze(text).forEach(function (tk) {
      if (!set.has(tk.t)) return;
      out += esc(text.slice(at, tk.from)) + '<mark>' + esc(text.slice(tk.from, tk.to)) + '</mark>';
      at = tk.to;
    });
    return out + esc(text.slice(at));
  }

  function label(name, id) {
    var v = engine.meta.facets[name].find(function (x) { return x[0] === id; });
    return v ? v[1] : id;
  }

  // Active filters as "label ✕" (one tap removes), then the facet values the query names as
  // one-tap filters.
  function renderChips(res) {
    var html = '';
    engine.meta.facetNames.forEach(function (name) {
      filters[name].forEach(function (id) {
        var l = label(name, id);
        html += '<button type="button" class="chip on" data-facet="' + name + '" data-id="' + esc(id) + '" aria-label="' +
          esc(T.filter_remove.replace('{label}', l)) + '">' + esc(l) + ' <span aria-hidden="true">✕</span></button>';
      });
    });
    var offered = (res ? res.understood : []).filter(function (u) {
      return filters[engine.meta.facetNames[u.facet]].indexOf(engine.meta.facets[engine.meta.facetNames[u.facet]][u.value][0]) < 0;
    });
    if (offered.length) {
      html += '<span class="chips-label">' + esc(T.understood) + '</span>';
      offered.forEach(function (u) {
        var name = engine.meta.facetNames[u.facet], v = engine.meta.facets[name][u.value];
        html += '<button type="button" class="chip" data-facet="' + name + '" data-id="' + esc(v[0]) + '" data-words="' +
          esc(u.words) + '" aria-label="' + esc(T.filter_add.replace('{label}', v[1])) + '">+ ' + esc(v[1]) + '</button>';
      });
    }
    chips.innerHTML = html;
    chips.hidden = !html;
  }

  // The filters are one disclosure ("Filters (n)") holding every facet, the kind of help first;
  // open, each facet shows all its values with counts as large tap targets. The counts (and the
  // facet files behind them) are computed only while it is open.
  var ORDER = ['service', 'region', 'returnees', 'sector', 'kind'];
  var panelOpen = false;
  function facetOrder() {
    var names = engine.meta.facetNames;
    return ORDER.filter(function (n) { return names.indexOf(n) >= 0; })
      .concat(names.filter(function (n) { return ORDER.indexOf(n) < 0; }));
  }

  function renderFacets(res) {
    var focus = facetsBox.contains(document.activeElement) ? document.activeElement.id : null;
    var active = 0;
    Object.keys(filters).forEach(function (k) { active += filters[k].length; });
    var html = '<details id="sira-filters" class="filters"' + (panelOpen ? ' open' : '') + '><summary>' + esc(T.filters) +
      (active ? ' (' + active + ')' : '') + '</summary>';
    facetOrder().forEach(function (name) {
      html += '<fieldset class="facet" data-facet="' + name + '"><legend>' + esc(T['facet_' + name]) + '</legend><div class="opts"></div></fieldset>';
    });
    // On a phone the open panel is long: one tap closes it and goes to the results.
    facetsBox.innerHTML = html + '<p><button type="button" class="more filters-done">' + esc(T.filters_done) + '</button></p></details>';
    if (panelOpen) fillFacets(res, focus);
  }

  function fillFacets(res, focus) {
    facetOrder().forEach(function (name) { fillFacet(res, engine.meta.facetNames.indexOf(name), focus); });
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
        html += '<label class="opt" for="' + esc(id) + '"><input type="checkbox" id="' + esc(id) + '" name="' + name + '" value="' + esc(v[0]) + '"' +
          (checked ? ' checked' : '') + '> <span>' + esc(v[1]) + '</span> <span class="n">' + (counts.get(i) || 0) + '</span></label>';
      });
      var box = facetsBox.querySelector('fieldset[data-facet="' + name + '"] .opts');
      if (!box) return;
      box.innerHTML = html || '<p>' + esc(T.results_none) + '</p>';
      var again = focus && document.getElementById(focus);
      if (again) again.focus();
    }).catch(function (e) { status.textContent = T.error + ' (' + e.message + ')'; });
  }

  function card(d, terms) {
    var acr = d.acronym ? ' <abbr>' + esc(d.acronym) + '</abbr>' : '';
    var meta = [d.kind, d.place].filter(Boolean).map(esc).join(' · ');
    var html = '<li class="card"><h3><a href="' + esc(d.url) + '">' + esc(d.name) + '</a>' + acr + '</h3>';
    if (meta) html += '<p class="meta">' + meta + '</p>';
    if (d.summary) html += '<p>' + snippet(d.summary, terms) + '</p>';
    html += '<p class="elig elig-' + esc(d.eligibility) + '">' + esc(label('returnees', d.eligibility)) + '</p>';
    if (d.tel) html += '<p><a class="call" href="' + esc(d.tel) + '">' + esc(T.call) + ' ' + esc(d.phone) + '</a></p>';
    return html + '</li>';
  }

  function renderResults(res) {
    var n = res.hits.length, msg;
    if (res.mode === 'none') msg = T.results_nothing.replace('{words}', input.value.trim());
    else msg = n === 0 ? T.results_none : n === 1 ? T.results_one : T.results_count.replace('{count}', n);
    if (res.ignored.length && res.mode !== 'none') msg = T.ignored.replace('{words}', res.ignored.join(', ')) + ' ' + msg;
    status.textContent = msg;
    var page = res.hits.slice(0, shown);
    return engine.docs(page.map(function (h) { return h.ord; })).then(function (docs) {
      var full = '', partial = '', nFull = 0;
      docs.forEach(function (d, i) {
        if (page[i].partial) partial += card(d, res.terms); else { full += card(d, res.terms); nFull++; }
      });
      list.innerHTML = full;
      partialList.innerHTML = partial;
      // The partial matches go on counting from the full ones.
      partialList.setAttribute('start', String(nFull + 1));
      partialTitle.hidden = !partial;
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
      renderChips(res);
      renderFacets(res);
      return renderResults(res);
    }).catch(function (e) { status.textContent = T.error + ' (' + e.message + ')'; });
  }

  function toggle(name, id, on) {
    var l = filters[name], at = l.indexOf(id);
    if (on && at < 0) l.push(id);
    if (!on && at >= 0) l.splice(at, 1);
    shown = PAGE;
    pushNext = true;
    run();
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
    if (box && box.type === 'checkbox') toggle(box.name, box.value, box.checked);
  });
  facetsBox.addEventListener('toggle', function (e) {
    if (!e.target || e.target.id !== 'sira-filters') return;
    panelOpen = e.target.open;
    if (panelOpen && last) fillFacets(last);
  }, true);
  facetsBox.addEventListener('click', function (e) {
    if (!e.target.closest || !e.target.closest('button.filters-done')) return;
    var panel = document.getElementById('sira-filters');
    panel.open = false;
    panelOpen = false;
    status.scrollIntoView({ block: 'start' });
  });
  // Back and Forward restore the query and filters of that history entry.
  window.addEventListener('popstate', function () {
    readUrl();
    shown = PAGE;
    run();
  });
  chips.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.chip');
    if (!b) return;
    var name = b.getAttribute('data-facet'), id = b.getAttribute('data-id'), words = b.getAttribute('data-words');
    if (b.classList.contains('on')) { toggle(name, id, false); return; }
    // The filter now says what the words said: take them out of the query.
    if (words) {
      var at = input.value.indexOf(words);
      if (at >= 0) input.value = (input.value.slice(0, at) + input.value.slice(at + words.length)).replace(/\s+/g, ' ').trim();
    }
    toggle(name, id, true);
  });
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
