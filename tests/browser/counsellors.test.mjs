// What counsellors use, in real headless Chromium at phone width (360 px): the referral list
// (add and remove from a fiche and from search results, notes, reopen), its WhatsApp and SMS
// texts, the link that restores it on another phone, the printed referral slip (one A4 or A5
// page, large type), the list offline and from file://, the fiche's share links without
// JavaScript, the programmes page's filters, and the region booklets' QR codes (decoded by
// jsQR). The shipped site is used where content does not matter, the fictional fixture
// `tests/fixtures/counsellors` (with `base_url`) where the exact texts do.
//
// Run from the repository root: `node --test tests/browser/` (the Rust binary must be built).
// SCREENSHOTS=dir keeps the screenshots taken (the print slip) in dir.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { bin, launch, repo, serve, axeViolations } from './harness.mjs';

const require = createRequire(import.meta.url);
const jsqrSource = readFileSync(require.resolve('jsqr/dist/jsQR.js'), 'utf8');
// The tests' "today" (2026-11-23), as in the Rust tests.
const EPOCH = '1795392000';

let tmp, shipped, fixture, browser, server;
const shots = process.env.SCREENSHOTS;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'sira-counsellors-'));
  shipped = join(tmp, 'shipped');
  execFileSync(bin(), ['--root', repo, 'build', '--output', shipped], { stdio: 'pipe' });
  const site = join(tmp, 'fixture-site');
  cpSync(join(repo, 'tests/fixtures/counsellors'), site, { recursive: true });
  cpSync(join(repo, 'content/_vocab'), join(site, 'content/_vocab'), { recursive: true });
  fixture = join(tmp, 'fixture');
  execFileSync(bin(), ['--root', site, 'build', '--output', fixture], {
    stdio: 'pipe', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH },
  });
  if (shots) mkdirSync(shots, { recursive: true });
  browser = await launch();
  server = await serve(shipped, '/sub/');
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const file = (root, rel) => pathToFileURL(join(root, rel)).href;

/** A fresh profile (another phone) at 360 px, recording page errors. */
async function phone(options = {}) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'fr-FR', ...options });
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  return { context, p, errors, close: () => context.close() };
}

async function listCount(p) {
  await p.waitForFunction(() => document.getElementById('list-status').textContent !== '');
  return p.locator('#sira-list article.entry').count();
}

test('the list: add from a fiche and from search results, note, remove, reopen (file://)', async () => {
  const { p, errors, close } = await phone();
  await p.goto(file(shipped, 'fr/formation/cfp-missabougou.html'));
  const add = p.locator('button.list-add');
  assert.equal(await add.innerText(), 'Ajouter à ma liste');
  await add.click();
  assert.equal(await add.getAttribute('aria-pressed'), 'true');
  assert.equal(await p.locator('a.list-link').innerText(), 'Ma liste (1)');
  // From search results: each result gets the same button.
  await p.goto(`${file(shipped, 'fr/search.html')}?q=anpe`);
  await p.waitForFunction(() => document.querySelector('#sira-results li .list-add'));
  const first = p.locator('#sira-results li').first();
  const href = await first.locator('a[href$=".html"]').first().getAttribute('href');
  assert.match(href, /anpe\.html$/);
  await first.locator('.list-add').click();
  assert.equal(await first.locator('.list-add').getAttribute('aria-pressed'), 'true');
  assert.equal(await p.locator('a.list-link').innerText(), 'Ma liste (2)');

  await p.goto(file(shipped, 'fr/list.html'));
  assert.equal(await listCount(p), 2);
  assert.equal(await p.locator('#list-status').innerText(), '2 structures');
  const cfp = p.locator('#sira-list article.entry').first();
  assert.match(await cfp.locator('h2').innerText(), /Missabougou/);
  const text = await cfp.innerText();
  for (const part of ['Accueil des personnes de retour', "Conditions d'accès", 'acte de naissance', 'Coût', 'Où', 'Bamako']) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  assert.equal(await cfp.locator('h2 a').getAttribute('href'), 'formation/cfp-missabougou.html');
  // A note is kept on the device.
  await cfp.locator('textarea').fill('Demander la filière soudure');
  await p.reload();
  await listCount(p);
  assert.equal(await p.locator('#sira-list textarea').first().inputValue(), 'Demander la filière soudure');
  // Removing one leaves the other, also after a reload; the fiche page knows it.
  await p.locator('#sira-list article.entry').nth(1).locator('button.remove').click();
  assert.equal(await p.locator('#sira-list article.entry').count(), 1);
  await p.reload();
  assert.equal(await listCount(p), 1);
  await p.goto(file(shipped, 'en/formation/cfp-missabougou.html'));
  assert.equal(await p.locator('button.list-add').getAttribute('aria-pressed'), 'true', 'the same list in English');
  assert.equal(await p.locator('a.list-link').innerText(), 'My list (1)');
  await p.locator('button.list-add').click();
  await p.goto(file(shipped, 'en/list.html'));
  await listCount(p);
  assert.equal(await p.locator('#list-status').innerText(), 'Your list is empty: add organisations from their page or from search.');
  assert.deepEqual(errors, []);
  await close();
});

