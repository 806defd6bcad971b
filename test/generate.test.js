// vmcs generate: every target's file is compiled or loaded with the toolchain when it is on
// the machine (the test says so when it skips), small programs in C, Rust and Python print
// constants that are compared with fields.json, golden files keep the output stable
// (UPDATE_GOLDEN=1 rewrites them), and no target declares an identifier twice.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { generate, TARGETS, nameSets, suggest } from '../dist/generate/index.js';
import fc from 'fast-check';
import './property-seed.js';
import { Namer, C_KEYWORDS, RUST_KEYWORDS, GO_KEYWORDS, PYTHON_KEYWORDS, ZIG_KEYWORDS, TS_KEYWORDS } from '../dist/generate/naming.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/generate');
const TABLE = JSON.parse(readFileSync(join(ROOT, 'fields.json'), 'utf8'));
const SMALL = JSON.parse(readFileSync(join(FIXTURES, 'table.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'vmcs-generate-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const EXT = { c: 'h', rust: 'rs', go: 'go', python: 'py', zig: 'zig', typescript: 'ts', ida: 'ida.py', ghidra: 'ghidra.py', binja: 'binja.py', windbg: 'js' };
const SETS = nameSets(TABLE);

function run(cmd, args, opts = {}) {
  const p = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240000, ...opts });
  return { code: p.status, out: p.stdout ?? '', err: (p.stderr ?? '') + (p.error ? String(p.error) : '') };
}
/** A reason to skip when `cmd` is not installed, else false. */
function missing(cmd, args = ['--version']) {
  const p = spawnSync(cmd, args, { encoding: 'utf8' });
  return p.error || p.status !== 0 ? `${cmd} is not installed here` : false;
}
function ok(r, what) {
  assert.equal(r.code, 0, `${what} failed:\n${r.err.slice(0, 3000)}\n${r.out.slice(0, 1000)}`);
  return r.out;
}
function write(name, text) {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}
const memo = new Map();
/** generate(), remembered per target and name set of the real table (several tests compile the same files). */
function gen(target, names, table = TABLE) {
  const key = `${target}/${names ?? ''}`;
  if (table === TABLE && memo.has(key)) return memo.get(key);
  const r = generate(target, { table, version: '0.0.0-test', ...(names ? { names } : {}) });
  if (table === TABLE) memo.set(key, r);
  return r;
}

// ---- what fields.json says, computed here without the generator ----
const expectedFields = {};
for (const f of TABLE.fields) {
  expectedFields[f.name] = parseInt(f.encoding, 16);
  if (f.high) expectedFields[f.name + '_HIGH'] = parseInt(f.high.encoding, 16);
}
const enumValues = (key) => Object.fromEntries(Object.entries(TABLE.enums[key].values).map(([v, m]) => [m.id, Number(v)]));
const expectedReasons = enumValues('basic-exit-reason');
const expectedErrors = enumValues('vm-instruction-error');
function layoutMask(key, id) {
  const b = TABLE.layouts[key].bits.find((x) => x.id === id);
  const [hi, lo = hi] = b.bits.split(':').map(Number);
  return ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
}
function layoutAggregate(key, flag) {
  let m = 0n;
  for (const b of TABLE.layouts[key].bits) if (b[flag]) {
    const [hi, lo = hi] = b.bits.split(':').map(Number);
    m |= ((1n << BigInt(hi - lo + 1)) - 1n) << BigInt(lo);
  }
  return m;
}
/** The constants the sample programs print, with their values from fields.json. */
const SAMPLE = [
  ['GUEST_RIP', BigInt(expectedFields.GUEST_RIP)],
  ['IO_BITMAP_A', BigInt(expectedFields.IO_BITMAP_A)],
  ['IO_BITMAP_A_HIGH', BigInt(expectedFields.IO_BITMAP_A_HIGH)],
  ['HOST_IA32_SPEC_CTRL', BigInt(expectedFields.HOST_IA32_SPEC_CTRL)],
  ['VM_INSTRUCTION_ERROR', BigInt(expectedFields.VM_INSTRUCTION_ERROR)],
  ['EXIT_REASON_EPT_VIOLATION', BigInt(expectedReasons.EPT_VIOLATION)],
  ['VMXERR_ENTRY_INVALID_CONTROL_FIELD', BigInt(expectedErrors.ENTRY_INVALID_CONTROL_FIELD)],
  ['PIN_BASED_NMI_EXITING', layoutMask('pin-based', 'NMI_EXITING')],
  ['PIN_BASED_DEFAULT1_MASK', layoutAggregate('pin-based', 'default1')],
  ['PIN_BASED_RESERVED_MASK', layoutAggregate('pin-based', 'reserved')],
  ['EPTP_ROOT_ADDRESS', layoutMask('eptp', 'ROOT_ADDRESS')],
  ['EPTP_ROOT_ADDRESS_SHIFT', 12n],
  ['SEGMENT_ACCESS_RIGHTS_DPL', layoutMask('segment-access-rights', 'DPL')],
];
/** Enums other than exit reasons and VM-instruction errors. */
const TABLE_ENUM_COUNT = Object.keys(TABLE.enums).length - 2;
const expectedSample = SAMPLE.map(([n, v]) => `${n}=${v.toString(16)}`).join('\n') + '\n';

// ---- the table and the library ----

test('projectNames: every identifier is the name or an alias of exactly one field or high half', () => {
  const owner = new Map();
  for (const f of TABLE.fields) {
    for (const n of [f.name, ...f.aliases]) {
      assert.equal(owner.has(n), false, `${n} names two fields`);
      owner.set(n, f.name);
    }
    if (f.high) for (const n of [f.name + '_HIGH', ...f.high.aliases]) owner.set(n, f.name + '_HIGH');
  }
  for (const [project, list] of Object.entries(TABLE.projectNames.projects)) {
    for (const id of list) assert.ok(owner.has(id), `${project}: ${id} is no name or alias of fields.json`);
  }
  assert.deepEqual(SETS.slice(0, 4), ['vmcs', 'sdm', 'linux', 'xen']);
});

test('every target, every name set: deterministic, and each identifier declared once per scope', () => {
  for (const target of TARGETS) {
    for (const names of SETS) {
      const a = gen(target, names);
      if (names === 'vmcs') assert.equal(generate(target, { table: TABLE, version: '0.0.0-test', names }).text, a.text, `${target} is not deterministic`);
      assert.doesNotMatch(a.text, /\d{4}-\d\d-\d\dT\d\d:/, 'no timestamps');
      for (const [scope, ids] of Object.entries(a.identifiers)) {
        assert.equal(new Set(ids).size, ids.length, `${target} --names ${names}: duplicate in ${scope}`);
        for (const id of ids) if (scope !== 'types') assert.match(id, /^[A-Za-z_][A-Za-z0-9_]*$/, `${target} --names ${names}: ${id}`);
      }
      assert.equal(a.diagnostics.filter((d) => d.code === 'renamed-identifier' && d.args.reason === 'collision').length, 0, `${target} --names ${names}: collisions in the real table`);
    }
  }
});

test('--only picks the parts; _HIGH only for 64-bit fields; fallbacks are said in a comment', () => {
  const only = (parts) => generate('c', { table: TABLE, only: parts }).text;
  assert.match(only(['errors']), /VMXERR_/);
  assert.doesNotMatch(only(['errors']), /enum vmcs_field|EXIT_REASON_|#define PIN_BASED/);
  assert.doesNotMatch(only(['fields']), /VMXERR_|#define PIN_BASED_NMI/);
  const c = gen('c').text;
  const highs = [...c.matchAll(/^\t(\w+) = 0x([0-9a-f]{8}),/gm)].filter((m) => parseInt(m[2], 16) & 1);
  assert.equal(highs.length, Object.keys(expectedFields).filter((n) => n.endsWith('_HIGH')).length);
  for (const [, , enc] of highs) assert.equal((parseInt(enc, 16) >> 13) & 3, 1, `${enc} is high but not 64-bit`);
  const linux = gen('c', 'linux');
  assert.match(linux.text, /\tHLAT_PREFIX_SIZE = 0x00000006, \/\* HLAT prefix size; .*linux has no name for it \(canonical name\)/);
  assert.ok(linux.diagnostics.some((d) => d.code === 'fallback-names' && d.args.fields.includes('HLAT_PREFIX_SIZE')));
  assert.match(gen('c', 'ia32-doc').text, /VMCS_CTRL_IO_BITMAP_A_ADDRESS_HIGH = 0x00002001, .*ia32-doc has no name for the high half/);
  assert.match(gen('rust', 'rust-x86').text, /pub mod control \{[^}]*pub const VPID: u32 = 0x0000_0000;/);
  assert.match(gen('c', 'xen').text, /\tEOI_EXIT_BITMAP_1 = 0x0000201e,/);
});

test('identifier sanitising: keyword, leading digit, invalid characters, collision', () => {
  const cases = [
    // raw, expected, reason
    ['GUEST_RIP', 'GUEST_RIP', undefined],
    ['class', 'class_', 'keyword'],
    ['2ND', '_2ND', 'leading-digit'],
    ['EOI(1)_HIGH', 'EOI_1_HIGH', 'invalid-characters'],
    ['control::VPID', 'control_VPID', undefined],
    ['GUEST_RIP', 'GUEST_RIP_2', 'collision'],
    ['GUEST_RIP', 'GUEST_RIP_3', 'collision'],
  ];
  const diags = [];
  const n = new Namer({ keywords: C_KEYWORDS }, diags);
  for (const [raw, want, reason] of cases) {
    const before = diags.length;
    assert.equal(n.take('s', raw), want, raw);
    assert.equal(diags.length > before ? diags.at(-1).args.reason : undefined, reason, raw);
  }
  assert.deepEqual(suggest('rsut', TARGETS), ['rust']);
  assert.deepEqual(suggest('linx', SETS), ['linux']);
  assert.throws(() => generate('cobol', { table: TABLE }), RangeError);
  assert.throws(() => generate('c', { table: TABLE, names: 'nobody' }), RangeError);
});

test('property: any identifiers in any order come out valid, never a keyword, and unique per scope, for every language', () => {
  const languages = [C_KEYWORDS, RUST_KEYWORDS, GO_KEYWORDS, PYTHON_KEYWORDS, ZIG_KEYWORDS, TS_KEYWORDS];
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('class', '_', 'type', '2ND', 'A(1)', 'A_1', 'A_1_2', 'control::VPID', 'None')), { maxLength: 40 }), (raws) => {
      for (const keywords of languages) {
        const n = new Namer({ keywords }, []);
        const seen = new Set();
        for (const raw of raws) {
          const id = n.take('s', raw);
          assert.match(id, /^[A-Za-z_][A-Za-z0-9_]*$/, JSON.stringify(raw));
          assert.equal(keywords.has(id), false, id);
          assert.equal(seen.has(id), false, id);
          seen.add(id);
        }
      }
    }),
    { numRuns: 300 },
  );
});

