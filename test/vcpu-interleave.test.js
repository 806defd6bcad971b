// Interleaved vCPUs in one log (issue 10, "Redacted and interleaved values"): two vCPU threads
// that print dump_vmcs() at the same time mix their lines in one ftrace log or dmesg. Each line's
// prefix names its vCPU (ftrace `<comm>-<pid> [cpu]`, `kvm_intel: vcpuN`, Xen `(XEN) dNvN` as
// gprintk() prints it), so the lines are read apart: one dump per vCPU, in order of first line,
// each with its own line numbers and values, no conflicting-values. The dumps are constructed
// (not pastes) from Linux 5.15 arch/x86/kvm/vmx/vmx.c dump_vmcs(), vmx_dump_sel(),
// vmx_dump_dtsel() (their pr_err() formats), Xen 4.11 vmcs_dump_vcpu(), and
// kernel/trace/trace_output.c (bprint: `%ps: %s` of the caller and the message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Annotator, annotate } from '../dist/index.js';
import { fieldByEncoding } from '../dist/table/table.js';

const hex = (v, n) => v.toString(16).padStart(n, '0');

/** A KVM dump_vmcs() (5.15) as [function, message] lines, with this vCPU's values. */
function kvmDump(v) {
  const sel = (name, s) => ['vmx_dump_sel.constprop.0', `${name}:   sel=0x${hex(s, 4)}, attr=0x0c09b, limit=0xffffffff, base=0x0000000000000000`];
  return [
    ['dump_vmcs', `VMCS 00000000${hex(v.vmcs, 8)}, last attempted VM-entry on CPU ${v.cpu}`],
    ['dump_vmcs', '*** Guest State ***'],
    ['dump_vmcs', 'CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=fffffffffffffff7'],
    ['dump_vmcs', `CR3 = 0x${hex(v.cr3, 16)}`],
    ['dump_vmcs', `RSP = 0x${hex(v.rsp, 16)}  RIP = 0x${hex(v.rip, 16)}`],
    ['dump_vmcs', 'RFLAGS=0x00010246         DR7 = 0x0000000000000400'],
    sel('CS', v.cs),
    ['vmx_dump_dtsel', 'GDTR:                           limit=0x0000007f, base=0xfffffe0000001000'],
    ['dump_vmcs', `Interruptibility = ${hex(v.intr, 8)}  ActivityState = 00000000`],
    ['dump_vmcs', '*** Host State ***'],
    ['dump_vmcs', `RIP = 0x${hex(v.hostRip, 16)}  RSP = 0xffffc90000a3bd40`],
    ['dump_vmcs', '*** Control State ***'],
    ['dump_vmcs', 'PinBased=000000ff CPUBased=b5a06dfa SecondaryExec=000007eb'],
    ['dump_vmcs', `        reason=${hex(v.reason, 8)} qualification=${hex(v.qual, 16)}`],
    ['dump_vmcs', `Virtual processor ID = 0x${hex(v.vpid, 4)}`],
  ];
}

/** The same dump as Xen's vmcs_dump_vcpu() prints it (4.11). */
function xenDump(v) {
  return [
    '*** Guest State ***',
    'CR0: actual=0x0000000080050033, shadow=0x0000000060000010, gh_mask=ffffffffffffffff',
    `CR3 = 0x${hex(v.cr3, 16)}`,
    `RSP = 0x${hex(v.rsp, 16)} (0x${hex(v.rsp, 16)})  RIP = 0x${hex(v.rip, 16)} (0x${hex(v.rip, 16)})`,
    'RFLAGS=0x00000297 (0x00000297)  DR7 = 0x0000000000000400',
    '       sel  attr  limit   base',
    `  CS: ${hex(v.cs, 4)} 0c09b ffffffff 0000000000000000`,
    `Interruptibility = ${hex(v.intr, 8)}  ActivityState = 00000000`,
    '*** Host State ***',
    `RIP = 0x${hex(v.hostRip, 16)} (vmx_asm_vmexit_handler)  RSP = 0xffff83009c057f70`,
    '*** Control State ***',
    'PinBased=0000003f CPUBased=b6a065fa SecondaryExec=000014eb',
    `reason=${hex(v.reason, 8)} qualification=${hex(v.qual, 16)}`,
    `Virtual processor ID = 0x${hex(v.vpid, 4)}`,
  ];
}

