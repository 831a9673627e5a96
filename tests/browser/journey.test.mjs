// The phone journey in real headless Chromium at 360×740: the first screen, the needs-first
// home, the root page's memory of the reader's language, language switches that keep a query,
// the not-found page at any depth, and offline use — a light first visit, "save the whole
// directory" on request, the offline page for what was never opened.
//
// Run from the repository root: `node --test tests/browser/` (needs the Rust binary; see
// harness.mjs for SIRA_PROFILE / SIRA_BIN).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bin, launch, repo, serve } from './harness.mjs';

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'fr-FR' };
let dir;
let out;
let browser;
let server;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sira-journey-'));
  out = join(dir, 'site');
  execFileSync(bin(), ['--root', repo, 'build', '--output', out], { stdio: 'pipe' });
  server = await serve(out, '/sub/', { notFound: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(options = {}) {
  const context = await browser.newContext({ ...PHONE, ...options });
  const p = await context.newPage();
  return { context, p, close: () => context.close() };
}

test('first screen: a short menu, and a fiche\'s name, summary and call button', async () => {
  for (const js of [true, false]) {
    const { p, close } = await open({ javaScriptEnabled: js });
    await p.goto(`${server.origin}fr/emploi/saer-emploi.html`);
    const menu = await p.locator('nav.menu').boundingBox();
    assert.ok(menu.height <= 60, `menu ${menu.height} px`);
    for (const sel of ['h1', '.lead', 'a.call']) {
      const box = await p.locator(sel).first().boundingBox();
      assert.ok(box && box.y + box.height <= 740, `${sel} on the first screen (js ${js}): ${JSON.stringify(box)}`);
    }
    assert.equal(await p.locator('a.call').first().getAttribute('href'), 'tel:+22320290847');
    // The rest of the menu is one tap away, without JavaScript too.
    await p.click('nav.menu summary');
    await p.click('nav.menu details a[href$="a-z.html"]');
    await p.waitForURL(/\/fr\/a-z\.html$/);
    await close();
  }
});

test('home: what people need comes first, each leading to its organisations', async () => {
  const { p, close } = await open();
  await p.goto(`${server.origin}fr/index.html`);
  const needs = p.locator('ul.needs a');
  assert.ok((await needs.count()) >= 6);
  const needsTop = (await p.locator('ul.needs').boundingBox()).y;
  const regionsTop = (await p.locator('#by-region').boundingBox()).y;
  assert.ok(needsTop < regionsTop, 'needs before regions');
  // Big tap targets.
  const box = await needs.first().boundingBox();
  assert.ok(box.height >= 48 && box.width >= 140, JSON.stringify(box));
  const label = await needs.first().innerText();
  const count = Number(label.match(/(\d+)\s*$/)[1]);
  await needs.first().click();
  await p.waitForURL(/\/fr\/need\/[a-z-]+\.html$/);
  assert.equal(await p.locator('main .card').count(), count, label);
  await close();
});

test('without JavaScript the home page offers no search form, only links that work', async () => {
  const { p, close } = await open({ javaScriptEnabled: false });
  await p.goto(pathToFileURL(join(out, 'fr/index.html')).href);
  assert.equal(await p.locator('form.search').isVisible(), false);
  assert.ok(await p.locator('ul.needs a').first().isVisible());
  await close();
  const withJs = await open();
  await withJs.p.goto(pathToFileURL(join(out, 'fr/index.html')).href);
  assert.equal(await withJs.p.locator('form.search').isVisible(), true);
  await withJs.close();
});

test('the root page says what Sira is and returns to the language last read', async () => {
  const { p, close } = await open({ locale: 'fr-FR' });
  await p.goto(`${server.origin}index.html`);
  await p.waitForURL(/\/fr\/index\.html$/);
  // The reader switches to English, then comes back to the root.
  await p.click('.langs a[hreflang="en"]');
  await p.waitForURL(/\/en\/index\.html$/);
  await p.goto(`${server.origin}index.html`);
  await p.waitForURL(/\/en\/index\.html$/);
  await close();
  const noJs = await open({ javaScriptEnabled: false });
  await noJs.p.goto(`${server.origin}index.html`);
  const text = await noJs.p.locator('main').innerText();
  assert.match(text, /annuaire des structures qui aident/);
  assert.match(text, /directory of organisations that help/);
  await noJs.close();
});

test('a language switch keeps the search and its filters', async () => {
  const { p, close } = await open();
  await p.goto(`${server.origin}fr/search.html?q=soudure&region=kayes`);
  await p.click('.langs a[hreflang="en"]');
  await p.waitForURL(/\/en\/search\.html\?q=soudure&region=kayes$/);
  await close();
});

test('search filters: one panel, the kind of help first, every option a large tap target; Back undoes a filter', async () => {
  const { p, close } = await open();
  await p.goto(`${server.origin}fr/search.html?q=soudure`);
  await p.waitForSelector('#sira-results li');
  const count = async () => p.locator('#sira-status').innerText();
  const unfiltered = await count();
  await p.click('#sira-filters summary');
  await p.waitForSelector('#f-region-kayes');
  // The kind of help comes first, and every facet lists all its options (no inner scrolling).
  const facets = await p.locator('#sira-filters fieldset').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-facet')));
  assert.deepEqual(facets, ['service', 'region', 'returnees', 'sector', 'kind']);
  for (const f of await p.locator('#sira-filters fieldset').all()) {
    assert.ok(await f.evaluate((e) => e.scrollHeight <= e.clientHeight + 1), 'no scrolling box');
  }
  // Every option is at least 44 px high, its whole box toggles the checkbox.
  const heights = await p.locator('#sira-filters label.opt').evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().height));
  assert.ok(heights.length > 10 && heights.every((h) => h >= 44), JSON.stringify(heights));
  await p.locator('label[for="f-service-vocational-training"]').click({ position: { x: 150, y: 10 } });
  await p.waitForURL(/service=vocational-training/);
  await p.click('label[for="f-region-kayes"]');
  await p.waitForURL(/region=kayes/);
  const filtered = await count();
  assert.match(await p.locator('#sira-filters summary').innerText(), /\(2\)/);
  // Back undoes the last filter, then the one before; Forward redoes it.
  await p.goBack();
  await p.waitForURL((u) => !u.search.includes('region='));
  await p.waitForFunction(() => !document.getElementById('f-region-kayes')?.checked);
  assert.ok(await p.isChecked('#f-service-vocational-training'));
  await p.goBack();
  await p.waitForURL((u) => !u.search.includes('service='));
  await p.waitForFunction((t) => document.getElementById('sira-status').innerText === t, unfiltered);
  await p.goForward();
  await p.goForward();
  await p.waitForURL(/region=kayes/);
  await p.waitForFunction((t) => document.getElementById('sira-status').innerText === t, filtered);
  // Typing does not pile up history entries.
  const depth = await p.evaluate(() => history.length);
  await p.fill('#sira-q', 'soudure kayes');
  await p.waitForURL(/soudure\+kayes|soudure%20kayes/);
  assert.equal(await p.evaluate(() => history.length), depth);
  // The panel stays open while searching; "Show the results" closes it.
  assert.equal(await p.locator('#sira-filters').getAttribute('open'), '');
  await p.click('button.filters-done');
  assert.equal(await p.locator('#sira-filters').getAttribute('open'), null);
  await close();
});

