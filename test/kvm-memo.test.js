// The KVM/Xen reader remembers the lines of a dump it has read (src/dialects/kvm-xen.ts,
// parseLineMemo) and check remembers each rule's result with the field values it read
// (src/check/check.ts). Neither may change an answer: a dump read after others (whose lines and
// values it repeats, in other sections, other contexts, other orders) must read and check as it
// does alone, where nothing is remembered yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate, checkDump, findProfile, profileCaps } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'test', 'fixtures', 'samples');

/** A small seeded generator (mulberry32): the same variants every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sample 02's dump as sections of lines without their timestamps. */
const body = readFileSync(join(SAMPLES, '02-kvm-5.x-dosemu2-core2duo-dmesg.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => l.replace(/^\[[^\]]*\] /, ''));
const sections = [];
for (const l of body) {
  if (/^\*\*\* \w+ State \*\*\*$/.test(l)) sections.push({ header: l, lines: [] });
  else sections.at(-1).lines.push(l);
}

/**
 * A variant of the dump: its lines shuffled within their sections, some moved to another
 * section (the same text read in another section: guest and host both print `EFER = … PAT = …`
 * and `RIP`/`RSP`), some values changed, a context line's pairs split over two lines (`limit=`
 * after `CS:`/`DS:`), a chatter line or a blank inside.
 */
function variant(r, change = 0.1) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  for (const s of sections) {
    const lines = [...s.lines];
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    out.push(s.header);
    for (let l of lines) {
      const dice = r();
      if (r() < change) l = l.replace(/(=\s*(?:0x)?)([0-9a-f]+)/g, (_m, eq, v) => (r() < 0.5 ? eq + v : eq + v.replace(/[0-9a-f]/g, (c) => (r() < 0.2 ? pick('0123456789abcdef') : c))));
      if (dice < 0.05) l = pick(pick(sections).lines);
      else if (dice < 0.12 && /^[A-Z]{2,4}: +sel=/.test(l)) {
        const cut = l.indexOf(' limit=');
        out.push(l.slice(0, cut));
        l = l.slice(cut + 1);
      } else if (dice < 0.14) out.push('usb 1-1: new high-speed USB device number 3 using xhci_hcd');
      else if (dice < 0.15) out.push('EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro');
      out.push(l);
    }
  }
  return out;
}

/** Lines with kernel timestamps, from time t on. */
const stamp = (lines, t) => lines.map((l, i) => `[${(t + i * 0.000013).toFixed(6).padStart(12)}] ${l}`);

/** What a dump holds, its line numbers made relative to where it starts in its input. */
function shape(d, first) {
  const rel = (n) => (n === undefined ? null : n - first);
  return {
    format: d.format,
    fields: d.fields.map((f) => [f.encoding, f.value.toString(16), rel(f.line), f.flags.join(',')]),
    notes: (d.notes ?? []).map((n) => [rel(n.line), n.label, n.value, n.what]),
    diagnostics: d.diagnostics.map((x) => [rel(x.line), x.code, JSON.stringify(x.args)]),
  };
}

test('200 shuffled KVM dumps in one log read as each does alone (parseLineMemo)', () => {
  const r = rng(17);
  const dumps = [];
  for (let i = 0; i < 200; i++) dumps.push(variant(r, i % 2 ? 0.05 : 0.3));
  let all = [];
  const starts = [];
  for (const d of dumps) {
    starts.push(all.length + 1);
    all = all.concat(stamp(d, 100 + all.length));
  }
  const together = annotate(all.join('\n') + '\n', { bits: false }).dumps;
  // (a variant may read as several dumps: a line moved to another section can start one)
  assert.ok(together.length >= dumps.length);
  for (let i = 0; i < dumps.length; i++) {
    const from = starts[i];
    const to = starts[i + 1] ?? all.length + 1;
    // alone: the same lines, the same timestamps, at the same line numbers (blank lines before)
    const alone = annotate('\n'.repeat(from - 1) + all.slice(from - 1, to - 1).join('\n') + '\n', { bits: false }).dumps;
    const mine = together.filter((d) => d.firstLine >= from && d.firstLine < to);
    assert.deepEqual(mine.map((d) => shape(d, from)), alone.map((d) => shape(d, from)), `variant ${i}`);
  }
});

test('check of 200 dumps with shared values gives each dump the report it gets alone (rule results remembered)', () => {
  const r = rng(33);
  const caps = profileCaps(findProfile('i7-9750h'));
  assert.ok(caps.msrs.size > 10);
  const texts = [];
  for (let i = 0; i < 200; i++) texts.push(stamp(variant(r, 0.3), 100).join('\n') + '\n');
  const read = texts.map((t) => annotate(t, { bits: false }).dumps[0]);
  const options = { caps };
  const together = read.map((d) => checkDump(d, options));
  for (let i = 0; i < read.length; i++) {
    // alone: in a fresh option object (the memo is kept per caps, facts and memory: a new one clears it)
    const alone = checkDump(read[i], { caps: { ...caps } });
    const strip = (rep) => JSON.stringify(rep, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v));
    assert.equal(strip(together[i]), strip(alone), `dump ${i}`);
  }
});