const VCPU = [
  { vmcs: 0x6afb1754, cpu: 12, cr3: 0x13cbf4002n, rsp: 0xffff898cacda2c90n, rip: 0xffffffff8100a5c2n, cs: 0x10, intr: 0, hostRip: 0xffffffffc119a0a0n, reason: 0x80000021, qual: 0n, vpid: 1 },
  { vmcs: 0xc3d1e2f4, cpu: 3, cr3: 0x1226c8004n, rsp: 0xffffc90000003f08n, rip: 0x8000n, cs: 0xc200, intr: 9, hostRip: 0xffffffffc119a0a0n, reason: 0x30, qual: 0x181n, vpid: 2 },
  { vmcs: 0x0badf00d, cpu: 7, cr3: 0x2e9000n, rsp: 0xffec0n, rip: 0x209997n, cs: 0x8, intr: 1, hostRip: 0xffff82d08031df40n, reason: 0x1e, qual: 0x70n, vpid: 3 },
];

/** Fields whose values tell the vCPUs apart (and are the same in KVM's and Xen's dumps). */
function want(v) {
  return { GUEST_CR3: v.cr3, GUEST_RSP: v.rsp, GUEST_RIP: v.rip, GUEST_CS_SELECTOR: BigInt(v.cs), GUEST_INTERRUPTIBILITY_INFO: BigInt(v.intr), HOST_RIP: v.hostRip, VM_EXIT_REASON: BigInt(v.reason), EXIT_QUALIFICATION: v.qual, VIRTUAL_PROCESSOR_ID: BigInt(v.vpid) };
}

/** Prefixes, as each log prints them. */
const ftrace = (comm, pid, cpu) => (i, [fn, msg]) => `${comm}-${pid}`.padStart(22) + `  [${String(cpu).padStart(3, '0')}] ${(100 + i / 1e6).toFixed(6)}: bprint:               ${fn}: ${msg}`;
const dmesg = (n) => (i, [, msg]) => `[  ${(2000 + i / 1e6).toFixed(6)}] kvm_intel: vcpu${n} ${msg}`;
const xen = (d, n) => (_i, msg) => `(XEN) d${d}v${n} ${msg}`;

/** Lines of several vCPUs, taken in turn (`take` lines of each at a time); returns the text and each vCPU's line numbers. */
function interleave(parts, take = 1) {
  const out = [];
  const lineNos = parts.map(() => []);
  const at = parts.map(() => 0);
  for (let left = true; left; ) {
    left = false;
    parts.forEach((p, k) => {
      for (let t = 0; t < take && at[k] < p.lines.length; t++) {
        out.push(p.prefix(out.length, p.lines[at[k]++]));
        lineNos[k].push(out.length);
      }
      if (at[k] < p.lines.length) left = true;
    });
  }
  return { text: out.join('\n') + '\n', lineNos };
}

// [case, format, the vCPUs' dumps (vCPU index, prefix, lines kept), lines taken in turn,
//  expected dumps in output order: [vCPU index, index of its part, fields read]]
const K = kvmDump;
const CASES = [
  ['ftrace: two vCPU threads interleaved line by line', 'kvm', [[0, ftrace('CPU 0/KVM', 1234, 12)], [1, ftrace('CPU 1/KVM', 1235, 3)]], 1, [[0, 0, 24], [1, 1, 24]]],
  ['ftrace: two interleaved two lines at a time', 'kvm', [[0, ftrace('CPU 0/KVM', 1234, 12)], [1, ftrace('CPU 1/KVM', 1235, 3)]], 2, [[0, 0, 24], [1, 1, 24]]],
  ['ftrace: two interleaved and a third that ends early', 'kvm', [[0, ftrace('CPU 0/KVM', 1234, 12)], [1, ftrace('CPU 1/KVM', 1235, 3)], [2, ftrace('qemu-system-x86', 2997, 7), 8]], 1, [[0, 0, 24], [1, 1, 24], [2, 2, 14]]],
  ['dmesg: kvm_intel: vcpu0 / vcpu1 interleaved', 'kvm', [[0, dmesg(0)], [1, dmesg(1)]], 1, [[0, 0, 24], [1, 1, 24]]],
  ["Xen: (XEN) d1v0 / d1v1 interleaved", "xen", [[0, xen(1, 0)], [1, xen(1, 1)]], 1, [[0, 0, 22], [1, 1, 22]]],
];

