// Hostile input and the promises of the README under pressure: the findings F1-F24 of the
// reliability report (docs/reliability.md in the research notes), one test each, run as
// users run the CLI (`node bin/vmcs.js`), plus the library where the finding lives there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stalledRun } from '../bench/stalled-reader.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/vmcs.js');
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const PAIRS = readFileSync(join(ROOT, 'examples/pairs.log'), 'utf8');
const SAMPLE01 = join(ROOT, 'test/fixtures/samples/01-kvm-5.15-proxmox-syslog.txt');

function file(name, content) {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function vmcs(args, { input = '', env = {}, stdout } = {}) {
  const e = { ...process.env, NO_COLOR: '1', ...env };
  delete e.FORCE_COLOR;
  const p = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', env: e, timeout: 60000, maxBuffer: 1 << 28, ...(stdout ? { stdio: ['pipe', stdout, 'pipe'] } : {}) });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout ?? '', stderr: p.stderr };
}

/** No stack trace, no internal error, and stderr lines each one line. */
function clean(r) {
  assert.doesNotMatch(r.stderr, /^\s+at /m, `stack trace:\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.notEqual(r.code, 70);
  assert.ok(r.code !== null, 'killed');
}

test('F1: check --json and annotate into a stalled pipe keep memory flat (back-pressure)', async () => {
  const big = file('big.log', (PAIRS + '\n').repeat(600));
  // Before the fix: 259 MB (check --json, 600 dumps, 64 MB of output; 700 MB for 2,000);
  // after: about 120 MB, whatever the number of dumps.
  const r = await stalledRun(BIN, ['check', '--json', big], 2000);
  assert.equal(r.code, 1);
  assert.ok(r.bytes > 60e6, `all output arrived (${r.bytes})`);
  assert.ok(r.peakKb < 180 * 1024, `peak RSS ${r.peakKb} kB`);
});

test('F3: a write error on standard output is one line and status 2, never a stack trace', () => {
  for (const args of [['annotate', 'examples/pairs.log'], ['encode', 'GUEST_RIP'], ['list'], ['--help'], ['check', '--json', 'examples/pairs.log'], ['caps', 'i7-9750h']]) {
    const p = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${args.join(' ')} > /dev/full`], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(p.status, 2, `${args.join(' ')}: ${p.stderr}`);
    assert.equal(p.stderr, 'vmcs: error: cannot write standard output: no space left on device\n', args.join(' '));
  }
});