// ---- golden files ----

for (const target of TARGETS) {
  test(`golden: ${target}`, () => {
    const r = gen(target, 'demo', SMALL);
    const file = join(FIXTURES, `${target}.golden`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, r.text);
    assert.ok(existsSync(file), `no ${file}: UPDATE_GOLDEN=1 npm test writes it`);
    assert.equal(r.text, readFileSync(file, 'utf8'), `${target} output changed; UPDATE_GOLDEN=1 npm test rewrites test/fixtures/generate/${target}.golden`);
    // the made-up project's names: a keyword, a leading digit, characters to replace, a collision
    const renamed = r.diagnostics.filter((d) => d.code === 'renamed-identifier').map((d) => d.args.reason);
    assert.ok(renamed.includes('collision'), `${target}: ${renamed}`);
  });
}

test('golden files with the sanitised names compile too (C, C++, Rust, Python)', () => {
  const c = write('golden/demo.h', gen('c', 'demo', SMALL).text);
  if (!missing('cc')) ok(run('cc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-fsyntax-only', '-x', 'c', c]), 'cc golden');
  if (!missing('c++')) ok(run('c++', ['-std=c++17', '-Wall', '-Werror', '-fsyntax-only', '-x', 'c++', c]), 'c++ golden');
  if (!missing('rustc')) ok(run('rustc', ['--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--out-dir', join(tmp, 'golden'), write('golden/demo.rs', gen('rust', 'demo', SMALL).text)]), 'rustc golden');
  if (!missing('python3')) {
    const py = write('golden/demo_py.py', gen('python', 'demo', SMALL).text);
    const out = ok(run('python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(join(tmp, 'golden'))}); import demo_py as d; print(d.VmcsField.class_, d.VmcsField.IO_A_2, d.VmcsField._2ND_RIP)`]), 'python golden');
    assert.equal(out, `0 ${0x201a} ${0x681e}\n`);
    void py;
  }
});

test('projectNames agree with the reference CSV (test/fixtures/vmcs-fields.csv) column by column', () => {
  const text = readFileSync(join(ROOT, 'test/fixtures/vmcs-fields.csv'), 'utf8').trim().split('\n');
  const split = (line) => {
    const out = [];
    let cur = '';
    let q = false;
    for (const ch of line) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(text[0]);
  const col = { linux: 'linux', xen: 'xen', bochs: 'bochs', 'ia32-doc': 'ia32doc', 'rust-x86': 'rust_x86', virtualbox: 'vbox' };
  const want = {};
  for (const line of text.slice(1)) {
    const row = Object.fromEntries(split(line).map((v, i) => [head[i], v]));
    for (const [p, c] of Object.entries(col)) if (row[c]) (want[p] ??= []).push(...row[c].split(';'));
    for (const item of row.other ? row.other.split(';') : []) {
      const i = item.indexOf(':');
      let p = item.slice(0, i);
      if (p.startsWith('linux-')) p = 'linux';
      if (p === 'freebsd-bhyve') p = 'freebsd';
      (want[p] ??= []).push(...item.slice(i + 1).split('|'));
    }
  }
  const have = TABLE.projectNames.projects;
  assert.deepEqual(Object.keys(have).sort(), Object.keys(want).sort());
  for (const p of Object.keys(want)) assert.deepEqual([...have[p]].sort(), [...want[p]].sort(), p);
});

// ---- toolchains ----

test('c: compiles as C11 and C++17 for every name set; a program prints constants equal to fields.json', { skip: missing('cc') }, () => {
  for (const names of SETS) {
    const h = write(`c/${names}.h`, gen('c', names).text);
    ok(run('cc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-fsyntax-only', '-x', 'c', h]), `cc --names ${names}`);
    if (!missing('c++')) ok(run('c++', ['-std=c++17', '-Wall', '-Werror', '-fsyntax-only', '-x', 'c++', h]), `c++ --names ${names}`);
  }
  for (const part of ['fields', 'bits', 'exit-reasons', 'errors']) {
    const h = write(`c/only-${part}.h`, generate('c', { table: TABLE, only: [part] }).text);
    ok(run('cc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-fsyntax-only', '-x', 'c', h]), `cc --only ${part}`);
  }
  const prog = write(
    'c/main.c',
    '#include <stdio.h>\n#include "vmcs.h"\nint main(void) {\n' +
      SAMPLE.map(([n]) => `\tprintf("${n}=%llx\\n", (unsigned long long)(${n}));\n`).join('') +
      '\treturn 0;\n}\n',
  );
  write('c/vmcs.h', gen('c').text);
  ok(run('cc', ['-std=c11', '-Wall', '-Werror', '-o', join(tmp, 'c/main'), prog]), 'cc main.c');
  assert.equal(ok(run(join(tmp, 'c/main'), []), 'c/main'), expectedSample);
});