// Results decided after the rules ran (QEMU's II=1 with HLT for A-03) change a copy: the rule's
// remembered result is shared with every later dump of the same values.
test('a result decided from a dump\'s notes is that dump\'s own, never the remembered one', () => {
  const qemu = (ii) => `KVM: entry failed, hardware error 0x80000021\nEIP=0000fff0 EFL=00000202 [-------] CPL=0 II=${ii} A20=1 SMM=0 HLT=1\n`;
  const a03 = (ii) => {
    const r = checkDump(annotate(qemu(ii)).dumps[0]);
    const x = r.results.find((y) => y.id === 'A-03');
    return [x.status, r.counts.fail + r.counts.pass + r.counts.notEvaluated === r.results.length];
  };
  // (II=0: no blocking by STI or MOV SS, so A-03 passes whatever the activity state)
  for (const [ii, want] of [[1, 'fail'], [0, 'pass'], [1, 'fail'], [1, 'fail'], [0, 'pass']]) {
    assert.deepEqual(a03(ii), [want, true], `II=${ii}`);
  }
});

// A failure explained by a rule that a decision after the rules decided (the recorded exit
// qualification, the recorded KVM consistency check, QEMU's II=1 with HLT=1) says so: the
// explanation is recomputed after the decision and names what decided the rule (decided), in the
// library, in JSON and in the human text; a later dump of the same values without the decision
// gets none of it (the remembered results are never changed).
test('an explanation by a rule decided after the rules says what decided it, and the next dump of the same values is its own', async () => {
  const { jsonCheck, renderCheck } = await import('../dist/render/check.js');
  const { plain: style } = await import('../dist/render/style.js');
  const pairsDump = (text) => annotate(text).dumps[0];
  const withNote = (d, label, value) => ({ ...d, notes: [...(d.notes ?? []), { line: 1, label, value, what: '' }] });
  const cases = [
    // [decision, dump with it, the same values without it, rule, by]
    ['exit qualification 3', pairsDump('VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = 0x3\n'), pairsDump('VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = 0x0\n'), 'I-08', 'exit-qualification'],
    [
      'kvm_nested_vmenter_failed: !kvm_pat_valid',
      withNote(pairsDump('VM_EXIT_REASON = 0x80000021\nGUEST_RIP = 0x1000\n'), 'kvm_nested_vmenter_failed', '!kvm_pat_valid(vmcs12->guest_ia32_pat)'),
      pairsDump('VM_EXIT_REASON = 0x80000021\nGUEST_RIP = 0x1000\n'),
      'G-13',
      'kvm-check',
    ],
    [
      "QEMU's II=1 HLT=1",
      annotate('KVM: entry failed, hardware error 0x80000021\nEIP=0000fff0 EFL=00000202 [-------] CPL=0 II=1 A20=1 SMM=0 HLT=1\n').dumps[0],
      annotate('KVM: entry failed, hardware error 0x80000021\nEIP=0000fff0 EFL=00000202 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=1\n').dumps[0],
      'A-03',
      'qemu-view',
    ],
  ];
  for (const [what, dump, plain, id, by] of cases) {
    for (let round = 0; round < 2; round++) {
      const r = checkDump(dump);
      assert.deepEqual([r.explanation.status, r.explanation.by, r.explanation.decided], ['explained', [id], [{ id, by }]], what);
      assert.equal(r.results.find((x) => x.id === id).decidedBy, by, what);
      assert.deepEqual(jsonCheck({ dump, report: r, index: 1 }).explanation.decided, [{ id, by }], what);
      assert.match(renderCheck(style, { dump, report: r, index: 1 }, undefined, false), new RegExp(`Explained: ${id} gives exactly the failure the dump records\\.\\n\\s+${id} was decided after the rules, (by|from) `), what);
      // the same values, without the decision: the rule as the fields leave it, no `decided`
      const p = checkDump(plain);
      assert.equal(p.explanation.decided, undefined, what);
      // (QEMU's II=0 decides other rules, each a pass)
      assert.ok(p.results.every((x) => x.decidedBy === undefined || (by === 'qemu-view' && x.decidedBy === by && x.status === 'pass')), what);
      assert.notEqual(p.explanation.status === 'explained' && p.explanation.by.includes(id), true, what);
    }
  }
});