for (const [name, format, parts, take, expected] of CASES) {
  test(`interleaved vCPUs: ${name}`, () => {
    const built = parts.map(([vi, prefix, keep]) => {
      const lines = format === 'xen' ? xenDump(VCPU[vi]) : K(VCPU[vi]);
      return { prefix, lines: keep ? lines.slice(0, keep) : lines };
    });
    const { text, lineNos } = interleave(built, take);
    // each vCPU's lines alone (same prefixes): what its dump must hold, line numbers mapped
    const alone = built.map((b) => annotate(b.lines.map((l, i) => b.prefix(i, l)).join('\n') + '\n').dumps);
    for (const a of alone) assert.equal(a.length, 1);
    for (const r of [annotate(text), streamed(text, 97)]) {
      assert.equal(r.dumps.length, expected.length, r.dumps.map((d) => `${d.firstLine}-${d.lastLine}`).join(' '));
      expected.forEach(([vi, part, nFields], k) => {
        const d = r.dumps[k];
        const own = lineNos[part];
        const solo = alone[part][0];
        assert.equal(d.format, format);
        assert.deepEqual([d.firstLine, d.lastLine], [own[solo.firstLine - 1], own[solo.lastLine - 1]], `dump ${k}: its own first and last line`);
        assert.equal(d.lastLine, own[own.length - 1]);
        assert.deepEqual(
          d.fields.map((f) => [f.name, f.value, f.line]),
          solo.fields.map((f) => [f.name, f.value, own[f.line - 1]]),
          `dump ${k}: the fields of its vCPU's lines read alone, at their lines in the log`,
        );
        assert.equal(d.fields.length, nFields, `dump ${k}: fields`);
        assert.deepEqual(d.diagnostics.filter((x) => x.severity === 'error' || x.code === 'conflicting-values').map((x) => x.code), []);
        for (const [field, value] of Object.entries(want(VCPU[vi]))) {
          const f = d.fields.find((x) => x.name === field);
          if (!f) {
            // only the dump cut early lacks fields: those printed after its last line
            assert.ok(built[part].lines.length < 15, `dump ${k}: ${field} missing`);
            continue;
          }
          assert.equal(f.value, value, `dump ${k}: ${field}`);
          assert.ok(own.includes(f.line), `dump ${k}: ${field} read from line ${f.line}, not one of its vCPU's`);
        }
        // the guest RIP is on the dump's 5th line (KVM) or 4th (Xen) of its vCPU
        const rip = d.fields.find((x) => x.name === 'GUEST_RIP');
        assert.equal(rip.line, own[format === 'xen' ? 3 : 4]);
      });
    }
  });
}

/** The streaming Annotator fed in chunks of `size` characters. */
function streamed(text, size) {
  const a = new Annotator();
  const dumps = [];
  for (let i = 0; i < text.length; i += size) dumps.push(...a.write(text.slice(i, i + size)));
  dumps.push(...a.end());
  return { dumps, diagnostics: a.diagnostics, summary: a.summary };
}

