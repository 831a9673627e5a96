// Search in real headless Chromium: parity with `sira search` on a golden set of queries,
// token-level parity of the analysis with tantivy, the search page's interface, file:// use,
// and offline use through the service worker over HTTP.
//
// Run from the repository root: `node --test tests/browser/` (needs `cargo build --release`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { bin as binary, launch, repo, serve } from './harness.mjs';


const bin = binary();

let tmp, out, browser, server, origin;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sira-search-'));
  out = join(tmp, 'site');
  execFileSync(bin, ['--root', repo, 'build', '--output', out], { stdio: 'pipe' });
  browser = await launch();
  // A plain static server on loopback, under a sub-path, for the service-worker test.
  server = await serve(out, '/sub/');
  origin = server.origin;
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const BASE = {
  fr: ['soudure', 'soudure Kayes', 'soudeurs', 'Missabugu', 'missabougou', 'credit agricole',
    'crédit agricole', 'CREDIT', 'microfinance', 'micro-finance', 'formation professionnelle', 'form',
    'forma', 'agri', 'elevage', 'élevage', 'couture', 'coiffure', 'menuiserie', 'mecanique',
    'mécanique auto', 'informatique', 'anpe', 'ANPE Kayes', 'apej', 'emploi des jeunes',
    'hébergement', 'protection', 'retour', 'migrants de retour', 'OIM', 'oim kayes', 'banque', 'bnda',
    'incubateur', 'entrepreneuriat', 'financement', 'Segou', 'Ségou', 'Tombouctou', 'Gao',
    'sikaso', 'bamko', 'frigoriste', 'électricité', 'energie solaire', 'pêche',
    'transformation agroalimentaire', 'jeunes femmes', 'apprentissage', '', 'xyzzy',
    'soudure xyzzy', 'jokkolabs baobab', 'giz', 'croix rouge', 'psychosocial', 'formaton', 'agricultur', 'kay', 'ba',
    // Synonyms, stopwords, relaxed matching, typos on the typed word, phone numbers, query
    // understanding and negation.
    'refoulé', 'rapatriés de Libye', 'boulot', 'logement', 'papiers', 'prêt', 'migrants de retour',
    'de la', 'le la les', 'crédit pour ouvrir un commerce', 'formation soudure Kayes', 'crédit Kayes',
    'jokolab', 'mecanik', 'missabugu ', '63 15 72 38', '+223 76 46 33', '7918', '20 22 26 91', '20 29 08 47', '+223 66 71 35 48',
    'prêt sans garantie', 'hébergement d\'urgence', 'cours de piano', 'apprendre un métier Bamako',
    'retrouver ma famille', 'taf', 'soudeur électricien plombier', 'emploi des jeunes'],
  en: ['welding', 'welder Kayes', 'micro credit', 'microcredit', 'farm loans', 'agriculture',
    'livestock', 'tailoring', 'hairdressing', 'carpentry', 'mechanic', 'computer',
    'employment agency', 'youth employment', 'shelter', 'protection', 'returnees', 'IOM', 'bank',
    'incubator', 'entrepreneurship', 'funding', 'Segou', 'Ségou', 'Timbuktu', 'Gao', 'Sikasso',
    'refrigeration', 'solar energy', 'fishing', 'food processing', 'women', 'apprenticeship', '',
    'train', 'trai', 'vocational traning', 'Red Cross', 'psychosocial support', 'Missabugu',
    'employmnt', 'agri', 'qwertyuiop', 'loans women',
    'deported', 'job', 'housing', 'id papers', 'loan for small business', 'the of and', 'the',
    'welidng', 'psycosocial', 'learn a trade in Bamako', 'returnee reintegration Kayes',
    'seasonal work in Spain', 'loans without collateral', '76 46 52', 'incubater', 'family tracing',
    'credit Kayes', 'shelter Gao'],
};
const REGIONS = ['kayes', 'bamako', 'segou', 'mopti', 'sikasso', 'gao', 'tombouctou', 'koulikoro'];
const SECTORS = ['agriculture', 'metalwork', 'digital', 'textile', 'finance', 'livestock'];
const KINDS = ['ngo', 'public-training-centre', 'microfinance', 'public-agency'];
const SERVICES = ['credit', 'vocational-training', 'emergency-aid', 'legal-aid'];

