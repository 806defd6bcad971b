// Every text dialect is registered wherever a reader must be (so that a new one is not forgotten in
// one place): the parsers' formats are `--format` choices of annotate and check, named in the
// README's `--format` list and its JSON `format` list, and each dialect file is on ARCHITECTURE.md's
// map; every fixture is documented (samples in SOURCES.md, constructed fixtures in their README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOtherParsers } from '../dist/dialects/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (p) => readFileSync(join(ROOT, p), 'utf8');
const FORMATS = ['pairs', 'kvm', 'xen', ...new Set(createOtherParsers().map((p) => p.format))];

test('every dialect format is a --format choice of annotate and check, and in the README', () => {
  assert.ok(FORMATS.includes('bareflank') && FORMATS.includes('jonomango-hv') && FORMATS.includes('noirvisor'), FORMATS.join(' '));
  const readme = read('README.md');
  const list = /--format ([a-z|-]+)` says/.exec(readme)[1].split('|');
  const jsonList = /`format` is ([^.]+?), `json`, or for binary regions/.exec(readme)[1];
  for (const cmd of ['src/cli/commands/annotate.ts', 'src/cli/commands/check.ts']) {
    const choices = /choices\(\[([^\]]+)\]\)/.exec(read(cmd))[1];
    for (const f of FORMATS) assert.ok(choices.includes(`'${f}'`), `${f} is a --format choice in ${cmd}`);
  }
  for (const f of FORMATS) {
    assert.ok(list.includes(f), `${f} in the README's --format list`);
    assert.ok(jsonList.includes(`\`${f}\``), `${f} in the README's JSON format list`);
  }
});

test('every file of src/dialects/ is on ARCHITECTURE.md\'s map and in the README\'s source list', () => {
  const map = read('ARCHITECTURE.md').split('\n').find((l) => l.startsWith('| 3a dialects'));
  const readmeLine = read('README.md').split('\n').find((l) => l.startsWith('src/dialects/'));
  for (const f of readdirSync(join(ROOT, 'src/dialects'))) {
    assert.ok(map.includes('`' + f + '`'), `${f} on the map`);
    const stem = f.replace(/\.ts$/, '');
    if (!['common', 'index', 'types', 'kvm-checks', 'bhyve-exit', 'noah'].includes(stem)) assert.ok(readmeLine.includes(stem), `${stem} in the README's src/dialects line`);
  }
});

test('every fixture is documented: samples in SOURCES.md, constructed fixtures in their README', () => {
  const sources = read('test/fixtures/samples/SOURCES.md');
  for (const f of readdirSync(join(ROOT, 'test/fixtures/samples'))) if (f !== 'SOURCES.md') assert.ok(sources.includes(`| ${f} |`), `${f} has its row in SOURCES.md`);
  const constructed = read('test/fixtures/constructed/README.md');
  for (const f of readdirSync(join(ROOT, 'test/fixtures/constructed'))) if (f !== 'README.md') assert.ok(constructed.includes(`## ${f}`), `${f} has its section in constructed/README.md`);
});
