/* Sira search: Snowball French stemmer, plain ES2017, on the shared runtime (snowball.js).
 * A faithful port of the generated French stemmer of the Rust crate rust-stemmers 1.2.0
 * (src/snowball/algorithms/french.rs): siraStemFr(word) returns what
 * Stemmer::create(Algorithm::French).stem(word) returns; the browser tests compare it with
 * the crate on every word of the content and with the Snowball reference on fuzzed words.
 * Input is expected in lowercase. Defines one global: siraStemFr(word). */
var siraStemFr = (function () {
  "use strict";

  // Among tables: [string, index of its longest sub-entry or -1, result].
  var A_0 = [["col", -1, -1], ["par", -1, -1], ["tap", -1, -1]];
  var A_2 = [["iqU", -1, 3], ["abl", -1, 3], ["I\u00E8r", -1, 4], ["i\u00E8r", -1, 4],
    ["eus", -1, 2], ["iv", -1, 1]];
  var A_3 = [["ic", -1, 2], ["abil", -1, 1], ["iv", -1, 3]];
  var A_4 = [["iqUe", -1, 1], ["atrice", -1, 2], ["ance", -1, 1], ["ence", -1, 5],
    ["logie", -1, 3], ["able", -1, 1], ["isme", -1, 1], ["euse", -1, 11], ["iste", -1, 1],
    ["ive", -1, 8], ["if", -1, 8], ["usion", -1, 4], ["ation", -1, 2], ["ution", -1, 4],
    ["ateur", -1, 2], ["iqUes", -1, 1], ["atrices", -1, 2], ["ances", -1, 1], ["ences", -1, 5],
    ["logies", -1, 3], ["ables", -1, 1], ["ismes", -1, 1], ["euses", -1, 11], ["istes", -1, 1],
    ["ives", -1, 8], ["ifs", -1, 8], ["usions", -1, 4], ["ations", -1, 2], ["utions", -1, 4],
    ["ateurs", -1, 2], ["ments", -1, 15], ["ements", 30, 6], ["issements", 31, 12],
    ["it\u00E9s", -1, 7], ["ment", -1, 15], ["ement", 34, 6], ["issement", 35, 12],
    ["amment", 34, 13], ["emment", 34, 14], ["aux", -1, 10], ["eaux", 39, 9], ["eux", -1, 1],
    ["it\u00E9", -1, 7]];
  var A_5 = [["ira", -1, 1], ["ie", -1, 1], ["isse", -1, 1], ["issante", -1, 1], ["i", -1, 1],
    ["irai", 4, 1], ["ir", -1, 1], ["iras", -1, 1], ["ies", -1, 1], ["\u00EEmes", -1, 1],
    ["isses", -1, 1], ["issantes", -1, 1], ["\u00EEtes", -1, 1], ["is", -1, 1], ["irais", 13, 1],
    ["issais", 13, 1], ["irions", -1, 1], ["issions", -1, 1], ["irons", -1, 1], ["issons", -1, 1],
    ["issants", -1, 1], ["it", -1, 1], ["irait", 21, 1], ["issait", 21, 1], ["issant", -1, 1],
    ["iraIent", -1, 1], ["issaIent", -1, 1], ["irent", -1, 1], ["issent", -1, 1], ["iront", -1, 1],
    ["\u00EEt", -1, 1], ["iriez", -1, 1], ["issiez", -1, 1], ["irez", -1, 1], ["issez", -1, 1]];
  var A_6 = [["a", -1, 3], ["era", 0, 2], ["asse", -1, 3], ["ante", -1, 3], ["\u00E9e", -1, 2],
    ["ai", -1, 3], ["erai", 5, 2], ["er", -1, 2], ["as", -1, 3], ["eras", 8, 2], ["\u00E2mes", -1, 3],
    ["asses", -1, 3], ["antes", -1, 3], ["\u00E2tes", -1, 3], ["\u00E9es", -1, 2], ["ais", -1, 3],
    ["erais", 15, 2], ["ions", -1, 1], ["erions", 17, 2], ["assions", 17, 3], ["erons", -1, 2],
    ["ants", -1, 3], ["\u00E9s", -1, 2], ["ait", -1, 3], ["erait", 23, 2], ["ant", -1, 3],
    ["aIent", -1, 3], ["eraIent", 26, 2], ["\u00E8rent", -1, 2], ["assent", -1, 3], ["eront", -1, 2],
    ["\u00E2t", -1, 3], ["ez", -1, 2], ["iez", 32, 2], ["eriez", 33, 2], ["assiez", 33, 3],
    ["erez", 32, 2], ["\u00E9", -1, 2]];
  var A_7 = [["e", -1, 3], ["I\u00E8re", 0, 2], ["i\u00E8re", 0, 2], ["ion", -1, 1],
    ["Ier", -1, 2], ["ier", -1, 2], ["\u00EB", -1, 4]];
  var A_8 = [["ell", -1, -1], ["eill", -1, -1], ["enn", -1, -1], ["onn", -1, -1], ["ett", -1, -1]];

  // Groupings as [bit set, lowest code, highest code].
  var G_v = [[17, 65, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128, 130, 103, 8, 5], 97, 251]; // a e i o u y â à ë é ê è ï î ô û ù
  var G_keep_with_s = [[1, 65, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 128], 97, 232]; // a i o u è s

  var z = siraSnowball(), pV, p1, p2;

  function R1() { return p1 <= z.c; }
  function R2() { return p2 <= z.c; }
  function RV() { return pV <= z.c; }
  function isV() { return z.inG(G_v); }

  // One attempt of the prelude's goto body at the current cursor.
  function preludeStep() {
    var v3 = z.c, v4;
    if (isV()) {
      z.bra = z.c;
      v4 = z.c;
      if (z.eqS("u")) { z.ket = z.c; if (isV()) { z.sliceFrom("U"); return true; } }
      z.c = v4;
      if (z.eqS("i")) { z.ket = z.c; if (isV()) { z.sliceFrom("I"); return true; } }
      z.c = v4;
      if (z.eqS("y")) { z.ket = z.c; z.sliceFrom("Y"); return true; }
    }
    z.c = v3;
    z.bra = z.c;
    if (z.eqS("y")) { z.ket = z.c; if (isV()) { z.sliceFrom("Y"); return true; } }
    z.c = v3;
    if (!z.eqS("q")) return false;
    z.bra = z.c;
    if (!z.eqS("u")) return false;
    z.ket = z.c;
    z.sliceFrom("U");
    return true;
  }

  function prelude() {
    var v1, v2, found;
    for (;;) {
      v1 = z.c;
      found = false;
      for (;;) {
        v2 = z.c;
        if (preludeStep()) { z.c = v2; found = true; break; }
        z.c = v2;
        if (z.c >= z.l) break;
        z.nextChar();
      }
      if (!found) { z.c = v1; return; }
    }
  }

  function gopastV() {
    for (;;) { if (isV()) return true; if (z.c >= z.l) return false; z.nextChar(); }
  }
  function gopastNonV() {
    for (;;) { if (z.outG(G_v)) return true; if (z.c >= z.l) return false; z.nextChar(); }
  }

  function markRegions() {
    pV = z.l; p1 = z.l; p2 = z.l;
    var v1 = z.c, v2;
    lab0: {
      v2 = z.c;
      lab1: {
        if (isV() && isV() && z.c < z.l) { z.nextChar(); break lab1; }
        z.c = v2;
        if (z.findAmong(A_0) !== 0) break lab1;
        z.c = v2;
        if (z.c >= z.l) break lab0;
        z.nextChar();
        if (!gopastV()) break lab0;
      }
      pV = z.c;
    }
    z.c = v1;
    lab6: {
      if (!gopastV() || !gopastNonV()) break lab6;
      p1 = z.c;
      if (!gopastV() || !gopastNonV()) break lab6;
      p2 = z.c;
    }
    z.c = v1;
  }

  // postlude: among ('I' (<- 'i') 'U' (<- 'u') 'Y' (<- 'y') '' (next)) at each position:
  // every I, U and Y becomes lowercase.
  function postlude() {
    z.s = z.s.replace(/[IUY]/g, function (x) { return x.toLowerCase(); });
  }

  function standardSuffix() {
    var a, v;
    z.ket = z.c;
    a = z.findAmongB(A_4);
    if (a === 0) return false;
    z.bra = z.c;
    switch (a) {
      case 1:
        if (!R2()) return false;
        z.sliceFrom('');
        break;
      case 2:
        if (!R2()) return false;
        z.sliceFrom('');
        v = z.l - z.c;
        z.ket = z.c;
        if (!z.eqSB("ic")) { z.c = z.l - v; break; }
        z.bra = z.c;
        if (R2()) z.sliceFrom(''); else z.sliceFrom("iqU");
        break;
      case 3:
        if (!R2()) return false;
        z.sliceFrom("log");
        break;
      case 4:
        if (!R2()) return false;
        z.sliceFrom("u");
        break;
      case 5:
        if (!R2()) return false;
        z.sliceFrom("ent");
        break;
      case 6:
        if (!RV()) return false;
        z.sliceFrom('');
        v = z.l - z.c;
        z.ket = z.c;
        a = z.findAmongB(A_2);
        if (a === 0) { z.c = z.l - v; break; }
        z.bra = z.c;
        if (a === 1) {
          if (!R2()) { z.c = z.l - v; break; }
          z.sliceFrom('');
          z.ket = z.c;
          if (!z.eqSB("at")) { z.c = z.l - v; break; }
          z.bra = z.c;
          if (!R2()) { z.c = z.l - v; break; }
          z.sliceFrom('');
        } else if (a === 2) {
          if (R2()) z.sliceFrom('');
          else if (!R1()) z.c = z.l - v;
          else z.sliceFrom("eux");
        } else if (a === 3) {
          if (!R2()) { z.c = z.l - v; break; }
          z.sliceFrom('');
        } else if (a === 4) {
          if (!RV()) { z.c = z.l - v; break; }
          z.sliceFrom("i");
        }
        break;
      case 7:
        if (!R2()) return false;
        z.sliceFrom('');
        v = z.l - z.c;
        z.ket = z.c;
        a = z.findAmongB(A_3);
        if (a === 0) { z.c = z.l - v; break; }
        z.bra = z.c;
        if (a === 1) {
          if (R2()) z.sliceFrom(''); else z.sliceFrom("abl");
        } else if (a === 2) {
          if (R2()) z.sliceFrom(''); else z.sliceFrom("iqU");
        } else if (a === 3) {
          if (!R2()) { z.c = z.l - v; break; }
          z.sliceFrom('');
        }
        break;
      case 8:
        if (!R2()) return false;
        z.sliceFrom('');
        v = z.l - z.c;
        z.ket = z.c;
        if (!z.eqSB("at")) { z.c = z.l - v; break; }
        z.bra = z.c;
        if (!R2()) { z.c = z.l - v; break; }
        z.sliceFrom('');
        z.ket = z.c;
        if (!z.eqSB("ic")) { z.c = z.l - v; break; }
        z.bra = z.c;
        if (R2()) z.sliceFrom(''); else z.sliceFrom("iqU");
        break;
      case 9:
        z.sliceFrom("eau");
        break;
      case 10:
        if (!R1()) return false;
        z.sliceFrom("al");
        break;
      case 11:
        if (R2()) z.sliceFrom('');
        else {
          if (!R1()) return false;
          z.sliceFrom("eux");
        }
        break;
      case 12:
        if (!R1()) return false;
        if (!z.outGB(G_v)) return false;
        z.sliceFrom('');
        break;
      case 13:
        if (!RV()) return false;
        z.sliceFrom("ant");
        return false;
      case 14:
        if (!RV()) return false;
        z.sliceFrom("ent");
        return false;
      case 15:
        v = z.l - z.c;
        if (!z.inGB(G_v)) return false;
        if (!RV()) return false;
        z.c = z.l - v;
        z.sliceFrom('');
        return false;
    }
    return true;
  }

  function iVerbSuffix() {
    var v1 = z.l - z.c, v2, a;
    if (z.c < pV) return false;
    z.c = pV;
    v2 = z.lb;
    z.lb = z.c;
    z.c = z.l - v1;
    z.ket = z.c;
    a = z.findAmongB(A_5);
    if (a === 0) { z.lb = v2; return false; }
    z.bra = z.c;
    if (a === 1) {
      if (!z.outGB(G_v)) { z.lb = v2; return false; }
      z.sliceFrom('');
    }
    z.lb = v2;
    return true;
  }

  function verbSuffix() {
    var v1 = z.l - z.c, v2, v3, a;
    if (z.c < pV) return false;
    z.c = pV;
    v2 = z.lb;
    z.lb = z.c;
    z.c = z.l - v1;
    z.ket = z.c;
    a = z.findAmongB(A_6);
    if (a === 0) { z.lb = v2; return false; }
    z.bra = z.c;
    if (a === 1) {
      if (!R2()) { z.lb = v2; return false; }
      z.sliceFrom('');
    } else if (a === 2) {
      z.sliceFrom('');
    } else if (a === 3) {
      z.sliceFrom('');
      v3 = z.l - z.c;
      z.ket = z.c;
      if (z.eqSB("e")) { z.bra = z.c; z.sliceFrom(''); } else z.c = z.l - v3;
    }
    z.lb = v2;
    return true;
  }

  function residualSuffix() {
    var v1 = z.l - z.c, v2, v3, v4, a;
    z.ket = z.c;
    if (!z.eqSB("s")) z.c = z.l - v1;
    else {
      z.bra = z.c;
      v2 = z.l - z.c;
      if (!z.outGB(G_keep_with_s)) z.c = z.l - v1;
      else { z.c = z.l - v2; z.sliceFrom(''); }
    }
    v3 = z.l - z.c;
    if (z.c < pV) return false;
    z.c = pV;
    v4 = z.lb;
    z.lb = z.c;
    z.c = z.l - v3;
    z.ket = z.c;
    a = z.findAmongB(A_7);
    if (a === 0) { z.lb = v4; return false; }
    z.bra = z.c;
    if (a === 1) {
      if (!R2()) { z.lb = v4; return false; }
      v2 = z.l - z.c;
      if (!z.eqSB("s")) {
        z.c = z.l - v2;
        if (!z.eqSB("t")) { z.lb = v4; return false; }
      }
      z.sliceFrom('');
    } else if (a === 2) {
      z.sliceFrom("i");
    } else if (a === 3) {
      z.sliceFrom('');
    } else if (a === 4) {
      if (!z.eqSB("gu")) { z.lb = v4; return false; }
      z.sliceFrom('');
    }
    z.lb = v4;
    return true;
  }

  function unDouble() {
    var v1 = z.l - z.c;
    if (z.findAmongB(A_8) === 0) return false;
    z.c = z.l - v1;
    z.ket = z.c;
    if (z.c <= z.lb) return false;
    z.prevChar();
    z.bra = z.c;
    z.sliceFrom('');
    return true;
  }

  function unAccent() {
    var n = 1, v;
    while (z.outGB(G_v)) n--;
    if (n > 0) return false;
    z.ket = z.c;
    v = z.l - z.c;
    if (!z.eqSB("\u00E9")) {
      z.c = z.l - v;
      if (!z.eqSB("\u00E8")) return false;
    }
    z.bra = z.c;
    z.sliceFrom("e");
    return true;
  }

  return function siraStemFr(word) {
    var v, v4, v7, done = false;
    z.set(word);
    pV = 0; p1 = 0; p2 = 0;

    prelude();
    z.c = 0;
    markRegions();
    z.c = 0;

    // backwards
    z.lb = z.c;
    z.c = z.l;
    v = z.l - z.c;
    v4 = z.l - z.c;
    lab4: {
      if (!standardSuffix()) {
        z.c = z.l - v4;
        if (!iVerbSuffix()) {
          z.c = z.l - v4;
          if (!verbSuffix()) break lab4;
        }
      }
      z.c = z.l - v4;
      v7 = z.l - z.c;
      z.ket = z.c;
      if (z.eqSB("Y")) { z.bra = z.c; z.sliceFrom("i"); }
      else {
        z.c = z.l - v7;
        if (z.eqSB("\u00E7")) { z.bra = z.c; z.sliceFrom("c"); } else z.c = z.l - v7;
      }
      done = true;
    }
    if (!done) {
      z.c = z.l - v4;
      residualSuffix();
    }
    z.c = z.l - v;
    unDouble();
    z.c = z.l - v;
    unAccent();
    z.c = z.l - v;

    z.c = z.lb;
    postlude();
    return z.s;
  };
})();