test('rust: compiles as a library (vmcs, rust-x86, xen, hvpp, sdm names); a program prints constants equal to fields.json', { skip: missing('rustc') }, () => {
  for (const names of ['vmcs', 'rust-x86', 'xen', 'hvpp', 'sdm']) {
    const f = write(`rust/${names}.rs`, gen('rust', names).text);
    ok(run('rustc', ['--edition', '2021', '--crate-type', 'lib', '-D', 'warnings', '--out-dir', join(tmp, 'rust/out'), '--crate-name', `v_${names.replace(/-/g, '_')}`, f]), `rustc --names ${names}`);
  }
  const rs = {
    GUEST_RIP: 'vmcs::guest::GUEST_RIP',
    IO_BITMAP_A: 'vmcs::control::IO_BITMAP_A',
    IO_BITMAP_A_HIGH: 'vmcs::control::IO_BITMAP_A_HIGH',
    HOST_IA32_SPEC_CTRL: 'vmcs::host::HOST_IA32_SPEC_CTRL',
    VM_INSTRUCTION_ERROR: 'vmcs::ro::VM_INSTRUCTION_ERROR',
    EXIT_REASON_EPT_VIOLATION: 'vmcs::ExitReason::EptViolation as u32',
    VMXERR_ENTRY_INVALID_CONTROL_FIELD: 'vmcs::VmInstructionError::EntryInvalidControlField as u32',
    PIN_BASED_NMI_EXITING: 'vmcs::bits::pin_based::NMI_EXITING',
    PIN_BASED_DEFAULT1_MASK: 'vmcs::bits::pin_based::DEFAULT1_MASK',
    PIN_BASED_RESERVED_MASK: 'vmcs::bits::pin_based::RESERVED_MASK',
    EPTP_ROOT_ADDRESS: 'vmcs::bits::eptp::ROOT_ADDRESS',
    EPTP_ROOT_ADDRESS_SHIFT: 'vmcs::bits::eptp::ROOT_ADDRESS_SHIFT',
    SEGMENT_ACCESS_RIGHTS_DPL: 'vmcs::bits::segment_access_rights::DPL',
  };
  write('rust/vmcs.rs', gen('rust').text);
  const main = write(
    'rust/main.rs',
    'mod vmcs;\nfn main() {\n' +
      SAMPLE.map(([n]) => `    println!("${n}={:x}", ${rs[n]});\n`).join('') +
      '    assert_eq!(vmcs::ExitReason::from_u32(48), Some(vmcs::ExitReason::EptViolation));\n    assert_eq!(vmcs::encoding::width(vmcs::guest::GUEST_RIP), 3);\n}\n',
  );
  ok(run('rustc', ['--edition', '2021', '-o', join(tmp, 'rust/main'), main]), 'rustc main.rs');
  assert.equal(ok(run(join(tmp, 'rust/main'), []), 'rust/main'), expectedSample);
});

