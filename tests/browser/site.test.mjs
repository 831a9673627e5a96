// Browser tests of the built site in real headless Chromium (Debian's /usr/bin/chromium):
// navigation from file:// with and without JavaScript, accessibility with axe-core in both
// languages, reflow at 320 px, and the print stylesheet.
//
// Run from the repository root: `node --test tests/browser/` (the Rust binary must be built:
// `cargo build --release`). SIRA_BIN overrides the binary, CHROMIUM the browser.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bin, launch, repo, axeViolations } from './harness.mjs';

let out;
let browser;
const url = (rel) => pathToFileURL(join(out, rel)).href;

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'sira-browser-'));
  execFileSync(bin(), ['--root', repo, 'build', '--output', join(out, 'site')], { stdio: 'pipe' });
  out = join(out, 'site');
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (out) rmSync(dirname(out), { recursive: true, force: true });
});

async function page(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const p = await context.newPage();
  return { p, close: () => context.close() };
}

test('file://: the root page sends the browser to its language, then home → region → fiche', async () => {
  const { p, close } = await page();
  await p.goto(url('index.html'));
  await p.waitForURL(/\/en\/index\.html$/);
  await p.click('a[href="region/kayes.html"]');
  await p.waitForURL(/\/en\/region\/kayes\.html$/);
  assert.equal(await p.locator('h1').innerText(), 'Kayes');
  const first = p.locator('main .card h3 a').first();
  const name = await first.innerText();
  await first.click();
  await p.waitForURL(/\/en\/[a-z-]+\/[a-z0-9-]+\.html$/);
  assert.equal((await p.locator('h1').innerText()).startsWith(name), true);
  assert.match(await p.locator('.verified').innerText(), /Information verified (on|in) /);
  await close();
});

test('without JavaScript: the language list, browsing and tap-to-call all work', async () => {
  const { p, close } = await page({ javaScriptEnabled: false });
  await p.goto(url('index.html'));
  assert.ok(p.url().endsWith('/index.html') && !p.url().includes('/en/'), 'no redirect without JS');
  await p.click('a[hreflang="fr"]');
  await p.waitForURL(/\/fr\/index\.html$/);
  await p.click('a[href="regions.html"]');
  await p.click('ul.terms a[href="region/bamako.html"]');
  await p.click('a[href="../emploi/saer-emploi.html"]');
  const tel = await p.locator('a.call').first().getAttribute('href');
  assert.equal(tel, 'tel:+22320290847');
  await close();
});

const AUDITED = ['index.html', 'formation/cfp-missabougou.html', 'region/kayes.html', 'a-z.html', 'regions.html', 'search.html'];

for (const lang of ['fr', 'en']) {
  test(`axe-core finds no accessibility violation (${lang})`, async () => {
    // axe is added as an inline script, which the pages' Content-Security-Policy refuses.
    const { p, close } = await page({ bypassCSP: true });
    for (const rel of AUDITED) {
      await p.goto(url(`${lang}/${rel}`));
      // The search page is audited with its results and facets on screen.
      if (rel === 'search.html') {
        await p.waitForFunction(() => document.querySelectorAll('#sira-results li').length > 0);
        await p.click('#sira-filters summary');
        await p.waitForSelector('#sira-filters label.opt');
      }
      const result = await axeViolations(p);
      assert.deepEqual(result, [], `${lang}/${rel}`);
    }
    await close();
  });
}

test('pages reflow at 320 px without horizontal scrolling', async () => {
  const { p, close } = await page({ viewport: { width: 320, height: 640 } });
  for (const lang of ['fr', 'en']) {
    for (const rel of AUDITED) {
      await p.goto(url(`${lang}/${rel}`));
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${lang}/${rel} is ${width}px wide`);
    }
  }
  await close();
});

test('the print stylesheet keeps the fiche and drops navigation', async () => {
  const { p, close } = await page();
  await p.goto(url('fr/formation/cfp-missabougou.html'));
  await p.emulateMedia({ media: 'print' });
  const shown = await p.evaluate(() => ({
    menu: getComputedStyle(document.querySelector('.menu')).display,
    foot: getComputedStyle(document.querySelector('.foot')).display,
    h1: getComputedStyle(document.querySelector('h1')).display,
  }));
  assert.deepEqual(shown, { menu: 'none', foot: 'none', h1: 'block' });
  await close();
});
