/*
 * stem_fr.js — Snowball French stemmer for the Sira search index.
 *
 * Plain-JavaScript port (ES2017, classic script, no dependencies) of the
 * generated Snowball French stemmer shipped in the Rust crate
 * rust-stemmers 1.2.0 (src/snowball/algorithms/french.rs + its runtime).
 * siraStemFr(word) returns exactly what
 *   Stemmer::create(Algorithm::French).stem(word)
 * returns. Like the Rust runtime, it works on the UTF-8 bytes of the word
 * (byte-wise among search, char-boundary cursor moves), so the output also
 * matches for accented / non-ASCII input. Input is expected in lowercase.
 *
 * Defines a single global: siraStemFr.
 */
var siraStemFr = (function () {
  "use strict";

  function enc(s) {
    var out = [], n = s.length, i, ch, d;
    for (i = 0; i < n; i++) {
      ch = s.charCodeAt(i);
      if (ch < 0x80) { out.push(ch); continue; }
      if (ch < 0x800) { out.push(0xC0 | (ch >> 6), 0x80 | (ch & 63)); continue; }
      if (ch >= 0xD800 && ch < 0xE000) {
        d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (ch < 0xDC00 && d >= 0xDC00 && d < 0xE000) {
          ch = 0x10000 + ((ch - 0xD800) << 10) + (d - 0xDC00);
          i++;
          out.push(0xF0 | (ch >> 18), 0x80 | ((ch >> 12) & 63), 0x80 | ((ch >> 6) & 63), 0x80 | (ch & 63));
          continue;
        }
        ch = 0xFFFD; // lone surrogate
      }
      out.push(0xE0 | (ch >> 12), 0x80 | ((ch >> 6) & 63), 0x80 | (ch & 63));
    }
    return out;
  }

  function dec(b) {
    var s = "", n = b.length, i = 0, ch;
    for (; i < n && b[i] < 0x80; i++);
    if (i === n) return String.fromCharCode.apply(null, b);
    i = 0;
    while (i < n) {
      ch = b[i];
      if (ch < 0x80) { i++; }
      else if (ch < 0xE0) { ch = ((ch & 31) << 6) | (b[i + 1] & 63); i += 2; }
      else if (ch < 0xF0) { ch = ((ch & 15) << 12) | ((b[i + 1] & 63) << 6) | (b[i + 2] & 63); i += 3; }
      else {
        ch = ((ch & 7) << 18) | ((b[i + 1] & 63) << 12) | ((b[i + 2] & 63) << 6) | (b[i + 3] & 63);
        i += 4;
        ch -= 0x10000;
        s += String.fromCharCode(0xD800 + (ch >> 10), 0xDC00 + (ch & 1023));
        continue;
      }
      s += String.fromCharCode(ch);
    }
    return s;
  }

  // Among tables: [string, substring_i, result]; strings become UTF-8 bytes.
  function mk(t) {
    for (var i = 0; i < t.length; i++) t[i][0] = enc(t[i][0]);
    return t;
  }

  var A_0 = mk([["col", -1, -1], ["par", -1, -1], ["tap", -1, -1]]);
  var A_1 = mk([["", -1, 4], ["I", 0, 1], ["U", 0, 2], ["Y", 0, 3]]);
  var A_2 = mk([["iqU", -1, 3], ["abl", -1, 3], ["I\u00E8r", -1, 4], ["i\u00E8r", -1, 4],
    ["eus", -1, 2], ["iv", -1, 1]]);
  var A_3 = mk([["ic", -1, 2], ["abil", -1, 1], ["iv", -1, 3]]);
  var A_4 = mk([["iqUe", -1, 1], ["atrice", -1, 2], ["ance", -1, 1], ["ence", -1, 5],
    ["logie", -1, 3], ["able", -1, 1], ["isme", -1, 1], ["euse", -1, 11], ["iste", -1, 1],
    ["ive", -1, 8], ["if", -1, 8], ["usion", -1, 4], ["ation", -1, 2], ["ution", -1, 4],
    ["ateur", -1, 2], ["iqUes", -1, 1], ["atrices", -1, 2], ["ances", -1, 1], ["ences", -1, 5],
    ["logies", -1, 3], ["ables", -1, 1], ["ismes", -1, 1], ["euses", -1, 11], ["istes", -1, 1],
    ["ives", -1, 8], ["ifs", -1, 8], ["usions", -1, 4], ["ations", -1, 2], ["utions", -1, 4],
    ["ateurs", -1, 2], ["ments", -1, 15], ["ements", 30, 6], ["issements", 31, 12],
    ["it\u00E9s", -1, 7], ["ment", -1, 15], ["ement", 34, 6], ["issement", 35, 12],
    ["amment", 34, 13], ["emment", 34, 14], ["aux", -1, 10], ["eaux", 39, 9], ["eux", -1, 1],
    ["it\u00E9", -1, 7]]);
  var A_5 = mk([["ira", -1, 1], ["ie", -1, 1], ["isse", -1, 1], ["issante", -1, 1], ["i", -1, 1],
    ["irai", 4, 1], ["ir", -1, 1], ["iras", -1, 1], ["ies", -1, 1], ["\u00EEmes", -1, 1],
    ["isses", -1, 1], ["issantes", -1, 1], ["\u00EEtes", -1, 1], ["is", -1, 1], ["irais", 13, 1],
    ["issais", 13, 1], ["irions", -1, 1], ["issions", -1, 1], ["irons", -1, 1], ["issons", -1, 1],
    ["issants", -1, 1], ["it", -1, 1], ["irait", 21, 1], ["issait", 21, 1], ["issant", -1, 1],
    ["iraIent", -1, 1], ["issaIent", -1, 1], ["irent", -1, 1], ["issent", -1, 1], ["iront", -1, 1],
    ["\u00EEt", -1, 1], ["iriez", -1, 1], ["issiez", -1, 1], ["irez", -1, 1], ["issez", -1, 1]]);
  var A_6 = mk([["a", -1, 3], ["era", 0, 2], ["asse", -1, 3], ["ante", -1, 3], ["\u00E9e", -1, 2],
    ["ai", -1, 3], ["erai", 5, 2], ["er", -1, 2], ["as", -1, 3], ["eras", 8, 2], ["\u00E2mes", -1, 3],
    ["asses", -1, 3], ["antes", -1, 3], ["\u00E2tes", -1, 3], ["\u00E9es", -1, 2], ["ais", -1, 3],
    ["erais", 15, 2], ["ions", -1, 1], ["erions", 17, 2], ["assions", 17, 3], ["erons", -1, 2],
    ["ants", -1, 3], ["\u00E9s", -1, 2], ["ait", -1, 3], ["erait", 23, 2], ["ant", -1, 3],
    ["aIent", -1, 3], ["eraIent", 26, 2], ["\u00E8rent", -1, 2], ["assent", -1, 3], ["eront", -1, 2],
    ["\u00E2t", -1, 3], ["ez", -1, 2], ["iez", 32, 2], ["eriez", 33, 2], ["assiez", 33, 3],
    ["erez", 32, 2], ["\u00E9", -1, 2]]);
  var A_7 = mk([["e", -1, 3], ["I\u00E8re", 0, 2], ["i\u00E8re", 0, 2], ["ion", -1, 1],
    ["Ier", -1, 2], ["ier", -1, 2], ["\u00EB", -1, 4]]);
  var A_8 = mk([["ell", -1, -1], ["eill", -1, -1], ["enn", -1, -1], ["onn", -1, -1], ["ett", -1, -1]]);

  var G_v = [17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 130, 103, 8, 5];
  var G_keep_with_s = [1, 65, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128];

  var S_u = enc("u"), S_U = enc("U"), S_i = enc("i"), S_I = enc("I"), S_y = enc("y"),
    S_Y = enc("Y"), S_q = enc("q"), S_ic = enc("ic"), S_iqU = enc("iqU"), S_log = enc("log"),
    S_ent = enc("ent"), S_at = enc("at"), S_eux = enc("eux"), S_abl = enc("abl"),
    S_eau = enc("eau"), S_al = enc("al"), S_ant = enc("ant"), S_e = enc("e"), S_s = enc("s"),
    S_t = enc("t"), S_gu = enc("gu"), S_cced = enc("\u00E7"), S_c = enc("c"),
    S_eacute = enc("\u00E9"), S_egrave = enc("\u00E8"), S_none = [];

  // Snowball environment (byte offsets into cur, like the Rust runtime).
  var cur, c, l, lb, bra, ket, pV, p1, p2;

  function isB(i) {
    var n = cur.length;
    return i === 0 || i === n || (i < n && (cur[i] & 0xC0) !== 0x80);
  }
  function nextChar() { c++; while (!isB(c)) c++; }
  function prevChar() { c--; while (!isB(c)) c--; }
  function chAt(p) {
    var b = cur[p];
    if (b < 0x80) return b;
    if (b < 0xE0) return ((b & 31) << 6) | (cur[p + 1] & 63);
    if (b < 0xF0) return ((b & 15) << 12) | ((cur[p + 1] & 63) << 6) | (cur[p + 2] & 63);
    return ((b & 7) << 18) | ((cur[p + 1] & 63) << 12) | ((cur[p + 2] & 63) << 6) | (cur[p + 3] & 63);
  }
  function inSet(g, min, max, ch) {
    if (ch > max || ch < min) return false;
    ch -= min;
    return (g[ch >> 3] & (1 << (ch & 7))) !== 0;
  }
  function inG(g, min, max) {
    if (c >= l) return false;
    if (!inSet(g, min, max, chAt(c))) return false;
    nextChar();
    return true;
  }
  function inGb(g, min, max) {
    if (c <= lb) return false;
    prevChar();
    var ch = chAt(c);
    nextChar();
    if (!inSet(g, min, max, ch)) return false;
    prevChar();
    return true;
  }
  function outG(g, min, max) {
    if (c >= l) return false;
    if (inSet(g, min, max, chAt(c))) return false;
    nextChar();
    return true;
  }
  function outGb(g, min, max) {
    if (c <= lb) return false;
    prevChar();
    var ch = chAt(c);
    nextChar();
    if (inSet(g, min, max, ch)) return false;
    prevChar();
    return true;
  }
  function eqS(s) {
    if (c >= l) return false;
    var n = s.length, i;
    if (c + n > cur.length) return false;
    for (i = 0; i < n; i++) if (cur[c + i] !== s[i]) return false;
    c += n;
    while (!isB(c)) c++;
    return true;
  }
  function eqSb(s) {
    var n = s.length, st = c - n, i;
    if (c - lb < n) return false;
    if (!isB(st)) return false;
    for (i = 0; i < n; i++) if (cur[st + i] !== s[i]) return false;
    c = st;
    return true;
  }
  function sliceFrom(s) {
    var b = bra, k = ket, adj = s.length - (k - b);
    if (b <= k) {
      if (s.length === 0) cur.splice(b, k - b);
      else if (s.length === 1) cur.splice(b, k - b, s[0]);
      else cur.splice.apply(cur, [b, k - b].concat(s));
    } else cur = cur.slice(0, b).concat(s, cur.slice(k)); // never expected
    l += adj;
    if (c >= k) c += adj;
    else if (c > b) c = b;
    return true;
  }
  function sliceDel() { return sliceFrom(S_none); }

  function findAmong(v) {
    var i = 0, j = v.length, cc = c, ll = l, ci = 0, cj = 0, first = false;
    var k, diff, common, w, lv;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = v[k][0];
      for (lv = common; lv < w.length; lv++) {
        if (cc + common === ll) { diff = -1; break; }
        diff = cur[cc + common] - w[lv];
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
      w = v[i];
      if (ci >= w[0].length) { c = cc + w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  }

  function findAmongB(v) {
    var i = 0, j = v.length, cc = c, llb = lb, ci = 0, cj = 0, first = false;
    var k, diff, common, w, lv;
    for (;;) {
      k = i + ((j - i) >> 1);
      diff = 0;
      common = ci < cj ? ci : cj;
      w = v[k][0];
      for (lv = w.length - 1 - common; lv >= 0; lv--) {
        if (cc - common === llb) { diff = -1; break; }
        diff = cur[cc - common - 1] - w[lv];
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
      w = v[i];
      if (ci >= w[0].length) { c = cc - w[0].length; return w[2]; }
      i = w[1];
      if (i < 0) return 0;
    }
  }

  function R1() { return p1 <= c; }
  function R2() { return p2 <= c; }
  function RV() { return pV <= c; }
  function isV() { return inG(G_v, 97, 251); }

  // One attempt of the prelude's goto body at the current cursor.
  function preludeStep() {
    var v3 = c, v4;
    if (isV()) {
      bra = c;
      v4 = c;
      if (eqS(S_u)) { ket = c; if (isV()) { sliceFrom(S_U); return true; } }
      c = v4;
      if (eqS(S_i)) { ket = c; if (isV()) { sliceFrom(S_I); return true; } }
      c = v4;
      if (eqS(S_y)) { ket = c; sliceFrom(S_Y); return true; }
    }
    c = v3;
    bra = c;
    if (eqS(S_y)) { ket = c; if (isV()) { sliceFrom(S_Y); return true; } }
    c = v3;
    if (!eqS(S_q)) return false;
    bra = c;
    if (!eqS(S_u)) return false;
    ket = c;
    sliceFrom(S_U);
    return true;
  }

  function prelude() {
    var v1, v2, found;
    for (;;) {
      v1 = c;
      found = false;
      for (;;) {
        v2 = c;
        if (preludeStep()) { c = v2; found = true; break; }
        c = v2;
        if (c >= l) break;
        nextChar();
      }
      if (!found) { c = v1; return; }
    }
  }

  function gopastV() {
    for (;;) { if (isV()) return true; if (c >= l) return false; nextChar(); }
  }
  function gopastNonV() {
    for (;;) { if (outG(G_v, 97, 251)) return true; if (c >= l) return false; nextChar(); }
  }

  function markRegions() {
    pV = l; p1 = l; p2 = l;
    var v1 = c, v2;
    lab0: {
      v2 = c;
      lab1: {
        if (isV() && isV() && c < l) { nextChar(); break lab1; }
        c = v2;
        if (findAmong(A_0) !== 0) break lab1;
        c = v2;
        if (c >= l) break lab0;
        nextChar();
        if (!gopastV()) break lab0;
      }
      pV = c;
    }
    c = v1;
    lab6: {
      if (!gopastV() || !gopastNonV()) break lab6;
      p1 = c;
      if (!gopastV() || !gopastNonV()) break lab6;
      p2 = c;
    }
    c = v1;
  }

  // postlude: among ("" / "I" / "U" / "Y") at each position; "" always
  // matches, so this is the find_among(A_1) loop without the search.
  function postlude() {
    var b;
    for (;;) {
      bra = c;
      b = c < l ? cur[c] : 0;
      if (b === 73 || b === 85 || b === 89) { // I U Y -> i u y
        c++;
        ket = c;
        cur[bra] = b + 32;
      } else {
        ket = c;
        if (c >= l) return;
        nextChar();
      }
    }
  }

  function standardSuffix() {
    var a, v;
    ket = c;
    a = findAmongB(A_4);
    if (a === 0) return false;
    bra = c;
    switch (a) {
      case 1:
        if (!R2()) return false;
        sliceDel();
        break;
      case 2:
        if (!R2()) return false;
        sliceDel();
        v = l - c;
        ket = c;
        if (!eqSb(S_ic)) { c = l - v; break; }
        bra = c;
        if (R2()) sliceDel(); else sliceFrom(S_iqU);
        break;
      case 3:
        if (!R2()) return false;
        sliceFrom(S_log);
        break;
      case 4:
        if (!R2()) return false;
        sliceFrom(S_u);
        break;
      case 5:
        if (!R2()) return false;
        sliceFrom(S_ent);
        break;
      case 6:
        if (!RV()) return false;
        sliceDel();
        v = l - c;
        ket = c;
        a = findAmongB(A_2);
        if (a === 0) { c = l - v; break; }
        bra = c;
        if (a === 1) {
          if (!R2()) { c = l - v; break; }
          sliceDel();
          ket = c;
          if (!eqSb(S_at)) { c = l - v; break; }
          bra = c;
          if (!R2()) { c = l - v; break; }
          sliceDel();
        } else if (a === 2) {
          if (R2()) sliceDel();
          else if (!R1()) c = l - v;
          else sliceFrom(S_eux);
        } else if (a === 3) {
          if (!R2()) { c = l - v; break; }
          sliceDel();
        } else if (a === 4) {
          if (!RV()) { c = l - v; break; }
          sliceFrom(S_i);
        }
        break;
      case 7:
        if (!R2()) return false;
        sliceDel();
        v = l - c;
        ket = c;
        a = findAmongB(A_3);
        if (a === 0) { c = l - v; break; }
        bra = c;
        if (a === 1) {
          if (R2()) sliceDel(); else sliceFrom(S_abl);
        } else if (a === 2) {
          if (R2()) sliceDel(); else sliceFrom(S_iqU);
        } else if (a === 3) {
          if (!R2()) { c = l - v; break; }
          sliceDel();
        }
        break;
      case 8:
        if (!R2()) return false;
        sliceDel();
        v = l - c;
        ket = c;
        if (!eqSb(S_at)) { c = l - v; break; }
        bra = c;
        if (!R2()) { c = l - v; break; }
        sliceDel();
        ket = c;
        if (!eqSb(S_ic)) { c = l - v; break; }
        bra = c;
        if (R2()) sliceDel(); else sliceFrom(S_iqU);
        break;
      case 9:
        sliceFrom(S_eau);
        break;
      case 10:
        if (!R1()) return false;
        sliceFrom(S_al);
        break;
      case 11:
        if (R2()) sliceDel();
        else {
          if (!R1()) return false;
          sliceFrom(S_eux);
        }
        break;
      case 12:
        if (!R1()) return false;
        if (!outGb(G_v, 97, 251)) return false;
        sliceDel();
        break;
      case 13:
        if (!RV()) return false;
        sliceFrom(S_ant);
        return false;
      case 14:
        if (!RV()) return false;
        sliceFrom(S_ent);
        return false;
      case 15:
        v = l - c;
        if (!inGb(G_v, 97, 251)) return false;
        if (!RV()) return false;
        c = l - v;
        sliceDel();
        return false;
    }
    return true;
  }

  function iVerbSuffix() {
    var v1 = l - c, v2, a;
    if (c < pV) return false;
    c = pV;
    v2 = lb;
    lb = c;
    c = l - v1;
    ket = c;
    a = findAmongB(A_5);
    if (a === 0) { lb = v2; return false; }
    bra = c;
    if (a === 1) {
      if (!outGb(G_v, 97, 251)) { lb = v2; return false; }
      sliceDel();
    }
    lb = v2;
    return true;
  }

  function verbSuffix() {
    var v1 = l - c, v2, v3, a;
    if (c < pV) return false;
    c = pV;
    v2 = lb;
    lb = c;
    c = l - v1;
    ket = c;
    a = findAmongB(A_6);
    if (a === 0) { lb = v2; return false; }
    bra = c;
    if (a === 1) {
      if (!R2()) { lb = v2; return false; }
      sliceDel();
    } else if (a === 2) {
      sliceDel();
    } else if (a === 3) {
      sliceDel();
      v3 = l - c;
      ket = c;
      if (eqSb(S_e)) { bra = c; sliceDel(); } else c = l - v3;
    }
    lb = v2;
    return true;
  }

  function residualSuffix() {
    var v1 = l - c, v2, v3, v4, a;
    ket = c;
    if (!eqSb(S_s)) c = l - v1;
    else {
      bra = c;
      v2 = l - c;
      if (!outGb(G_keep_with_s, 97, 232)) c = l - v1;
      else { c = l - v2; sliceDel(); }
    }
    v3 = l - c;
    if (c < pV) return false;
    c = pV;
    v4 = lb;
    lb = c;
    c = l - v3;
    ket = c;
    a = findAmongB(A_7);
    if (a === 0) { lb = v4; return false; }
    bra = c;
    if (a === 1) {
      if (!R2()) { lb = v4; return false; }
      v2 = l - c;
      if (!eqSb(S_s)) {
        c = l - v2;
        if (!eqSb(S_t)) { lb = v4; return false; }
      }
      sliceDel();
    } else if (a === 2) {
      sliceFrom(S_i);
    } else if (a === 3) {
      sliceDel();
    } else if (a === 4) {
      if (!eqSb(S_gu)) { lb = v4; return false; }
      sliceDel();
    }
    lb = v4;
    return true;
  }

  function unDouble() {
    var v1 = l - c;
    if (findAmongB(A_8) === 0) return false;
    c = l - v1;
    ket = c;
    if (c <= lb) return false;
    prevChar();
    bra = c;
    sliceDel();
    return true;
  }

  function unAccent() {
    var n = 1, v;
    while (outGb(G_v, 97, 251)) n--;
    if (n > 0) return false;
    ket = c;
    v = l - c;
    if (!eqSb(S_eacute)) {
      c = l - v;
      if (!eqSb(S_egrave)) return false;
    }
    bra = c;
    sliceFrom(S_e);
    return true;
  }

  return function siraStemFr(word) {
    var v, v4, v7, done = false;
    cur = enc(String(word));
    c = 0; l = cur.length; lb = 0; bra = 0; ket = l;
    pV = 0; p1 = 0; p2 = 0;

    prelude();
    c = 0;
    markRegions();
    c = 0;

    // backwards
    lb = c;
    c = l;
    v = l - c;
    v4 = l - c;
    lab4: {
      if (!standardSuffix()) {
        c = l - v4;
        if (!iVerbSuffix()) {
          c = l - v4;
          if (!verbSuffix()) break lab4;
        }
      }
      c = l - v4;
      v7 = l - c;
      ket = c;
      if (eqSb(S_Y)) { bra = c; sliceFrom(S_i); }
      else {
        c = l - v7;
        if (eqSb(S_cced)) { bra = c; sliceFrom(S_c); } else c = l - v7;
      }
      done = true;
    }
    if (!done) {
      c = l - v4;
      residualSuffix();
    }
    c = l - v;
    unDouble();
    c = l - v;
    unAccent();
    c = l - v;

    c = lb;
    postlude();
    return dec(cur);
  };
})();