test('python: imports for every name set; every field, exit reason and error equals fields.json', { skip: missing('python3') }, () => {
  for (const names of SETS) write(`py/vmcs_${names.replace(/-/g, '_')}.py`, gen('python', names).text);
  for (const part of ['fields', 'bits', 'exit_reasons', 'errors']) write(`py/only_${part}.py`, generate('python', { table: TABLE, only: [part.replace('_', '-')] }).text);
  const script = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(tmp, 'py'))})
import importlib
for n in ${JSON.stringify(SETS.map((s) => s.replace(/-/g, '_')))}:
    importlib.import_module('vmcs_' + n)
for n in ('fields', 'bits', 'exit_reasons', 'errors'):
    importlib.import_module('only_' + n)
import vmcs_vmcs as v
print(json.dumps({'fields': {m.name: int(m) for m in v.VmcsField}, 'reasons': {m.name: int(m) for m in v.ExitReason},
                  'errors': {m.name: int(m) for m in v.VmInstructionError}}))
for name in ${JSON.stringify(SAMPLE.map(([n]) => n))}:
    value = getattr(v, name, None)
    if value is None:
        for cls in (v.VmcsField, v.ExitReason, v.VmInstructionError):
            if name in cls.__members__: value = cls[name]
        if name.startswith('EXIT_REASON_'): value = v.ExitReason[name[12:]]
        if name.startswith('VMXERR_'): value = v.VmInstructionError[name[7:]]
    print('%s=%x' % (name, value))
