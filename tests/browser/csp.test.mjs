// The pages' Content-Security-Policy in real headless Chromium: every page kind carries it, none
// breaks it (no `securitypolicyviolation` event, no CSP message in the console), over HTTP and
// from file:// (a USB key), with search working and the service worker registered over
// http://127.0.0.1; and the policy does block what it must (an inline script, a remote image).
//
// Run from the repository root: `node --test tests/browser/` (needs `cargo build --release`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bin, launch, repo, serve } from './harness.mjs';

let tmp, out, browser, server;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sira-csp-'));
  out = join(tmp, 'site');
  execFileSync(bin(), ['--root', repo, 'build', '--output', out], { stdio: 'pipe' });
  browser = await launch();
  server = await serve(out, '/');
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// One page of each kind the theme renders, in both languages where it has one.
const PAGES = ['index.html', '404.html'];
for (const lang of ['fr', 'en']) {
  for (const rel of ['index.html', 'formation/cfp-missabougou.html', 'regions.html', 'region/kayes.html',
    'sectors.html', 'sector/agriculture.html', 'service/credit.html', 'returnees.html', 'a-z.html',
    'verification.html', 'about.html', 'glossary.html', 'search.html?q=kayes', 'offline.html',
    'programmes.html', 'list.html#o=cfp-missabougou,anpe', 'counsellors.html', 'booklet/kayes.html']) {
    PAGES.push(`${lang}/${rel}`);
  }
}

/** A page whose CSP violations (events and console messages) are recorded. */
async function page(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  // Init scripts run through the DevTools protocol, outside the page's policy.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const p = await context.newPage();
  const console = [];
  p.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) console.push(m.text()); });
  p.on('pageerror', (e) => console.push(`page error: ${e.message}`));
  return { p, console, close: () => context.close() };
}

async function visitAll(base) {
  const { p, console, close } = await page();
  for (const rel of PAGES) {
    await p.goto(base + rel);
    await p.waitForLoadState('load');
    if (rel.includes('search.html')) {
      await p.waitForFunction(() => document.querySelectorAll('#sira-results li').length > 0, null, { timeout: 20000 });
    }
    const csp = await p.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content);
    assert.match(csp ?? '', /default-src 'none'; script-src 'self'/, `${rel}: the policy`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, `${rel}: nothing loose`);
    // Give late loads (the search export, the service worker) a moment to be refused.
    await p.waitForTimeout(50);
    assert.deepEqual(await p.evaluate(() => window.__csp), [], `${rel}: violations`);
  }
  assert.deepEqual(console, [], 'console');
  await close();
}

test('no CSP violation on any page kind over http://127.0.0.1', async () => {
  await visitAll(server.origin);
});

test('no CSP violation on any page kind from file:// (a USB key)', async () => {
  await visitAll(pathToFileURL(out).href + '/');
});

for (const [where, base] of [['http', () => server.origin], ['file', () => pathToFileURL(out).href + '/']]) {
  test(`search works under the policy (${where})`, async () => {
    const { p, console, close } = await page();
    await p.goto(`${base()}fr/search.html`);
    await p.fill('#sira-q', 'soudure kayes');
    await p.waitForFunction(() => document.querySelectorAll('#sira-results li').length > 0, null, { timeout: 20000 });
    assert.match(await p.locator('#sira-results li a').first().innerText(), /\S/);
    assert.deepEqual(await p.evaluate(() => window.__csp), []);
    assert.deepEqual(console, []);
    await close();
  });
}

test('the service worker registers under the policy over http://127.0.0.1', async () => {
  const { p, console, close } = await page();
  await p.goto(`${server.origin}en/index.html`);
  const scope = await p.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, server.origin);
  assert.deepEqual(await p.evaluate(() => window.__csp), []);
  assert.deepEqual(console, []);
  await close();
});

test('the policy blocks an inline script and a remote image (the checks above can fail)', async () => {
  const { p, close } = await page();
  await p.goto(`${server.origin}fr/index.html`);
  const ran = await p.evaluate(() => new Promise((resolve) => {
    window.__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.appendChild(s);
    const img = document.createElement('img');
    img.src = 'https://tracker.example/pixel.gif';
    document.body.appendChild(img);
    setTimeout(() => resolve(window.__ran), 200);
  }));
  assert.equal(ran, false, 'an inline script does not run');
  const seen = await p.evaluate(() => window.__csp.join('\n'));
  assert.match(seen, /script-src/);
  assert.match(seen, /img-src https:\/\/tracker\.example/);
  await close();
});
