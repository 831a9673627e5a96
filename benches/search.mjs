// Benchmark of search in headless Chromium over synthetic corpora (issue 5's budgets).
//
//   cargo build --release && (cd tests/browser && npm ci) && node benches/search.mjs
//
// SIRA_BENCH_FICHES: sizes, `shipped` meaning the repository's own content (default
// shipped,1000,100000); SIRA_BENCH_OUT: where to build (default the system temp dir; a tmpfs
// such as /dev/shm keeps the disk out of the build figure).
//
// For each size it generates the corpus (`sira-corpus DIR N 7`), builds it once (wall time),
// serves it over loopback HTTP and measures, for the French and English search pages:
// 1. First search: a fresh browser context opens `search.html?q=QUERY` (service worker
//    blocked: its precache is a separate download), waits for the results, and sums the gzip
//    size (level 6, what static hosts serve) of what it fetched: the search runtime and the
//    search files. The page and its stylesheet are reported apart. Opening the region facet,
//    which fetches that facet's file for its counts, is reported apart too.
// 2. Query time: in one page, a typing workload (every prefix of each query, as typed, and
//    the full queries with filters) runs once to load the files, then again timed: search
//    plus the display data of the first 20 results; then with the counts of all four facets.
//    Figures: p50, p95 and max in milliseconds.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bin, launch, repo, serve } from '../tests/browser/harness.mjs';

const sizes = (process.env.SIRA_BENCH_FICHES || 'shipped,1000,100000').split(',');
const parent = process.env.SIRA_BENCH_OUT || tmpdir();

const FIRST = {
  fr: ['soudure kayes', 'credit agricole', 'formation', 'couture bamako', 'elevage volaille',
    'menuisrie', 'microfinance', 'apprentissage segou'],
  en: ['welding kayes', 'farming credit', 'training', 'tailoring bamako', 'poultry', 'carpentery',
    'microfinance', 'apprenticeship segou'],
};
const TYPED = {
  fr: [...FIRST.fr, 'mécanique', 'coiffure femmes', 'numerique', 'transformation cereales',
    'epargne', 'cooperative', 'maraichage', 'formaton', 'centre soudure', 'ccp', '4217'],
  en: [...FIRST.en, 'mechanics', 'hairdressing women', 'digital', 'cereals processing',
    'savings', 'cooperative', 'gardening', 'traning', 'welding centre', 'wtc', '4217'],
};
const FILTERS = [{ region: ['kayes'] }, { sector: ['agriculture', 'textile'] },
  { returnees: ['open', 'conditions'] }, { region: ['bamako'], kind: ['ngo'] }];

function workload(lang) {
  const out = [{ q: '', filters: {} }];
  for (const q of TYPED[lang]) {
    for (let i = 1; i <= q.length; i++) out.push({ q: q.slice(0, i), filters: {} });
    for (const filters of FILTERS) out.push({ q, filters });
  }
  return out;
}

const gz = new Map();
function gzipSize(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(file), { level: 6 }).length);
  return gz.get(file);
}

const kb = (b) => (b / 1024).toFixed(1);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function firstSearch(browser, site, origin, lang, q) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const seen = [];
  page.on('requestfinished', (r) => seen.push(new URL(r.url()).pathname));
  await page.goto(`${origin}${lang}/search.html?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => {
    const none = JSON.parse(document.getElementById('sira-search-strings').textContent).results_none;
    return document.querySelectorAll('#sira-results li').length > 0 || document.getElementById('sira-status').textContent === none;
  }, null, { timeout: 120000 });
  await page.waitForLoadState('networkidle');
  const sum = (paths) => {
    const by = { runtime: 0, search: 0, page: 0, files: {} };
    for (const p of paths) {
      const rel = p.slice(1);
      const kind = rel.startsWith('search/') ? 'search' : /^assets\/search[.-]/.test(rel) ? 'runtime' : 'page';
      by[kind] += gzipSize(join(site, rel));
      if (kind === 'search') {
        const k = rel.split('/').pop().split(/[.-]/)[0];
        by.files[k] = (by.files[k] || [0, 0]).map((x, i) => x + (i ? gzipSize(join(site, rel)) : 1));
      }
    }
    return by;
  };
  const first = sum(seen);
  const before = seen.length;
  await page.click('details[data-facet="region"] summary');
  await page.waitForFunction(() => document.querySelector('details[data-facet="region"] input') !== null, null, { timeout: 120000 });
  await page.waitForLoadState('networkidle');
  const facet = sum(seen.slice(before));
  await context.close();
  return { ...first, facet: facet.search };
}

async function queryTimes(browser, origin, lang) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${origin}${lang}/search.html`);
  const times = await page.evaluate(async (queries) => {
    const e = await window.siraSearch;
    const one = async (query, counts) => {
      const t = performance.now();
      const res = await e.search(query);
      await e.docs(res.hits.slice(0, 20).map((h) => h.ord));
      if (counts) for (let fi = 0; fi < 4; fi++) await e.counts(res, fi);
      return performance.now() - t;
    };
    for (const q of queries) await one(q, true); // load every file the workload needs
    const plain = [], counted = [];
    for (const q of queries) plain.push(await one(q, false));
    for (const q of queries) counted.push(await one(q, true));
    return { plain, counted };
  }, workload(lang));
  await context.close();
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${pct(s, 50).toFixed(1)} / p95 ${pct(s, 95).toFixed(1)} / max ${s[s.length - 1].toFixed(1)} ms`;
  };
  return { n: times.plain.length, plain: stats(times.plain), counted: stats(times.counted) };
}

const browser = await launch();
for (const n of sizes) {
  const dir = mkdtempSync(join(parent, 'sira-bench-search-'));
  const site = join(dir, 'public');
  const root = n === 'shipped' ? repo : join(dir, 'site');
  if (n !== 'shipped') execFileSync(bin('sira-corpus'), [root, n, '7']);
  const t = performance.now();
  execFileSync(bin('sira'), ['--root', root, 'build', '--output', site], { stdio: 'pipe', maxBuffer: 1 << 26 });
  console.log(`search: ${n === 'shipped' ? 'shipped content' : `${n} fiches`} x 2 languages: build ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const server = await serve(site, '/');
  for (const lang of ['fr', 'en']) {
    const rows = [];
    for (const q of FIRST[lang]) rows.push([q, await firstSearch(browser, site, server.origin, lang, q)]);
    for (const [q, r] of rows) {
      console.log(`  ${lang} first search "${q}": ${kb(r.runtime + r.search)} KB (runtime ${kb(r.runtime)} + search files ${kb(r.search)}; page ${kb(r.page)}); region counts +${kb(r.facet)} KB`);
      if (process.env.SIRA_BENCH_DETAIL) {
        console.log('    ' + Object.entries(r.files).map(([k, [c, b]]) => `${k}: ${c} files ${kb(b)} KB`).join(', '));
      }
    }
    const totals = rows.map(([, r]) => r.runtime + r.search).sort((a, b) => a - b);
    console.log(`  ${lang} first search over ${rows.length} queries: median ${kb(pct(totals, 50))} KB, max ${kb(totals[totals.length - 1])} KB`);
    const q = await queryTimes(browser, server.origin, lang);
    console.log(`  ${lang} query time over ${q.n} queries: ${q.plain}; with all facet counts: ${q.counted}`);
  }
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
await browser.close();
