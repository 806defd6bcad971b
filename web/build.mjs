// npm run build:web: web/src/main.ts and the library's build (dist/, as the CLI runs it) become
// one file, web/dist/index.html: the script and the style inline, so the page opens from disk
// (file://) or any static host. The script is a classic one (no module: Chromium refuses module
// scripts and module workers from file://), and it is its own worker (a Blob of its text).
// The Content-Security-Policy allows that script (by its hash), that worker, and nothing else:
// no request can leave the page.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const web = new URL('./', import.meta.url);
if (!existsSync(new URL('dist/index.js', root))) {
  console.error('build:web: the library is not built (dist/index.js is missing): run npm run build first');
  process.exit(2);
}
const r = await build({
  entryPoints: [new URL('src/main.ts', web).pathname],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  write: false,
  logLevel: 'warning',
});
const script = r.outputFiles[0].text.trimEnd();
if (/<\/script|<!--/i.test(script)) throw new Error('build:web: the script holds "</script" or "<!--" and cannot be inlined');
const hash = createHash('sha256').update(script, 'utf8').digest('base64');
const csp = [
  "default-src 'none'",
  `script-src 'sha256-${hash}' blob:`,
  'worker-src blob:',
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const style = readFileSync(new URL('style.css', web), 'utf8').trim();
const html = readFileSync(new URL('index.html', web), 'utf8')
  .replace('%CSP%', () => csp)
  .replace('%VERSION%', () => version)
  .replace('%STYLE%', () => style)
  .replace('%SCRIPT%', () => script);
mkdirSync(new URL('dist/', web), { recursive: true });
writeFileSync(new URL('dist/index.html', web), html);
console.log(`web/dist/index.html: ${(html.length / 1024).toFixed(0)} KB (script ${(script.length / 1024).toFixed(0)} KB)`);