test('share texts: one line per organisation with names and phones, links with base_url; the link restores the list on another phone', async () => {
  const { p, errors, close } = await phone();
  for (const rel of ['fr/formation/centre-exemple.html', 'fr/finance/fonds-exemple.html']) {
    await p.goto(file(fixture, rel));
    await p.locator('button.list-add').click();
  }
  await p.goto(file(fixture, 'fr/list.html'));
  assert.equal(await listCount(p), 2);
  await p.locator('#sira-list textarea').first().fill('Voir M. Diarra');
  const link = 'https://example.org/sira/fr/list.html#o=centre-exemple,fonds-exemple&n0=Voir%20M.%20Diarra';
  const expected = [
    'Annuaire de test — 2 structures',
    '1. Centre de formation exemple (CFE) — Tél. +223 63 15 72 38, +223 20 21 22 23 — https://example.org/sira/fr/formation/centre-exemple.html',
    '2. Fonds exemple — https://example.org/sira/fr/finance/fonds-exemple.html',
    `La liste : ${link}`,
  ].join('\n');
  const wa = await p.locator('#list-wa').getAttribute('href');
  assert.equal(decodeURIComponent(wa.replace('https://wa.me/?text=', '')), expected);
  const sms = await p.locator('#list-sms').getAttribute('href');
  assert.equal(decodeURIComponent(sms.replace('sms:?&body=', '')), expected);
  assert.equal(await p.locator('#list-url').inputValue(), link);
  assert.deepEqual(errors, []);
  await close();

  // Another phone opens the link (here, the same files from disk): same list, same note.
  const other = await phone({ locale: 'en-US' });
  await other.p.goto(link.replace('https://example.org/sira/', `${pathToFileURL(fixture).href}/`));
  assert.equal(await listCount(other.p), 2);
  assert.match(await other.p.locator('#sira-list h2').first().innerText(), /Centre de formation exemple/);
  assert.equal(await other.p.locator('#sira-list textarea').first().inputValue(), 'Voir M. Diarra');
  assert.match(await other.p.locator('a[hreflang="en"]').getAttribute('href'), /list\.html#o=centre-exemple,fonds-exemple&n0=/, 'the other language shows the same list');
  assert.equal(await other.p.locator('#list-keep p').innerText(), 'Liste reçue par un lien. Elle n\'est pas encore gardée sur ce téléphone.');
  assert.equal(await other.p.evaluate(() => localStorage.getItem('sira-list')), null, 'not kept before asked');
  await other.p.locator('#list-keep button').click();
  await other.p.goto(file(fixture, 'en/list.html'));
  assert.equal(await listCount(other.p), 2, 'kept, and shown in English');
  assert.match(await other.p.locator('#sira-list h2').first().innerText(), /Example Training Centre/);
  assert.deepEqual(other.errors, []);
  await other.close();
});

test('the referral slip prints on one A5 or A4 page in large type, in the page\'s language', async () => {
  const { p, close } = await phone();
  await p.goto(file(shipped, 'fr/list.html'));
  await p.evaluate(() => localStorage.setItem('sira-list', JSON.stringify([
    { s: 'cfp-missabougou', n: 'Demander la filière soudure' }, { s: 'anpe', n: '' }, { s: 'apej', n: '' },
  ])));
  await p.reload();
  assert.equal(await listCount(p), 3);
  await p.emulateMedia({ media: 'print' });
  const shown = await p.evaluate(() => {
    const css = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      menu: css('.menu').display, entries: css('#sira-list').display, tools: css('#list-tools').display,
      slip: css('.slip').display, title: document.querySelector('.slip h1').textContent,
      name: parseFloat(css('.slip li strong').fontSize), body: parseFloat(css('.slip li p').fontSize),
      items: document.querySelectorAll('.slip li').length, bring: document.querySelector('.slip li').textContent,
    };
  });
  assert.equal(shown.menu, 'none');
  assert.equal(shown.entries, 'none');
  assert.equal(shown.tools, 'none');
  assert.equal(shown.slip, 'block');
  assert.equal(shown.title, "Fiche d'orientation");
  assert.equal(shown.items, 3);
  assert.ok(shown.name >= 19 && shown.body >= 16, `large type: ${shown.name}px, ${shown.body}px`);
  assert.match(shown.bring, /Conditions et pièces à fournir : Avoir plus de 15 ans/);
  assert.match(shown.bring, /Demander la filière soudure/);
  if (shots) await p.screenshot({ path: join(shots, 'slip-print-360.png'), fullPage: true });
  const pages = async (format) => (await p.pdf({ format, printBackground: true })).toString('latin1').match(/\/Type\s*\/Page\b/g).length;
  assert.equal(await pages('A4'), 1, 'three organisations of the shipped site (long texts) on one A4 page');
  await close();

  // A short list fits an A5 page, in English on the English page.
  const en = await phone({ viewport: { width: 559, height: 794 } });
  await en.p.goto(file(fixture, 'en/list.html'));
  await en.p.evaluate(() => localStorage.setItem('sira-list', JSON.stringify([{ s: 'centre-exemple', n: 'Ask for Mr Diarra' }, { s: 'fonds-exemple', n: '' }])));
  await en.p.reload();
  assert.equal(await listCount(en.p), 2);
  await en.p.emulateMedia({ media: 'print' });
  const slip = await en.p.locator('.slip').innerText();
  for (const part of ['Referral slip', 'For:', 'Referred by:', 'Example Training Centre (CFE)', 'Tel. +223 63 15 72 38',
    'Conditions and papers to bring: Be over 15; bring a birth certificate and two passport photos.', 'Ask for Mr Diarra',
    'Example Fund', 'Through the local savings banks']) {
    assert.ok(slip.includes(part), `${part} in ${slip}`);
  }
  if (shots) await en.p.screenshot({ path: join(shots, 'slip-print-a5-en.png'), fullPage: true });
  const a5 = (await en.p.pdf({ format: 'A5', printBackground: true })).toString('latin1').match(/\/Type\s*\/Page\b/g).length;
  assert.equal(a5, 1, 'A5');
  await en.close();
});