`;
  const out = ok(run('python3', ['-c', script]), 'python3 import');
  const [json, ...rest] = out.split('\n');
  const got = JSON.parse(json);
  assert.deepEqual(got.fields, expectedFields);
  assert.deepEqual(got.reasons, expectedReasons);
  assert.deepEqual(got.errors, expectedErrors);
  assert.equal(rest.join('\n'), expectedSample);
});

test('go: every name set builds and passes go vet', { skip: missing('go', ['version']) }, () => {
  const mod = join(tmp, 'gomod');
  write('gomod/go.mod', 'module example.com/vmcsgen\n\ngo 1.19\n');
  for (const names of SETS) write(`gomod/${names.replace(/-/g, '')}/vmcs.go`, gen('go', names).text);
  const env = { ...process.env, GOFLAGS: '-mod=mod', GOCACHE: join(tmp, 'gocache'), GOPATH: join(tmp, 'gopath'), GOTOOLCHAIN: 'local' };
  ok(run('go', ['vet', './...'], { cwd: mod, env }), 'go vet');
  write('gomod/cmd/main.go', 'package main\n\nimport (\n\t"fmt"\n\tv "example.com/vmcsgen/vmcs"\n)\n\nfunc main() {\n\tfmt.Printf("%x %d %x\\n", uint32(v.GUEST_RIP), v.GUEST_RIP.Width(), uint64(v.EPTP_ROOT_ADDRESS))\n}\n');
  const out = ok(run('go', ['run', './cmd'], { cwd: mod, env }), 'go run');
  assert.equal(out, `${expectedFields.GUEST_RIP.toString(16)} 3 ${layoutMask('eptp', 'ROOT_ADDRESS').toString(16)}\n`);
});

/** Zig is not packaged in Debian 12: without `zig ast-check`, a line-by-line check of the shapes the emitter writes. */
function zigShapeCheck(text) {
  const kw = new Set(['const', 'pub', 'enum', 'fn', 'type', 'error', 'u32', 'u64', 'test', 'and', 'or', 'var', 'struct']);
  let depth = 0;
  const decl = new Map();
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`;
    let m;
    if (line === '' || /^\s*\/\/[/!]? ?/.test(line)) return;
    if ((m = /^pub const ([A-Za-z_][A-Za-z0-9_]*) = enum\(u32\) \{$/.exec(line))) {
      assert.equal(depth, 0, where);
      depth = 1;
    } else if ((m = /^ {4}([A-Za-z_][A-Za-z0-9_]*) = (0x[0-9a-f]+|\d+),$/.exec(line))) assert.equal(depth, 1, where);
    else if (line === '    _,') assert.equal(depth, 1, where);
    else if (line === '};') {
      assert.equal(depth, 1, where);
      depth = 0;
      decl.set('enum-end-' + i, true);
      return;
    } else if ((m = /^pub const ([A-Za-z_][A-Za-z0-9_]*): (u32|u64|u5|u6) = (0x[0-9a-f]+|\d+);$/.exec(line))) {
      assert.equal(depth, 0, where);
      const bits = { u5: 5, u6: 6, u32: 32, u64: 64 }[m[2]];
      assert.ok(BigInt(m[3]) < 1n << BigInt(bits), `${where}: value does not fit ${m[2]}`);
    } else assert.fail(`not a Zig line the emitter writes: ${where}`);
    if (m && kw.has(m[1])) assert.fail(`keyword as identifier: ${where}`);
    if (m && /^pub const/.test(line)) {
      assert.equal(decl.has(m[1]), false, `${where}: declared twice`);
      decl.set(m[1], true);
    }
  });
  assert.equal(depth, 0, 'unclosed enum');
}