// [case, lines, expected dumps as [firstLine, lastLine, GUEST_RIP]]: one vCPU at a time reads as before.
const SEQUENTIAL = [
  [
    'the same thread twice in a row: two dumps, as before',
    [...K(VCPU[0]).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l)), ...K(VCPU[1]).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l))],
    [[1, 15, VCPU[0].rip], [16, 30, VCPU[1].rip]],
  ],
  [
    'two threads one after the other, no blank line between',
    [...K(VCPU[0]).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l)), ...K(VCPU[1]).map((l, i) => ftrace('CPU 1/KVM', 1235, 3)(i, l))],
    [[1, 15, VCPU[0].rip], [16, 30, VCPU[1].rip]],
  ],
  [
    // Xen's failure line names the vCPU, its dump lines (printk) none: read as before
    'Xen failure lines naming d1v0 then d1v1, dumps without a prefix',
    [`(XEN) d1v0 vmentry failure (reason 0x80000021): Invalid guest state (0)`, ...xenDump(VCPU[0]).map((l) => `(XEN) ${l}`), `(XEN) d1v1 vmentry failure (reason 0x80000021): Invalid guest state (0)`, ...xenDump({ ...VCPU[1], reason: 0x80000021, qual: 0n }).map((l) => `(XEN) ${l}`)],
    [[1, 15, VCPU[0].rip], [16, 30, VCPU[1].rip]],
  ],
];

for (const [name, lines, expected] of SEQUENTIAL) {
  test(`one vCPU at a time: ${name}`, () => {
    const r = annotate(lines.join('\n') + '\n');
    assert.deepEqual(
      r.dumps.map((d) => [d.firstLine, d.lastLine, d.fields.find((f) => f.name === 'GUEST_RIP')?.value]),
      expected,
    );
    for (const d of r.dumps) assert.deepEqual(d.diagnostics.filter((x) => x.code === 'conflicting-values'), []);
  });
}

test('interleaved vCPUs: a vCPU silent for longer than the idle limit has its dump closed and handed out, the others go on', () => {
  // vCPU 0 prints its guest state, vCPU 1 the start of a dump, then 5,000 lines of vCPU 1's
  // other trace events, the rest of vCPU 1's dump, and vCPU 0's host and control state
  const a = K(VCPU[0]).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l));
  const other = Array.from({ length: 5000 }, (_, i) => `     CPU 1/KVM-1235    [003] 100.${String(i).padStart(6, '0')}: kvm_entry: vcpu 1, rip 0xffffffff8100a5c2`);
  const b = K(VCPU[1]).map((l, i) => ftrace('CPU 1/KVM', 1235, 3)(i, l));
  const head = [...a.slice(0, 9), ...b.slice(0, 3), ...other];
  const tail = [...b.slice(3), ...a.slice(9)];
  const an = new Annotator({ bits: false });
  const early = an.write(head.join('\n') + '\n');
  // vCPU 0 went quiet for more than 4,096 lines: its dump is out before the input ends
  assert.deepEqual(early.map((d) => [d.firstLine, d.lastLine, d.fields.find((f) => f.name === 'GUEST_RIP')?.value]), [[1, 9, VCPU[0].rip]]);
  const late = [...an.write(tail.join('\n') + '\n'), ...an.end()];
  // vCPU 1's dump is whole; vCPU 0's host and control state (after the limit) are a dump of their own
  assert.deepEqual(
    late.map((d) => [d.firstLine, d.lastLine, d.fields.length]),
    [[10, 5024, 24], [5026, 5030, 8]],
  );
  assert.equal(late[0].fields.find((f) => f.name === 'GUEST_RIP').value, VCPU[1].rip);
  assert.equal(late[1].fields.find((f) => f.name === 'HOST_RIP').line, 5026);
});

test('interleaved vCPUs: dumps of a vCPU that goes on are handed out once no earlier dump is open', () => {
  // vCPU 1 prints two dumps while vCPU 0's one dump is open: they wait for it (order of first line)
  const a = K(VCPU[0]).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l));
  const b = [...K(VCPU[1]), ...K(VCPU[2])].map((l, i) => ftrace('CPU 1/KVM', 1235, 3)(i, l));
  const lines = [a[0], ...b, ...a.slice(1)];
  const r = annotate(lines.join('\n') + '\n', { bits: false });
  assert.deepEqual(
    r.dumps.map((d) => [d.firstLine, d.lastLine, d.fields.find((f) => f.name === 'VIRTUAL_PROCESSOR_ID')?.value]),
    [[1, 45, 1n], [2, 16, 2n], [17, 31, 3n]],
  );
});