// QEMU's II=0: blocking by STI and by MOV SS are 0 (KVM reads II from those two bits of the VMCS);
// a rule not evaluated for want of GUEST_INTERRUPTIBILITY_INFO passes from QEMU's view when it
// passes whatever the bits QEMU does not show (2-4, reserved 31:5). [II, HLT, rules decided (all pass), caps]
const NO_SHADOW = [
  [0, 0, ['A-03', 'I-02', 'I-03', 'PD-02', 'PD-03'], false],
  [0, 1, ['A-03', 'I-02', 'I-03', 'PD-02'], false], // PD-03 then needs the pending debug exceptions
  [0, 0, ['A-03', 'I-02', 'I-03', 'I-10', 'PD-02', 'PD-03'], true], // I-10: bit 4 allowed on a CPU with SGX, MOV SS blocking 0
  [1, 0, ['A-03'], false], // an interrupt shadow: A-03 passes in the active state, the rest cannot be told
];
for (const [ii, hlt, decided, withCaps] of NO_SHADOW) {
  test(`QEMU II=${ii} HLT=${hlt}${withCaps ? ' --caps i7-9750h' : ''}: ${decided.join(', ')} pass from QEMU's view; I-01 (reserved bits), I-06/I-07 (SMI), I-09 (NMI) stay not evaluated`, () => {
    const text = `KVM: entry failed, hardware error 0x80000021\nRAX=0000000000000000 RBX=0000000000000000 RCX=0000000000000000 RDX=0000000000000663\nRSI=0000000000000000 RDI=0000000000000000 RBP=0000000000000000 RSP=0000000000000000\nRIP=000000000000fff0 RFL=00000002 [-------] CPL=0 II=${ii} A20=1 SMM=0 HLT=${hlt}\n`;
    const options = withCaps ? { caps: profileCaps(findProfile('i7-9750h')) } : {};
    for (let round = 0; round < 2; round++) {
      const r = checkDump(annotate(text).dumps[0], options);
      assert.deepEqual(r.results.filter((x) => x.decidedBy).map((x) => [x.id, x.status, x.decidedBy]), decided.map((id) => [id, 'pass', 'qemu-view']));
      for (const id of ['I-01', 'I-06', 'I-07', 'I-09']) assert.equal(r.results.find((x) => x.id === id).status, 'not-evaluated', id);
      assert.ok(r.results.find((x) => x.id === 'A-03').fields.every((f) => f.name !== 'GUEST_INTERRUPTIBILITY_INFO'));
      assert.equal(r.counts.pass + r.counts.fail + r.counts.notEvaluated, r.results.length);
      // the same values with no II note (a pairs dump): nothing decided, the shared results untouched
      const plain = checkDump(annotate('GUEST_RIP = 0xfff0\nGUEST_RFLAGS = 0x2\nGUEST_ACTIVITY_STATE = 0x' + hlt + '\n').dumps[0], options);
      assert.equal(plain.results.find((x) => x.id === 'A-03').status, 'not-evaluated');
      assert.ok(plain.results.every((x) => x.decidedBy === undefined));
    }
  });
}

