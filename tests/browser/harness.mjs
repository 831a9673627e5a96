// Shared by the browser tests and the search benchmark: headless Chromium with the project's
// flags, and a plain static file server on loopback.

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The repository root. */
export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A binary of the workspace: `target/release/` by default, `target/$SIRA_PROFILE/` when set
 * (CI runs the tests' own `debug` build), or $SIRA_BIN for `sira`. */
export function bin(name = 'sira') {
  const profile = process.env.SIRA_PROFILE || 'release';
  return (name === 'sira' && process.env.SIRA_BIN) || join(repo, 'target', profile, name);
}

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Headless Chromium (Debian's, or $CHROMIUM); Playwright gives each context a fresh profile. */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: FLAGS });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

/** Serves `root` under the URL path `prefix` (e.g. '/sub/'), 404 for anything outside it —
 * with `root/404.html` as the body when `notFound` is set, as static hosts do.
 * Starts the server; resolves to {origin, close} where origin ends with `prefix`. */
export async function serve(root, prefix = '/', { notFound = false } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let file = normalize(join(root, path.slice(prefix.length)));
    if (!file.startsWith(root)) { res.writeHead(404).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      const page = join(root, '404.html');
      if (notFound && existsSync(page)) {
        res.writeHead(404, { 'content-type': TYPES['.html'] }).end(readFileSync(page));
      } else res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => server.close() };
}

/** axe-core's violations on the page `p`, one line each (the page needs `bypassCSP`: axe is added
 * as an inline script). */
export async function axeViolations(p) {
  axeViolations.source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await p.addScriptTag({ content: axeViolations.source });
  return p.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  });
}