test('without JavaScript the search page shows no form, only the browse links', async () => {
  const { p, close } = await open({ javaScriptEnabled: false });
  await p.goto(pathToFileURL(join(out, 'en/search.html')).href);
  assert.equal(await p.locator('form.search').isVisible(), false);
  const links = await p.locator('main ul.big-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['index.html#needs', 'regions.html', 'sectors.html', 'returnees.html', 'a-z.html']);
  for (const href of links) assert.ok(existsSync(join(out, 'en', href.split('#')[0])), href);
  await close();
});

test('English search says nothing in French: no "fiche" in any of its messages', async () => {
  const { p, close } = await open({ locale: 'en-GB' });
  for (const q of ['welding', 'welding qwxyz', 'qwxyz', 'loan for shop', 'SAER']) {
    await p.goto(`${server.origin}en/search.html?q=${encodeURIComponent(q)}`);
    await p.waitForFunction(() => /\S/.test(document.getElementById('sira-status').innerText) &&
      !document.getElementById('sira-status').innerText.startsWith('Loading'));
    const text = await p.locator('main').innerText();
    assert.doesNotMatch(text, /\bfiches?\b/i, `${q}: ${text.slice(0, 300)}`);
  }
  await close();
});

test('the not-found page is styled and its links work at any depth', async () => {
  const { p, close } = await open();
  for (const path of ['nothing.html', 'fr/nothing.html', 'fr/region/deep/er/nothing.html']) {
    const res = await p.goto(`${server.origin}${path}`);
    assert.equal(res.status(), 404);
    const h1 = p.locator('h1');
    assert.equal(await h1.innerText(), 'Page introuvable');
    // The theme's style applies (the body font is not the browser's default serif).
    const font = await p.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /system-ui/, path);
    await p.waitForFunction(() => document.querySelector('a[data-path]').href.includes('/sub/fr/index.html'));
    await p.click('a[data-path="en/index.html"]');
    await p.waitForURL(/\/sub\/en\/index\.html$/);
  }
  await close();
});