function golden() {
  const qs = [];
  for (const lang of ['fr', 'en']) {
    BASE[lang].forEach((q, i) => {
      qs.push({ q, lang });
      qs.push({ q, lang, region: [REGIONS[i % REGIONS.length]] });
      if (i % 2 === 0) qs.push({ q, lang, sector: [SECTORS[i % SECTORS.length]] });
      if (i % 3 === 0) qs.push({ q, lang, returnees: true });
      if (i % 5 === 0) qs.push({ q, lang, kind: [KINDS[i % KINDS.length]], region: [REGIONS[(i + 3) % REGIONS.length], 'bamako'] });
      if (i % 7 === 0) qs.push({ q, lang, region: ['national'], sector: [SECTORS[0], SECTORS[1]], returnees: true });
      if (i % 4 === 1) qs.push({ q, lang, service: [SERVICES[i % SERVICES.length]] });
    });
  }
  return qs;
}

function cli(requests) {
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const text = execFileSync(bin, ['--root', repo, 'search', '--batch'], { input, maxBuffer: 1 << 28 });
  return text.toString().trim().split('\n').map((l) => JSON.parse(l));
}

async function searchPage(base, lang, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const p = await context.newPage();
  await p.goto(`${base}${lang}/search.html`);
  if (javaScriptEnabled) await p.waitForFunction(() => window.siraSearch !== undefined);
  return { p, close: () => context.close() };
}

// What the browser engine answers, in the shape of `sira search --json`.
async function browserAnswers(p, lang, requests) {
  return p.evaluate(async ({ lang, requests }) => {
    const engine = await window.siraSearch;
    const answers = [];
    for (const r of requests) {
      const filters = { region: r.region || [], sector: r.sector || [], kind: r.kind || [],
        returnees: r.returnees ? ['open', 'conditions'] : [], service: r.service || [] };
      const res = await engine.search({ q: r.q, filters });
      const docs = await engine.docs(res.hits.map((h) => h.ord));
      const facets = {};
      for (const [fi, name] of engine.meta.facetNames.entries()) {
        facets[name] = (await engine.counts(res, fi)).map(([v, n]) => [engine.meta.facets[name][v][0], n]);
      }
      answers.push({
        mode: res.mode, words: res.words, total: res.hits.length, ignored: res.ignored, stopwords: res.stopwords,
        understood: res.understood.map((u) => { const name = engine.meta.facetNames[u.facet];
          return { facet: name, id: engine.meta.facets[name][u.value][0], words: u.words }; }),
        results: docs.map((d, i) => ({ url: `${lang}/${d.url}`, score: res.hits[i].score, local: res.hits[i].local,
          matched: res.hits[i].matched, partial: res.hits[i].partial, kind: d.kind, place: d.place,
          eligibility: d.eligibility, phone: d.phone || null })),
        facets,
      });
    }
    return answers;
  }, { lang, requests });
}

test('parity: the browser returns what `sira search` returns on the golden set', async () => {
  const queries = golden();
  assert.ok(queries.length >= 200, `golden set has ${queries.length} queries`);
  const expected = cli(queries);
  let compared = 0;
  for (const lang of ['fr', 'en']) {
    const mine = queries.map((q, i) => [q, i]).filter(([q]) => q.lang === lang);
    const { p, close } = await searchPage(pathToFileURL(out + '/').href, lang);
    const got = await browserAnswers(p, lang, mine.map(([q]) => q));
    mine.forEach(([q, i], k) => {
      const want = expected[i], have = got[k], label = JSON.stringify(q);
      assert.equal(have.mode, want.mode, `mode of ${label}`);
      assert.equal(have.words, want.words, `words searched in ${label}`);
      assert.deepEqual(have.ignored, want.ignored, `ignored words of ${label}`);
      assert.deepEqual(have.stopwords, want.stopwords, `stopwords of ${label}`);
      assert.deepEqual(have.understood, want.understood.map((u) => ({ facet: u.facet, id: u.id, words: u.words })), `understood of ${label}`);
      assert.deepEqual(have.results.map((r) => r.url), want.results.map((r) => r.url), `results of ${label}`);
      for (const key of ['local', 'matched', 'partial', 'kind', 'place', 'eligibility', 'phone']) {
        assert.deepEqual(have.results.map((r) => r[key]), want.results.map((r) => r[key]), `${key} of the results of ${label}`);
      }
      have.results.forEach((r, j) => {
        const s = want.results[j].score;
        assert.ok(Math.abs(r.score - s) <= 1e-4 * Math.max(1, s), `score of ${r.url} for ${label}: ${r.score} vs ${s}`);
      });
      assert.deepEqual(have.facets, want.facets, `facet counts of ${label}`);
      compared++;
    });
    await close();
  }
  assert.equal(compared, queries.length);
  // The set is not trivial: most queries find something, some find nothing, some fall back to OR.
  const found = expected.filter((a) => a.total > 0).length;
  assert.ok(found > queries.length * 0.7, `${found} of ${queries.length} queries find fiches`);
  assert.ok(expected.some((a) => a.total === 0));
  for (const mode of ['browse', 'none', 'all', 'relaxed']) assert.ok(expected.some((a) => a.mode === mode), `some query in mode ${mode}`);
  assert.ok(expected.some((a) => a.understood.length > 0), 'some query names a facet value');
  assert.ok(expected.some((a) => a.stopwords.length > 0), 'some query has stopwords');
});

