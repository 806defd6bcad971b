// Shapes of pairs lines that hobby hypervisors and debug prints write, read or reported (issue 10,
// pairs5): a value before its field or its field behind a struct member path, hex with the
// assembler's `h` suffix, a field's name with words that are no value, a line whose value cannot
// be read just before a dump's first field, and an index into the VMCS region in brackets. Every
// line below is constructed for its shape from the printing code named beside it (none is a paste).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { annotate } from '../dist/index.js';

const bin = fileURLToPath(new URL('../bin/vmcs.js', import.meta.url));
const read = (text) => annotate(text, { bits: false });
/** Each dump as [first line, last line, fields [name, hex, line], its diagnostics [code, line]], then the others. */
const shape = (r) => [
  ...r.dumps.map((d) => [d.firstLine, d.lastLine, d.fields.map((f) => [f.name, f.value.toString(16), f.line]).sort((a, b) => a[2] - b[2] || a[0].localeCompare(b[0])), d.diagnostics.map((x) => [x.code, x.line])]),
  r.diagnostics.filter((x) => x.code !== 'no-fields').map((x) => [x.code, x.line]),
];

// [shape, input (constructed), dumps [first, last, fields, diagnostics], diagnostics outside dumps]
const CASES = [
  // 4. h-suffixed hex: MASM and Windows drivers print `80050033h`, `0FFFFh` (hex digits that start with a decimal digit, then h)
  ['h suffix', 'GUEST_CR0 = 80050033h\nGUEST_CR3 = 0FFFFh', [[1, 2, [['GUEST_CR0', '80050033', 1], ['GUEST_CR3', 'ffff', 2]], []]], []],
  ['H suffix, blanks alone', 'GUEST_CR0 80050033H', [[1, 1, [['GUEST_CR0', '80050033', 1]], []]], []],
  ['h suffix on a word that starts with a letter is no number (MASM writes 0deadh)', 'GUEST_CR0 = 1\nGUEST_CR3 = deadh', [[1, 1, [['GUEST_CR0', '1', 1]], [['invalid-value', 2]]]], []],
  // 5. the value before the call (XMHF's lhv: printf("CPU(0x%02x): 0x%08lx = vmread(0x%04lx)\n", ...))
  ['value = vmread(ENC)', 'CPU(0x00): 0x80050033 = vmread(0x6800)\nCPU(0x00): 0x00001000 = vmread(0x681e)', [[1, 2, [['GUEST_CR0', '80050033', 1], ['GUEST_RIP', '1000', 2]], []]], []],
  ['value = __vmx_vmread(ENC), no prefix', '80050033 = __vmx_vmread(0x6800)', [[1, 1, [['GUEST_CR0', '80050033', 1]], []]], []],
  ['a comparison is no result', 'if 0x1 == vmread(0x6800)', [], []],
  // a vmwrite call with its arguments (a VMCS fuzzer's dump_vmcs(): wprintf(L"vmwrite(0x%x, 0x%x);\r\n", ...); lhv: "CPU(0x%02x): vmwrite(0x%04lx, 0x%08lx)\n")
  ['vmwrite(ENC, VALUE);', 'vmwrite(0x6800, 0x80050033);\nvmwrite(0x0, 0x1);\nCPU(0x00): vmwrite(0x681e, 0x00001000)', [[1, 3, [['GUEST_CR0', '80050033', 1], ['VIRTUAL_PROCESSOR_ID', '1', 2], ['GUEST_RIP', '1000', 3]], []]], []],
  ['vmwrite(ENC, VALUE) of an encoding no field uses, 3 digits (%x): read under it, reported', 'vmwrite(0x6800, 0x1);\nvmwrite(0x010, 0x1);', [[1, 2, [['GUEST_CR0', '1', 1], [null, '1', 2]], [['unknown-encoding', 2]]]], []],
  ['a failed vmwrite\'s message is no field (Fiasco: "VMX: VMfailInvalid vmwrite(0x%04lx, %llx) => %lx")', 'VMX: VMfailInvalid vmwrite(0x6800, 1) => 41', [], []],
  // 6. a struct member path before the field (lhv: printf("CPU(0x%02x): vcpu->vmcs." #name "=0x%016lx\n", ...); hobby: vmcs->guest_cr0: 0x...)
  ['vcpu->vmcs.NAME=value', 'CPU(0x00): vcpu->vmcs.guest_RIP=0x0000000000001000\nvmcs->guest_cr0: 0x80050033', [[1, 2, [['GUEST_RIP', '1000', 1], ['GUEST_CR0', '80050033', 2]], []]], []],
  ['a member no field is called, in a dump', 'vcpu->vmcs.guest_RIP=0x1\nvcpu->vmcs.control_VMX_cpu_based=0x84006172', [[1, 2, [['GUEST_RIP', '1', 1]], [['unknown-field', 2]]]], []],
  // 7. lhv prints the region's 32-bit words: printf("vmcs[0x%03x] = 0x%08x\n", i, ((u32 *)vcpu->my_vmcs)[i]): an index, no encoding
  ['vmcs[0x%03x] is an index of the region, never a field', 'vmcs[0x000] = 0x00000004\nvmcs[0x002] = 0x00000000', [], [['unplaced-line', 1], ['unplaced-line', 2]]],
  ['... inside a pairs dump too', 'GUEST_RIP = 0x1\nvmcs[0x004] = 0x00000001', [[1, 1, [['GUEST_RIP', '1', 1]], [['unplaced-line', 2]]]], []],
  ['an encoding of 4 digits in brackets stays a field', 'vmcs[0x0002] = 0x1', [[1, 1, [['POSTED_INTR_NV', '1', 1]], []]], []],
  ['an encoding printed with %x in three digits (0x800 and up) stays a field', 'VMCS[0x802] = 0x10', [[1, 1, [['GUEST_CS_SELECTOR', '10', 1]], []]], []],
  ['an encoding printed with %x in one digit stays a field', 'VMCS[0x2] = 0xf2', [[1, 1, [['POSTED_INTR_NV', 'f2', 1]], []]], []],
  // 2. a line whose value cannot be read, just before a pairs dump's first field, is the dump's line
  ['NAME = junk first', 'GUEST_RIP = zzz\nGUEST_RSP = 0x5\nGUEST_CR0 = 0x1', [[1, 3, [['GUEST_RSP', '5', 2], ['GUEST_CR0', '1', 3]], [['invalid-value', 1]]]], []],
  ['NAME = junk alone: reported outside any dump', 'GUEST_RIP = zzz', [], [['invalid-value', 1]]],
  ['NAME = junk, then a blank line: reported outside the dump', 'GUEST_RIP = zzz\n\nGUEST_RSP = 0x5', [[3, 3, [['GUEST_RSP', '5', 3]], []]], [['invalid-value', 1]]],
  // 3. a field's name then words that are no value, no separator
  ['NAME words, in a pairs dump', 'GUEST_RSP = 0x5\nGUEST_RIP see below\nGUEST_CR0 = 0x1', [[1, 3, [['GUEST_RSP', '5', 1], ['GUEST_CR0', '1', 3]], [['invalid-value', 2]]]], []],
  ['NAME words, right before a pairs dump', 'GUEST_RIP see below\nGUEST_RSP = 0x5', [[1, 2, [['GUEST_RSP', '5', 2]], [['invalid-value', 1]]]], []],
  ['NAME words alone: prose, no dump, nothing reported', 'GUEST_RIP see below', [], []],
  ['prose in a mail, other text before the dump: no line of it', 'GUEST_RIP is wrong\nhere is the dump:\nGUEST_RSP = 0x5', [[3, 3, [['GUEST_RSP', '5', 3]], []]], []],
];