test('interleaved vCPUs: 64 threads at once are 64 whole dumps; past 64 no value lands in another thread\'s dump', () => {
  for (const n of [64, 70]) {
    const vs = Array.from({ length: n }, (_, k) => ({ ...VCPU[k % 3], rip: 0x1000n + BigInt(k), vpid: k + 1 }));
    const { text, lineNos } = interleave(vs.map((v, k) => ({ prefix: ftrace(`CPU ${k}/KVM`, 2000 + k, k), lines: K(v) })));
    const r = annotate(text, { bits: false });
    const owner = new Map();
    lineNos.forEach((ls, k) => ls.forEach((l) => owner.set(l, k)));
    for (const d of r.dumps) {
      assert.deepEqual(d.diagnostics.filter((x) => x.code === 'conflicting-values'), []);
      if (d.fields.length === 0) continue; // the VMCS line of a thread whose state was ended: a note
      const ks = new Set(d.fields.map((f) => owner.get(f.line)));
      assert.equal(ks.size, 1, `dump ${d.firstLine}-${d.lastLine}: fields of one thread`);
      const k = [...ks][0];
      for (const f of d.fields) if (f.name in want(vs[k])) assert.equal(f.value, want(vs[k])[f.name], `${f.name} of thread ${k}`);
    }
    if (n === 64) {
      assert.equal(r.dumps.length, 64);
      assert.deepEqual(r.dumps.map((d) => d.fields.length), Array(64).fill(24));
      assert.deepEqual(r.dumps.map((d) => d.firstLine), lineNos.map((ls) => ls[0]));
    }
  }
});

test('threads that take turns: a dump in its control state is handed out as soon as another vCPU\'s dump begins in earnest, the output as before, table', () => {
  const A = (v, n) => K(v).slice(0, n).map((l, i) => ftrace('CPU 0/KVM', 1234, 12)(i, l));
  const B = (v) => K(v).map((l, i) => ftrace('CPU 1/KVM', 1235, 3)(i, l));
  const X = (d, n, v) => xenDump(v).map((l) => `(XEN) d${d}v${n} ${l}`);
  // [case, lines, the line after which the first dump is out (null: only at the end), dumps as [first, last, GUEST_RIP]]
  for (const [name, lines, outAfter, want] of [
    // B's dump: its VMCS line, its header, then CR0 (a field on its second line of the dump): A is done
    ['KVM ftrace: A whole, then B', [...A(VCPU[0]), ...B(VCPU[1])], 18, [[1, 15, VCPU[0].rip], [16, 30, VCPU[1].rip]]],
    ['Xen dNvN: d1v0 whole, then d1v1', [...X(1, 0, VCPU[0]), ...X(1, 1, VCPU[1])], 18, [[2, 14, VCPU[0].rip], [16, 28, VCPU[1].rip]]],
    // A cut before its control state: it may go on, so it waits as before
    ['A without its control state, then B', [...A(VCPU[0], 9), ...B(VCPU[1])], null, [[1, 9, VCPU[0].rip], [10, 24, VCPU[1].rip]]],
  ]) {
    const whole = annotate(lines.join('\n') + '\n', { bits: false });
    const an = new Annotator({ bits: false });
    const got = [];
    let firstOut = null;
    lines.forEach((l, i) => {
      const d = an.write(l + '\n');
      if (d.length > 0 && firstOut === null) firstOut = i + 1;
      got.push(...d);
    });
    got.push(...an.end());
    assert.equal(firstOut, outAfter, name);
    const shape = (ds) => ds.map((d) => [d.firstLine, d.lastLine, d.fields.find((f) => f.name === 'GUEST_RIP')?.value]);
    assert.deepEqual(shape(got), want, name);
    assert.deepEqual(shape(whole.dumps), want, name);
    assert.deepEqual(got.map((d) => d.fields.map((f) => [f.name, f.value, f.line])), whole.dumps.map((d) => d.fields.map((f) => [f.name, f.value, f.line])), name);
  }
});