/** `zig` on the PATH, or the binary ZIG names (Zig is not packaged in Debian 12). */
const ZIG = process.env.ZIG || 'zig';

test('zig: a line-by-line shape check (that can fail) always; with zig: ast-check of every name set and all declarations analysed', (t) => {
  const haveZig = !missing(ZIG, ['version']);
  for (const names of SETS) {
    const text = gen('zig', names).text;
    zigShapeCheck(text);
    if (haveZig) ok(run(ZIG, ['ast-check', write(`zig/${names}.zig`, text)]), `zig ast-check --names ${names}`);
  }
  assert.throws(() => zigShapeCheck('pub const X: u5 = 32;\n'), /does not fit/);
  assert.throws(() => zigShapeCheck('pub const Field = enum(u32) {\n'), /unclosed/);
  assert.throws(() => zigShapeCheck('pub const X = 1;\n'), /not a Zig line/);
  if (!haveZig) {
    t.diagnostic('zig is not installed here (not in Debian 12; ZIG=/path/to/zig to use one): shape check only');
    return;
  }
  write('zig/vmcs.zig', gen('zig').text);
  const main = write(
    'zig/all.zig',
    'const std = @import("std");\nconst v = @import("vmcs.zig");\ntest "vmcs" {\n    @setEvalBranchQuota(100000);\n    std.testing.refAllDecls(v);\n' +
      `    try std.testing.expectEqual(@as(u32, ${expectedFields.GUEST_RIP}), @intFromEnum(v.Field.GUEST_RIP));\n` +
      `    try std.testing.expectEqual(@as(u64, 0x${layoutMask('eptp', 'ROOT_ADDRESS').toString(16)}), v.EPTP_ROOT_ADDRESS);\n` +
      `    try std.testing.expectEqual(@as(u64, 1) << v.EPTP_ROOT_ADDRESS_SHIFT, 0x1000);\n}\n`,
  );
  ok(run(ZIG, ['test', main], { cwd: join(tmp, 'zig') }), 'zig test');
});

test('typescript: type-checks (strict) with the repo\'s tsc; the compiled module loads in node with fields.json values', async () => {
  // One tsc run, default names only (tsc takes seconds); the identifier checks above cover every name set.
  const files = [write('ts/vmcs.ts', gen('typescript').text)];
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const args = [tsc, '--strict', '--target', 'ES2022', '--module', 'ES2022', '--moduleResolution', 'bundler', '--skipLibCheck', '--outDir', join(tmp, 'ts/out'), ...files];
  ok(run(process.execPath, args, { cwd: tmp }), 'tsc');
  writeFileSync(join(tmp, 'ts/out/package.json'), '{"type":"module"}');
  const m = await import(join(tmp, 'ts/out/vmcs.js'));
  assert.equal(m.VmcsField.GUEST_RIP, expectedFields.GUEST_RIP);
  assert.equal(m.VmcsField.IO_BITMAP_A_HIGH, expectedFields.IO_BITMAP_A_HIGH);
  assert.equal(m.ExitReason.EPT_VIOLATION, expectedReasons.EPT_VIOLATION);
  assert.equal(m.PIN_BASED_DEFAULT1_MASK, Number(layoutAggregate('pin-based', 'default1')));
  assert.equal(m.EPTP_ROOT_ADDRESS, layoutMask('eptp', 'ROOT_ADDRESS'), 'a 64-bit layout is a bigint');
  const enumEntries = Object.entries(m.VmcsField).filter(([k]) => !/^\d+$/.test(k));
  assert.deepEqual(Object.fromEntries(enumEntries), expectedFields);
});

