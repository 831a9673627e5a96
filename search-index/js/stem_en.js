/* Sira search: Snowball English (Porter2) stemmer, plain ES2017, on the shared runtime
 * (snowball.js). A faithful port of the Rust crate rust-stemmers 1.2.0
 * (Stemmer::create(Algorithm::English).stem), quirks included; the browser tests compare it
 * with the crate on every word of the content and with the Snowball reference on fuzzed
 * words. Defines one global: siraStemEn(word). */
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

  var z = siraSnowball(), p1, p2, yFound;

  function prelude() {
    var v;
    yFound = false;
    z.bra = z.c;
    if (z.eqS("'")) { z.ket = z.c; z.sliceFrom(''); }
    z.c = 0;
    z.bra = z.c;
    if (z.eqS('y')) { z.ket = z.c; z.sliceFrom('Y'); yFound = true; }
    z.c = 0;
    // repeat goto (v [y]) <- 'Y'
    for (;;) {
      var v4 = z.c, found = false;
      for (;;) {
        v = z.c;
        if (z.inG(G_v)) {
          z.bra = z.c;
          if (z.eqS('y')) { z.ket = z.c; z.c = v; found = true; break; }
        }
        z.c = v;
        if (z.c >= z.l) break;
        z.nextChar();
      }
      if (!found) { z.c = v4; break; }
      z.sliceFrom('Y');
      yFound = true;
    }
    z.c = 0;
  }

  function markRegions() {
    p1 = z.l;
    p2 = z.l;
    var v = z.c;
    if (z.findAmong(A0) === 0) {
      z.c = v;
      if (!z.gopastIn(G_v) || !z.gopastOut(G_v)) { z.c = v; return; }
    }
    p1 = z.c;
    if (z.gopastIn(G_v) && z.gopastOut(G_v)) p2 = z.c;
    z.c = v;
  }

  function shortv() {
    var v = z.l - z.c;
    if (z.outGB(G_v_WXY) && z.inGB(G_v) && z.outGB(G_v)) return true;
    z.c = z.l - v;
    return z.outGB(G_v) && z.inGB(G_v) && z.c <= z.lb;
  }

  function step1a() {
    var v = z.l - z.c, a;
    z.ket = z.c;
    a = z.findAmongB(A1);
    if (a === 0) z.c = z.l - v;
    else { z.bra = z.c; z.sliceFrom(''); }
    z.ket = z.c;
    a = z.findAmongB(A2);
    if (a === 0) return;
    z.bra = z.c;
    if (a === 1) z.sliceFrom('ss');
    else if (a === 2) {
      var h = z.hop(-2);
      if (z.lb > h || h > z.l) z.sliceFrom('ie');
      else { z.c = h; z.sliceFrom('i'); }
    } else if (a === 3) {
      if (z.c <= z.lb) return;
      z.prevChar();
      if (!z.gopastInB(G_v)) return;
      z.sliceFrom('');
    }
  }

  function step1b() {
    var a, v;
    z.ket = z.c;
    a = z.findAmongB(A4);
    if (a === 0) return;
    z.bra = z.c;
    if (a === 1) {
      if (p1 <= z.c) z.sliceFrom('ee');
      return;
    }
    v = z.l - z.c;
    if (!z.gopastInB(G_v)) return;
    z.c = z.l - v;
    z.sliceFrom('');
    v = z.l - z.c;
    a = z.findAmongB(A3);
    z.c = z.l - v;
    if (a === 1) z.insert('e');
    else if (a === 2) {
      z.ket = z.c;
      if (z.c <= z.lb) return;
      z.prevChar();
      z.bra = z.c;
      z.sliceFrom('');
    } else if (a === 3) {
      if (z.c !== p1) return;
      v = z.l - z.c;
      if (!shortv()) return;
      z.c = z.l - v;
      z.insert('e');
    }
  }

  function step1c() {
    z.ket = z.c;
    if (!z.eqSB('y') && !z.eqSB('Y')) return;
    z.bra = z.c;
    if (!z.outGB(G_v)) return;
    if (z.c <= z.lb) return;
    z.sliceFrom('i');
  }

  function step2() {
    z.ket = z.c;
    var a = z.findAmongB(A5);
    if (a === 0) return;
    z.bra = z.c;
    if (p1 > z.c) return;
    if (a <= 12 || a === 14 || a === 15) z.sliceFrom(S2[a]);
    else if (a === 13) { if (z.eqSB('l')) z.sliceFrom('og'); }
    else if (a === 16) { if (z.inGB(G_valid_LI)) z.sliceFrom(''); }
  }

  function step3() {
    z.ket = z.c;
    var a = z.findAmongB(A6);
    if (a === 0) return;
    z.bra = z.c;
    if (p1 > z.c) return;
    if (a <= 4) z.sliceFrom(S3[a]);
    else if (a === 5) z.sliceFrom('');
    else if (a === 6) { if (p2 <= z.c) z.sliceFrom(''); }
  }

  function step4() {
    z.ket = z.c;
    var a = z.findAmongB(A7);
    if (a === 0) return;
    z.bra = z.c;
    if (p2 > z.c) return;
    if (a === 1) z.sliceFrom('');
    else if (a === 2) {
      var v = z.l - z.c;
      if (!z.eqSB('s')) { z.c = z.l - v; if (!z.eqSB('t')) return; }
      z.sliceFrom('');
    }
  }

  function step5() {
    z.ket = z.c;
    var a = z.findAmongB(A8);
    if (a === 0) return;
    z.bra = z.c;
    if (a === 1) {
      if (!(p2 <= z.c)) {
        if (!(p1 <= z.c)) return;
        var v = z.l - z.c;
        if (shortv()) return;
        z.c = z.l - v;
      }
      z.sliceFrom('');
    } else if (a === 2) {
      if (p2 > z.c) return;
      if (!z.eqSB('l')) return;
      z.sliceFrom('');
    }
  }

  function exception2() {
    z.ket = z.c;
    if (z.findAmongB(A9) === 0) return false;
    z.bra = z.c;
    return z.c <= z.lb;
  }

  function exception1() {
    z.bra = z.c;
    var a = z.findAmong(A10);
    if (a === 0) return false;
    z.ket = z.c;
    if (z.c < z.l) return false;
    if (a > 0) z.sliceFrom(EX1[a]);
    return true;
  }

  function postlude() {
    if (!yFound) return;
    for (;;) {
      var v1 = z.c, found = false, v;
      for (;;) {
        v = z.c;
        z.bra = z.c;
        if (z.eqS('Y')) { z.ket = z.c; z.c = v; found = true; break; }
        z.c = v;
        if (z.c >= z.l) break;
        z.nextChar();
      }
      if (!found) { z.c = v1; return; }
      z.sliceFrom('y');
    }
  }

  return function siraStemEn(word) {
    z.set(word);
    p1 = 0; p2 = 0; yFound = false;
    if (exception1()) return z.s;
    z.c = 0;
    var h = z.hop(3);
    if (h < 0 || h > z.l) return z.s;
    z.c = 0;
    prelude();
    z.c = 0;
    markRegions();
    z.c = 0;
    z.lb = z.c; z.c = z.l;
    var v = z.l - z.c;
    step1a();
    z.c = z.l - v;
    if (!exception2()) {
      z.c = z.l - v;
      step1b(); z.c = z.l - v;
      step1c(); z.c = z.l - v;
      step2(); z.c = z.l - v;
      step3(); z.c = z.l - v;
      step4(); z.c = z.l - v;
      step5(); z.c = z.l - v;
    }
    z.c = z.lb;
    postlude();
    return z.s;
  };
})();
