// The command line, run as users run it: `node bin/vmcs.js ...` over arguments, files and
// standard input. Outputs, --json shapes, exit codes (0 done, 1 invalid input, 2 usage or
// unreadable file), help, version, colour.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const ANSI = /\u001b\[/;
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-cli-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Run the CLI; `input` goes to standard input (an empty stdin when not given). */
function vmcs(args, { input = '', env: extra = {}, color = false } = {}) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  Object.assign(env, extra);
  if (color) {
    delete env.NO_COLOR;
    env.FORCE_COLOR = '1';
  }
  const p = spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 20000 });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

function noStackTrace(r) {
  assert.equal(r.stderr.includes('    at '), false, `stack trace on stderr:\n${r.stderr}`);
  assert.equal(r.stdout.includes('    at '), false, `stack trace on stdout:\n${r.stdout}`);
  assert.doesNotMatch(r.stderr, /internal error/);
}

function lines(s) {
  return s.split('\n').filter((l) => l.length > 0);
}

function tempFile(name, content) {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

// ---------------------------------------------------------------------------------------
// encode

test('encode: one encoding per line, exit 0', () => {
  const r = vmcs(['encode', 'GUEST_CR0', 'guest cr0', 'Guest-RIP', 'EPT_POINTER_HIGH', 'VM-exit interruption information']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '0x00006800\n0x00006800\n0x0000681e\n0x0000201b\n0x00004404\n');
  assert.equal(r.stderr, '');
});

test('encode: an unknown name -> exit 1, the good ones still printed, one error line per bad name', () => {
  const r = vmcs(['encode', 'GUEST_CR0', 'guest_cr9', 'GUEST_RIP', 'GUEST_CR0_FULL']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '0x00006800\n0x0000681e\n');
  const err = lines(r.stderr);
  assert.equal(err.length, 2, r.stderr);
  assert.match(err[0], /guest_cr9/);
  assert.match(err[0], /GUEST_CR0/); // a suggestion
  assert.match(err[1], /GUEST_CR0_FULL/);
  noStackTrace(r);
});

test('encode: names from standard input, one per line (blank lines and # comments skipped)', () => {
  const r = vmcs(['encode'], { input: 'GUEST_CR0\n# a comment\n\n  guest rip  \r\nVMCS_64BIT_GUEST_LINK_POINTER\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '0x00006800\n0x0000681e\n0x00002800\n');
  const j = vmcs(['encode', '--json'], { input: 'GUEST_CR0\nHOST_RIP\n' });
  assert.equal(j.code, 0);
  assert.deepEqual(JSON.parse(j.stdout).map((x) => x.encoding), ['0x00006800', '0x00006c16']);
});

test('encode: empty standard input -> nothing to do, exit 0', () => {
  const r = vmcs(['encode'], { input: '' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
});

test('encode --json: exact shapes for results and errors', () => {
  const r = vmcs(['encode', '--json', 'GUEST_CR0', 'Address of I/O bitmap A (high)', 'guest_cr9']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  for (const o of out) {
    assert.equal(o.schema, 'vmcs/encode/v1');
    delete o.schema;
  }
  assert.equal(out.length, 3);
  assert.deepEqual(Object.keys(out[0]), ['input', 'name', 'title', 'encoding', 'width', 'type', 'index', 'access']);
  assert.deepEqual(out[0], { input: 'GUEST_CR0', name: 'GUEST_CR0', title: 'Guest CR0', encoding: '0x00006800', width: 'natural', type: 'guest', index: 0, access: 'full' });
  assert.deepEqual(out[1], {
    input: 'Address of I/O bitmap A (high)',
    name: 'IO_BITMAP_A_HIGH',
    title: 'Address of I/O bitmap A (high)',
    encoding: '0x00002001',
    width: '64',
    type: 'control',
    index: 0,
    access: 'high',
  });
  assert.deepEqual(Object.keys(out[2]), ['input', 'error', 'suggestions']);
  assert.deepEqual(Object.keys(out[2].error), ['code', 'message']);
  assert.equal(out[2].input, 'guest_cr9');
  assert.equal(out[2].error.code, 'unknown-name');
  assert.equal(typeof out[2].error.message, 'string');
  assert.deepEqual(out[2].suggestions, ['GUEST_CR0', 'GUEST_CR3', 'GUEST_CR4']);
  noStackTrace(r);
});

// ---------------------------------------------------------------------------------------
// decode

test('decode: one row per encoding with name, width, type, index, access and title', () => {
  const r = vmcs(['decode', '0x6800', '6800', '00006800H', '0x2001', '0x2046']);
  assert.equal(r.code, 0, r.stderr);
  const rows = lines(r.stdout);
  assert.equal(rows.length, 5);
  for (const row of rows.slice(0, 3)) assert.match(row, /^0x00006800\s+GUEST_CR0\s+natural\s+guest\s+index\s+0\s+full\s+Guest CR0$/);
  assert.match(rows[3], /^0x00002001\s+IO_BITMAP_A_HIGH\s+64-bit\s+control\s+index\s+0\s+high\s+Address of I\/O bitmap A \(high\)$/);
  assert.match(rows[4], /^0x00002046\s+\S.*\s+64-bit\s+control\s+index\s+35\s+full\b/);
  assert.doesNotMatch(rows[4], /GUEST|HOST/);
});

test('decode: invalid encodings -> exit 1, the good ones still printed, one error line each', () => {
  const r = vmcs(['decode', '0x6800', '0x1000', '0x8000', '0x6801', '0x100000000', 'zz', '0x681e']);
  assert.equal(r.code, 1);
  const rows = lines(r.stdout);
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^0x00006800\s+GUEST_CR0/);
  assert.match(rows[1], /^0x0000681e\s+GUEST_RIP/);
  const err = lines(r.stderr);
  assert.equal(err.length, 5, r.stderr);
  for (const [i, input] of ['0x1000', '0x8000', '0x6801', '0x100000000', 'zz'].entries()) assert.ok(err[i].includes(input), err[i]);
  noStackTrace(r);
});

test('decode: encodings from standard input (encode | decode)', () => {
  const enc = vmcs(['encode', 'GUEST_RIP', 'HOST_RIP']);
  const r = vmcs(['decode'], { input: enc.stdout });
  assert.equal(r.code, 0);
  const rows = lines(r.stdout);
  assert.match(rows[0], /^0x0000681e\s+GUEST_RIP/);
  assert.match(rows[1], /^0x00006c16\s+HOST_RIP/);
});

test('decode --json: exact shapes, known added; errors without suggestions', () => {
  const r = vmcs(['decode', '--json', '0x6800', '0x2046', '0x6801', 'zz']);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  for (const o of out) {
    assert.equal(o.schema, 'vmcs/decode/v1');
    delete o.schema;
  }
  assert.deepEqual(Object.keys(out[0]), ['input', 'name', 'title', 'encoding', 'width', 'type', 'index', 'access', 'known']);
  assert.deepEqual(out[0], { input: '0x6800', name: 'GUEST_CR0', title: 'Guest CR0', encoding: '0x00006800', width: 'natural', type: 'guest', index: 0, access: 'full', known: true });
  assert.deepEqual(out[1], { input: '0x2046', name: null, title: null, encoding: '0x00002046', width: '64', type: 'control', index: 35, access: 'full', known: false });
  assert.deepEqual(Object.keys(out[2]), ['input', 'error']);
  assert.deepEqual(Object.keys(out[2].error), ['code', 'message']);
  assert.equal(out[2].error.code, 'high-access-not-64bit');
  assert.equal(out[3].error.code, 'not-hex');
});

test('encode/decode without options (fast path) print exactly what the full command line prints', () => {
  for (const args of [
    ['encode', 'GUEST_CR0', 'guest_cr9', 'EPT pointer (EPTP; high)', ''],
    ['decode', '0x6800', '0x2046', '0x6801', 'zz', '0x2001'],
  ]) {
    const fast = vmcs(args);
    const full = vmcs([args[0], '--no-color', ...args.slice(1)]);
    assert.deepEqual(fast, full, args.join(' '));
    assert.equal(fast.code, 1);
  }
});

// ---------------------------------------------------------------------------------------
// list

test('list: every field, ordered by encoding', () => {
  const r = vmcs(['list']);
  assert.equal(r.code, 0);
  const rows = lines(r.stdout);
  assert.equal(rows.length, 206);
  const encs = rows.map((l) => parseInt(l.split(/\s+/)[0], 16));
  assert.deepEqual(encs, [...encs].sort((a, b) => a - b));
  assert.match(rows[0], /^0x00000000\s+VIRTUAL_PROCESSOR_ID\s+Virtual-processor identifier \(VPID\)/);
});

test('list: pattern and filters', () => {
  let r = vmcs(['list', 'cr0']);
  assert.equal(r.code, 0);
  assert.deepEqual(lines(r.stdout).map((l) => l.split(/\s+/)[1]), ['CR0_GUEST_HOST_MASK', 'CR0_READ_SHADOW', 'GUEST_CR0', 'HOST_CR0']);
  r = vmcs(['list', '--type', 'host', '--width', 'natural']);
  assert.equal(r.code, 0);
  assert.equal(lines(r.stdout).length, 15);
  r = vmcs(['list', '--high', '--width', '64']);
  assert.equal(lines(r.stdout).length, 156);
  r = vmcs(['list', 'enclv']);
  assert.match(r.stdout, /ENCLV_EXITING_BITMAP.*removed/);
});

test('list: a pattern that matches nothing -> exit 1', () => {
  const r = vmcs(['list', 'no-such-field-anywhere']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  noStackTrace(r);
});

test('list --json: entries with name, title, encoding, width, type, index, access, sdm, aliases', () => {
  const r = vmcs(['list', '--json', '--high', 'link pointer']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.map((e) => [e.name, e.encoding, e.access]), [
    ['VMCS_LINK_POINTER', '0x00002800', 'full'],
    ['VMCS_LINK_POINTER_HIGH', '0x00002801', 'high'],
  ]);
  for (const e of out) {
    for (const k of ['name', 'title', 'encoding', 'width', 'type', 'index', 'access', 'sdm', 'aliases']) assert.ok(k in e, k);
    assert.ok(Array.isArray(e.aliases));
  }
});

// ---------------------------------------------------------------------------------------
// usage errors

for (const args of [
  ['encode', '--bogus', 'GUEST_CR0'],
  ['decode', '--bogus'],
  ['list', '--type', 'bogus'],
  ['list', '--width', '8'],
  ['annotate', '--format', 'xml', 'examples/pairs.log'],
  ['frobnicate'],
]) {
  test(`usage error: vmcs ${args.join(' ')} -> exit 2, one line on stderr, no stack trace`, () => {
    const r = vmcs(args);
    assert.equal(r.code, 2);
    assert.equal(lines(r.stderr).length, 1, r.stderr);
    assert.equal(r.stdout, '');
    noStackTrace(r);
  });
}

test('usage error: a near-miss option (--jsn) -> exit 2, one line on stderr', () => {
  const r = vmcs(['encode', '--jsn', 'GUEST_CR0']);
  assert.equal(r.code, 2);
  noStackTrace(r);
  assert.equal(lines(r.stderr).length, 1, r.stderr);
});

test('no command at all is a usage error: help on stderr, exit 2', () => {
  const r = vmcs([]);
  assert.match(r.stderr, /Usage: vmcs/);
  noStackTrace(r);
  assert.equal(r.code, 2);
});

// ---------------------------------------------------------------------------------------
// help and version

for (const cmd of ['encode', 'decode', 'list', 'annotate']) {
  test(`${cmd} --help: exit 0, shows Examples`, () => {
    const r = vmcs([cmd, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`Usage: vmcs ${cmd}`));
    assert.match(r.stdout, /Examples/);
    assert.match(r.stdout, /--json/);
    noStackTrace(r);
  });
}

test('--help and help: exit 0, list the commands and the exit codes', () => {
  for (const args of [['--help'], ['help']]) {
    const r = vmcs(args);
    assert.equal(r.code, 0, args.join(' '));
    for (const cmd of ['encode', 'decode', 'list', 'annotate']) assert.match(r.stdout, new RegExp(cmd));
    assert.match(r.stdout, /Exit codes/);
  }
  const r = vmcs(['help', 'annotate']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Examples/);
});

test('--version and -V print package.json\'s version', () => {
  for (const flag of ['--version', '-V']) {
    const r = vmcs([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), PKG.version);
  }
});

// ---------------------------------------------------------------------------------------
// colour

test('colour: none by default off a terminal and with NO_COLOR; FORCE_COLOR=1 gives ANSI escapes; --no-color wins', () => {
  assert.doesNotMatch(vmcs(['annotate', 'examples/pairs.log']).stdout, ANSI, 'NO_COLOR=1');
  assert.doesNotMatch(vmcs(['list', 'cr0'], { env: { NO_COLOR: '' } }).stdout, ANSI, 'not a terminal: no colour');
  for (const args of [['decode', '0x6800'], ['list', 'cr0'], ['annotate', 'examples/pairs.log']]) {
    const forced = vmcs(args, { color: true });
    assert.equal(forced.code, 0);
    assert.match(forced.stdout, ANSI, args.join(' '));
    const off = vmcs([...args.slice(0, 1), '--no-color', ...args.slice(1)], { color: true });
    assert.equal(off.code, 0);
    assert.doesNotMatch(off.stdout, ANSI, args.join(' '));
    assert.doesNotMatch(off.stderr, ANSI);
    // the words are the same with and without colour
    assert.equal(forced.stdout.replace(/\u001b\[[0-9;]*m/g, ''), off.stdout);
  }
});

test('colour: errors on stderr are coloured only when forced', () => {
  const forced = vmcs(['decode', '0x6801'], { color: true });
  assert.equal(forced.code, 1);
  assert.match(forced.stderr, ANSI);
  const off = vmcs(['decode', '--no-color', '0x6801'], { color: true });
  assert.doesNotMatch(off.stderr, ANSI);
});

test('colour: FORCE_COLOR=0 turns colour off, and FORCE_COLOR wins over NO_COLOR', () => {
  const off = vmcs(['list', 'cr0'], { env: { FORCE_COLOR: '0' } });
  assert.doesNotMatch(off.stdout, ANSI);
  const on = vmcs(['list', 'cr0'], { env: { FORCE_COLOR: '2', NO_COLOR: '1' } });
  assert.match(on.stdout, ANSI);
});

test('--json output never has ANSI escapes, even when colour is forced', () => {
  for (const args of [['decode', '--json', '0x6800'], ['annotate', '--json', 'examples/pairs.log']]) {
    const r = vmcs(args, { color: true });
    assert.doesNotMatch(r.stdout, ANSI, args.join(' '));
    JSON.parse(r.stdout);
  }
});

// ---------------------------------------------------------------------------------------
// annotate

test('annotate examples/pairs.log: one dump, grouped, summary, exit 0', () => {
  const r = vmcs(['annotate', 'examples/pairs.log']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout;
  assert.match(out, /dump 1/);
  assert.match(out, /examples\/pairs\.log:2-32/);
  assert.match(out, /31 fields/);
  const groups = ['Control fields', 'VM-exit information', 'Guest state', 'Host state'].map((g) => out.indexOf(g));
  assert.ok(groups.every((i) => i >= 0), 'all four groups');
  assert.deepEqual(groups, [...groups].sort((a, b) => a - b), 'groups in order');
  assert.match(out, /0x00006800\s+GUEST_CR0\s+0x0000000080000031\s+Guest CR0/);
  assert.match(out, /0x00000000\s+VIRTUAL_PROCESSOR_ID\s+0x0021\s/);
  assert.match(lines(out).at(-1), /1 dump, 31 fields, 1 of 32 lines skipped/);
});

test('annotate --json examples/pairs.log: the documented shape', () => {
  const r = vmcs(['annotate', '--json', 'examples/pairs.log']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['schema', 'dumps', 'diagnostics', 'summary']);
  assert.deepEqual(out.diagnostics, []);
  assert.deepEqual(out.summary, { lines: 32, skipped: 1, dumps: 1, fields: 31, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 });
  assert.equal(out.dumps.length, 1);
  const d = out.dumps[0];
  assert.deepEqual(Object.keys(d), ['format', 'source', 'firstLine', 'lastLine', 'fields', 'diagnostics']);
  assert.deepEqual([d.format, d.source, d.firstLine, d.lastLine], ['pairs', 'examples/pairs.log', 2, 32]);
  assert.deepEqual(d.diagnostics, []);
  assert.equal(d.fields.length, 31);
  for (const f of d.fields) {
    const keys = Object.keys(f);
    assert.deepEqual(keys.slice(0, 8), ['encoding', 'name', 'title', 'width', 'type', 'access', 'value', 'line']);
    // fields with a bit layout also carry it and their decoded bits
    assert.ok(keys.length === 8 || (keys.length === 10 && keys[8] === 'layout' && keys[9] === 'bits'), keys.join());
    assert.match(f.encoding, /^0x[0-9a-f]{8}$/);
    assert.match(f.value, /^0x[0-9a-f]+$/);
    const digits = { 16: 4, 32: 8, 64: 16, natural: 16 }[f.width];
    assert.equal(f.value.length, 2 + digits, `${f.name} ${f.value} is zero-padded to its width`);
  }
  const byName = Object.fromEntries(d.fields.map((f) => [f.name, f]));
  assert.equal(byName.GUEST_CR0.layout, 'cr0');
  assert.deepEqual(byName.GUEST_CR0.bits.map((b) => b.id), ['PG', 'NE', 'ET', 'PE']);
  delete byName.GUEST_CR0.layout;
  delete byName.GUEST_CR0.bits;
  assert.deepEqual(byName.GUEST_CR0, {
    encoding: '0x00006800',
    name: 'GUEST_CR0',
    title: 'Guest CR0',
    width: 'natural',
    type: 'guest',
    access: 'full',
    value: '0x0000000080000031',
    line: 14,
  });
  assert.equal(byName.TSC_OFFSET.value, '0xfffda9968024bdbc'); // 64-bit values as hex strings
  assert.equal(byName.VIRTUAL_PROCESSOR_ID.value, '0x0021');
});

test('annotate --json: flags and diagnostics, inside dumps and outside', () => {
  const r = vmcs(['annotate', '--json'], { input: 'GUEST_CR0 = 1\n0x2046 = 5\nGUEST_ES_SELECTOR = 0x12345\n0x2800 = 0xffffffff\n0x2801 = 0xffffffff\n\nGUEST_RIP = zzz\n' });
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  const d = out.dumps[0];
  assert.equal(d.source, '<stdin>');
  const byEnc = Object.fromEntries(d.fields.map((f) => [f.encoding, f]));
  assert.deepEqual(byEnc['0x00002046'].flags, ['unknown-encoding']);
  assert.equal(byEnc['0x00002046'].name, null);
  assert.deepEqual(byEnc['0x00000800'].flags, ['value-too-wide']);
  assert.equal(byEnc['0x00000800'].value, '0x12345');
  assert.equal(byEnc['0x00002800'].value, '0xffffffffffffffff');
  assert.equal(byEnc['0x00002801'], undefined, 'halves merged');
  assert.equal('flags' in byEnc['0x00006800'], false);
  for (const x of d.diagnostics) {
    for (const k of ['severity', 'code', 'message', 'args']) assert.ok(k in x, k);
  }
  assert.deepEqual(d.diagnostics.map((x) => [x.code, x.severity, x.line]), [
    ['unknown-encoding', 'warning', 2],
    ['value-too-wide', 'error', 3],
  ]);
  assert.deepEqual(out.diagnostics.map((x) => [x.source, x.code, x.severity, x.line]), [['<stdin>', 'invalid-value', 'error', 7]]);
  assert.deepEqual(out.summary, { lines: 7, skipped: 1, dumps: 1, fields: 4, errors: 2, warnings: 1, unknownReported: 0, unknownSkipped: 0 });
});

test('annotate: standard input, with no file or with "-"', () => {
  const input = '[   12.345] vmx: GUEST_CR0 = 0x80050033\n';
  for (const args of [['annotate'], ['annotate', '-']]) {
    const r = vmcs(args, { input });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /<stdin>:1-1/);
    assert.match(r.stdout, /GUEST_CR0\s+0x0000000080050033/);
  }
});

test('annotate: diagnostics go to stderr as "source:line" lines; exit 1 on errors', () => {
  const f = tempFile('garbled.log', 'GUEST_CR0 = 1\nGUEST_CRX = 0x1\nGUEST_RIP = zzz\nGUEST_CR3 = 2\n');
  const r = vmcs(['annotate', '--brief', f]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /GUEST_CR0/);
  assert.match(r.stdout, /GUEST_CR3/);
  const err = lines(r.stderr);
  assert.equal(err.length, 2, r.stderr);
  assert.ok(err[0].includes(`${f}:2`), err[0]);
  assert.ok(err[1].includes(`${f}:3`), err[1]);
  noStackTrace(r);
});

test('annotate: warnings alone do not fail (exit 0)', () => {
  const r = vmcs(['annotate'], { input: '0x2046 = 5\n0x2800 = 0x1ffffffff\n0x2801 = 0x2\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stderr).length, 2, r.stderr);
});

test('annotate: the README example of what cannot be read (one stderr line each, file:line: severity)', () => {
  const r = vmcs(['annotate'], { input: 'GUEST_RIP = 0xffffffff81000000\nGUEST_CRX = 0x1\n0x0000 = 0x12345\nVMCS[0x2046] = 5\n' });
  assert.equal(r.code, 1);
  const err = lines(r.stderr);
  assert.equal(err.length, 3, r.stderr);
  assert.match(err[0], /^vmcs: <stdin>:2: error: .*GUEST_CRX/);
  assert.match(err[1], /^vmcs: <stdin>:3: error: .*VIRTUAL_PROCESSOR_ID/);
  assert.match(err[2], /^vmcs: <stdin>:4: warning: .*0x00002046/);
  assert.match(r.stdout, /GUEST_RIP\s+0xffffffff81000000/);
});

test('annotate: a broken pipe (reader goes away) ends quietly with status 0', async () => {
  const f = tempFile('big.log', Array.from({ length: 30000 }, (_, i) => `GUEST_CR0 = ${i.toString(16)}\n`).join(''));
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, ['bin/vmcs.js', 'annotate', f], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.equal(stderr.includes('    at '), false, stderr);
});

test('annotate: an empty file -> exit 3, no-fields', () => {
  const f = tempFile('empty.log', '');
  const r = vmcs(['annotate', f]);
  assert.equal(r.code, 3);
  assert.equal(lines(r.stderr).length, 1, r.stderr);
  noStackTrace(r);
  const j = vmcs(['annotate', '--json', f]);
  assert.equal(j.code, 3);
  const out = JSON.parse(j.stdout);
  assert.deepEqual(out.dumps, []);
  assert.deepEqual(out.diagnostics.map((d) => d.code), ['no-fields']);
  assert.equal(out.diagnostics[0].source, f);
});

test('annotate: a binary file (random bytes with NULs) -> exit 3 (no field), no stack trace', () => {
  // A fixed pseudo-random sequence, so that a failure can be reproduced.
  let x = 0x2545f491;
  const bytes = Buffer.alloc(64 * 1024 + 123);
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = i % 97 === 0 ? 0 : x & 0xff;
  }
  const f = tempFile('random.bin', bytes);
  const r = vmcs(['annotate', f]);
  assert.equal(r.code, 3, r.stderr);
  noStackTrace(r);
  const j = vmcs(['annotate', '--json', f]);
  assert.equal(j.code, 3);
  const out = JSON.parse(j.stdout);
  // it starts with a NUL byte, so it is read as a binary region, of no revision this reader knows
  const codes = [...out.diagnostics, ...out.dumps.flatMap((d) => d.diagnostics)].map((d) => d.code);
  assert.ok(codes.includes('unknown-revision'), JSON.stringify(codes));
  noStackTrace(j);
});

test('annotate: an ELF-like file starting with a brace or a bracket does not crash', () => {
  for (const head of ['{"', '[{']) {
    const f = tempFile('odd.bin', Buffer.concat([Buffer.from(head), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a, 0x7b, 0])]));
    const r = vmcs(['annotate', f]);
    assert.equal(r.code, 3, head);
    noStackTrace(r);
  }
});

test('annotate: two files, one missing -> exit 2, the other\'s dump still printed', () => {
  const missing = join(tmp, 'does-not-exist.log');
  for (const files of [['examples/pairs.log', missing], [missing, 'examples/pairs.log']]) {
    const r = vmcs(['annotate', ...files]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /examples\/pairs\.log:2-32/);
    assert.match(r.stdout, /GUEST_CR0/);
    const err = lines(r.stderr);
    assert.equal(err.length, 1, r.stderr);
    assert.ok(err[0].includes(missing));
    noStackTrace(r);
  }
  const j = vmcs(['annotate', '--json', 'examples/pairs.log', missing]);
  assert.equal(j.code, 2);
  const out = JSON.parse(j.stdout);
  assert.equal(out.dumps.length, 1);
  assert.equal(out.dumps[0].source, 'examples/pairs.log');
  assert.equal(out.diagnostics.length, 1);
  assert.equal(out.diagnostics[0].source, missing);
  assert.equal(out.diagnostics[0].severity, 'error');
});

test('annotate: a directory is unreadable -> exit 2', () => {
  const r = vmcs(['annotate', 'examples']);
  assert.equal(r.code, 2);
  assert.equal(lines(r.stderr).length, 1, r.stderr);
  noStackTrace(r);
});

test('annotate: several files, dumps numbered across them, summary added up', () => {
  const a = tempFile('a.log', 'GUEST_CR0 = 1\n\nGUEST_CR0 = 2\n');
  const b = tempFile('b.log', 'HOST_RIP = 3\nfoo\n');
  const r = vmcs(['annotate', '--json', a, b]);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.dumps.map((d) => [d.source, d.fields.map((f) => f.value)]), [
    [a, ['0x0000000000000001']],
    [a, ['0x0000000000000002']],
    [b, ['0x0000000000000003']],
  ]);
  assert.deepEqual(out.summary, { lines: 5, skipped: 2, dumps: 3, fields: 3, errors: 0, warnings: 0, unknownReported: 0, unknownSkipped: 0 });
  const h = vmcs(['annotate', a, b]);
  assert.match(h.stdout, /dump 3/);
});

test('annotate: JSON input, and --json output read back (round trip)', () => {
  const r1 = vmcs(['annotate', '--json'], { input: '{"GUEST_CR0":"0x80050033","0x681e":"ffff"}' });
  assert.equal(r1.code, 0, r1.stderr);
  const out1 = JSON.parse(r1.stdout);
  assert.equal(out1.dumps[0].format, 'json');
  assert.deepEqual(out1.dumps[0].fields.map((f) => [f.name, f.value]), [
    ['GUEST_CR0', '0x0000000080050033'],
    ['GUEST_RIP', '0x000000000000ffff'],
  ]);
  const first = vmcs(['annotate', '--json', 'examples/pairs.log']).stdout;
  const r2 = vmcs(['annotate', '--json', tempFile('round.json', first)]);
  assert.equal(r2.code, 0, r2.stderr);
  const strip = (o) => o.dumps.map((d) => d.fields.map((f) => [f.encoding, f.name, f.value]));
  assert.deepEqual(strip(JSON.parse(r2.stdout)), strip(JSON.parse(first)));
});

test('annotate --format: pairs does not read JSON, json rejects text', () => {
  let r = vmcs(['annotate', '--format', 'json', 'examples/pairs.log']);
  assert.equal(r.code, 3);
  noStackTrace(r);
  r = vmcs(['annotate', '--json', '--format', 'json', 'examples/pairs.log']);
  assert.deepEqual(JSON.parse(r.stdout).diagnostics.map((d) => d.code), ['invalid-json']);
  r = vmcs(['annotate', '--format', 'pairs'], { input: '{"GUEST_CR0":"0x1"}' });
  assert.equal(r.code, 3);
});

test('annotate: a 200 KB line -> exit 1 (line-too-long), no crash', () => {
  const f = tempFile('long.log', 'GUEST_CR0 = 1\n' + 'z'.repeat(200 * 1024) + '\nGUEST_CR3 = 2\n');
  const r = vmcs(['annotate', '--json', '--brief', f]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.dumps[0].fields.map((x) => x.name), ['GUEST_CR0', 'GUEST_CR3']);
  assert.deepEqual(out.dumps[0].diagnostics.map((x) => [x.code, x.line]), [['line-too-long', 2]]);
  noStackTrace(r);
});

test('annotate --json stays valid JSON with quotes, backslashes and control characters in names and input', () => {
  // (ESC c, not a colour: a terminal's CSI sequences are taken out of each line before it is read)
  const f = tempFile('we"ird \\ name.log', 'GUEST_RIP = "\\x\u0001\u001bc\nGUEST_CR0 = 1\nGUEST_CRX = 5\n');
  const r = vmcs(['annotate', '--json', f]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.dumps[0].source, f);
  assert.deepEqual(out.dumps[0].fields.map((x) => x.name), ['GUEST_CR0']);
  // (the unreadable line right before the dump's first field is the dump's: pairs5, issue 10)
  assert.deepEqual(out.dumps[0].diagnostics.map((x) => [x.code, x.line]), [['invalid-value', 1], ['unknown-field', 3]]);
  assert.deepEqual(out.diagnostics, []);
  assert.equal(out.dumps[0].diagnostics[0].args.value, '"\\x\u0001\u001bc');
});

test('annotate: CRLF files read like LF files', () => {
  const text = 'GUEST_CR0 = 1\nGUEST_CR3 = 2\n\nHOST_RIP = 3\n';
  const lf = vmcs(['annotate', '--json', tempFile('lf.log', text)]);
  const crlf = vmcs(['annotate', '--json', tempFile('crlf.log', text.replaceAll('\n', '\r\n'))]);
  const strip = (s) => JSON.parse(s).dumps.map((d) => [d.firstLine, d.lastLine, d.fields.map((f) => [f.name, f.value, f.line])]);
  assert.deepEqual(strip(crlf.stdout), strip(lf.stdout));
});

test('annotate --brief --json: one object per field, no layout or bits', () => {
  const r = vmcs(['annotate', '--json', '--brief', 'examples/pairs.log']);
  assert.equal(r.code, 0);
  for (const f of JSON.parse(r.stdout).dumps[0].fields) {
    assert.deepEqual(Object.keys(f), ['encoding', 'name', 'title', 'width', 'type', 'access', 'value', 'line']);
  }
});

// annotate suggests `vmcs check` for a failed entry only where check evaluates a rule: a dump of
// VM-exit information and notes alone (one-line messages) gets no hint, and check exits 3 on it
// (nothing evaluated); a dump with a field a check reads keeps it. [what, input, hint shown]
for (const [what, input, hint] of [
  ['HyperBone: basic reason 33 and qualification 0 alone', 'HyperBone: CPU 0: VmExitStartFailed: Failed to enter VM, reason 33, code 0\n', false],
  ['jonomango/hv: VM-instruction error 7 alone', '[hv] VMLAUNCH failed. Instruction error = 7.\n', false],
  ['jonomango/hv: exit 33 with the guest RIP alone (no rule reads RIP without CS and the entry controls)', '[2][CPU=3] Unhandled VM-exit. Exit Reason: 33 RIP: FFFFF8047A21C3D0\n', false],
  ['Bareflank: VM-instruction error 8 by its text', 'ERROR: vmlaunch failed:\nERROR:     - vm_instruction_error: VM entry with invalid host-state field(s)\n', false],
  ['exit 0x80000021 with qualification 3: the recorded value decides a rule', 'HyperBone: CPU 0: VmExitStartFailed: Failed to enter VM, reason 33, code 3\n', true],
  ['a pairs dump with guest state', 'VM_EXIT_REASON = 0x80000021\nGUEST_CR0 = 0x80000031\nGUEST_RFLAGS = 0x2\n', true],
  ["QEMU's register dump after hardware error 0x80000021", 'KVM: entry failed, hardware error 0x80000021\nEIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0\nCR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000\n', true],
]) {
  test(`annotate's "vmcs check" hint only where check evaluates something, table: ${what}`, () => {
    const a = vmcs(['annotate', '-'], { input });
    assert.equal(a.stdout.includes('Which check fails: vmcs check'), hint, a.stdout);
    const c = vmcs(['check', '-'], { input });
    // 3: nothing could be checked (README, exit statuses); 0 or 1: rules were evaluated
    assert.equal(c.code !== 3, hint, c.stdout + c.stderr);
  });
}