test('windbg: runs as a script; VMCS_ENCODINGS pairs are the SDM titles and encodings of fields.json', () => {
  const load = (text) => vm.runInNewContext(text + '\n;({ VMCS_ENCODINGS, VMX_EXIT_REASONS, VMX_INSTRUCTION_ERRORS, VMCS_BITS })');
  const r = load(gen('windbg').text);
  const titles = {};
  for (const f of TABLE.fields) {
    titles[f.title] = parseInt(f.encoding, 16);
    if (f.high) titles[f.high.title] = parseInt(f.high.encoding, 16);
  }
  const pairs = {};
  for (let i = 0; i < r.VMCS_ENCODINGS.length; i += 2) {
    assert.equal(pairs[r.VMCS_ENCODINGS[i]], undefined, `title twice: ${r.VMCS_ENCODINGS[i]}`);
    pairs[r.VMCS_ENCODINGS[i]] = r.VMCS_ENCODINGS[i + 1];
  }
  assert.deepEqual(pairs, titles);
  assert.equal(r.VMX_EXIT_REASONS.length / 2, Object.keys(expectedReasons).length);
  assert.deepEqual([...r.VMCS_BITS['pin-based'].slice(0, 3)], ['EXT_INTR_EXITING', 0, 0]);
  const named = load(gen('windbg', 'linux').text);
  assert.equal(named.VMCS_ENCODINGS[named.VMCS_ENCODINGS.indexOf('GUEST_RIP') + 1], expectedFields.GUEST_RIP);
});

// ---- IDA, Ghidra, Binary Ninja: the scripts run against stub modules that record the calls ----

const STUBS = {
  'ida/idc.py': `
import json
BADADDR = 0xFFFFFFFFFFFFFFFF
CALLS = {"enums": {}, "members": {}, "widths": {}, "comments": 0}
def get_enum(name):
    return CALLS["enums"].get(name, BADADDR)
def add_enum(idx, name, flag):
    assert idx == -1
    CALLS["enums"][name] = len(CALLS["enums"]) + 1
    return CALLS["enums"][name]
def set_enum_width(eid, width):
    assert width in (1, 2, 4, 8)
    CALLS["widths"][eid] = width
    return True
def get_enum_member_by_name(name):
    return CALLS["members"][name][2] if name in CALLS["members"] else BADADDR
def add_enum_member(eid, name, value, bmask):
    assert name not in CALLS["members"], "IDA member names are global: " + name
    assert 0 <= value < 1 << (8 * CALLS["widths"][eid]), name
    CALLS["members"][name] = (eid, value, 1000 + len(CALLS["members"]))
    return 0
def set_enum_member_cmt(cid, cmt, repeatable):
    assert cid != BADADDR and isinstance(cmt, str)
    CALLS["comments"] += 1
    return True
`,
  'ida/ida_bytes.py': 'def hex_flag():\n    return 0x01100000\n',
  'ghidra/ghidra/__init__.py': '',
  'ghidra/ghidra/program/__init__.py': '',
  'ghidra/ghidra/program/model/__init__.py': '',
  'ghidra/ghidra/program/model/data.py': `
ADDED = []
class CategoryPath(object):
    def __init__(self, path):
        assert path.startswith("/")
        self.path = path
class DataTypeConflictHandler(object):
    REPLACE_HANDLER = "replace"
class EnumDataType(object):
    def __init__(self, category, name, length):
        assert length in (1, 2, 4, 8)
        self.name, self.length, self.values = name, length, {}
    def add(self, name, value):
        assert name not in self.values, "duplicate name " + name
        assert -(1 << 63) <= value < (1 << 63), "not a Java long: %x" % value
        self.values[name] = value
class DTM(object):
    def addDataType(self, dt, handler):
        assert handler == "replace"
        ADDED.append(dt)
        return dt
class Program(object):
    def getDataTypeManager(self):
        return DTM()
`,
  'binja/binaryninja.py': `
DEFINED = {}
class Type(object):
    @staticmethod
    def enumeration(arch=None, members=None, width=None, sign=False):
        assert width in (1, 2, 4, 8)
        names = [m[0] for m in members]
        assert len(set(names)) == len(names)
        for name, value in members:
            assert 0 <= value < 1 << (8 * width), name
        return ("enum", width, list(members))
class View(object):
    arch = "x86_64"
    def define_user_type(self, name, t):
        DEFINED[name] = t
`,
};