test('offline after one visit over HTTP, and from file://: the list still shows its organisations', async () => {
  const { context, p, close } = await phone();
  const origin = server.origin;
  await p.goto(`${origin}fr/index.html`);
  await p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
  });
  await p.evaluate(() => localStorage.setItem('sira-list', JSON.stringify([{ s: 'anpe', n: '' }, { s: 'iom', n: '' }])));
  await context.setOffline(true);
  await p.goto(`${origin}fr/list.html`);
  assert.equal(await listCount(p), 2);
  assert.match(await p.locator('#sira-list').innerText(), /Agence nationale pour l'emploi/);
  // Served over HTTP without base_url, the link is the page's own address.
  assert.equal(await p.locator('#list-url').inputValue(), `${origin}fr/list.html#o=anpe,iom`);
  await close();
  // From disk there is no address to send: the link says so.
  const disk = await phone();
  await disk.p.goto(`${file(shipped, 'fr/list.html')}#o=anpe`);
  assert.equal(await listCount(disk.p), 1);
  assert.equal(await disk.p.locator('#list-url').inputValue(), "Ce lien n'est disponible que pour un site en ligne.");
  await disk.close();
});

test('without JavaScript: every fiche has its share links and a print view; the list page says what to use', async () => {
  const { p, close } = await phone({ javaScriptEnabled: false });
  await p.goto(file(fixture, 'fr/formation/centre-exemple.html'));
  const wa = await p.locator('a.send').first().getAttribute('href');
  assert.ok(wa.startsWith('https://wa.me/?text=Centre%20de%20formation%20exemple%20%28CFE%29%0AT%C3%A9l.'), wa);
  assert.match(await p.locator('a.send').nth(1).getAttribute('href'), /^sms:\?&body=Centre%20de%20formation/);
  assert.equal(await p.locator('button.list-add').isVisible(), false, 'no button that cannot work');
  await p.emulateMedia({ media: 'print' });
  const print = await p.evaluate(() => ({
    tools: getComputedStyle(document.querySelector('.tools')).display,
    h1: getComputedStyle(document.querySelector('h1')).display,
    menu: getComputedStyle(document.querySelector('.menu')).display,
  }));
  assert.deepEqual(print, { tools: 'none', h1: 'block', menu: 'none' });
  await p.emulateMedia({ media: 'screen' });
  await p.goto(file(fixture, 'fr/list.html'));
  assert.match(await p.locator('main noscript').innerText(), /La liste a besoin de JavaScript/);
  await close();
});