test('offline: a light first visit, the whole directory on request, the offline page otherwise', async () => {
  const { context, p, close } = await open();
  await p.goto(`${server.origin}fr/index.html`);
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
  });
  // What the first visit downloaded in the background, in bytes over the wire (gzip, as hosts
  // serve it).
  const cached = async () => {
    const paths = await p.evaluate(async () => {
      const out = [];
      for (const name of await caches.keys()) {
        const c = await caches.open(name);
        for (const req of await c.keys()) out.push(new URL(req.url).pathname);
      }
      return out;
    });
    const bytes = paths
      .map((x) => x.replace(/^\/sub\//, ''))
      .filter((x) => existsSync(join(out, x)))
      .reduce((n, x) => n + gzipSync(readFileSync(join(out, x))).length, 0);
    return { bytes, paths };
  };
  const first = await cached();
  assert.ok(first.bytes <= 250 * 1024, `first visit ${first.bytes} bytes`);
  // Search works offline after this one visit (its index in the page's language came along).
  assert.ok(first.paths.some((x) => /\/search\/fr\/.*\.js$/.test(x) && !x.includes('/meta.')));
  assert.ok(!first.paths.some((x) => x.includes('/formation/')), 'no fiche unasked');
  // A page never opened, offline: the offline page, styled, at its own address.
  await context.setOffline(true);
  await p.goto(`${server.origin}fr/formation/cfp-senou.html`);
  await p.waitForURL(/\/fr\/offline\.html$/);
  assert.match(await p.locator('h1').innerText(), /Hors connexion/);
  await context.setOffline(false);
  // Save everything: the button gives the size, then progress, then "saved".
  await p.goto(`${server.origin}fr/index.html`);
  const go = p.locator('.save-go');
  await go.waitFor({ state: 'visible' });
  assert.match(await go.innerText(), /\(\d+,\d\s*Mo\)/);
  await go.click();
  await p.locator('.save-remove').waitFor({ state: 'visible', timeout: 60000 });
  const saved = await cached();
  assert.ok(saved.paths.some((x) => x.endsWith('/fr/formation/cfp-senou.html')));
  await context.setOffline(true);
  await p.goto(`${server.origin}fr/formation/cfp-senou.html`);
  assert.match(await p.locator('h1').innerText(), /Sénou/);
  await context.setOffline(false);
  // And it can be removed.
  await p.goto(`${server.origin}fr/index.html`);
  await p.locator('.save-remove').click();
  await p.locator('.save-go').waitFor({ state: 'visible' });
  const after = await cached();
  assert.ok(!after.paths.some((x) => x.endsWith('/fr/formation/cfp-senou.html')));
  await close();
});