function contentWords(english) {
  const words = new Set();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md') && name.endsWith('.en.md') === english) {
        for (const w of readFileSync(path, 'utf8').split(/[\s"=[\]{}(),;:.!?*#|<>`]+/)) if (w) words.add(w);
      }
    }
  };
  walk(join(repo, 'content'));
  return [...words];
}

test('analysis: the browser analyses at least 5,000 words exactly as tantivy does', async () => {
  const extra = ['ÉTÉ', 'Œuvre', 'straße', 'İstanbul', 'Ærø', 'ﬁnance', 'Ｆｕｌｌ', 'x'.repeat(45),
    'l’ANPE', "d'Ségou", '2023', 'n°3', 'Σίσυφος', 'Москва', 'élèves', 'garçon', 'naïf'];
  let total = 0;
  for (const lang of ['fr', 'en']) {
    const words = [...contentWords(lang === 'en'), ...extra];
    total += words.length;
    const tantivy = execFileSync(bin, ['analyze', '--lang', lang], { input: words.join('\n') + '\n', maxBuffer: 1 << 26 })
      .toString().split('\n').slice(0, words.length);
    const { p, close } = await searchPage(pathToFileURL(out + '/').href, lang);
    const mine = await p.evaluate(async (words) => {
      const engine = await window.siraSearch;
      return words.map((w) => engine.analyze(w).map((t) => t.t).join(' '));
    }, words);
    const diffs = words.filter((w, i) => mine[i] !== tantivy[i]).map((w, i) => w);
    assert.deepEqual(diffs.slice(0, 10).map((w) => [w, mine[words.indexOf(w)], tantivy[words.indexOf(w)]]), [], `${diffs.length} words differ in ${lang}`);
    await close();
  }
  assert.ok(total >= 5000, `${total} words compared`);
});

// Words built from pieces that exercise the stemmers' suffix tables, vowels, accents and
// markers (deterministic: a fixed linear congruential generator).
function fuzzWords(count) {
  const pieces = ['a', 'e', 'i', 'o', 'u', 'y', 'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n',
    'p', 'q', 'r', 's', 't', 'v', 'w', 'x', 'z', 'ion', 'ment', 'eux', 'aux', 'ier', 'ière', 'ée', 'er',
    'ez', 'ent', 'ant', 'ing', 'ed', 'ly', 'ness', 'ful', 'ous', 'ive', 'ize', 'ation', 'tion', 'ss',
    'ies', 'ied', 'eed', 'll', 'tt', 'qu', 'gu', 'ç', 'é', 'è', 'ê', 'ë', 'ï', 'î', 'ô', 'û', 'ù', 'â',
    'à', 'Y', 'I', 'U', "'", 'emment', 'amment', 'logie', 'usion', 'ution', 'ance', 'ence',
    'issement', 'able', 'ible', 'iste', 'isme', 'ité', 'if', 'euse', 'atrice', 'ateur', 'ic', 'abil',
    'iv', 'at', 'eaux', 'ement', 'ss', 'sses', 'eedly', 'ingly', 'ational', 'fulness', 'ousness'];
  let seed = 20230101;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const out = [];
  for (let i = 0; i < count; i++) {
    let w = '';
    for (let k = 1 + Math.floor(next() * 6); k > 0; k--) w += pieces[Math.floor(next() * pieces.length)];
    out.push(w);
  }
  return out;
}

