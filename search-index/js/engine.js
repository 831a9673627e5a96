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
    this.shards = {}; this.show = {}; this.decoded = {}; this.facetDocs = [];
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

  /** Postings of a term: per field, {ords, tfs, lens} or null (fetched when not inline). */
  Engine.prototype.postings = function (shard, term) {
    var id = shard.key + ':' + term;
    if (!this.decoded[id]) {
      var p = shard.post[shard.index.get(term)];
      this.decoded[id] = (typeof p === 'string' ? this.load(p) : Promise.resolve(p)).then(function (fields) {
        var lists = [null, null, null, null];
        fields.forEach(function (e) {
          lists[e[0]] = { ords: undelta(e[1]), tfs: e[2], lens: e[3] };
        });
        return lists;
      });
    }
    return this.decoded[id];
  };

  function undelta(d) {
    var out = new Array(d.length), acc = 0;
    for (var i = 0; i < d.length; i++) { acc = i === 0 ? d[0] : acc + d[i]; out[i] = acc; }
    return out;
  }

  /** Documents of each value of facet `fi` (one fetch per facet). */
  Engine.prototype.facet = function (fi) {
    if (!this.facetDocs[fi]) this.facetDocs[fi] = this.load(this.meta.facetFiles[fi]).then(function (lists) {
      return lists.map(undelta);
    });
    return this.facetDocs[fi];
  };

  /**
   * Scores of the docs matching one word (DisMax over terms and fields): {score: Float32Array
   * by ord (0 when absent; a match always scores above 0), docs: the ords matched}.
   */
  Engine.prototype.scoreWord = function (shard, cands) {
    var self = this;
    return Promise.all(cands.map(function (c) { return self.postings(shard, c.term); })).then(function (all) {
      var m = self.meta, n = m.n, score = new Float32Array(n), docs = [];
      cands.forEach(function (c, k) {
        var lists = all[k];
        for (var fi = 0; fi < 4; fi++) {
          var l = lists[fi];
          if (!l) continue;
          var weight = f(idf(l.ords.length, n) * K1P1), avg = self.avg[fi];
          var boost = f(m.boosts[fi] * c.boost), ords = l.ords, tfs = l.tfs, lens = l.lens;
          for (var i = 0; i < ords.length; i++) {
            var tf = tfs[i], o = ords[i];
            var norm = f(K1 * f(ONE_MINUS_B + f(f(B * f(lens[i])) / avg)));
            var s = f(f(weight * f(tf / f(tf + norm))) * boost);
            var prev = score[o];
            if (prev === 0) docs.push(o);
            if (s > prev) score[o] = s;
          }
        }
      });
      return { score: score, docs: docs };
    });
  };

  /**
   * Runs a query: {q, filters: {region: [ids], sector, kind, returnees}}.
   * Resolves to {mode, hits: [{ord, score, local}], ignored: [tokens], terms: [index terms]};
   * `counts(result, facet)` gives the facet counts.
   */
  Engine.prototype.search = function (query) {
    var self = this, m = this.meta, ws = words(m.lang, query.q || '');
    return Promise.all(ws.map(function (w) { return self.shard(w.token); })).then(function (shards) {
      var ignored = [], work = [], terms = [];
      ws.forEach(function (w, i) {
        var cands = shards[i] ? expand(w, shards[i].terms) : [];
        if (!cands.length) { ignored.push(w.token); return; }
        cands.forEach(function (c) { terms.push(c.term); });
        work.push(self.scoreWord(shards[i], cands));
      });
      return Promise.all(work).then(function (perWord) {
        var n = m.n, mode = 'all', ords = [], score = new Float32Array(n), d, k;
        if (!ws.length) {
          mode = 'browse';
          for (d = 0; d < n; d++) ords.push(d);
        } else if (perWord.length) {
          // AND: walk the rarest word's docs; sum in word order (float32, as tantivy).
          var rarest = perWord.reduce(function (a, b) { return b.docs.length < a.docs.length ? b : a; });
          for (var i = 0; i < rarest.docs.length; i++) {
            d = rarest.docs[i];
            var sum = perWord[0].score[d], all = sum > 0;
            for (k = 1; all && k < perWord.length; k++) {
              var x = perWord[k].score[d];
              if (x > 0) sum = f(sum + x); else all = false;
            }
            if (all) { ords.push(d); score[d] = sum; }
          }
          if (!ords.length && perWord.length > 1) {
            mode = 'any';
            perWord.forEach(function (w) {
              for (var j = 0; j < w.docs.length; j++) {
                var o = w.docs[j];
                if (score[o] === 0) ords.push(o);
                score[o] = score[o] + w.score[o]; // stored as float32
              }
            });
          }
        }
        terms = Array.from(new Set(terms)).sort(cmpStr);
        return self.filter(query.filters || {}).then(function (filter) {
          return self.rank(mode, ords, score, filter, ignored, terms);
        });
      });
    });
  };

  /**
   * The active filters as per-facet pass marks (Uint8Array per document, null when the facet
   * does not filter), plus the documents present in a selected region (`local`).
   */
  Engine.prototype.filter = function (filters) {
    var self = this, m = this.meta, n = m.n;
    var sel = m.facetNames.map(function (name) {
      return (filters[name] || []).map(function (id) {
        return m.facets[name].findIndex(function (v) { return v[0] === id; });
      }).filter(function (x) { return x >= 0; });
    });
    var active = m.facetNames.map(function (name) { return (filters[name] || []).length > 0; });
    return Promise.all(active.map(function (on, fi) { return on ? self.facet(fi) : null; })).then(function (lists) {
      var pass = lists.map(function (docs, fi) {
        if (!docs) return null;
        var mark = new Uint8Array(n), vals = sel[fi].slice();
        if (fi === 0 && m.national >= 0) vals.push(m.national);
        vals.forEach(function (v) { docs[v].forEach(function (d) { mark[d] = 1; }); });
        return mark;
      });
      var local = null;
      if (lists[0]) {
        local = new Uint8Array(n);
        sel[0].forEach(function (v) { lists[0][v].forEach(function (d) { local[d] = 1; }); });
      }
      return { pass: pass, local: local };
    });
  };

  // Sort keys pack (not local, -rounded score, ord) into one exact double when they fit.
  var ORD_SPAN = 16777216, Q_SPAN = 268435456; // 2^24 ords, 2^28 rounded scores: 53 bits

  Engine.prototype.rank = function (mode, ords, score, filter, ignored, terms) {
    var pass = filter.pass, local = filter.local, kept = [], packable = this.meta.n <= ORD_SPAN;
    for (var i = 0; i < ords.length; i++) {
      var o = ords[i], ok = true;
      for (var fi = 0; fi < 4; fi++) if (pass[fi] && !pass[fi][o]) { ok = false; break; }
      if (!ok) continue;
      kept.push(o);
      if (Math.round(score[o] * 1e4) >= Q_SPAN) packable = false;
    }
    var isLocal = function (o) { return !local || local[o] === 1; };
    if (packable) {
      var keys = new Float64Array(kept.length);
      kept.forEach(function (o, j) {
        keys[j] = ((isLocal(o) ? 0 : 1) * Q_SPAN + (Q_SPAN - 1 - Math.round(score[o] * 1e4))) * ORD_SPAN + o;
      });
      keys.sort();
      for (var j = 0; j < keys.length; j++) kept[j] = keys[j] % ORD_SPAN;
    } else {
      kept.sort(function (a, b) {
        return (Number(isLocal(b)) - Number(isLocal(a))) ||
          (Math.round(score[b] * 1e4) - Math.round(score[a] * 1e4)) || (a - b);
      });
    }
    var hits = kept.map(function (o) { return { ord: o, score: score[o], local: isLocal(o) }; });
    return { mode: mode, hits: hits, ignored: ignored, terms: terms, ords: ords, filter: filter };
  };

  /**
   * Counts of facet `fi` for a search result: per value, the matched documents having it that
   * pass every other facet's filter (OR within a facet, AND across). Resolves to
   * [[valueIndex, count]...] for the values with a count, in vocabulary order.
   */
  Engine.prototype.counts = function (res, fi) {
    var n = this.meta.n, pass = res.filter.pass, ords = res.ords;
    return this.facet(fi).then(function (lists) {
      var ok = new Uint8Array(n);
      for (var i = 0; i < ords.length; i++) {
        var o = ords[i], yes = 1;
        for (var g = 0; g < 4; g++) if (g !== fi && pass[g] && !pass[g][o]) { yes = 0; break; }
        ok[o] = yes;
      }
      var out = [];
      lists.forEach(function (docs, v) {
        var c = 0;
        for (var k = 0; k < docs.length; k++) c += ok[docs[k]];
        if (c) out.push([v, c]);
      });
      return out;
    });
  };

  /** Display data of docs: [{ord, name, acronym, url, summary}]. */
  Engine.prototype.docs = function (ords) {
    var self = this, size = this.meta.showChunk;
    var chunks = Array.from(new Set(ords.map(function (o) { return Math.floor(o / size); })));
    return Promise.all(chunks.map(function (c) {
      if (!self.show[c]) self.show[c] = self.load('s-' + c + '.' + self.meta.showHash);
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