// ---------------------------------------------------------------------------------------------
// HAXM: no line says which vCPU printed it (core/dump.c dump_vmcs(): `%04x %s: %llx` per field,
// every vCPU the same list in the same order, dump_vmcs_list). Constructed from that list (its
// encodings, in the order HAXM prints them) and NetBSD's hax_warning(), which prints its
// `haxm_warning: ` prefix and the message in two printf calls (so two vCPUs tear each other's lines).

const HAXM_LIST = (
  '4000 4002 401e 4004 4006 4008 400c 400e 4010 4012 4014 4016 4018 401a 401c 6000 6002 6004 6006 400a 6008 ' +
  '0000 2000 2002 2004 2006 2008 200a 2010 2012 2014 201a 482e 4400 4402 4404 4406 4408 440a 440c 440e ' +
  '6400 6402 6404 6406 6408 640a 2400 6c16 6c14 6c00 6c02 6c04 0c02 0c06 0c00 0c08 0c0a 0c04 0c0c ' +
  '6c06 6c08 6c0a 6c0c 6c0e 4c00 6c10 6c12 681e 6820 681c 6800 6802 6804 0800 0802 0804 0806 0808 080a 080c 080e ' +
  '4814 4816 4818 481a 481c 481e 4820 4822 6806 6808 680a 680c 680e 6810 6812 6814 6816 6818 ' +
  '4800 4802 4804 4806 4808 480a 480c 480e 4810 4812 2800 2802 2804 2806 2808 280a 280c 280e 2810 ' +
  '681a 6822 482a 6824 6826 4828 4824 4826'
).split(' ');

