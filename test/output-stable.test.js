// Output stays byte-identical while the code under it changes (issue 17: every speed-up keeps
// the output): the JSON and human output of annotate and check over every dump fixture, as
// SHA-256 per input file (JSON: the dumps of that file; human: the whole run), against
// test/fixtures/output-hashes.json. A deliberate change of output: regenerate that file with
//   npm run build && UPDATE_OUTPUT_HASHES=1 node --test test/output-stable.test.js
// and say in the commit why the output changed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hashFile = join(root, 'test', 'fixtures', 'output-hashes.json');
const update = process.env.UPDATE_OUTPUT_HASHES === '1';
const stored = update ? { files: [], runs: {} } : JSON.parse(readFileSync(hashFile, 'utf8'));
const files = update
  ? [
      'examples/pairs.log',
      'test/fixtures/check/good-64bit.txt',
      'test/fixtures/constructed/xen-4.5-debugkey-v-hvm64.txt',
      ...readdirSync(join(root, 'test', 'fixtures', 'samples'))
        .filter((f) => f.endsWith('.txt'))
        .sort()
        .map((f) => `test/fixtures/samples/${f}`),
    ]
  : stored.files;

const RUNS = {
  'annotate --json': ['annotate', '--json'],
  annotate: ['annotate'],
  'check --json': ['check', '--json'],
  'check --json --caps i7-9750h': ['check', '--json', '--caps', 'i7-9750h'],
  check: ['check'],
};
const sha = (s) => createHash('sha256').update(s).digest('hex');

function run(args) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args, ...files], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 1 << 28,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Hashes of one run: per input file for JSON, and of the whole of stdout, stderr and the exit code. */
function hashes(name, r) {
  const h = { status: r.status, stdout: sha(r.stdout), stderr: sha(r.stderr) };
  if (name.includes('--json')) {
    const doc = JSON.parse(r.stdout);
    for (const f of files) h[f] = sha(JSON.stringify(doc.dumps.filter((d) => d.source === f)));
  }
  return h;
}

const fresh = {};
for (const [name, args] of Object.entries(RUNS)) {
  test(`output unchanged: vmcs ${name} over ${files.length} dump fixtures`, () => {
    const got = hashes(name, run(args));
    fresh[name] = got;
    if (update) return;
    const want = stored.runs[name];
    for (const f of files) if (f in want) assert.equal(got[f], want[f], `vmcs ${name}: the dumps of ${f} print differently`);
    assert.deepEqual(got, want, `vmcs ${name}: output differs (stdout, stderr or exit code)`);
  });
}

if (update) {
  test.after(() => writeFileSync(hashFile, JSON.stringify({ about: 'test/output-stable.test.js', files, runs: fresh }, null, 2) + '\n'));
}

// check --json on a long input runs the rules in worker threads (src/cli/pool.ts) once 64 dumps
// are read: the same bytes, in the same order, with the same exit code as in one thread.
// VMCS_WORKERS=2 forces two of them whatever the machine's load; the fixtures are given three
// times over, so that the pool starts mid-input and runs over file boundaries.
for (const args of [['check', '--json', '--caps', 'i7-9750h'], ['check', '--ndjson', '--failures-only'], ['check', '--json']]) {
  test(`vmcs ${args.join(' ')} prints the same in worker threads as in one thread`, () => {
    const spawn = (workers) =>
      spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args, ...files, ...files, ...files], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, VMCS_WORKERS: String(workers) },
        maxBuffer: 1 << 28,
      });
    const one = spawn(0);
    const two = spawn(2);
    const dumps = args.includes('--ndjson') ? one.stdout.split('\n').filter((l) => l.includes('"type":"dump"')).length : JSON.parse(one.stdout).dumps.length;
    assert.ok(dumps > 64, `only ${dumps} dumps: the pool would not start`);
    assert.equal(two.status, one.status);
    assert.equal(two.stderr, one.stderr);
    assert.ok(two.stdout === one.stdout, 'stdout differs between one thread and worker threads');
  });
}

// One file of many dumps (read whole, under 1 MiB, in pieces): the pool starts inside the file,
// and the pieces after that wait for it (an earlier build wrote them out of order and never exited).
test('vmcs check --json over one file of 100 dumps prints the same in worker threads as in one thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-pool-'));
  const log = join(dir, 'many.log');
  writeFileSync(log, readFileSync(join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt'), 'utf8').repeat(100));
  const spawn = (workers) =>
    spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), 'check', '--json', log], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, VMCS_WORKERS: String(workers) },
      maxBuffer: 1 << 28,
    });
  const one = spawn(0);
  const two = spawn(1);
  assert.equal(JSON.parse(one.stdout).dumps.length, 100);
  assert.equal(two.status, one.status, `worker run: ${two.error ?? two.stderr}`);
  assert.ok(two.stdout === one.stdout, 'stdout differs between one thread and a worker thread');
});
