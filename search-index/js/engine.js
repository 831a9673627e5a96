/* Sira search engine. Repeats, step by step, search-index/src/analysis.rs, query.rs and
 * search.rs over the static export (search-index/src/export.rs); docs/search.md states the
 * rules. Scores are computed in float32 (Math.fround after every operation) as tantivy computes
 * them, and summed in the same order as the Rust engine. */
var siraEngine = (function () {
  'use strict';
  var ALNUM = /[\p{Alphabetic}\p{N}]/u, DIGITS = /^[0-9]+$/, PHONE_GAP = /^[ .\-/()+\u00a0]*$/;
  var MAX_TOKEN_BYTES = 40;
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
  /** Lowercases and folds one word (search-index/src/text.rs). */
  function fold(s) {
    if (isAscii(s)) return s.toLowerCase();
    var out = '';
    for (var ch of s) {
      for (var l of ch.toLowerCase()) { var r = siraFoldTable[l]; out += r === undefined ? l : r; }
    }
    return out;
  }
  var STEM = { fr: typeof siraStemFr !== 'undefined' ? siraStemFr : null,
               en: typeof siraStemEn !== 'undefined' ? siraStemEn : null };
  function stemmer(lang) { return STEM[lang] || function (w) { return w; }; }

  /** Folded words of `text` with their UTF-16 offsets: [{s, from, to}]. */
  function tokens(text) {
    var out = [], i = 0, n = text.length;
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
      out.push({ s: fold(raw), from: start, to: i });
    }
    return out;
  }

  /** Index terms of `text` with their offsets: [{t, from, to}] (stopwords left out). */
  function analyze(lang, text, stop) {
    var stem = stemmer(lang), out = [];
    tokens(text).forEach(function (tk) {
      if (!stop || !stop.has(tk.s)) out.push({ t: stem(tk.s), from: tk.from, to: tk.to });
    });
    return out;
  }

  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
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

  /** The word in the other number, as far as a final s or x tells (query.rs `other_number`). */
  function otherNumber(s) {
    var last = s.charAt(s.length - 1);
    if ((last === 's' || last === 'x') && Array.from(s).length - 1 >= 3) return s.slice(0, -1);
    return s + 's';
  }

  function idf(df, n) {
    var x = f(f(f(n - df) + 0.5) / f(f(df) + 0.5));
    return f(Math.log(f(1 + x)));
  }

  function undelta(d) {
    var out = new Array(d.length), acc = 0;
    for (var i = 0; i < d.length; i++) { acc = i === 0 ? d[0] : acc + d[i]; out[i] = acc; }
    return out;
  }

  /** FNV-1a over UTF-16 code units (export.rs `pair_bucket`). */
  function bucket(term, buckets) {
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) { h ^= term.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % Math.max(1, buckets);
  }

  function Engine(meta, load) {
    var self = this;
    this.meta = meta; this.load = load; this.k = meta.k;
    this.shards = {}; this.buckets = {}; this.show = {}; this.decoded = {}; this.values = {};
    this.stop = new Set(meta.stop); this.neg = new Set(meta.neg);
    this.stem = stemmer(meta.lang);
    this.avg = meta.tokens.map(function (t) { return f(f(t) / f(meta.n)); });
    this.facetCount = meta.facetNames.length;
    this.national = meta.national;
    this.cache = new Map();
    this.nFields = meta.fields.length;
    void self;
  }

  Engine.prototype.analyze = function (text) { return analyze(this.meta.lang, text, this.stop); };

  /** A query split into words: {words: [{typed, surface, term, prefix, phone, from, to}], stopwords}. */
  Engine.prototype.parse = function (text) {
    var toks = tokens(text), words = [], stopwords = [], k = this.k;
    var last = Array.from(text).pop(), typing = last !== undefined && ALNUM.test(last);
    function push(w) {
      var x = words.find(function (y) { return y.term === w.term && y.phone === w.phone; });
      if (x) x.prefix = x.prefix || w.prefix; else words.push(w);
    }
    for (var i = 0; i < toks.length;) {
      var tk = toks[i];
      if (DIGITS.test(tk.s)) {
        var j = i + 1, digits = tk.s;
        while (j < toks.length && DIGITS.test(toks[j].s) && PHONE_GAP.test(text.slice(toks[j - 1].to, toks[j].from))) {
          digits += toks[j].s; j++;
        }
        if (digits.length >= k.phone) {
          push({ typed: text.slice(tk.from, toks[j - 1].to), surface: digits, term: digits, prefix: true,
            phone: true, from: tk.from, to: toks[j - 1].to });
          i = j;
          continue;
        }
      }
      var typed = text.slice(tk.from, tk.to);
      if (this.stop.has(tk.s)) {
        if (stopwords.indexOf(typed) < 0) stopwords.push(typed);
      } else {
        push({ typed: typed, surface: tk.s, term: this.stem(tk.s), prefix: typing && i === toks.length - 1,
          phone: false, from: tk.from, to: tk.to });
      }
      i++;
    }
    return { words: words, stopwords: stopwords };
  };

  /**
   * Spans: longest dictionary keys first, left to right (query.rs `spans`). `own[i]` is the
   * shard of word i's term, which holds the dictionary keys beginning with that term. Alternatives
   * are phrases as strings ("migr retour").
   */
  Engine.prototype.spans = function (words, own) {
    var out = [], longest = this.meta.longest;
    for (var i = 0; i < words.length;) {
      var span = { start: i, len: 1, alts: [], facets: [] };
      var dict = own[i] && own[i].dict;
      if (!words[i].phone && dict) {
        var run = 0;
        while (i + run < words.length && !words[i + run].phone) run++;
        for (var len = Math.min(run, longest); len >= 1; len--) {
          var key = words.slice(i, i + len).map(function (w) { return w.term; }).join(' ');
          var e = dict.get(key);
          if (e) {
            span.len = len; span.alts = e[0];
            for (var q = 0; q < e[1].length; q += 2) span.facets.push([e[1][q], e[1][q + 1]]);
            break;
          }
        }
      }
      // After a negation, and for the negation itself (`sans` is not the region San).
      if ((i > 0 && this.neg.has(words[i - 1].surface)) || (span.len === 1 && this.neg.has(words[i].surface))) span.facets = [];
      i += span.len;
      out.push(span);
    }
    return out;
  };

  function hexAt(s, i) {
    var cps = Array.from(s);
    return cps[i] === undefined ? '' : cps[i].codePointAt(0).toString(16);
  }

  /** Loads a term shard: {terms, post, index, surfaces: [[surface, term]], dict: Map}. */
  Engine.prototype.loadShard = function (key, name) {
    var self = this;
    if (!this.shards[key]) this.shards[key] = this.load(name).then(function (d) {
      var index = new Map(), surfaces = [];
      d.t.forEach(function (t, i) {
        index.set(t, i);
        d.s[i].split(' ').forEach(function (e) {
          surfaces.push(e.charAt(0) === '=' ? [e.slice(1), t] : [t + e, t]);
        });
      });
      (d.x || []).forEach(function (s) { surfaces.push([s, self.stem(s)]); });
      return { terms: d.t, post: d.p, index: index, surfaces: surfaces, dict: new Map(Object.entries(d.d || {})) };
    });
    return this.shards[key];
  };

  /** The shard of a term or surface form (by its first character, and its second when the
   * first character's shard is split), or null when there is none. */
  Engine.prototype.shard = function (t) {
    var k1 = hexAt(t, 0), e = this.meta.shards[k1];
    if (!e) return Promise.resolve(null);
    if (typeof e === 'string') return this.loadShard(k1, e);
    var k2 = hexAt(t, 1), part = e.find(function (x) { return x[0] === k2; });
    if (!part) return Promise.resolve(null);
    return this.loadShard(k1 + '-' + k2, 't-' + k1 + '-' + k2 + '.' + part[1]);
  };

  /** Every shard of the first character of `t` (what typo tolerance looks through). */
  Engine.prototype.shardsOfFirst = function (t) {
    var self = this, k1 = hexAt(t, 0), e = this.meta.shards[k1];
    if (!e) return Promise.resolve([]);
    if (typeof e === 'string') return this.loadShard(k1, e).then(function (sh) { return [sh]; });
    return Promise.all(e.map(function (x) { return self.loadShard(k1 + '-' + x[0], 't-' + k1 + '-' + x[0] + '.' + x[1]); }));
  };

  function firstChar(s) { return String.fromCodePoint(s.codePointAt(0)); }

  /** Postings of an entry: per field index, {ords, tfs, lens} (fetched when not inline). */
  Engine.prototype.decode = function (id, p) {
    if (!this.decoded[id]) {
      this.decoded[id] = (typeof p === 'string' ? this.load(p) : Promise.resolve(p)).then(function (fields) {
        var lists = [];
        fields.forEach(function (e) { lists[e[0]] = { ords: undelta(e[1]), tfs: e[2], lens: e[3] }; });
        return lists;
      });
    }
    return this.decoded[id];
  };

  /** Postings of a term (null when the index lacks it). */
  Engine.prototype.termPostings = function (term) {
    var self = this;
    return this.shard(term).then(function (sh) {
      if (!sh || !sh.index.has(term)) return null;
      return self.decode('t:' + term, sh.post[sh.index.get(term)]);
    });
  };

  /** Postings of a phrase pair (null when no fiche has it). */
  Engine.prototype.pairPostings = function (term) {
    var self = this, m = this.meta, b = bucket(term, m.pairBuckets);
    if (!this.buckets[b]) this.buckets[b] = this.load('b-' + b + '.' + m.pairHashes[Math.floor(b / m.pairBlock)]).then(function (d) {
      var index = new Map();
      d.t.forEach(function (t, i) { index.set(t, i); });
      return { post: d.p, index: index };
    });
    return this.buckets[b].then(function (bk) {
      if (!bk.index.has(term)) return null;
      return self.decode('b:' + term, bk.post[bk.index.get(term)]);
    });
  };

  /** The documents of value `v` of facet `fi` (a sorted array of ordinals). */
  Engine.prototype.valueDocs = function (fi, v) {
    var id = fi + '-' + v;
    if (!this.values[id]) this.values[id] = this.load('f-' + id + '.' + this.meta.facetHashes[fi]).then(undelta);
    return this.values[id];
  };

  /** Whether an inline entry's term occurs in at most one document. */
  function rare(p) {
    if (typeof p === 'string') return false;
    var seen = -1;
    for (var i = 0; i < p.length; i++) {
      var d = undelta(p[i][1]);
      for (var j = 0; j < d.length; j++) {
        if (seen < 0) seen = d[j]; else if (d[j] !== seen) return false;
      }
    }
    return true;
  }

  /** Candidates of a word (query.rs `expand`). */
  Engine.prototype.expand = function (word, exact, isRare, surfaces) {
    var k = this.k, typed = Array.from(word.surface), out = [];
    var typos = isRare && !word.phone ? maxTypos(typed.length) : 0;
    var plural = word.phone || typed.length < 3 ? null : otherNumber(word.surface);
    if (exact) out.push({ term: word.term, boost: k.exact, distance: 0 });
    var first = typed[0];
    for (var i = 0; i < surfaces.length; i++) {
      var surface = surfaces[i][0], term = surfaces[i][1];
      if (firstChar(surface) !== first || surface === word.surface) continue;
      var found = null;
      if (word.phone) {
        if (surface.startsWith(word.surface)) found = [k.exact, 0];
      } else if (surface === plural) {
        found = [k.exact, 0];
      } else if (word.prefix && typed.length >= 2 && surface.startsWith(word.surface)) {
        found = [k.prefix, 0];
      } else if (typos > 0) {
        var s = Array.from(surface), best = distance(typed, s, typos);
        if (word.prefix && s.length > typed.length) {
          for (var n = Math.max(1, typed.length - 1); n <= typed.length + 1; n++) {
            if (n >= s.length) continue;
            var dd = distance(typed, s.slice(0, n), typos);
            if (dd >= 0 && (best < 0 || dd < best)) best = dd;
          }
        }
        if (best >= 0) found = [k.fuzzy, best];
      }
      if (!found) continue;
      var c = out.find(function (x) { return x.term === term; });
      if (c) {
        if (found[0] > c.boost || (found[0] === c.boost && found[1] < c.distance)) { c.boost = found[0]; c.distance = found[1]; }
      } else out.push({ term: term, boost: found[0], distance: found[1] });
    }
    out.sort(function (a, b) {
      return (b.boost - a.boost) || (a.distance - b.distance) ||
        (utf8len(a.term) - utf8len(b.term)) || cmpStr(a.term, b.term);
    });
    return out.slice(0, k.expansions);
  };

  /**
   * The candidates of every word, and the shard of each word's term (which holds the
   * dictionary keys it begins): {cands, own}. Surface forms are read where they can matter: all
   * shards of the first character for a word with typos tried, the shard of its first two
   * characters for a word being typed or a phone number.
   */
  Engine.prototype.candidates = function (words) {
    var self = this;
    return Promise.all(words.map(function (w) {
      return self.shard(w.term).then(function (own) {
        var exact = !!own && own.index.has(w.term);
        var isRare = !exact || rare(own.post[own.index.get(w.term)]);
        // Every word needs the surface forms sharing its first two characters (its other
        // number, what it begins); typos need all those sharing its first character.
        var more;
        if (isRare && !w.phone && maxTypos(Array.from(w.surface).length) > 0) more = self.shardsOfFirst(w.surface);
        else more = self.shard(w.surface).then(function (sh) { return sh ? [sh] : []; });
        return more.then(function (shards) {
          var surfaces = [];
          shards.forEach(function (sh) { surfaces = surfaces.concat(sh.surfaces); });
          return { cands: self.expand(w, exact, isRare, surfaces), own: own };
        });
      });
    })).then(function (all) {
      return { cands: all.map(function (x) { return x.cands; }), own: all.map(function (x) { return x.own; }) };
    });
  };

  /** BM25 of one posting, times a boost (tantivy's TermQuery in a BoostQuery). */
  Engine.prototype.bm25 = function (l, fi, boost, into, max) {
    var weight = f(idf(l.ords.length, this.meta.n) * K1P1), avg = this.avg[fi], ords = l.ords, tfs = l.tfs, lens = l.lens;
    for (var i = 0; i < ords.length; i++) {
      var tf = tfs[i], o = ords[i];
      var norm = f(K1 * f(ONE_MINUS_B + f(f(B * f(lens[i])) / avg)));
      var s = f(f(weight * f(tf / f(tf + norm))) * boost);
      if (max) { if (s > into.get(o) || !into.has(o)) into.set(o, s); } else into.set(o, s);
    }
  };

  /** Per document, the best score of any (term, boost) in any field (DisjunctionMaxQuery). */
  Engine.prototype.dismax = function (pairs) {
    var self = this, m = this.meta;
    return Promise.all(pairs.map(function (p) { return self.termPostings(p[0]); })).then(function (all) {
      var out = new Map();
      all.forEach(function (lists, k) {
        if (!lists) return;
        for (var fi = 0; fi < self.nFields; fi++) {
          if (lists[fi]) self.bm25(lists[fi], fi, f(m.boosts[fi] * pairs[k][1]), out, true);
        }
      });
      return out;
    });
  };

  /**
   * Runs a query: {q, filters: {region: [ids], sector, kind, returnees, service}}. Resolves to
   * {mode, words, hits: [{ord, score, local, matched, partial}], ignored, stopwords, understood:
   * [{facet, value, words}], terms}; `counts(result, facet)` gives the facet counts.
   */
  Engine.prototype.search = function (query) {
    var self = this, m = this.meta, k = this.k, text = query.q || '';
    var parsed = this.parse(text), words = parsed.words;
    return this.candidates(words).then(function (found0) {
      var cands = found0.cands, spans = self.spans(words, found0.own), ignored = [], known = [];
      spans.forEach(function (s) {
        var ok = s.alts.length > 0 || s.facets.length > 0 ||
          cands.slice(s.start, s.start + s.len).some(function (c) { return c.length > 0; });
        if (ok) known.push(s); else ignored.push(words[s.start].typed);
      });
      var nWords = known.reduce(function (a, s) { return a + s.len; }, 0), terms = [];
      cands.forEach(function (cs) { cs.forEach(function (c) { terms.push(c.term); }); });
      var altIds = [];
      known.forEach(function (s) { s.alts.forEach(function (a) { if (altIds.indexOf(a) < 0) altIds.push(a); }); });
      // A one-word synonym is marked in the results; a phrase's words alone are not.
      altIds.forEach(function (a) { if (a.indexOf(' ') < 0) terms.push(a); });
      var pairTerms = [];
      for (var i = 0; i + 1 < words.length; i++) {
        if (!words[i].phone && !words[i + 1].phone && words[i].term !== words[i + 1].term) pairTerms.push(words[i].term + ' ' + words[i + 1].term);
      }
      var facetVals = [];
      known.forEach(function (s) {
        s.facets.forEach(function (fv) { if (!facetVals.some(function (x) { return x[0] === fv[0] && x[1] === fv[1]; })) facetVals.push(fv); });
      });
      var needNational = known.some(function (s) { return s.facets.some(function (fv) { return fv[0] === 0; }); }) && self.national >= 0;
      var work = [
        Promise.all(cands.map(function (cs) {
          return cs.length ? self.dismax(cs.map(function (c) { return [c.term, c.boost]; })) : Promise.resolve(new Map());
        })),
        Promise.all(altIds.map(function (a) {
          return Promise.all(a.split(' ').map(function (t) { return self.dismax([[t, 1]]); }));
        })),
        Promise.all(pairTerms.map(function (t) {
          return self.pairPostings(t).then(function (lists) {
            var out = new Map();
            if (lists && lists[self.nFields]) self.bm25(lists[self.nFields], self.nFields, f(m.pairBoost), out, false);
            return out;
          });
        })),
        Promise.all(facetVals.map(function (fv) { return self.valueDocs(fv[0], fv[1]).then(function (d) { return new Set(d); }); })),
        needNational ? self.valueDocs(0, self.national).then(function (d) { return new Set(d); }) : Promise.resolve(new Set()),
        self.filter(query.filters || {}),
      ];
      return Promise.all(work).then(function (r) {
        var unitScores = r[0], altTerm = r[1], pairScores = r[2], valueSets = r[3], nationalSet = r[4], filter = r[5];
        // Phrase scores: the sum of its terms' scores where all occur, times the synonym boost.
        var phraseScores = {};
        altIds.forEach(function (a, ai) {
          var per = altTerm[ai], out = new Map(), first = per[0];
          first.forEach(function (_, d) {
            var sum = 0;
            for (var t = 0; t < per.length; t++) {
              var x = per[t].get(d);
              if (!x) return;
              sum = f(sum + x);
            }
            out.set(d, f(sum * k.synonym));
          });
          phraseScores[a] = out;
        });
        var has = function (fv, d) { return valueSets[facetVals.findIndex(function (x) { return x[0] === fv[0] && x[1] === fv[1]; })].has(d); };
        var mode, found = [];
        if (!words.length) {
          mode = parsed.stopwords.length ? 'none' : 'browse';
          if (mode === 'browse') for (var d0 = 0; d0 < m.n; d0++) found.push([d0, 0, 0, 0]);
        } else if (!nWords) {
          mode = 'none';
        } else {
          mode = 'all';
          var docs = new Set();
          unitScores.forEach(function (s) { s.forEach(function (_, d) { docs.add(d); }); });
          altIds.forEach(function (a) { phraseScores[a].forEach(function (_, d) { docs.add(d); }); });
          valueSets.forEach(function (s) { s.forEach(function (d) { docs.add(d); }); });
          if (needNational) nationalSet.forEach(function (d) { docs.add(d); });
          docs.forEach(function (d) {
            var matched = 0, tier = 0, score = 0;
            known.forEach(function (s) {
              var count = 0, typedScore = 0, syn = 0, facet = 0;
              for (var u = s.start; u < s.start + s.len; u++) {
                var x = unitScores[u].get(d);
                if (x) { count++; typedScore = f(typedScore + x); }
              }
              s.alts.forEach(function (a) { var y = phraseScores[a].get(d); if (y && y > syn) syn = y; });
              if (s.facets.length) {
                if (s.facets.some(function (fv) { return has(fv, d); })) facet = 2;
                else if (s.facets.some(function (fv) { return fv[0] === 0; }) && nationalSet.has(d)) facet = 1;
              }
              tier += facet;
              matched += (count === s.len || syn > 0 || facet > 0) ? s.len : count;
              score = f(score + Math.max(typedScore, syn));
            });
            if (!matched) return;
            pairScores.forEach(function (p) { var z = p.get(d); if (z) score = f(score + z); });
            found.push([d, score, matched, tier]);
          });
        }
        terms = Array.from(new Set(terms)).sort(cmpStr);
        var res = self.rank(mode, nWords, found, filter);
        // Facet values the words named that some result has.
        res.understood = [];
        known.forEach(function (s) {
          var from = words[s.start].from, to = words[s.start + s.len - 1].to;
          s.facets.forEach(function (fv) {
            if (!m.understood[fv[0]] || res.understood.some(function (u) { return u.facet === fv[0] && u.value === fv[1]; })) return;
            if (res.hits.some(function (h) { return has(fv, h.ord); })) res.understood.push({ facet: fv[0], value: fv[1], words: text.slice(from, to) });
          });
        });
        res.ignored = ignored; res.stopwords = parsed.stopwords; res.terms = terms; res.words = nWords;
        return res;
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
    return Promise.all(active.map(function (on, fi) {
      if (!on) return null;
      var vals = sel[fi].slice();
      if (fi === 0 && m.national >= 0) vals.push(m.national);
      return Promise.all(vals.map(function (v) { return self.valueDocs(fi, v); }));
    })).then(function (lists) {
      var pass = lists.map(function (ls) {
        if (!ls) return null;
        var mark = new Uint8Array(n);
        ls.forEach(function (docs) { docs.forEach(function (d) { mark[d] = 1; }); });
        return mark;
      });
      var local = null;
      if (lists[0]) {
        local = new Uint8Array(n);
        lists[0].slice(0, sel[0].length).forEach(function (docs) { docs.forEach(function (d) { local[d] = 1; }); });
      }
      return { pass: pass, local: local };
    });
  };

  // Within a group of equal (local, matched, tier), sort keys pack (-rounded score, ord) into
  // one exact double.
  var ORD_SPAN = 16777216, Q_SPAN = 268435456; // 2^24 ords, 2^28 rounded scores: 52 bits

  Engine.prototype.rank = function (mode, nWords, found, filter) {
    var self = this, pass = filter.pass, local = filter.local, k = this.k, nf = this.facetCount;
    var passAll = function (o) {
      for (var fi = 0; fi < nf; fi++) if (pass[fi] && !pass[fi][o]) return false;
      return true;
    };
    var full = 0;
    found.forEach(function (x) { if (x[2] === nWords && passAll(x[0])) full++; });
    var relax = mode === 'all' && nWords >= 2 && full < k.few;
    var least = relax ? Math.ceil(nWords / 2) : nWords;
    var kept = found.filter(function (x) { return mode === 'browse' || x[2] >= least; });
    if (relax && kept.some(function (x) { return x[2] < nWords; })) mode = 'relaxed';
    var ords = kept.map(function (x) { return x[0]; });
    var groups = new Map(), packable = this.meta.n <= ORD_SPAN;
    kept.forEach(function (x) {
      var o = x[0];
      if (!passAll(o)) return;
      var loc = !local || local[o] === 1;
      var key = (loc ? 0 : 1) + ',' + x[2] + ',' + x[3];
      if (!groups.has(key)) groups.set(key, { loc: loc, m: x[2], tier: x[3], docs: [] });
      groups.get(key).docs.push(x);
      if (Math.round(x[1] * 1e4) >= Q_SPAN) packable = false;
    });
    var order = Array.from(groups.values()).sort(function (a, b) {
      return (Number(b.loc) - Number(a.loc)) || (b.m - a.m) || (b.tier - a.tier);
    });
    var hits = [];
    order.forEach(function (g) {
      var docs = g.docs;
      if (packable) {
        var keys = new Float64Array(docs.length), byOrd = new Map();
        docs.forEach(function (x, j) { keys[j] = (Q_SPAN - 1 - Math.round(x[1] * 1e4)) * ORD_SPAN + x[0]; byOrd.set(x[0], x); });
        keys.sort();
        docs = Array.from(keys, function (key) { return byOrd.get(key % ORD_SPAN); });
      } else {
        docs.sort(function (a, b) { return (Math.round(b[1] * 1e4) - Math.round(a[1] * 1e4)) || (a[0] - b[0]); });
      }
      docs.forEach(function (x) {
        hits.push({ ord: x[0], score: x[1], local: g.loc, matched: x[2], partial: mode !== 'browse' && x[2] < nWords });
      });
    });
    void self;
    return { mode: mode, hits: hits, ords: ords, filter: filter };
  };

  /**
   * Counts of facet `fi` for a search result: per value, the matched documents having it that
   * pass every other facet's filter (OR within a facet, AND across). Resolves to
   * [[valueIndex, count]...] for the values with a count, in vocabulary order.
   */
  Engine.prototype.counts = function (res, fi) {
    var self = this, n = this.meta.n, pass = res.filter.pass, ords = res.ords, nf = this.facetCount;
    var values = this.meta.facets[this.meta.facetNames[fi]];
    return Promise.all(values.map(function (_, v) { return self.valueDocs(fi, v); })).then(function (lists) {
      var ok = new Uint8Array(n);
      for (var i = 0; i < ords.length; i++) {
        var o = ords[i], yes = 1;
        for (var g = 0; g < nf; g++) if (g !== fi && pass[g] && !pass[g][o]) { yes = 0; break; }
        ok[o] = yes;
      }
      var out = [];
      lists.forEach(function (docs, v) {
        var c = 0;
        for (var j = 0; j < docs.length; j++) c += ok[docs[j]];
        if (c) out.push([v, c]);
      });
      return out;
    });
  };

  /** Display data of docs: [{ord, name, acronym, url, summary, kind, place, eligibility, tel, phone}]. */
  Engine.prototype.docs = function (ords) {
    var self = this, size = this.meta.showChunk;
    var chunks = Array.from(new Set(ords.map(function (o) { return Math.floor(o / size); })));
    return Promise.all(chunks.map(function (c) {
      if (!self.show[c]) self.show[c] = self.load('s-' + c + '.' + self.meta.showHashes[Math.floor(c / self.meta.showBlock)]);
      return self.show[c];
    })).then(function () {
      return Promise.all(ords.map(function (o) {
        return self.show[Math.floor(o / size)].then(function (rows) {
          var r = rows[o % size];
          return { ord: o, name: r[0], acronym: r[1], url: r[2], summary: r[3], kind: r[4], place: r[5],
            eligibility: r[6], tel: r[7], phone: r[8] };
        });
      }));
    });
  };

  var pending = {};
  /** Called by each export file (a classic script) with its contents; which file it is, its
   * own address tells (`src` as the loader set it: `<dir><name>.js`). */
  function data(value) {
    var s = document.currentScript, src = (s && s.getAttribute('src')) || '';
    var name = src.slice(src.lastIndexOf('/') + 1).replace(/\.js$/, '');
    var p = pending[name];
    if (p) { p.resolve(value); delete pending[name]; }
  }

  /** A loader for export files under `dir` (ends with `/`): a classic <script> each, which
   * works over HTTP and from file:// alike. */
  function loader(dir) {
    var cache = {};
    return function (name) {
      if (cache[name]) return cache[name];
      cache[name] = new Promise(function (resolve, reject) {
        pending[name] = { resolve: resolve };
        var s = document.createElement('script');
        s.src = dir + name + '.js';
        s.onerror = function () {
          delete pending[name];
          delete cache[name];
          reject(new Error('cannot load ' + s.src));
        };
        s.onload = function () { s.remove(); };
        document.head.appendChild(s);
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

  return { open: open, data: data, analyze: analyze, tokens: tokens, distance: distance, bucket: bucket };
})();
var sira$ = siraEngine.data;
