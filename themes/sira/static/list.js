// The referral list ("Ma liste" / "My list"): organisations kept on this device
// (localStorage, the same list in every language), added from fiches and search results. The
// list page shows them from the list data (list/<k>.js, loaded by <script> so it works from
// file://), sends them by WhatsApp or SMS or as a link that reopens the list on another phone
// (the list is in the link's #fragment: no server sees it), and prints a referral slip.
(function () {
  'use strict';
  var me = document.currentScript, D = (me && me.dataset) || {}, KEY = 'sira-list';
  var each = function (sel, f, root) { [].forEach.call((root || document).querySelectorAll(sel), f); };
  function valid(x) { return x && typeof x.s === 'string' && /^[a-z0-9-]{1,100}$/.test(x.s); }
  function read() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(v) ? v.filter(valid) : [];
    } catch (e) { return []; }
  }
  function write(l) { try { localStorage.setItem(KEY, JSON.stringify(l)); } catch (e) { /* full or off */ } }
  function find(l, s) { for (var i = 0; i < l.length; i++) if (l[i].s === s) return i; return -1; }
  function el(tag, cls, text, parent) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  // Add and remove, on fiches and search results.
  function count() {
    each('a.list-link', function (a) { a.hidden = false; a.textContent = D.count.replace('{n}', read().length); });
  }
  function wire(b, slug) {
    var show = function (on) { b.setAttribute('aria-pressed', String(on)); b.textContent = on ? D.added : D.add; };
    b.hidden = false;
    show(find(read(), slug) >= 0);
    b.addEventListener('click', function () {
      var l = read(), i = find(l, slug);
      if (i < 0) l.push({ s: slug, n: '' }); else l.splice(i, 1);
      write(l);
      show(i < 0);
      count();
    });
  }
  var results = document.getElementById('sira-results');
  if (results && !document.querySelector('a.list-link')) {
    // On the search page, a link to the list above the results.
    var to = el('a', 'list-link', null, el('p', null, null));
    to.href = 'list.html';
    results.parentNode.insertBefore(to.parentNode, results);
  }
  each('button.list-add[data-slug]', function (b) { wire(b, b.getAttribute('data-slug')); });
  each('button.print', function (b) { b.hidden = false; b.addEventListener('click', function () { window.print(); }); });
  count();
  if (results) {
    var mark = function () {
      each('li', function (li) {
        var a = li.querySelector('a[href$=".html"]'), m = a && /([a-z0-9-]+)\.html$/.exec(a.getAttribute('href'));
        if (!m || li.querySelector('.list-add')) return;
        var b = el('button', 'list-add', null, li);
        b.type = 'button';
        wire(b, m[1]);
      }, results);
    };
    new MutationObserver(mark).observe(results, { childList: true, subtree: true });
    mark();
  }

  // The list page.
  var page = document.getElementById('sira-list');
  if (!page) return;
  var C = JSON.parse(document.getElementById('sira-list-config').textContent), S = C.strings, DATA = {};
  var shared = null, h = new URLSearchParams(location.hash.slice(1));
  if (h.get('o') != null) {
    shared = h.get('o').split(',').map(function (s, i) { return { s: s, n: h.get('n' + i) || '' }; }).filter(valid);
  }
  var items = shared || read();
  function save() { if (!shared) write(items); }
  function file(s) {
    var x = 0x811c9dc5;
    for (var i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return C.files[x % C.files.length];
  }
  function plural(n) { return (n === 1 ? S.list_count_one : S.list_count).replace('{n}', n); }
  function link() {
    var hash = '#o=' + items.map(function (x) { return x.s; }).join(',');
    items.forEach(function (x, i) { if (x.n) hash += '&n' + i + '=' + encodeURIComponent(x.n); });
    if (C.base) return C.base + 'list.html' + hash;
    return /^https?:/.test(location.protocol) ? location.href.split('#')[0] + hash : null;
  }
  function line(x, i) {
    var e = DATA[x.s], out = (i + 1) + '. ';
    if (!e) return out + x.s;
    out += e.name + (e.acronym && e.acronym !== e.name ? ' (' + e.acronym + ')' : '');
    var ph = e.phones.map(function (p) { return p[0]; });
    if (ph.length) out += ' — ' + S.phone_short + ' ' + ph.join(', ');
    else if (e.whatsapp) out += ' — WhatsApp ' + e.whatsapp[0];
    else if (e.email) out += ' — ' + e.email;
    if (C.base) out += ' — ' + C.base + e.href;
    return out;
  }
  function share() {
    var url = link(), text = (C.title ? C.title + ' — ' : '') + plural(items.length) + '\n' + items.map(line).join('\n');
    if (url) text += '\n' + S.list_link_title + ' ' + url;
    document.getElementById('list-wa').href = 'https://wa.me/?text=' + encodeURIComponent(text);
    document.getElementById('list-sms').href = 'sms:?&body=' + encodeURIComponent(text);
    var u = document.getElementById('list-url');
    u.value = url || S.list_link_none;
    u.disabled = !url;
  }
  function fact(dl, label, value) {
    if (!value) return;
    el('dt', null, label, dl);
    return el('dd', null, typeof value === 'string' ? value : null, dl);
  }
  function contacts(dd, e) {
    e.phones.forEach(function (p) { var a = el('a', 'call', S.call + ' ' + p[0], el('p', null, null, dd)); a.href = p[1]; });
    if (e.whatsapp) { var w = el('a', 'wa', 'WhatsApp ' + e.whatsapp[0], el('p', null, null, dd)); w.href = e.whatsapp[1]; }
    if (e.email) { var m = el('a', null, e.email, el('p', null, null, dd)); m.href = 'mailto:' + e.email; }
    if (e.website) { var s = el('a', null, e.website, el('p', null, null, dd)); s.href = e.website; s.rel = 'noopener'; }
    (e.contacts || []).forEach(function (c) { el('p', null, c, dd); });
    if (e.reach) el('p', null, e.reach, dd);
  }
  function slip() {
    var s = el('section', 'slip'), date = new Date().toLocaleDateString(document.documentElement.lang);
    el('h1', null, S.slip_title, s);
    el('p', null, S.slip_date + ' ' + date, s);
    el('p', 'blank', S.slip_for, s);
    el('p', 'blank', S.slip_by, s);
    var ol = el('ol', null, null, s);
    items.forEach(function (x) {
      var e = DATA[x.s], li = el('li', null, null, ol);
      if (!e) { el('strong', null, x.s, li); return; }
      if (e.lang) li.lang = e.lang;
      el('strong', null, e.name + (e.acronym && e.acronym !== e.name ? ' (' + e.acronym + ')' : ''), li);
      el('p', null, e.place + (e.address ? ' — ' + e.address : ''), li);
      var how = e.phones.map(function (p) { return p[0]; });
      if (e.whatsapp) how.push('WhatsApp ' + e.whatsapp[0]);
      if (e.email) how.push(e.email);
      if (how.length) el('p', 'how', S.phone_short + ' ' + how.join(', '), li);
      else if (e.reach) el('p', null, e.reach, li);
      if (e.entry) el('p', null, S.slip_bring + ' ' + e.entry, li);
      if (x.n) el('p', 'slip-note', x.n, li);
    });
    if (C.title) el('p', 'from', C.title + (C.base ? ' — ' + C.base : ''), s);
    return s;
  }
  function render() {
    page.textContent = '';
    var status = document.getElementById('list-status');
    status.textContent = items.length ? plural(items.length) : S.list_empty;
    document.getElementById('list-tools').hidden = !items.length;
    items.forEach(function (x, i) {
      var e = DATA[x.s], art = el('article', 'entry', null, page), h = el('h2', null, null, art);
      if (!e) { h.textContent = x.s; el('p', null, S.list_missing, art); } else {
        if (e.lang) art.lang = e.lang;
        var a = el('a', null, e.name, h);
        a.href = e.href;
        if (e.acronym && e.acronym !== e.name) el('abbr', null, ' ' + e.acronym, h);
        el('p', 'meta', e.kind + ' · ' + e.place, art);
        if (e.summary) el('p', null, e.summary, art);
        var dl = el('dl', 'facts', null, art);
        fact(dl, S.services, e.services);
        fact(dl, S.offers, (e.offers || []).join(', '));
        fact(dl, S.returnees_box, e.eligibility + (e.conditions ? ' — ' + e.conditions : ''));
        fact(dl, S.entry_conditions, e.entry);
        fact(dl, S.cost, e.cost);
        fact(dl, S.where, e.place + (e.address ? ' — ' + e.address : ''));
        contacts(fact(dl, S.contact, true), e);
      }
      var label = el('label', null, S.list_note, art), note = el('textarea', null, null, art);
      label.htmlFor = note.id = 'note-' + i;
      note.rows = 2;
      note.value = x.n;
      note.addEventListener('input', function () { x.n = note.value; save(); share(); var old = document.querySelector('.slip'); if (old) old.replaceWith(slip()); });
      var rm = el('button', 'remove', S.list_remove, art);
      rm.type = 'button';
      rm.addEventListener('click', function () { items.splice(i, 1); save(); render(); });
    });
    var old = document.querySelector('.slip');
    if (old) old.remove();
    page.parentNode.appendChild(slip());
    share();
  }
  if (shared) {
    // The other language's page shows the same shared list.
    each('a[hreflang]', function (a) { a.href = a.getAttribute('href').split('#')[0] + location.hash; });
    var keep = document.getElementById('list-keep');
    keep.hidden = false;
    keep.querySelector('p').textContent = S.list_shared;
    var kb = keep.querySelector('button');
    kb.textContent = S.list_keep;
    kb.addEventListener('click', function () {
      shared = null;
      save();
      keep.querySelector('p').textContent = S.list_kept;
      kb.hidden = true;
      history.replaceState(null, '', location.pathname + location.search);
      share();
    });
  }
  var clear = document.getElementById('list-clear');
  clear.textContent = S.list_clear;
  clear.addEventListener('click', function () { items = []; save(); render(); });
  var files = {}, pending = 0;
  items.forEach(function (x) { files[file(x.s)] = 1; });
  window.siraListData = function (map) {
    for (var k in map) { DATA[k] = map[k]; DATA[k].phones = map[k].phones || []; }
  };
  Object.keys(files).forEach(function (f) {
    pending++;
    var s = document.createElement('script');
    s.src = f;
    s.onload = s.onerror = function () { if (!--pending) render(); };
    document.head.appendChild(s);
  });
  if (!pending) render();
})();