/** A vCPU's HAXM dump lines (from..to of the list), each field's value `tag` + its index (hex). */
// HAXM's names (core/name.c) are its own; the table's names agree with the encoding as they do
const haxmLines = (tag, from = 0, to = HAXM_LIST.length) => HAXM_LIST.slice(from, to).map((e, i) => `haxm_warning: ${e} ${fieldByEncoding(parseInt(e, 16))?.name ?? ''}: ${tag}${(from + i).toString(16)}`);
/** Lines of a and b, alternating one by one from the start (the rest of the longer after). */
const zip = (a, b) => a.flatMap((l, i) => (i < b.length ? [l, b[i]] : [l])).concat(b.slice(a.length));
const haxmRun = (lines) => annotate(lines.join('\n') + '\n', { bits: false });
const interleavedOf = (r) => [...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((d) => d.code === 'interleaved-lines').map((d) => `${d.line}: ${d.args.lines} (${d.args.count})`);

test('HAXM, vCPUs printing at once (no vCPU id on a line): a field printed again before the list starts over is two printers; whole dumps in order are read, the rest is reported by line, table', () => {
  const A = haxmLines('a');
  const B = haxmLines('b');
  // [what, lines, dumps as firstLine-lastLine:fields:first value, interleaved-lines reports]
  for (const [what, lines, dumps, reported] of [
    ['one vCPU, then another: two dumps', [...A, ...B], ['1-127:127:a0', '128-254:127:b0'], []],
    ['one dump with HAXM messages of another vCPU between its lines: not split', [...A.slice(0, 3), 'haxm_error: gpa_space_map_range: start_gpa=0x40008000 is reserved for MMIO', ...A.slice(3)], ['1-128:127:a0'], []],
    ['the heads of two dumps, one after the other (0x4000 starts each)', [...A.slice(0, 5), ...B.slice(0, 5)], ['1-5:5:a0', '6-10:5:b0'], []],
    ['two dumps line by line: nothing can be told apart', zip(A.slice(0, 6), B.slice(0, 6)), [], ['1: 1-12 (12)']],
    ['interleaved heads with other text between: the lines named, the text not', [A[0], B[0], 'mmio_map_guest_virtual_page_slow: gpa_space_map_page() failed: vcpu_id=1', A[1], B[1], A[2]], [], ['1: 1-2, 4-6 (5)']],
    ['a torn line (the prefix printed twice, the next line without it)', [A[0], A[1], `haxm_warning: ${B[0]}`, A[2].replace('haxm_warning: ', ''), B[1]], [], ['1: 1-5 (5)']],
    ['a whole dump between another vCPU\'s lines: read; the other lines reported', [...B.slice(0, 3), ...A, ...B.slice(3, 6)], ['4-130:127:a0'], ['1: 1-3, 131-133 (6)']],
    ['a dump tail (an excerpt) then a line printed again: reported', [...A.slice(120), A[125]], [], ['1: 1-8 (8)']],
  ]) {
    const r = haxmRun(lines);
    const firstOf = (d) => d.fields.find((f) => f.line === d.firstLine);
    assert.deepEqual(r.dumps.map((d) => `${d.firstLine}-${d.lastLine}:${d.fields.length}:${firstOf(d).value.toString(16)}`), dumps, what);
    for (const d of r.dumps) {
      // no value in a dump from another vCPU's line
      const tag = firstOf(d).value.toString(16)[0];
      assert.ok(d.fields.every((f) => f.value.toString(16).startsWith(tag)), what);
    }
    assert.deepEqual(interleavedOf(r), reported, what);
    assert.ok(r.dumps.every((d) => !d.diagnostics.some((x) => x.code === 'conflicting-values')), what);
  }
});

test('HAXM interleaved lines (sample 59, NetBSD, two vCPUs at once): no dump, the 13 values reported by line, an error; the no-fields message says why, annotate and check exit 3', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { spawnSync } = await import('node:child_process');
  const dir = new URL('./fixtures/samples/', import.meta.url).pathname;
  const file = dir + readdirSync(dir).find((f) => f.startsWith('59-'));
  const r = annotate(readFileSync(file, 'utf8'), { bits: false });
  assert.deepEqual(r.dumps, []);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.line]), [['interleaved-lines', 'error', 2], ['no-fields', 'error', undefined]]);
  assert.deepEqual(r.diagnostics[0].args, { dialect: 'HAXM', lines: '2-3, 5-6, 8-13, 15-17', count: 13 });
  assert.equal(r.diagnostics[1].args.interleaved, 13);
  for (const cmd of ['annotate', 'check']) {
    const p = spawnSync(process.execPath, [new URL('../bin/vmcs.js', import.meta.url).pathname, cmd, file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(p.status, 3, cmd);
    assert.match(p.stderr, /:2: error: lines 2-3, 5-6, 8-13, 15-17: 13 HAXM dump lines of two or more vCPUs printing at once .* so none is read/, cmd);
    assert.match(p.stderr, /error: no VMCS dump read from 18 lines of input: its 13 dump lines are those of two or more vCPUs printing at once/, cmd);
  }
});

test('HAXM lines held for a stretch are given before another reader\'s dump (a kvm_exit line, a pairs line), in line order', () => {
  const A = haxmLines('a', 0, 4);
  for (const [what, after, formats] of [
    ['a kvm_exit trace line, then HAXM again', ['kvm_exit: reason EPT_VIOLATION rip 0xffffffff81000000 info 181 0', ...haxmLines('b', 0, 2)], ['haxm@1', 'kvm-exit@5', 'haxm@6']],
    ['a pairs line', ['GUEST_RIP = 0x1000'], ['haxm@1', 'pairs@5']],
  ]) {
    const r = haxmRun([...A, ...after]);
    assert.deepEqual(r.dumps.map((d) => `${d.format}@${d.firstLine}`), formats, what);
    assert.equal(r.dumps[0].fields.length, 4, what);
  }
  // streamed a line at a time: the same
  const a = new Annotator({ bits: false });
  const out = [];
  for (const l of [...A, 'GUEST_RIP = 0x1000']) out.push(...a.write(l + '\n'));
  out.push(...a.end());
  assert.deepEqual(out.map((d) => `${d.format}@${d.firstLine}`), ['haxm@1', 'pairs@5']);
});
