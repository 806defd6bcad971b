// Plain `vmcs annotate` and `vmcs check` (files and options without a value: plainCommand in
// src/cli/main.ts) run without commander. Each shape here is run both ways: plainly, and with
// `--format auto` (the default, which sends the same run through commander); status, standard
// output and standard error must be the same, byte for byte.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { plainCommand } from '../dist/cli/main.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_V8_COVERAGE;
delete env.VMCS_NO_BUNDLE;
delete env.FORCE_COLOR;
const kvm = join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt');
const pairs = join(root, 'examples', 'pairs.log');
const missing = join(root, 'test', 'fixtures', 'no-such-file.txt');
const noField = join(root, 'package.json');

const run = (args, input) => spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env, input: input ?? '' });

// [command, arguments after it, standard input]
const SHAPES = [
  ['annotate', [kvm]],
  ['annotate', [pairs, kvm]],
  ['annotate', ['--json', kvm]],
  ['annotate', [kvm, '--brief']],
  ['annotate', ['--summary', kvm]],
  ['annotate', ['--ndjson', '--summary', kvm]],
  ['annotate', ['--ndjson', kvm]],
  ['annotate', ['-q', kvm]],
  ['annotate', ['--quiet', '--json', kvm]],
  ['annotate', ['--no-color', kvm]],
  ['annotate', [missing]],
  ['annotate', ['--json', missing]],
  ['annotate', ['--ndjson', missing, kvm]],
  ['annotate', [noField]],
  ['annotate', ['-', '-']],
  ['annotate', ['--json', '-', '-']],
  ['annotate', [], readFileSync(kvm, 'utf8')],
  ['annotate', ['-', '--json'], readFileSync(pairs, 'utf8')],
  ['annotate', [''], ''],
  ['check', [kvm]],
  ['check', [pairs, kvm]],
  ['check', ['--json', kvm]],
  ['check', ['--verbose', kvm]],
  ['check', ['--failures-only', '--json', kvm]],
  ['check', ['--apply-fixes', kvm]],
  ['check', ['--apply-fixes', '--json', kvm]],
  ['check', ['--ndjson', kvm, pairs]],
  ['check', ['-q', kvm]],
  ['check', ['--no-color', '--verbose', kvm]],
  ['check', [missing]],
  ['check', ['--json', missing]],
  ['check', [noField]],
  ['check', ['-', '-']],
  ['check', ['--json', '-', '-']],
  ['check', [], readFileSync(kvm, 'utf8')],
];

for (const [command, rest, input] of SHAPES) {
  test(`plain ${command} ${rest.map((a) => a.replace(/^.*\//, '')).join(' ')}: as through commander`, () => {
    assert.ok(plainCommand([command, ...rest]), 'not a plain shape');
    const plain = run([command, ...rest], input);
    const full = run([command, '--format', 'auto', ...rest], input);
    assert.equal(plain.status, full.status);
    assert.equal(plain.stdout, full.stdout);
    assert.equal(plain.stderr, full.stderr);
  });
}

test('plainCommand: the files and options commander gives the action, or null (commander)', () => {
  const cases = [
    [['annotate', 'a.txt'], { files: ['a.txt'], options: { format: 'auto' } }],
    [['annotate'], { files: ['-'], options: { format: 'auto' } }],
    [['annotate', '-'], { files: ['-'], options: { format: 'auto' } }],
    [['annotate', '--json', 'a', '--brief', 'b'], { files: ['a', 'b'], options: { format: 'auto', json: true, brief: true } }],
    [['annotate', '-q', '--no-color', 'a'], { files: ['a'], options: { format: 'auto', quiet: true, color: false } }],
    [['annotate', '--no-color', '--summary', '--ndjson'], { files: ['-'], options: { format: 'auto', color: false, summary: true, ndjson: true } }],
    [['check', '--verbose', '--failures-only', '--apply-fixes', '--json', '-q', 'a'], { files: ['a'], options: { format: 'auto', verbose: true, failuresOnly: true, applyFixes: true, json: true, quiet: true } }],
    [['check', '--quiet', 'a', 'a'], { files: ['a', 'a'], options: { format: 'auto', quiet: true } }],
    [['annotate', '--verbose', 'a'], null], // check's option
    [['check', '--brief', 'a'], null], // annotate's option
    [['annotate', '--format', 'kvm', 'a'], null],
    [['annotate', '--format=kvm', 'a'], null],
    [['check', '--caps', 'i7-9750h', 'a'], null],
    [['check', '--list'], null],
    [['annotate', '--', '-a'], null],
    [['annotate', '-a'], null],
    [['annotate', '--help'], null],
    [['annotate', '-h'], null],
    [['annotate', '--color', 'never', 'a'], null],
    [['annotate', '--json=1', 'a'], null],
    [['--no-color', 'annotate', 'a'], null],
    [['help', 'annotate'], null],
    [['explain', 'a'], null],
    [['encode', 'GUEST_RIP'], null],
    [[], null],
  ];
  for (const [args, want] of cases) {
    const got = plainCommand(args);
    assert.deepEqual(got && { files: got.files, options: got.options }, want, args.join(' '));
  }
});

/** Whether commander's module ran in a run of the command's bundle (V8's coverage, as in cli-lazy.test.js). */
function commanderRan(...args) {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-cov-'));
  try {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env: { ...env, NODE_V8_COVERAGE: dir } });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    for (const f of readdirSync(dir)) {
      for (const script of JSON.parse(readFileSync(join(dir, f), 'utf8')).result) {
        if (!/\/dist\/cli\/bundle\/\w+\.js$/.test(script.url)) continue;
        const source = readFileSync(fileURLToPath(script.url), 'latin1');
        for (const fn of script.functions) {
          const at = fn.ranges[0];
          if (at.count > 0 && /^"[^"]*node_modules\/commander\//.test(source.slice(at.startOffset, at.startOffset + 200))) return true;
        }
      }
    }
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('plain annotate and check run no commander code; with an option it has a value for, commander runs', () => {
  assert.equal(commanderRan('annotate', kvm), false);
  assert.equal(commanderRan('check', '--json', kvm), false);
  assert.equal(commanderRan('annotate', '--format', 'auto', kvm), true);
  assert.equal(commanderRan('check', '--format', 'auto', kvm), true);
});