test('programmes running now: filters by region and kind of help, kept in the address', async () => {
  const { p, errors, close } = await phone();
  const visible = () => p.locator('li.prog:visible h2').allInnerTexts();
  await p.goto(file(fixture, 'fr/programmes.html'));
  assert.deepEqual(await visible(), ["Programme en cours jusqu'à cette année", 'Programme qui commence cette année', 'Crédit au retour']);
  await p.selectOption('#f-region', 'segou');
  assert.deepEqual(await visible(), ['Programme qui commence cette année', 'Crédit au retour'], 'nationwide runs in Ségou too');
  await p.selectOption('#f-help', 'credit');
  assert.deepEqual(await visible(), ['Crédit au retour']);
  assert.equal(await p.locator('#prog-status').innerText(), '1 programme correspond.');
  assert.match(p.url(), /programmes\.html\?region=segou&help=credit$/);
  await p.reload();
  assert.deepEqual(await visible(), ['Crédit au retour'], 'restored from the address');
  assert.deepEqual(errors, []);
  await close();
});

test('booklets: each entry\'s QR code reads as its fiche\'s address', async () => {
  const { p, close } = await phone({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  await p.goto(file(fixture, 'en/booklet/kayes.html'));
  await p.addScriptTag({ content: jsqrSource });
  const decoded = await p.evaluate(async () => {
    const out = [];
    for (const li of document.querySelectorAll('li.entry')) {
      const svg = li.querySelector('svg.qr');
      const img = new Image();
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await img.decode();
      const c = document.createElement('canvas');
      c.width = c.height = 300;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0, 300, 300);
      // eslint-disable-next-line no-undef
      const code = jsQR(g.getImageData(0, 0, 300, 300).data, 300, 300);
      out.push([code && code.data, li.querySelector('.url').textContent]);
    }
    return out;
  });
  assert.equal(decoded.length, 2);
  for (const [qr, url] of decoded) assert.equal(qr, url);
  assert.equal(decoded[0][0], 'https://example.org/sira/en/formation/centre-exemple.html');
  await p.emulateMedia({ media: 'print' });
  const pdf = await p.pdf({ format: 'A4' });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g).length, 1, 'two entries fit one page');
  if (shots) await p.screenshot({ path: join(shots, 'booklet-print-1280.png'), fullPage: true });
  await close();
});

for (const lang of ['fr', 'en']) {
  test(`axe-core finds no accessibility violation on the counsellors' pages, which reflow at 320 px (${lang})`, async () => {
    // axe is added as an inline script, which the pages' Content-Security-Policy refuses.
    const { p, close } = await phone({ bypassCSP: true, viewport: { width: 320, height: 640 } });
    for (const rel of ['list.html#o=centre-exemple,fonds-exemple&n0=Note', 'programmes.html', 'counsellors.html',
      'booklet/kayes.html', 'formation/centre-exemple.html']) {
      await p.goto(`${file(fixture, lang)}/${rel}`);
      if (rel.startsWith('list')) await listCount(p);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${lang}/${rel} is ${width}px wide`);
      const result = await axeViolations(p);
      assert.deepEqual(result, [], `${lang}/${rel}`);
    }
    await close();
  });
}