for (const [what, input, dumps, outside] of CASES) {
  test(`pairs shape, ${what}`, () => {
    assert.deepEqual(shape(read(input + '\n')), [...dumps, outside]);
  });
}

// 2. annotate and check agree: the line is the dump's (its lines start there), its error on standard error, exit 1
test('CLI: a value that cannot be read on the first line of a pairs dump is the dump\'s, in annotate and check (exit 1)', () => {
  const input = 'GUEST_RIP = zzz\nGUEST_RSP = 0x5\nGUEST_CR0 = 0x1\n';
  const env = { ...process.env, NO_COLOR: '1' };
  const a = spawnSync(process.execPath, [bin, 'annotate', '--json', '-'], { input, encoding: 'utf8', env });
  const c = spawnSync(process.execPath, [bin, 'check', '--json', '-'], { input, encoding: 'utf8', env });
  assert.deepEqual([a.status, c.status], [1, 1], a.stderr + c.stderr);
  const aj = JSON.parse(a.stdout);
  assert.deepEqual(aj.dumps.map((d) => [d.firstLine, d.diagnostics.map((x) => [x.code, x.line])]), [[1, [['invalid-value', 1]]]]);
  assert.deepEqual(aj.diagnostics, []);
  const ch = spawnSync(process.execPath, [bin, 'check', '-'], { input, encoding: 'utf8', env });
  assert.equal(ch.status, 1);
  assert.match(ch.stdout, /lines 1-3, pairs/);
  assert.match(ch.stderr, /:1: error: cannot read the value of GUEST_RIP/);
});
