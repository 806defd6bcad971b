// Fuzzing every reader (text dialects, JSON, binary regions, hex dumps, capability sources):
// arbitrary bytes, mutations of the real dumps of test/fixtures/samples, truncations, and random
// chunk boundaries. Used by test/fuzz.test.js (a few seconds) and scripts/fuzz.mjs (npm run
// fuzz, a budget in seconds). Invariants: no throw; it ends; the result does not depend on how
// the input is cut into chunks; every per-line diagnostic of a text dump names a line.
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const lib = await import(join(ROOT, 'dist/index.js'));
const { annotate, Annotator, checkDump, parseCaps, decodeCaps } = lib;

const dir = (d) => join(ROOT, d);
// the real samples and the constructed fixtures (the jonomango/hv and Bareflank lines, ftrace, CET, HAXM's <private>...)
const samples = ['test/fixtures/samples', 'test/fixtures/constructed'].flatMap((d) =>
  readdirSync(dir(d))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => new Uint8Array(readFileSync(join(dir(d), f)))));
/** Lines of the newer readers' shapes that no fixture holds whole (pairs runs, vmread(ENC) =, hyperkit's hvdump). */
const SHAPES = [
  'CPU(0x00): vmread(0x6800) = 0000000080050033\nvmread(0x6802) = 00001234\n__vmx_vmread(0x00006800) = 0x80050033\n',
  '6800 80050033 6802 1234\n0x00006800 0x0000000080050033 0x00006802 0x0000000000001234 0x00004002 0x84006172\n',
  'VMCS_GUEST_CR0:                0x80050033\nVMCS_GUEST_RIP:                0xffff\n',
].map((s) => new TextEncoder().encode(s));
const capsSamples = readdirSync(dir('test/fixtures/caps'))
  .filter((f) => !f.endsWith('.md'))
  .map((f) => new Uint8Array(readFileSync(join(dir('test/fixtures/caps'), f))));

/** A vmcs12 region (revision 0x11e57ed0) and its xxd text, built here. */
function vmcs12() {
  const b = new Uint8Array(4096);
  new DataView(b.buffer).setUint32(0, 0x11e57ed0, true);
  for (let i = 8; i < b.length; i++) b[i] = (i * 131 + 7) & 0xff;
  return b;
}
function xxd(bytes) {
  let s = '';
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.subarray(o, o + 16);
    const hex = [];
    for (let i = 0; i < row.length; i += 2) hex.push([...row.subarray(i, i + 2)].map((x) => x.toString(16).padStart(2, '0')).join(''));
    s += `${o.toString(16).padStart(8, '0')}: ${hex.join(' ')}  ${[...row].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('')}\n`;
  }
  return new TextEncoder().encode(s);
}
const region = vmcs12();
const seeds = [...samples, ...SHAPES, region, xxd(region), new TextEncoder().encode('{"GUEST_RIP": "0x1", "GUEST_CR0": 2147483697}\n')];

const FORMATS = ['auto', 'auto', 'auto', 'pairs', 'kvm', 'xen', 'haxm', 'hvext', 'bhyve', 'kvm-exit', 'vbox', 'qemu', 'noirvisor', 'jonomango-hv', 'bareflank', 'json'];
const LINE_CODES = new Set(['unknown-field', 'invalid-value', 'value-too-wide', 'conflicting-values', 'line-too-long', 'invalid-json-entry']);
const REGION_FORMATS = new Set(['vmcs12', 'evmcs', 'nested-state', 'hardware']);

/** Structural tokens worth splicing in: headers, separators, odd bytes. */
const TOKENS = ['*** Guest State ***', '*** Host State ***', '*** Control State ***', 'VMCS ', ' = ', ': ', '0x', 'RIP = 0x', 'CR0: actual=', '\n', '\r\n', '\0', '{"', '[{', '00000000: ', '\u2192', '\u202e', '\u001b[2J', 'reason=80000021 qualification=', '(XEN) ',
  // the newer readers' words: a wrap or a cut puts them anywhere
  '[hv] VMLAUNCH', 'Instruction error = ', 'Unhandled VM-exit. Exit Reason: ', '[0] DEBUG: ', 'ERROR:     - vm_instruction_error: ', 'extra data[0]: 0x', 'KVM internal error. Suberror: ', 'vm exit[0]\n', '\texit_reason\t', 'vmread(0x', ') = ', '6800 ', '<private>'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut'), at: fc.nat() }),
  fc.record({ kind: fc.constant('drop'), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('insert'), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('dup'), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
);

function mutate(bytes, muts) {
  let b = bytes;
  for (const m of muts) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    if (m.kind === 'flip' && b.length) {
      b = b.slice();
      b[at % b.length] = m.byte;
    } else if (m.kind === 'cut') b = b.subarray(0, at);
    else if (m.kind === 'drop') b = concat(b.subarray(0, at), b.subarray(at + m.len));
    else if (m.kind === 'insert') b = concat(b.subarray(0, at), new TextEncoder().encode(m.token), b.subarray(at));
    else if (m.kind === 'dup') b = concat(b.subarray(0, at + m.len), b.subarray(at));
  }
  return b;
}
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The input: arbitrary bytes, or a seed (real dump, region, hex dump, JSON) mutated. */
export const input = fc.oneof(
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 600 }).map((s) => new TextEncoder().encode(s)) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...seeds), fc.array(mutation, { maxLength: 6 })).map(([s, m]) => mutate(s, m)) },
);

/** Chunk boundaries, as fractions of the input. */
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

function shape(dumps) {
  return dumps.map((d) => ({ format: d.format, first: d.firstLine, last: d.lastLine, fields: d.fields.map((f) => [f.encoding, String(f.value)]), diags: d.diagnostics.map((x) => [x.code, x.line]) }));
}

/** One run over one input: every invariant. */
export function checkReaders(bytes, format, fractions) {
  const whole = annotate(bytes, { format, bits: false });
  // every per-line diagnostic of a text dump names a line of the input
  for (const d of whole.dumps) {
    if (REGION_FORMATS.has(d.format)) continue;
    for (const x of d.diagnostics) {
      if (!LINE_CODES.has(x.code) || (d.format === 'json' && x.code !== 'line-too-long')) continue;
      assert.ok(Number.isInteger(x.line) && x.line >= 1 && x.line <= Math.max(1, whole.summary.lines), `${x.code} without a line (${x.line}) in a ${d.format} dump`);
    }
  }
  for (const d of whole.dumps) checkDump(d);
  // the same in chunks
  const points = [...new Set(fractions.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const a = new Annotator({ format, bits: false });
  const dumps = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    dumps.push(...a.write(bytes.subarray(prev, p)));
    prev = p;
  }
  dumps.push(...a.end());
  assert.deepEqual(shape(dumps), shape(whole.dumps), 'chunked result differs');
  assert.deepEqual(a.summary, whole.summary, 'chunked summary differs');
}

export function checkCaps(bytes) {
  const text = new TextDecoder().decode(bytes);
  const r = parseCaps(text, 'fuzz');
  if (!('error' in r)) decodeCaps(r.caps);
}

export const capsInput = fc.oneof(
  fc.string({ maxLength: 400 }).map((s) => new TextEncoder().encode(s)),
  fc.tuple(fc.constantFrom(...capsSamples), fc.array(mutation, { maxLength: 6 })).map(([s, m]) => mutate(s, m)),
);

/** The properties, for fc.assert. */
export const readersProperty = () => fc.property(input, fc.constantFrom(...FORMATS), cuts, (b, f, c) => checkReaders(b, f, c));
export const capsProperty = () => fc.property(capsInput, (b) => checkCaps(b));