test('stemmers: the page loads only its language\'s stemmer, which matches rust-stemmers and the Snowball reference on 100,000 fuzzed words', async () => {
  const snowball = createRequire(import.meta.url)('snowball-stemmers');
  const words = fuzzWords(100000);
  // Lowercase ASCII words reach the Rust stemmer unchanged through `sira analyze`.
  const plain = words.filter((w) => /^[a-z]+$/.test(w));
  assert.ok(plain.length > 30000, `${plain.length} plain words`);
  for (const [lang, algorithm, global, other] of [['fr', 'french', 'siraStemFr', 'siraStemEn'], ['en', 'english', 'siraStemEn', 'siraStemFr']]) {
    const { p, close } = await searchPage(pathToFileURL(out + '/').href, lang);
    assert.equal(await p.evaluate((g) => typeof window[g], other), 'undefined', `the ${lang} page loads no other stemmer`);
    const mine = await p.evaluate(({ g, words }) => words.map((w) => window[g](w)), { g: global, words });
    const reference = snowball.newStemmer(algorithm);
    const differ = words.filter((w, i) => mine[i] !== reference.stem(w));
    assert.deepEqual(differ.slice(0, 10).map((w) => [w, mine[words.indexOf(w)], reference.stem(w)]), [],
      `${differ.length} of ${words.length} words differ from snowball-stemmers in ${lang}`);
    // Stopwords are left out by the analysis (they stem to nothing there).
    const stop = new Set(await p.evaluate(async () => (await window.siraSearch).meta.stop));
    const stems = plain.filter((w) => !stop.has(w));
    const rust = execFileSync(bin, ['analyze', '--lang', lang], { input: stems.join('\n') + '\n', maxBuffer: 1 << 26 })
      .toString().split('\n');
    const byWord = new Map(words.map((w, i) => [w, mine[i]]));
    const drift = stems.filter((w, i) => byWord.get(w) !== rust[i]);
    assert.deepEqual(drift.slice(0, 10), [], `${drift.length} plain words differ from rust-stemmers in ${lang}`);
    await close();
  }
});

