// `sira serve` in real headless Chromium: an open page reloads after an edit, shows the
// diagnostics of a broken edit as an overlay over the last good page, and recovers when the
// file is fixed; an open search page finds the edit once the search export has it.
//
// Run from the repository root: `node --test tests/browser/` (needs `cargo build --release`).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin as binary, launch, repo } from './harness.mjs';

const bin = binary();

let tmp, site, server, origin, browser;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sira-serve-'));
  site = join(tmp, 'site');
  cpSync(join(repo, 'tests', 'fixtures', 'valid'), site, { recursive: true });
  cpSync(join(repo, 'content', '_vocab'), join(site, 'content', '_vocab'), { recursive: true });
  server = spawn(bin, ['--root', site, 'serve', '--port', '0', '--output', join(tmp, 'public')], { stdio: ['ignore', 'pipe', 'inherit'] });
  origin = await new Promise((ok, fail) => {
    let text = '';
    server.stdout.on('data', (d) => {
      text += d;
      const m = text.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) ok(m[1]);
    });
    server.on('exit', () => fail(new Error(`sira serve exited: ${text}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('serve: live reload after an edit, error overlay on a broken edit, cleared when fixed', async () => {
  const fiche = join(site, 'content', 'formation', 'centre-test.md');
  const original = readFileSync(fiche, 'utf8');
  const context = await browser.newContext();
  // The development script lives with the pages' Content-Security-Policy: no violation.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const p = await context.newPage();
  await p.goto(`${origin}fr/formation/centre-test.html`);
  assert.match(await p.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content), /script-src 'self'/);
  assert.match(await p.locator('h1').innerText(), /Centre de formation de test/);
  assert.equal(await p.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0,
    'no service worker while editing');
  await p.evaluate(() => { window.__before = true; });

  writeFileSync(fiche, original.replace('Centre de formation de test', 'Centre de formation rechargé'));
  await p.waitForFunction(() => window.__before === undefined && /rechargé/.test(document.querySelector('h1').textContent), null, { timeout: 20000 });

  await p.evaluate(() => { window.__before = true; });
  writeFileSync(fiche, original.replace('Centre de formation de test', 'Centre de formation rechargé')
    .replace('kind = "public-training-centre"', 'kind = "public-trainig-centre"'));
  const overlay = p.locator('#sira-dev-overlay');
  await overlay.waitFor({ timeout: 20000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/formation\/centre-test\.md:\d+:8/);
  assert.match(text, /did you mean `public-training-centre`/);
  assert.equal(await overlay.getAttribute('role'), 'alert');
  assert.equal(await p.evaluate(() => window.__before), true, 'the page was not reloaded on error');
  assert.match(await p.locator('h1').innerText(), /rechargé/, 'the last good page stays');
  assert.deepEqual(await p.evaluate(() => window.__csp), [], 'no CSP violation with the overlay');

  writeFileSync(fiche, original);
  await p.waitForFunction(() => window.__before === undefined && !document.getElementById('sira-dev-overlay'), null, { timeout: 20000 });
  assert.match(await p.locator('h1').innerText(), /Centre de formation de test/);
  assert.deepEqual(await p.evaluate(() => window.__csp), [], 'no CSP violation after reloads');
  await context.close();
});

test('serve: the search page reloads once the search export has the edit', async () => {
  const fiche = join(site, 'content', 'formation', 'centre-test.md');
  const original = readFileSync(fiche, 'utf8');
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(`${origin}fr/search.html?q=zanzibarine`);
  await p.locator('#sira-status').waitFor();
  await p.waitForFunction(() => /0|aucun/i.test(document.getElementById('sira-status').textContent), null, { timeout: 20000 });
  assert.equal(await p.locator('#sira-results li').count(), 0, 'nothing matches before the edit');
  await p.evaluate(() => { window.__before = true; });

  writeFileSync(fiche, original.replace('Centre de formation de test', 'Centre de formation zanzibarine'));
  // The search page reloads when the search export changed (phase two, after the pages).
  await p.waitForFunction(() => window.__before === undefined
    && document.querySelectorAll('#sira-results li').length === 1, null, { timeout: 20000 });
  assert.match(await p.locator('#sira-results li a').first().innerText(), /zanzibarine/);
  writeFileSync(fiche, original);
  await context.close();
});