for (const target of ['ida', 'ghidra', 'binja']) {
  test(`${target}: the script compiles and, against stubs of the tool's API, creates one enum member per value`, { skip: missing('python3') }, () => {
    for (const [p, text] of Object.entries(STUBS)) write(`re/${p}`, text);
    const r = gen(target);
    const script = write(`re/vmcs_${target}.py`, r.text);
    ok(run('python3', ['-m', 'py_compile', script]), 'py_compile');
    const expectedMembers = r.text.match(/^ {8}\("/gm).length;
    const driver = {
      ida: `import runpy, idc, json\nrunpy.run_path(SCRIPT, run_name="__main__")\nc = idc.CALLS\nprint(json.dumps({"enums": len(c["enums"]), "members": len(c["members"]), "comments": c["comments"], "GUEST_RIP": c["members"]["GUEST_RIP"][1], "EPTP_ROOT_ADDRESS": c["members"]["EPTP_ROOT_ADDRESS"][1]}))`,
      ghidra: `import runpy, json\nfrom ghidra.program.model import data\nrunpy.run_path(SCRIPT, init_globals={"currentProgram": data.Program()}, run_name="__main__")\nby = {e.name: e for e in data.ADDED}\nprint(json.dumps({"enums": len(data.ADDED), "members": sum(len(e.values) for e in data.ADDED), "GUEST_RIP": by["vmcs_field"].values["GUEST_RIP"], "EPTP_ROOT_ADDRESS": by["vmx_eptp_bits"].values["EPTP_ROOT_ADDRESS"]}))`,
      binja: `import runpy, json, binaryninja as bn\nrunpy.run_path(SCRIPT, init_globals={"bv": bn.View()}, run_name="__main__")\nd = bn.DEFINED\nprint(json.dumps({"enums": len(d), "members": sum(len(t[2]) for t in d.values()), "GUEST_RIP": dict(d["vmcs_field"][2])["GUEST_RIP"], "EPTP_ROOT_ADDRESS": dict(d["vmx_eptp_bits"][2])["EPTP_ROOT_ADDRESS"]}))`,
    }[target];
    const dir = join(tmp, 're', target === 'ida' ? 'ida' : target === 'ghidra' ? 'ghidra' : 'binja');
    const out = ok(run('python3', ['-c', `SCRIPT = ${JSON.stringify(script)}\n${driver}`], { env: { ...process.env, PYTHONPATH: dir } }), `${target} script`);
    const lines = out.trim().split('\n');
    const got = JSON.parse(lines.at(-1));
    assert.match(lines[0], /^vmcs: \d+ enum members/);
    assert.equal(got.members, expectedMembers);
    // layouts of in-memory structures wider than 64 bits (MSR-area entry, PI descriptor...) are left out
    const narrow = Object.values(TABLE.layouts).filter((l) => l.bits.every((b) => Number(b.bits.split(':')[0]) <= 63)).length;
    assert.equal(got.enums, 3 + TABLE_ENUM_COUNT + narrow);
    if (target === 'ida') assert.equal(got.comments, expectedMembers);
    assert.equal(got.GUEST_RIP, expectedFields.GUEST_RIP);
    // Ghidra stores 64-bit values as signed Java longs; bit 51:12 fits either way.
    assert.equal(BigInt(got.EPTP_ROOT_ADDRESS), layoutMask('eptp', 'ROOT_ADDRESS'));
  });
}

// ---- the command line ----

function vmcs(args) {
  const p = spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20000 });
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

test('cli: exit codes and one-line errors with suggestions', () => {
  const cases = [
    // args, exit code, stderr pattern
    [['generate', 'rsut'], 2, /^vmcs generate: error: unknown target 'rsut'; did you mean rust\? \(one of: c, rust, /],
    [['generate', 'c', '--names', 'linx'], 2, /^vmcs generate: error: unknown name set 'linx'; did you mean linux\?/],
    [['generate', 'c', '--only', 'fields,bitz'], 2, /^vmcs generate: error: unknown part 'bitz'; did you mean bits\?/],
    [['generate', 'c', '-o', join(tmp, 'no/such/dir/x.h')], 2, /^vmcs generate: error: cannot write '.*x\.h': no such directory\n$/],
    [['generate'], 2, /missing required argument 'target'/],
    [['generate', 'c', '--names', 'linux', '--only', 'fields'], 0, /^vmcs generate: note: 37 field encodings have no linux name/],
    [['generate', 'python'], 0, /^$/],
  ];
  for (const [args, code, err] of cases) {
    const r = vmcs(args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, err, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n {4}at /);
  }
});

test('cli: -o FILE writes what standard output gets; the output equals the library', () => {
  const file = join(tmp, 'out.rs');
  const a = vmcs(['generate', 'rust', '--names', 'rust-x86', '-o', file]);
  assert.equal(a.code, 0);
  assert.equal(a.stdout, '');
  const b = vmcs(['generate', 'rust', '--names', 'rust-x86']);
  assert.equal(readFileSync(file, 'utf8'), b.stdout);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(b.stdout, generate('rust', { table: TABLE, names: 'rust-x86', version: pkg.version }).text);
  const help = vmcs(['generate', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Targets: c \(header, also C\+\+\)/);
  assert.match(help.stdout, /\$ vmcs generate c -o vmcs_fields\.h/);
  for (const names of SETS) assert.match(help.stdout, new RegExp(`(^|\\s)${names}[,.) ]`, 'm'), `help does not name --names ${names}`);
  assert.match(help.stdout, /Exit codes: 0 written; 2 unknown target/);
});
