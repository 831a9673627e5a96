// Lighthouse (mobile, headless Chromium) on the home page, a fiche, a region page and search,
// in French: the four category scores of each, to put in the README. Not a test (slow and it
// needs npm's `lighthouse`, which this script runs with npx): run it by hand.
//
//   node tests/browser/lighthouse.mjs
//
// Builds the shipped site with the local server's address as --base-url (so canonical and
// hreflang links are absolute, as on a real host), serves it on 127.0.0.1, audits each page.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, repo, serve } from './harness.mjs';

const ALL = ['fr/index.html', 'fr/emploi/saer-emploi.html', 'fr/region/kayes.html', 'fr/search.html?q=soudure'];
// `node tests/browser/lighthouse.mjs [PAGE…]` audits only the pages named.
const PAGES = process.argv.length > 2 ? process.argv.slice(2) : ALL;
const FLAGS = '--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

const dir = mkdtempSync(join(tmpdir(), 'sira-lighthouse-'));
const site = join(dir, 'site');
// The port is known only once serving: serve an empty folder first, then build into it.
const server = await serve(site, '/', { notFound: true });
execFileSync(bin(), ['--root', repo, 'build', '--output', site, '--base-url', server.origin], { stdio: 'inherit' });
const rows = [];
try {
  for (const page of PAGES) {
    const report = join(dir, 'report.json');
    // Asynchronously: the site is served by this very process.
    await promisify(execFile)('npx', ['--yes', 'lighthouse@12', server.origin + page, '--quiet', '--form-factor=mobile',
      `--chrome-flags=${FLAGS}`, '--output=json', `--output-path=${report}`],
    { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM || '/usr/bin/chromium' } });
    const json = JSON.parse(readFileSync(report, 'utf8'));
    const score = (k) => Math.round(json.categories[k].score * 100);
    const metric = (k) => json.audits[k].displayValue.replace(/\u00a0/g, ' ');
    rows.push(`| ${page} | ${score('performance')} | ${score('accessibility')} | ${score('best-practices')} | ${score('seo')} | ` +
      `${metric('first-contentful-paint')} | ${metric('largest-contentful-paint')} | ${metric('total-blocking-time')} | ${metric('cumulative-layout-shift')} |`);
  }
} finally {
  server.close();
}
console.log('| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |\n|---|---|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
