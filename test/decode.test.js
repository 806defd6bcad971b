// decode(): encodings in the ways people write them, well-formed unassigned encodings,
// malformed ones; and list() with its filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, list, parseEncoding, encodingProblem, formatEncoding, makeEncoding, encodingParts, fieldsFile } from '../dist/index.js';

// [input, encoding, name (null: well-formed but unassigned), width, type, index, access]
const OK = [
  ['0x6800', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['6800', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['0x00006800', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['00006800H', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['00006800h', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['0X6800', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  [' 0x6800 ', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['0x0000000000006800', '0x00006800', 'GUEST_CR0', 'natural', 'guest', 0, 'full'],
  ['0', '0x00000000', 'VIRTUAL_PROCESSOR_ID', '16', 'control', 0, 'full'],
  ['0x2000', '0x00002000', 'IO_BITMAP_A', '64', 'control', 0, 'full'],
  ['0x2001', '0x00002001', 'IO_BITMAP_A_HIGH', '64', 'control', 0, 'high'],
  ['0x201b', '0x0000201b', 'EPT_POINTER_HIGH', '64', 'control', 13, 'high'],
  ['4402', '0x00004402', 'VM_EXIT_REASON', '32', 'exit-info', 1, 'full'],
  ['0x681e', '0x0000681e', 'GUEST_RIP', 'natural', 'guest', 15, 'full'],
  ['0x6c16', '0x00006c16', 'HOST_RIP', 'natural', 'host', 11, 'full'],
  ['0x2801', '0x00002801', 'VMCS_LINK_POINTER_HIGH', '64', 'guest', 0, 'high'],
  ['0x2036', '0x00002036', 'ENCLV_EXITING_BITMAP', '64', 'control', 27, 'full'],
  // well-formed, assigned to no field
  ['0x2046', '0x00002046', null, '64', 'control', 35, 'full'],
  ['0x2047', '0x00002047', null, '64', 'control', 35, 'high'],
  ['0x482c', '0x0000482c', null, '32', 'guest', 22, 'full'],
  ['0x2c18', '0x00002c18', null, '64', 'host', 12, 'full'],
  ['0x0400', '0x00000400', null, '16', 'exit-info', 0, 'full'],
  ['0x6ffe', '0x00006ffe', null, 'natural', 'host', 511, 'full'],
  ['0x2fff', '0x00002fff', null, '64', 'host', 511, 'high'],
];

for (const [input, encoding, name, width, type, index, access] of OK) {
  test(`decode ${JSON.stringify(input)} -> ${encoding} ${name ?? '(unassigned)'}`, () => {
    const r = decode(input);
    assert.equal(r.ok, true, JSON.stringify(r));
    assert.equal(r.input, input);
    assert.equal(r.encoding, parseInt(encoding, 16)); // a number in the library; the hex string is the JSON's
    assert.equal(r.known, name !== null);
    assert.equal(r.name, name);
    if (name === null) assert.equal(r.title, null);
    else assert.equal(typeof r.title, 'string');
    assert.equal(r.width, width);
    assert.equal(r.type, type);
    assert.equal(r.index, index);
    assert.equal(r.access, access);
  });
}

test('decode result shape: exactly input, ok, known, name, title, encoding, width, type, index, access', () => {
  assert.deepEqual(decode('0x2046'), {
    input: '0x2046',
    ok: true,
    known: false,
    name: null,
    title: null,
    encoding: 0x2046,
    width: '64',
    type: 'control',
    index: 35,
    access: 'full',
  });
  assert.deepEqual(decode('6800'), {
    input: '6800',
    ok: true,
    known: true,
    name: 'GUEST_CR0',
    title: 'Guest CR0',
    encoding: 0x6800,
    width: 'natural',
    type: 'guest',
    index: 0,
    access: 'full',
  });
});

// [input, diagnostic code, extra args to check]
const BAD = [
  ['0x1000', 'reserved-bits', { bits: '12' }],
  ['0x7000', 'reserved-bits', { bits: '12' }],
  ['0x8000', 'reserved-bits', { bits: '31:15' }],
  ['0x10000', 'reserved-bits', { bits: '31:15' }],
  ['0xffffffff', 'reserved-bits', { bits: '12 and 31:15' }],
  ['0x9000', 'reserved-bits', { bits: '12 and 31:15' }],
  ['0x6801', 'high-access-not-64bit', { width: 'natural' }],
  ['0x4403', 'high-access-not-64bit', { width: '32' }],
  ['0x0001', 'high-access-not-64bit', { width: '16' }],
  ['0x100000000', 'encoding-too-large', {}],
  ['123456789', 'encoding-too-large', {}],
  ['zz', 'not-hex', {}],
  ['', 'not-hex', {}],
  ['0x', 'not-hex', {}],
  ['GUEST_CR0', 'not-hex', {}],
  ['0x68 00', 'not-hex', {}],
  ['-0x6800', 'not-hex', {}],
  ['0x6800.0', 'not-hex', {}],
];

for (const [input, code, args] of BAD) {
  test(`decode ${JSON.stringify(input)} -> ${code}`, () => {
    const r = decode(input);
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.equal(r.input, input);
    assert.equal(r.diagnostic.code, code);
    assert.equal(r.diagnostic.severity, 'error');
    assert.equal(r.diagnostic.args.input, input);
    for (const [k, v] of Object.entries(args)) assert.equal(r.diagnostic.args[k], v, k);
    assert.deepEqual(Object.keys(r).sort(), ['diagnostic', 'input', 'ok']);
  });
}

test('parseEncoding: forms, non-hex, and values too large for 32 bits', () => {
  assert.equal(parseEncoding('0x6800'), 0x6800);
  assert.equal(parseEncoding('00006800H'), 0x6800);
  assert.equal(parseEncoding('ffffffff'), 0xffffffff);
  assert.equal(parseEncoding('zz'), null);
  assert.equal(parseEncoding('0x100000000'), Infinity);
});

test('encodingProblem agrees with decode', () => {
  assert.equal(encodingProblem(0x6800), null);
  assert.equal(encodingProblem(0x2001), null);
  assert.deepEqual(encodingProblem(0x6801), { code: 'high-access-not-64bit', width: 'natural' });
  assert.equal(encodingProblem(0x1000).code, 'reserved-bits');
  assert.equal(encodingProblem(-1).code, 'encoding-too-large');
  assert.equal(encodingProblem(2 ** 32).code, 'encoding-too-large');
  assert.equal(encodingProblem(1.5).code, 'encoding-too-large');
});

test('makeEncoding, encodingParts and formatEncoding are inverse', () => {
  assert.equal(makeEncoding('natural', 'guest', 0), 0x6800);
  assert.equal(makeEncoding('64', 'control', 13, 'high'), 0x201b);
  assert.deepEqual(encodingParts(0x201b), { width: '64', type: 'control', index: 13, access: 'high' });
  assert.equal(formatEncoding(0x6800), '0x00006800');
  assert.equal(formatEncoding(0), '0x00000000');
});

// ---------------------------------------------------------------------------------------
// list()

test('list(): every field once, ordered by encoding, full halves only', () => {
  const all = list();
  assert.equal(all.length, 206);
  const encs = all.map((e) => e.encoding);
  assert.deepEqual(encs, [...encs].sort((a, b) => a - b));
  assert.ok(all.every((e) => e.access === 'full'));
  assert.deepEqual(new Set(all.map((e) => e.name)), new Set(fieldsFile.fields.map((f) => f.name)));
});

test('list(): entry shape', () => {
  const vpid = list({ pattern: 'VIRTUAL_PROCESSOR_ID' }).find((e) => e.encoding === 0);
  assert.equal(vpid.name, 'VIRTUAL_PROCESSOR_ID');
  assert.equal(vpid.title, 'Virtual-processor identifier (VPID)');
  assert.equal(vpid.sdm, 'B-1');
  assert.equal(vpid.width, '16');
  assert.equal(vpid.type, 'control');
  assert.equal(vpid.index, 0);
  assert.equal(vpid.access, 'full');
  assert.ok(vpid.aliases.includes('VMCS_16BIT_CONTROL_VPID'));
  assert.equal(typeof vpid.condition, 'string');
  assert.equal(vpid.status, undefined);
  const enclv = list({ pattern: 'enclv' });
  assert.equal(enclv.length, 1);
  assert.equal(enclv[0].status, 'removed');
});

test('list({ high: true }): both halves of every 64-bit field, each high right after its full', () => {
  const all = list({ high: true });
  assert.equal(all.length, 284);
  assert.equal(all.filter((e) => e.access === 'high').length, 78);
  for (let i = 0; i < all.length; i++) {
    if (all[i].access !== 'high') continue;
    assert.equal(all[i].name, all[i - 1].name + '_HIGH');
    assert.equal(all[i].encoding, all[i - 1].encoding + 1);
  }
});

// [options, expected count, names that must be (exactly) the result when given]
const FILTERS = [
  [{ type: 'control' }, 73],
  [{ type: 'exit-info' }, 17],
  [{ type: 'guest' }, 80],
  [{ type: 'host' }, 36],
  [{ width: '16' }, 24],
  [{ width: '64' }, 78],
  [{ width: '32' }, 52],
  [{ width: 'natural' }, 52],
  [{ width: '64', high: true }, 156],
  [{ width: '16', high: true }, 24],
  [{ type: 'guest', width: 'natural' }, 23],
  [{ type: 'host', width: '32' }, 1, ['HOST_IA32_SYSENTER_CS']],
  [{ type: 'control', width: '16' }, 6],
  [{ type: 'exit-info', width: '64' }, 3],
  [{ pattern: 'cr0' }, 4, ['CR0_GUEST_HOST_MASK', 'CR0_READ_SHADOW', 'GUEST_CR0', 'HOST_CR0']],
  [{ pattern: 'CR0' }, 4, ['CR0_GUEST_HOST_MASK', 'CR0_READ_SHADOW', 'GUEST_CR0', 'HOST_CR0']],
  [{ pattern: 'Guest-CR0' }, 1, ['GUEST_CR0']],
  [{ pattern: 'cr0', type: 'host' }, 1, ['HOST_CR0']],
  [{ pattern: 'VMX_VMCS_GUEST_CR0' }, 1, ['GUEST_CR0']], // an alias
  [{ pattern: 'VM-exit interruption information' }, 1, ['VM_EXIT_INTR_INFO']], // a former title
  [{ pattern: 'link pointer' }, 1, ['VMCS_LINK_POINTER']],
  [{ pattern: 'link pointer', high: true }, 2, ['VMCS_LINK_POINTER', 'VMCS_LINK_POINTER_HIGH']],
  [{ pattern: 'EPT_POINTER_HIGH' }, 0],
  [{ pattern: 'EPT_POINTER_HIGH', high: true }, 2, ['EPT_POINTER_HIGH', 'SHARED_EPT_POINTER_HIGH']],
  [{ pattern: 'no such field anywhere' }, 0],
  [{ pattern: '' }, 206],
  [{ pattern: '!!!' }, 0],
];

for (const [options, count, names] of FILTERS) {
  test(`list(${JSON.stringify(options)}) -> ${count}`, () => {
    const r = list(options);
    if (names) assert.deepEqual(r.map((e) => e.name), names);
    assert.equal(r.length, count);
    for (const e of r) {
      if (options.type) assert.equal(e.type, options.type);
      if (options.width) assert.equal(e.width, options.width);
      if (!options.high) assert.equal(e.access, 'full');
    }
  });
}
