// ARCHITECTURE.md stays true: every path it names exists, and every folder of src/ is on its map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8');
const ticked = (text) => [...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
const isPath = (t) => /^(?:src|test|scripts|bin|dist|bench|examples|web)\//.test(t) || /^[\w.-]+\.(?:json|md)$/.test(t);
const isFile = (t) => /^[\w.-]+\.(?:ts|js|mjs)$/.test(t);
const allSrc = (dir) => readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allSrc(join(dir, e.name)) : [join(dir, e.name)]));
const srcFiles = allSrc('src');

test('every path ARCHITECTURE.md names exists', () => {
  const paths = ticked(doc).filter(isPath).filter((t) => !t.includes('<'));
  assert.ok(paths.length > 20, 'the map names paths');
  for (const p of paths) assert.ok(existsSync(join(root, p)), `${p} exists`);
});

test('every file name ARCHITECTURE.md gives exists: in the folder of its table row, else somewhere under src/', () => {
  for (const line of doc.split('\n')) {
    const folder = line.startsWith('|') ? ticked(line).find((t) => /^src\/.*\/$/.test(t)) : undefined;
    for (const name of ticked(line).filter(isFile)) {
      if (folder) assert.ok(srcFiles.some((f) => f.startsWith(folder) && f.endsWith('/' + name)), `${name} is in ${folder}`);
      else assert.ok(srcFiles.some((f) => f.endsWith('/' + name)) || existsSync(join(root, name)), `${name} exists under src/`);
    }
  }
});

test('every folder of src/ is on the map', () => {
  const named = new Set(ticked(doc));
  for (const e of readdirSync(join(root, 'src'), { withFileTypes: true })) {
    if (e.isDirectory()) assert.ok(named.has(`src/${e.name}/`), `src/${e.name}/ is in ARCHITECTURE.md`);
  }
});
