// check --json / --ndjson with worker threads (src/cli/pool.ts, src/cli/check-worker.ts) when
// standard output is a regular file: the workers write the dumps' text to it themselves, in batch
// order, after what the main thread wrote, and the main thread writes the summary after them
// (test/output-stable.test.js runs the workers through a pipe, where the text comes back to the
// main thread as bytes). Every row runs one thread (VMCS_WORKERS=0) and workers, and compares
// the file, standard error and the exit status byte for byte.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'vmcs-workers-'));
const samples = join(root, 'test', 'fixtures', 'samples');
const sample02 = readFileSync(join(samples, '02-kvm-5.x-dosemu2-core2duo-dmesg.txt'), 'utf8');
// 150 KVM dumps (the pool starts after 64), with a dump of a value wider than 64 bits (sent
// whole) and QEMU's failed-entry report (a note check reads) among them
const many = join(dir, 'many.log');
writeFileSync(
  many,
  sample02.repeat(70) + 'GUEST_RIP = 0x1ffffffffffffffff\nGUEST_RSP = 0x10\nGUEST_CR0 = 0x31\n\n' + sample02.repeat(80),
);
const all = readdirSync(samples)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => join(samples, f));

/** One run with standard output to a file (and standard error to it too when `together`). */
function run(workers, args, together, limitBlocks) {
  const file = join(dir, `out-${workers}.txt`);
  const fd = openSync(file, 'w');
  const node = [process.execPath, join(root, 'bin', 'vmcs.js'), ...args];
  // ulimit -f: a write past the limit fails with EFBIG (Node ignores SIGXFSZ)
  const cmd = limitBlocks ? ['sh', ['-c', `ulimit -f ${limitBlocks}; exec "$@"`, 'sh', ...node]] : [node[0], node.slice(1)];
  const r = spawnSync(cmd[0], cmd[1], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', fd, together ? fd : 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, VMCS_WORKERS: String(workers) },
  });
  closeSync(fd);
  return { status: r.status, stderr: r.stderr ?? '', out: readFileSync(file), error: r.error };
}

// name, arguments, workers, standard error into the same file, file size limit (512-byte blocks)
const ROWS = [
  ['--json --caps', ['check', '--json', '--caps', 'i7-9750h', many], 1, false, 0],
  ['--json, two workers', ['check', '--json', many], 2, false, 0],
  ['--ndjson --failures-only', ['check', '--ndjson', '--failures-only', many], 1, false, 0],
  ['--json over every sample, three times', ['check', '--json', ...all, ...all, ...all], 2, false, 0],
  ['an unreadable file between long ones, stderr into the same file', ['check', '--json', many, join(dir, 'missing.log'), many], 1, true, 0],
  ['a write that fails past the workers start (EFBIG)', ['check', '--json', '--caps', 'i7-9750h', many, many], 1, false, 30000],
  ['a write that fails, two workers', ['check', '--json', '--caps', 'i7-9750h', many, many], 2, false, 30000],
];

for (const [name, args, workers, together, limit] of ROWS) {
  test(`check with workers writing a file: ${name}`, () => {
    const one = run(0, args, together, limit);
    const par = run(workers, args, together, limit);
    assert.equal(par.error, undefined);
    assert.equal(par.status, one.status, `worker run: ${par.stderr}`);
    assert.equal(par.stderr, one.stderr);
    assert.ok(par.out.equals(one.out), `the file differs: ${par.out.length} bytes against ${one.out.length}`);
    if (limit) {
      assert.equal(one.status, 2);
      assert.match(one.stderr, /EFBIG/);
      assert.equal(one.out.length, limit * 512);
    }
  });
}
