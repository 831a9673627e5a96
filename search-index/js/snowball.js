/* Sira search: the Snowball runtime shared by the stemmers (stem_fr.js, stem_en.js), plain
 * ES2017, no dependencies. It repeats the runtime of the Rust crate rust-stemmers 1.2.0, which
 * works on UTF-8 bytes but always moves its cursors a whole character at a time; here the
 * cursors count UTF-16 code units and move a whole character at a time too (a surrogate pair
 * is one step), which gives the same results: the algorithms' strings and groupings are all in
 * the Basic Multilingual Plane, where UTF-8 byte order and UTF-16 unit order agree.
 *
 * siraSnowball() returns one environment: the word `s`, the cursor `c`, the limits `l` and
 * `lb`, the slice `bra`..`ket`, and the Snowball operations on them. Among tables are arrays
 * of [string, index of the longest entry it ends (or starts) with or -1, result]; groupings
 * are [bit set, lowest code, highest code]. */
var siraSnowball = function () {
  'use strict';
  var z = { s: '', c: 0, l: 0, lb: 0, bra: 0, ket: 0 };

  function isLow(i) { return (z.s.charCodeAt(i) & 0xfc00) === 0xdc00; }
  z.set = function (word) {
    z.s = String(word); z.c = 0; z.l = z.s.length; z.lb = 0; z.bra = 0; z.ket = z.l;
  };
  z.nextChar = function () { z.c++; while (z.c < z.s.length && isLow(z.c)) z.c++; };
  z.prevChar = function () { z.c--; while (z.c > 0 && isLow(z.c)) z.c--; };
  /** The position `d` characters from the cursor (may lie beyond either end). */
  z.hop = function (d) {
    var r = z.c, n = z.s.length;
    if (d > 0) {
      while (d-- > 0) { r++; while (r <= n && isLow(r)) r++; }
    } else {
      while (d++ < 0) { r--; while (r >= 0 && isLow(r)) r--; }
    }
    return r;
  };
  function inSet(g, ch) {
    if (ch > g[2] || ch < g[1]) return false;
    ch -= g[1];
    return (g[0][ch >> 3] & (1 << (ch & 7))) !== 0;
  }
  z.inG = function (g) {
    if (z.c >= z.l || !inSet(g, z.s.charCodeAt(z.c))) return false;
    z.nextChar();
    return true;
  };
  z.outG = function (g) {
    if (z.c >= z.l || inSet(g, z.s.charCodeAt(z.c))) return false;
    z.nextChar();
    return true;
  };
  z.inGB = function (g) {
    if (z.c <= z.lb) return false;
    var o = z.c;
    z.prevChar();
    if (inSet(g, z.s.charCodeAt(z.c))) return true;
    z.c = o;
    return false;
  };
  z.outGB = function (g) {
    if (z.c <= z.lb) return false;
    var o = z.c;
    z.prevChar();
    if (!inSet(g, z.s.charCodeAt(z.c))) return true;
    z.c = o;
    return false;
  };
  /** Goes past the next character in (outside) grouping g; false at the limit. */
  z.gopastIn = function (g) {
    for (;;) { if (z.inG(g)) return true; if (z.c >= z.l) return false; z.nextChar(); }
  };
  z.gopastOut = function (g) {
    for (;;) { if (z.outG(g)) return true; if (z.c >= z.l) return false; z.nextChar(); }
  };
  z.gopastInB = function (g) {
    for (;;) { if (z.inGB(g)) return true; if (z.c <= z.lb) return false; z.prevChar(); }
  };
  z.eqS = function (t) {
    if (z.c >= z.l || !z.s.startsWith(t, z.c)) return false;
    z.c += t.length;
    return true;
  };
  z.eqSB = function (t) {
    if (z.c - z.lb < t.length || !z.s.startsWith(t, z.c - t.length)) return false;
    z.c -= t.length;
    return true;
  };
  function replace(b, k, t) {
    var adj = t.length - (k - b);
    z.s = z.s.slice(0, b) + t + z.s.slice(k);
    z.l += adj;
    if (z.c >= k) z.c += adj; else if (z.c > b) z.c = b;
    return adj;
  }
  /** Replaces the slice bra..ket with t. */
  z.sliceFrom = function (t) { replace(z.bra, z.ket, t); return true; };
  /** Inserts t at the cursor, which stays before it. */
  z.insert = function (t) {
    var o = z.c, adj = replace(o, o, t);
    if (o <= z.bra) z.bra += adj;
    if (o <= z.ket) z.ket += adj;
    z.c = o;
  };
  /** Finds the longest entry of among table a at the cursor (forward); its result, or 0. */
  z.findAmong = function (a) {
    var i = 0, j = a.length, ci = 0, cj = 0, first = false, k, diff, common, w, n, c0 = z.c;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = a[k][0];
      for (n = common; n < w.length; n++) {
        if (c0 + common === z.l) { diff = -1; break; }
        diff = z.s.charCodeAt(c0 + common) - w.charCodeAt(n);
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
      if (ci >= w[0].length) { z.c = c0 + w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  };
  /** The same, backwards from the cursor. */
  z.findAmongB = function (a) {
    var i = 0, j = a.length, ci = 0, cj = 0, first = false, k, diff, common, w, n, c0 = z.c;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = a[k][0];
      for (n = w.length - common - 1; n >= 0; n--) {
        if (c0 - common === z.lb) { diff = -1; break; }
        diff = z.s.charCodeAt(c0 - common - 1) - w.charCodeAt(n);
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
      if (ci >= w[0].length) { z.c = c0 - w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  };
  return z;
};
