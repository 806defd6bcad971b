// The Bochs oracle (oracle/README.md) on a fixed set of cases: each line names a case of the
// generator and the outcome both Bochs (running VMLAUNCH) and `vmcs check` must give.
// Skips, saying why, when bochs or nasm is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toolsAvailable } from '../oracle/lib/bochs.js';

const tools = toolsAvailable();
const skip = tools.ok ? false : `${tools.missing.join(' and ')} not installed (apt-get install -y bochs bochsbios nasm)`;

// [rule, case name, Bochs outcome, check's predicted outcome]
const CASES = [
  ['template', 'valid 64-bit guest and host', 'pass', 'pass'],
  ['template', 'valid 32-bit paged guest', 'pass', 'pass'],
  ['E-01', 'PIN_BASED_VM_EXEC_CONTROL bit 1 clear (allowed-0 is 1)', 'vmfail-7', 'vmfail-7'],
  ['E-02', 'CPU_BASED_VM_EXEC_CONTROL bit 0 set (allowed-1 is 0)', 'vmfail-7', 'vmfail-7'],
  ['E-02', 'CPU_BASED_VM_EXEC_CONTROL bit 7 set (allowed)', 'pass', 'pass'],
  ['E-05', 'CR3-target count 4 (the maximum)', 'pass', 'pass'],
  ['E-05', 'CR3-target count 5', 'vmfail-7', 'vmfail-7'],
  ['E-07', 'MSR_BITMAP bit 40 set (beyond MAXPHYADDR)', 'vmfail-7', 'vmfail-7'],
  ['E-09', 'TPR shadow, TPR threshold 0x10, VTPR 0xf0', 'vmfail-7', 'vmfail-7'],
  ['E-21', 'enable VPID with VPID 0', 'vmfail-7', 'vmfail-7'],
  ['E-23', 'enable EPT, EPTP walk length 3', 'vmfail-7', 'vmfail-7'],
  ['X-04', 'VM_EXIT_MSR_STORE_COUNT 1, VM_EXIT_MSR_STORE_ADDR + 8 (not 16-byte aligned)', 'vmfail-7', 'vmfail-7'],
  ['N-03', 'inject NMI with vector 3', 'vmfail-7', 'vmfail-7'],
  ['N-07', 'inject software interrupt 0x80, instruction length 16', 'vmfail-7', 'vmfail-7'],
  ['H-01', 'host CR0 bit 5 clear (fixed 1)', 'vmfail-8', 'vmfail-8'],
  ['H-18', 'host SS selector RPL 1', 'vmfail-8', 'vmfail-8'],
  ['H-21', 'host SS selector 0 with a 64-bit host (allowed)', 'pass', 'pass'],
  ['H-22', 'HOST_GDTR_BASE non-canonical', 'vmfail-8', 'vmfail-8'],
  ['H-30', 'host RIP non-canonical', 'vmfail-8', 'vmfail-8'],
  ['G-01', 'guest CR0 NW 1, CD 0 (not checked)', 'pass', 'pass'],
  ['G-06', 'IA-32e mode guest with CR4.PAE 0', 'exit-33', 'exit-33'],
  ['G-09', 'guest CR3 bit 40', 'exit-33', 'exit-33'],
  ['S-11', 'CS type 8', 'exit-33', 'exit-33'],
  ['S-16', 'CPL 3: CS, SS selectors RPL 3, DPL 3', 'pass', 'pass'],
  ['S-22', 'CS L 1 and D 1 (IA-32e guest)', 'exit-33', 'exit-33'],
  ['S-23', 'DS limit 0xfffff with G 1', 'pass', 'pass'],
  ['S-23', 'DS limit 0x100000 with G 0', 'exit-33', 'exit-33'],
  ['S-28', 'TR type 3 (16-bit busy TSS) in IA-32e mode', 'exit-33', 'exit-33'],
  ['D-02', 'GDTR limit 0x10000', 'exit-33', 'exit-33'],
  ['R-03', 'RFLAGS bit 1 clear', 'exit-33', 'exit-33'],
  ['I-03', 'blocking by STI with IF 0', 'exit-33', 'exit-33'],
  ['PD-01', 'pending debug exceptions bit 13', 'exit-33', 'exit-33'],
  ['L-01', 'link pointer 0x21800 (unaligned)', 'exit-33', 'exit-33'],
  // a 32-bit host (the VMM outside IA-32e mode)
  ['template', 'valid 32-bit host and 32-bit guest', 'pass', 'pass'],
  ['H-21', '32-bit host, host SS selector 0', 'vmfail-8', 'vmfail-8'],
  ['H-27', '32-bit host, host RIP bit 32 (written by the 64-bit VMM)', 'vmfail-8', 'vmfail-8'],
  // memory the checks read (check --memory gets the case's writes)
  ['E-10', 'TPR shadow, threshold 3, VTPR 0x20', 'vmfail-7', 'vmfail-7'],
  ['L-03', 'link pointer to a VMCS with revision identifier + 1', 'exit-33', 'exit-33'],
  ['L-04', 'link pointer to a shadow VMCS without VMCS shadowing', 'exit-33', 'exit-33'],
  ['PT-02', 'PAE guest, PDPTE0 with reserved bit 1', 'exit-33', 'exit-33'],
  ['M-02', 'MSR-load entry IA32_FS_BASE', 'exit-34', 'exit-34'],
  ['M-03', 'MSR-load entry x2APIC TPR (808H)', 'exit-34', 'exit-34'],
  // known differences (oracle/known-differences.json): Bochs deviates from the SDM
  ['A-04', 'HLT and inject #GP', 'pass', 'exit-33'],
  ['G-05', 'load debug controls, DEBUGCTL bit 5', 'pass', 'exit-33'],
  ['S-12', 'SS null selector with type 2 in a 64-bit guest', 'pass', 'exit-33'],
];

test('the Bochs oracle: a fixed set of cases on corei7_skylake_x', { skip, timeout: 60000 }, async () => {
  const { runOracle } = await import('../oracle/lib/oracle.js');
  const wanted = new Map(CASES.map(([rule, name, bochs, check]) => [`${rule}|${name}`, { bochs, check }]));
  const run = await runOracle({
    models: ['corei7_skylake_x'],
    select: (cases) => cases.filter((c) => wanted.has(`${c.rule}|${c.name}`)),
  });
  const seen = new Set();
  for (const r of run.results) {
    const key = `${r.case.rule}|${r.case.name}`;
    seen.add(key);
    const w = wanted.get(key);
    assert.equal(r.bochsClass, w.bochs, `${key}: Bochs gave ${r.bochsClass} (${r.bochsMessage ?? 'no message'})`);
    assert.equal(r.checkClass, w.check, `${key}: check predicted ${r.checkClass} (fails ${r.failing.join(' ')})`);
    assert.notEqual(r.verdict, 'unexplained', `${key}: unexplained disagreement`);
  }
  for (const key of wanted.keys()) assert.ok(seen.has(key), `the generator has no case ${key}`);
});
