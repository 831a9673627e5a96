// Writes headless-Chromium screenshots of every page kind, at phone (360 px) and desktop
// (1280 px) widths, in French and English, with JavaScript on and off, to look at before
// calling a page done. Not a test: run it by hand.
//
//   node tests/browser/screenshots.mjs [OUT_DIR] [--site DIR] [--only NAME]
//
// Builds the shipped site (target/$SIRA_PROFILE/sira, release by default) unless --site names a
// built output, serves it on 127.0.0.1 and writes OUT_DIR/<name>-<width>[-nojs][-top].png (default
// OUT_DIR: target/screenshots): the full page, and `-top.png` the first screen (740 px high).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, launch, repo, serve } from './harness.mjs';

const args = process.argv.slice(2);
const flag = (name) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
let site = flag('--site');
const only = flag('--only');
const out = args[0] || join(repo, 'target', 'screenshots');
mkdirSync(out, { recursive: true });
if (!site) {
  site = join(mkdtempSync(join(tmpdir(), 'sira-shots-')), 'public');
  execFileSync(bin(), ['--root', repo, 'build', '--output', site], { stdio: 'inherit' });
}

const PAGES = [
  ['root', 'index.html'],
  ['home-fr', 'fr/index.html'], ['home-en', 'en/index.html'],
  ['fiche-fr', 'fr/formation/cfp-missabougou.html'], ['fiche-en', 'en/formation/cfp-missabougou.html'],
  ['fiche-funder-en', 'en/bailleurs/giz.html'],
  ['regions-fr', 'fr/regions.html'], ['region-fr', 'fr/region/kayes.html'], ['region-en', 'en/region/bamako.html'],
  ['sectors-fr', 'fr/sectors.html'], ['sector-fr', 'fr/sector/metalwork.html'], ['service-en', 'en/service/credit.html'],
  ['returnees-fr', 'fr/returnees.html'], ['az-en', 'en/a-z.html'], ['verification-fr', 'fr/verification.html'],
  ['search-fr', 'fr/search.html?q=soudure'], ['search-en', 'en/search.html?q=loan'],
  ['guide-fr', 'fr/guide.html'], ['about-en', 'en/about.html'],
  ['offline-fr', 'fr/offline.html'], ['404-deep', 'fr/region/nowhere/page.html'],
];

const server = await serve(site, '/', { notFound: true });
const browser = await launch();
try {
  for (const js of [true, false]) {
    for (const width of [360, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 740 }, javaScriptEnabled: js });
      const page = await context.newPage();
      for (const [name, path] of PAGES) {
        if (only && !name.includes(only)) continue;
        // A 404 answer is a page too (the not-found page at depth).
        await page.goto(server.origin + path, { waitUntil: 'load' }).catch(() => {});
        if (js) await page.waitForTimeout(name.startsWith('search') ? 800 : 50);
        const file = join(out, `${name}-${width}${js ? '' : '-nojs'}`);
        await page.screenshot({ path: `${file}.png`, fullPage: true });
        await page.screenshot({ path: `${file}-top.png` });
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`screenshots in ${out}`);