// Lines remembered by their shape (the text with each value's digits made one character per kind,
// valueShape in src/dialects/kvm-xen.ts) give the digits this line has, where it has them; lines
// that are not ours are remembered as not ours. Each row: a section, then the texts of one line
// in consecutive dumps; each dump must read as it does alone, and the last dump's fields are given.
const SHAPE_CASES = [
  ['a RIP that changes', 'guest', ['RSP = 0x000000000000eff0  RIP = 0xffffffff81000000', 'RSP = 0x000000000000eff0  RIP = 0xffffffff81000010', 'RSP = 0x000000000000eff8  RIP = 0xffffffff81000020'], [[0x681c, 0xeff8n], [0x681e, 0xffffffff81000020n]]],
  ['the same digits twice (RSP and CS:RIP)', 'guest', ['Sysenter RSP=0000000000000000 CS:RIP=0000:0000000000000000', 'Sysenter RSP=0000000000000001 CS:RIP=0000:0000000000000000', 'Sysenter RSP=0000000000000002 CS:RIP=0010:ffffffff81000000'], [[0x482a, 0x10n], [0x6824, 2n], [0x6826, 0xffffffff81000000n]]],
  ['one value in two fields', 'guest', ['EFER = 0x0000000000000d01  PAT = 0x0000000000000d01', 'EFER = 0x0000000000000d01  PAT = 0x0007040600070406', 'EFER = 0x0000000000000501  PAT = 0x0000000000000d01'], [[0x2806, 0x501n], [0x2804, 0xd01n]]],
  ['upper-case digits, then lower', 'guest', ['CR3 = 0x00000000ABCDE000', 'CR3 = 0x00000000ABCDF000', 'CR3 = 0x00000000abcde000'], [[0x6802, 0xabcde000n]]],
  ['a shorter value', 'control', ['PLE Gap=00000080 Window=00001000', 'PLE Gap=00000081 Window=00001000', 'PLE Gap=0000082 Window=0001000'], [[0x4020, 0x82n], [0x4022, 0x1000n]]],
  ['a value cut by the line end, then whole', 'control', ['EPT pointer = 0x00000005fcec605e', 'EPT pointer = 0x00000005fcec606e', 'EPT pointer = 0x0000000'], [[0x201a, 0n]]],
  ['SVI|RVI (two values in one field)', 'control', ['SVI|RVI = 00|2f TPR Threshold = 0x00', 'SVI|RVI = 01|2f TPR Threshold = 0x00', 'SVI|RVI = 02|30 TPR Threshold = 0x01'], [[0x0810, 0x230n], [0x401c, 1n]]],
  ['a line that is not ours, then ours', 'control', ['EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro', 'EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro', 'Virtual processor ID = 0x0001'], [[0x0000, 1n]]],
];
const HEADERS = { guest: '*** Guest State ***', host: '*** Host State ***', control: '*** Control State ***' };

for (const [name, section, texts, last] of SHAPE_CASES) {
  test(`a line read again by its shape: ${name}`, () => {
    let all = [];
    const starts = [];
    for (const t of texts) {
      starts.push(all.length + 1);
      // (twice in each dump's own section would end it: once, after a line of the section)
      const lines = section === 'guest' ? [HEADERS.guest, 'RFLAGS=0x00080202         DR7 = 0x0000000000000400', t] : [HEADERS.guest, 'CR3 = 0x000000000a709000', HEADERS.control, 'PinBased=0000007f CPUBased=b5986dfa SecondaryExec=00002c6a', t];
      all = all.concat(stamp(lines, 100 + all.length));
    }
    const together = annotate(all.join('\n') + '\n', { bits: false }).dumps;
    assert.equal(together.length, texts.length);
    for (let i = 0; i < texts.length; i++) {
      const from = starts[i];
      const to = starts[i + 1] ?? all.length + 1;
      const alone = annotate('\n'.repeat(from - 1) + all.slice(from - 1, to - 1).join('\n') + '\n', { bits: false }).dumps;
      assert.deepEqual(together.slice(i, i + 1).map((d) => shape(d, from)), alone.map((d) => shape(d, from)), `dump ${i}`);
    }
    const got = new Map(together.at(-1).fields.map((f) => [f.encoding, f.value]));
    for (const [encoding, value] of last) assert.equal(got.get(encoding), value, `0x${encoding.toString(16)}`);
  });
}
