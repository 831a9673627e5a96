/* Sira search engine. Repeats, step by step, search-index/src/analysis.rs and query.rs over
 * the static export (search-index/src/export.rs); docs/search.md states the rules. Scores are
 * computed in float32 (Math.fround after every operation) as tantivy computes them. */
var siraEngine = (function () {
  'use strict';
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var MAX_TOKEN_BYTES = 40, MAX_EXPANSIONS = 30;
  var EXACT = 1, PREFIX = 0.5, FUZZY = 0.25;
  var f = Math.fround, K1 = f(1.2), B = f(0.75), K1P1 = f(1 + K1), ONE_MINUS_B = f(1 - B);

  function utf8len(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
      else n += 3;
    }
    return n;
  }
  function isAscii(s) { return /^[\x00-\x7f]*$/.test(s); }
  function lower(s) {
    if (isAscii(s)) return s.toLowerCase();
    var out = '';
    for (var ch of s) out += ch.toLowerCase();
    return out;
  }
  function fold(s) {
    if (isAscii(s)) return s;
    var out = '';
    for (var ch of s) { var r = siraFoldTable[ch]; out += r === undefined ? ch : r; }
    return out;
  }
  var STEM = { fr: typeof siraStemFr !== 'undefined' ? siraStemFr : null,
               en: typeof siraStemEn !== 'undefined' ? siraStemEn : null };

  /** Terms of `text` with their UTF-16 offsets: [{t, from, to}]. */
  function analyze(lang, text) {
    var out = [], stem = STEM[lang], i = 0, n = text.length;
    while (i < n) {
      var cp = text.codePointAt(i), w = cp > 0xffff ? 2 : 1;
      if (!ALNUM.test(String.fromCodePoint(cp))) { i += w; continue; }
      var start = i;
      while (i < n) {
        cp = text.codePointAt(i); w = cp > 0xffff ? 2 : 1;
        if (!ALNUM.test(String.fromCodePoint(cp))) break;
        i += w;
      }
      var raw = text.slice(start, i);
      if (utf8len(raw) >= MAX_TOKEN_BYTES) continue;
      var t = fold(lower(raw));
      if (stem) t = stem(t);
      out.push({ t: t, from: start, to: i });
    }
    return out;
  }

  /** Query words: unique analysed tokens; the last is a prefix while it is being typed. */
  function words(lang, text) {
    var toks = analyze(lang, text), out = [];
    var last = Array.from(text).pop();
    var typing = last !== undefined && ALNUM.test(last);
    toks.forEach(function (tk, i) {
      var prefix = typing && i === toks.length - 1;
      var w = out.find(function (x) { return x.token === tk.t; });
      if (w) w.prefix = w.prefix || prefix;
      else out.push({ token: tk.t, prefix: prefix });
    });
    return out;
  }

  function maxTypos(len) { return len <= 3 ? 0 : len <= 7 ? 1 : 2; }

  /** Optimal-string-alignment distance over code points, or -1 when above `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return -1;
    var w = b.length + 1, d = new Array((a.length + 1) * w), i, j;
    for (j = 0; j < w; j++) d[j] = j;
    for (i = 1; i <= a.length; i++) {
      d[i * w] = i;
      var rowMin = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
        d[i * w + j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return -1;
    }
    var r = d[a.length * w + b.length];
    return r <= max ? r : -1;
  }

  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /** Terms standing for a word (see query.rs `expand`). */
  function expand(word, terms) {
    var wc = Array.from(word.token), typos = maxTypos(wc.length), out = [];
    for (var k = 0; k < terms.length; k++) {
      var term = terms[k];
      if (term.codePointAt(0) !== word.token.codePointAt(0)) continue;
      if (term === word.token) { out.push({ term: term, boost: EXACT, distance: 0 }); continue; }
      if (word.prefix && wc.length >= 2 && term.startsWith(word.token)) {
        out.push({ term: term, boost: PREFIX, distance: 0 }); continue;
      }
      if (typos > 0) {
        var dist = distance(wc, Array.from(term), typos);
        if (dist >= 0) out.push({ term: term, boost: FUZZY, distance: dist });
      }
    }
    out.sort(function (a, b) {
      return (b.boost - a.boost) || (a.distance - b.distance) ||
        (utf8len(a.term) - utf8len(b.term)) || cmpStr(a.term, b.term);
    });
    return out.slice(0, MAX_EXPANSIONS);
  }

  function idf(df, n) {
    var x = f(f(f(n - df) + 0.5) / f(f(df) + 0.5));
    return f(Math.log(f(1 + x)));
  }

  function Engine(meta, load) {
    this.meta = meta; this.load = load;
    this.shards = {}; this.core = null; this.show = {}; this.decoded = {};
    var n = meta.n;
    this.avg = meta.tokens.map(function (t) { return f(f(t) / f(n)); });
  }

  Engine.prototype.shard = function (token) {
    var key = token.codePointAt(0).toString(16), name = this.meta.shards[key];
    if (!name) return Promise.resolve(null);
    if (!this.shards[key]) this.shards[key] = this.load(name).then(function (d) {
      var index = new Map();
      d.t.forEach(function (t, i) { index.set(t, i); });
      return { terms: d.t, post: d.p, index: index, key: key };
    });
    return this.shards[key];
  };

  /** Postings of a term: per field, {ords, tfs, lens} or null. */
  Engine.prototype.postings = function (shard, term) {
    var id = shard.key + ':' + term, got = this.decoded[id];
    if (got) return got;
    var lists = [null, null, null, null];
    shard.post[shard.index.get(term)].forEach(function (e) {
      var ords = new Array(e[1].length), acc = 0;
      for (var i = 0; i < e[1].length; i++) { acc = i === 0 ? e[1][0] : acc + e[1][i]; ords[i] = acc; }
      lists[e[0]] = { ords: ords, tfs: e[2], lens: e[3] };
    });
    this.decoded[id] = lists;
    return lists;
  };

  Engine.prototype.loadCore = function () {
    if (!this.core) this.core = Promise.all(this.meta.core.map(this.load)).then(function (chunks) {
      return [].concat.apply([], chunks);
    });
    return this.core;
  };

  /** Scores of every doc matching one word: Map ord → score (DisMax over terms and fields). */
  Engine.prototype.scoreWord = function (shard, cands) {
    var m = this.meta, scores = new Map(), n = m.n, self = this;
    cands.forEach(function (c) {
      var lists = self.postings(shard, c.term);
      for (var fi = 0; fi < 4; fi++) {
        var l = lists[fi];
        if (!l) continue;
        var weight = f(idf(l.ords.length, n) * K1P1), avg = self.avg[fi];
        var boost = f(m.boosts[fi] * c.boost);
        for (var i = 0; i < l.ords.length; i++) {
          var tf = l.tfs[i];
          var norm = f(K1 * f(ONE_MINUS_B + f(f(B * f(l.lens[i])) / avg)));
          var s = f(f(weight * f(tf / f(tf + norm))) * boost);
          var prev = scores.get(l.ords[i]);
          if (prev === undefined || s > prev) scores.set(l.ords[i], s);
        }
      }
    });
    return scores;
  };

  /**
   * Runs a query: {q, filters: {region: [ids], sector, kind, returnees}}.
   * Resolves to {mode, hits: [{ord, score, local}], counts: [[[valueIndex, n]...] x4],
   * ignored: [tokens], terms: [index terms]}.
   */
  Engine.prototype.search = function (query) {
    var self = this, m = this.meta, ws = words(m.lang, query.q || '');
    return Promise.all(ws.map(function (w) { return self.shard(w.token); })).then(function (shards) {
      var ignored = [], perWord = [], terms = [];
      ws.forEach(function (w, i) {
        var cands = shards[i] ? expand(w, shards[i].terms) : [];
        if (!cands.length) { ignored.push(w.token); return; }
        cands.forEach(function (c) { terms.push(c.term); });
        perWord.push(self.scoreWord(shards[i], cands));
      });
      var mode, matched = new Map();
      if (!ws.length) {
        mode = 'browse';
        for (var d = 0; d < m.n; d++) matched.set(d, 0);
      } else if (!perWord.length) {
        mode = 'all';
      } else {
        mode = 'all';
        perWord[0].forEach(function (s, ord) {
          var sum = s;
          for (var k = 1; k < perWord.length; k++) {
            var x = perWord[k].get(ord);
            if (x === undefined) return;
            sum = f(sum + x);
          }
          matched.set(ord, sum);
        });
        if (!matched.size && perWord.length > 1) {
          mode = 'any';
          perWord.forEach(function (map) {
            map.forEach(function (s, ord) {
              var prev = matched.get(ord);
              matched.set(ord, prev === undefined ? s : f(prev + s));
            });
          });
        }
      }
      terms = Array.from(new Set(terms)).sort(cmpStr);
      return self.loadCore().then(function (core) {
        return self.rank(query, mode, matched, core, ignored, terms);
      });
    });
  };

  Engine.prototype.rank = function (query, mode, matched, core, ignored, terms) {
    var m = this.meta, names = m.facetNames, filters = query.filters || {};
    var sel = names.map(function (name) {
      var ids = filters[name] || [];
      return ids.map(function (id) {
        return m.facets[name].findIndex(function (v) { return v[0] === id; });
      }).filter(function (x) { return x >= 0; });
    });
    var active = names.map(function (name) { return (filters[name] || []).length > 0; });
    var national = m.national;
    function passes(row, fi) {
      if (!active[fi]) return true;
      var vals = row[fi + 1];
      for (var i = 0; i < vals.length; i++) if (sel[fi].indexOf(vals[i]) >= 0) return true;
      return fi === 0 && national >= 0 && vals.indexOf(national) >= 0;
    }
    var counts = [new Map(), new Map(), new Map(), new Map()], hits = [];
    matched.forEach(function (score, ord) {
      var row = core[ord], pass = [0, 1, 2, 3].map(function (fi) { return passes(row, fi); });
      for (var fi = 0; fi < 4; fi++) {
        var ok = true;
        for (var g = 0; g < 4; g++) if (g !== fi && !pass[g]) ok = false;
        if (ok) row[fi + 1].forEach(function (v) { counts[fi].set(v, (counts[fi].get(v) || 0) + 1); });
      }
      if (pass.every(Boolean)) {
        var local = !active[0] || row[1].some(function (v) { return sel[0].indexOf(v) >= 0; });
        hits.push({ ord: ord, score: score, local: local, q: Math.round(score * 1e4), rank: row[0] });
      }
    });
    hits.sort(function (a, b) {
      return (Number(b.local) - Number(a.local)) || (b.q - a.q) || (a.rank - b.rank);
    });
    return {
      mode: mode, hits: hits, ignored: ignored, terms: terms,
      counts: counts.map(function (c) {
        return Array.from(c.entries()).sort(function (a, b) { return a[0] - b[0]; });
      })
    };
  };

  /** Display data of docs: [{ord, name, acronym, url, summary}]. */
  Engine.prototype.docs = function (ords) {
    var self = this, size = this.meta.showChunk;
    var chunks = Array.from(new Set(ords.map(function (o) { return Math.floor(o / size); })));
    return Promise.all(chunks.map(function (c) {
      if (!self.show[c]) self.show[c] = self.load(self.meta.show[c]);
      return self.show[c];
    })).then(function () {
      return Promise.all(ords.map(function (o) {
        return self.show[Math.floor(o / size)].then(function (rows) {
          var r = rows[o % size];
          return { ord: o, name: r[0], acronym: r[1], url: r[2], summary: r[3] };
        });
      }));
    });
  };

  var pending = {};
  /** Called by the `.js` form of each export file. */
  function data(name, value) {
    var p = pending[name];
    if (p) { p.resolve(value); delete pending[name]; }
  }

  /** A loader for export files under `dir` (ends with `/`): fetch, or <script> on file://. */
  function loader(dir) {
    var cache = {};
    var viaScript = location.protocol === 'file:' || typeof fetch !== 'function';
    return function (name) {
      if (cache[name]) return cache[name];
      cache[name] = viaScript ? new Promise(function (resolve, reject) {
        pending[name] = { resolve: resolve };
        var s = document.createElement('script');
        s.src = dir + name + '.js';
        s.onerror = function () { reject(new Error('cannot load ' + s.src)); };
        document.head.appendChild(s);
      }) : fetch(dir + name + '.json').then(function (r) {
        if (!r.ok) throw new Error('cannot load ' + name + ': ' + r.status);
        return r.json();
      });
      return cache[name];
    };
  }

  /** Opens the export whose meta file is `metaPath` (no extension, relative to the page). */
  function open(metaPath) {
    var cut = metaPath.lastIndexOf('/') + 1, dir = metaPath.slice(0, cut);
    var load = loader(dir);
    return load(metaPath.slice(cut)).then(function (meta) { return new Engine(meta, load); });
  }

  return { open: open, data: data, analyze: analyze, words: words, expand: expand, distance: distance };
})();
var siraSearchData = siraEngine.data;