test('search page: as you type, snippets marked, count announced, facets, state in the URL (file://)', async () => {
  const { p, close } = await searchPage(pathToFileURL(out + '/').href, 'fr');
  const [want] = cli([{ q: 'soudure', lang: 'fr' }]);
  await p.fill('#sira-q', 'soudure');
  await p.waitForFunction(() => document.querySelector('#sira-results mark') !== null);
  assert.equal(await p.getAttribute('#sira-status', 'aria-live'), 'polite');
  assert.equal(await p.locator('#sira-status').innerText(), `${want.total} fiches trouvées.`);
  const hrefs = await p.locator('#sira-results li h3 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, want.results.slice(0, 10).map((r) => r.url.replace(/^fr\//, '')));
  assert.match(await p.locator('#sira-results mark').first().innerText(), /^soud/i);
  assert.match(p.url(), /\?q=soudure$/);
  // Facet: tick Bamako; the URL keeps it and every result is present there or nationwide.
  const before = await p.locator('#sira-results li').count();
  await p.click('#sira-filters summary');
  await p.click('label[for="f-region-bamako"]');
  await p.waitForFunction((n) => document.querySelectorAll('#sira-results li').length !== n, before);
  assert.match(p.url(), /region=bamako/);
  // A shared URL restores the search.
  await p.goto(p.url());
  await p.waitForFunction(() => document.querySelectorAll('#sira-results li').length > 0);
  assert.equal(await p.inputValue('#sira-q'), 'soudure');
  // The active filter shows as a chip (the filter panel stays closed) and, opened, as ticked.
  await p.waitForSelector('#sira-chips button.chip.on[data-id="bamako"]');
  assert.match(await p.locator('#sira-filters summary').innerText(), /\(1\)/);
  await p.click('#sira-filters summary');
  assert.ok(await p.isChecked('#f-region-bamako'));
  await close();
});

test('search page: decision-ready results, one-tap filters from the query, partial matches, singular and no-answer messages', async () => {
  const { p, close } = await searchPage(pathToFileURL(out + '/').href, 'fr');
  // What the query names is offered as a filter; one tap applies it and takes the words out.
  const [want] = cli([{ q: 'crédit Kayes', lang: 'fr' }]);
  assert.ok(want.understood.some((u) => u.id === 'kayes'), JSON.stringify(want.understood));
  await p.fill('#sira-q', 'crédit Kayes');
  await p.waitForSelector('#sira-chips button.chip[data-id="kayes"]');
  // Each result says what it is, where, whether it takes returnees, and how to call.
  const first = p.locator('#sira-results li.card').first();
  assert.equal(await first.locator('p.meta').innerText(), `${want.results[0].kind} · ${want.results[0].place}`);
  assert.equal(await first.locator('p.elig').count(), 1);
  await p.click('#sira-chips button.chip[data-id="kayes"]');
  await p.waitForSelector('#sira-chips button.chip.on[data-id="kayes"]');
  assert.equal(await p.inputValue('#sira-q'), 'crédit');
  assert.match(p.url(), /region=kayes/);
  // Removing the filter is one tap too.
  await p.click('#sira-chips button.chip.on[data-id="kayes"]');
  await p.waitForFunction(() => !document.querySelector('#sira-chips button.chip.on'));
  assert.doesNotMatch(p.url(), /region=/);
  // A fiche with a published number has its call button in the result.
  const [saer] = cli([{ q: 'SAER', lang: 'fr' }]);
  assert.ok(saer.results[0].phone, JSON.stringify(saer.results[0]));
  await p.fill('#sira-q', 'SAER');
  const call = p.locator('#sira-results li.card').first().locator('a.call');
  assert.equal(await call.getAttribute('href'), 'tel:' + saer.results[0].phone.replace(/ /g, ''));
  // Too few fiches have every word: partial matches follow under their own heading.
  const [relaxed] = cli([{ q: 'crédit pour ouvrir un commerce', lang: 'fr' }]);
  assert.equal(relaxed.mode, 'relaxed');
  await p.fill('#sira-q', 'crédit pour ouvrir un commerce');
  await p.waitForFunction(() => !document.getElementById('sira-partial-title').hidden);
  const partial = relaxed.results.filter((r) => r.partial).length;
  assert.equal(await p.locator('#sira-partial li').count(), Math.min(partial, 10 - relaxed.results.filter((r) => !r.partial).length));
  // One result: the singular.
  const single = cli(['AEK', 'Markala', 'FACEJ', 'PONAM', 'CFPM', 'jokkolabs', 'Missabougou'].map((q) => ({ q, lang: 'fr' })))
    .find((a) => a.total === 1);
  assert.ok(single, 'a query with one result');
  await p.fill('#sira-q', single.query);
  await p.waitForFunction(() => document.getElementById('sira-status').textContent === '1 fiche trouvée.');
  // Only stopwords: nothing, and the message names what was typed.
  await p.fill('#sira-q', 'de la');
  await p.waitForFunction(() => document.getElementById('sira-status').textContent.includes('« de la »'));
  assert.equal(await p.locator('#sira-results li').count(), 0);
  await close();
});

test('without JavaScript the search page offers the browse pages', async () => {
  const { p, close } = await searchPage(pathToFileURL(out + '/').href, 'en', false);
  assert.ok(await p.locator('a[href="regions.html"]').count() > 0);
  assert.ok(await p.locator('a[href="a-z.html"]').count() > 0);
  await close();
});

test('offline: after one visit over HTTP, search and the pages read work with the network cut', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${origin}fr/search.html`);
  await p.waitForFunction(() => window.siraSearch !== undefined);
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // Wait until the precache is complete (the worker has activated).
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
    // And until the index of the page's language is stored (the worker fetches it for each
    // language read).
    const stored = async () => {
      for (const name of await caches.keys()) {
        for (const req of await (await caches.open(name)).keys()) {
          if (/\/search\/fr\/(?!meta\.).*\.js$/.test(req.url)) return true;
        }
      }
      return false;
    };
    for (let i = 0; i < 100 && !(await stored()); i++) await new Promise((r) => setTimeout(r, 100));
  });
  const cached = await p.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('sira-')).length);
  assert.equal(cached, 1, 'one cache for this build');
  // A page read once stays readable offline.
  await p.goto(`${origin}en/formation/cfp-missabougou.html`);
  await p.goto(`${origin}fr/search.html`);
  await context.setOffline(true);
  await p.goto(`${origin}fr/search.html?q=credit+agricole`);
  await p.waitForFunction(() => document.querySelectorAll('#sira-results li').length > 0);
  assert.match(await p.locator('#sira-results li a').first().innerText(), /BNDA|agricole/i);
  await p.goto(`${origin}en/formation/cfp-missabougou.html`);
  assert.match(await p.locator('h1').innerText(), /Missabougou/);
  await p.goto(`${origin}en/no-such-page.html`);
  assert.match(await p.locator('h1').innerText(), /Offline/);
  await context.close();
});
