// NoirVisor's own VMCS dump (Zero-Tang/NoirVisor src/vt_core/vt_exit.c nvc_vt_dump_vmcs_guest_state(),
// vt_main.c for the VMLAUNCH failure lines), one row per line shape built from its nv_dprintf()
// formats (`\t ` between values, as printed; the real paste, sample 88, has blanks). Each row: the
// lines (each behind NoirVisor's `[NoirVisor] ` prefix) and the fields read, `NAME=hex@line`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annotate } from '../dist/index.js';

const P = '[NoirVisor] ';
const CASES = [
  ['segment rows and TR/LDTR', ['Dumping VMCS Guest State Area!', 'Guest SS Segment - Selector: 0x18\t Access-Rights: 0x4093\t Limit: 0x0\t Base: 0x0000000000000000',
    'Guest Task Register - Selector: 0x40\t Access-Rights: 0x8B\t Limit: 0x67\t Base: 0xFFFF94001CC50000', 'Guest LDT Register - Selector: 0x0\t Access-Rights: 0x10000\t Limit: 0x0\t Base: 0x0000000000000000'],
    'GUEST_SS_SELECTOR=18@2 GUEST_SS_AR_BYTES=4093@2 GUEST_SS_LIMIT=0@2 GUEST_SS_BASE=0@2 GUEST_TR_SELECTOR=40@3 GUEST_TR_AR_BYTES=8b@3 GUEST_TR_LIMIT=67@3 GUEST_TR_BASE=ffff94001cc50000@3 GUEST_LDTR_SELECTOR=0@4 GUEST_LDTR_AR_BYTES=10000@4 GUEST_LDTR_LIMIT=0@4 GUEST_LDTR_BASE=0@4'],
  ['descriptor tables', ['Guest GDTR Limit: 0x57\t Base: 0xFFFF94001CC51FB0\t Guest IDTR Limit: 0xFFF\t Base: 0xFFFF94001CC4F000'],
    'GUEST_GDTR_LIMIT=57@1 GUEST_GDTR_BASE=ffff94001cc51fb0@1 GUEST_IDTR_LIMIT=fff@1 GUEST_IDTR_BASE=ffff94001cc4f000@1'],
  ['control and debug registers', ['Guest Control & Debug Registers - CR0: 0x80050033\t CR3: 0x00000004154F0000\t CR4: 0x370678\t DR7: 0x400'],
    'GUEST_CR0=80050033@1 GUEST_CR3=4154f0000@1 GUEST_CR4=370678@1 GUEST_DR7=400@1'],
  ['special GPRs with SSP', ['Guest Special GPRs: Rsp: 0xFFFFF80012345678\t Rip: 0xFFFFF80087654321\t RFlags:0x40046\t Ssp: 0x0000000000000000'],
    'GUEST_RSP=fffff80012345678@1 GUEST_RIP=fffff80087654321@1 GUEST_RFLAGS=40046@1 GUEST_SSP=0@1'],
  ['special GPRs without SSP (older versions)', ['Guest Special GPRs: Rsp: 0x0000000000001000\t Rip: 0x0000000000002000\t RFlags:0x2'],
    'GUEST_RSP=1000@1 GUEST_RIP=2000@1 GUEST_RFLAGS=2@1'],
  ['activity state in decimal', ['Guest Activity State: 3\t Interruptibility State: 0x8\t Pending Debug Exceptions: 0x0'],
    'GUEST_ACTIVITY_STATE=3@1 GUEST_INTERRUPTIBILITY_INFO=8@1 GUEST_PENDING_DBG_EXCEPTIONS=0@1'],
  ['MSRs, link pointer, PDPTEs', ['Guest EFER: 0xD01\t PAT: 0x7010600070106\t Debug Control: 0x0', 'Guest VMCS Link Pointer: 0xFFFFFFFFFFFFFFFF',
    'Guest PDPTE0: 0x0\t PDPTE1: 0x0\t PDPTE2: 0x0\t PDPTE3: 0x0'],
    'GUEST_IA32_EFER=d01@1 GUEST_IA32_PAT=7010600070106@1 GUEST_IA32_DEBUGCTL=0@1 VMCS_LINK_POINTER=ffffffffffffffff@2 GUEST_PDPTR0=0@3 GUEST_PDPTR1=0@3 GUEST_PDPTR2=0@3 GUEST_PDPTR3=0@3'],
  ['controls, EPT pointer, event injection', ['Pin-Based Controls: 0x16\t Primary Controls: 0xB6A06172\t Secondary Controls: 0x10002A\t Exception Bitmap: 0x0',
    'VM-Exit Controls: 0x236FFF\t VM-Entry Controls: 0x13FF', 'EPT Pointer: 0x1D5E01E', 'Event Injection: 0x0'],
    'PIN_BASED_VM_EXEC_CONTROL=16@1 CPU_BASED_VM_EXEC_CONTROL=b6a06172@1 SECONDARY_VM_EXEC_CONTROL=10002a@1 EXCEPTION_BITMAP=0@1 VM_EXIT_CONTROLS=236fff@2 VM_ENTRY_CONTROLS=13ff@2 EPT_POINTER=1d5e01e@3 VM_ENTRY_INTR_INFO_FIELD=0@4'],
  ['the failed VMLAUNCH and the dump after it: one dump', ['Error while launching the Guest! VMX Status: 1', 'Failed at VM-Entry, Code=7\t Reason: VM-Entry failed due to invalid control fields!',
    '-----------', 'Dumping VMCS Guest State Area...', 'Guest CS Segment - Selector: 0x10\t Access-Rights: 0x209B\t Limit: 0x0\t Base: 0x0000000000000000'],
    'VM_INSTRUCTION_ERROR=7@2 GUEST_CS_SELECTOR=10@5 GUEST_CS_AR_BYTES=209b@5 GUEST_CS_LIMIT=0@5 GUEST_CS_BASE=0@5'],
  ['a code of 32 or more is a note, not the field', ['Error while launching the Guest! VMX Status: 1', 'VM-Entry failed with invalid code 40!'], ''],
  ['a second dump after the first', ['Dumping VMCS Guest State Area!', 'Guest CS Segment - Selector: 0x10\t Access-Rights: 0x209B\t Limit: 0x0\t Base: 0x0', 'Dumping VMCS Guest State Area!', 'Guest CS Segment - Selector: 0x8\t Access-Rights: 0x209B\t Limit: 0x0\t Base: 0x0'],
    'GUEST_CS_SELECTOR=10@2 GUEST_CS_AR_BYTES=209b@2 GUEST_CS_LIMIT=0@2 GUEST_CS_BASE=0@2 | GUEST_CS_SELECTOR=8@4 GUEST_CS_AR_BYTES=209b@4 GUEST_CS_LIMIT=0@4 GUEST_CS_BASE=0@4'],
];

for (const [name, lines, want] of CASES) {
  for (const [how, pre, sep] of [['as printed', P, null], ['pasted (blanks for TABs), DbgView column before', '00000012\t1.2345\t' + P, '  ']]) {
    test(`NoirVisor: ${name}, ${how}`, () => {
      const text = lines.map((l) => pre + (sep ? l.replace(/\t /g, sep) : l)).join('\n') + '\n';
      const r = annotate(text, { bits: false });
      const sorted = (s) => s.split(' ').filter(Boolean).sort().join(' ');
      const got = r.dumps.filter((d) => d.fields.length).map((d) => sorted(d.fields.map((f) => `${f.name}=${f.value.toString(16)}@${f.line}`).join(' '))).join(' | ');
      assert.equal(got, want.split(' | ').map(sorted).join(' | '));
      for (const d of r.dumps) assert.equal(d.format, 'noirvisor');
      assert.deepEqual([...r.diagnostics, ...r.dumps.flatMap((d) => d.diagnostics)].filter((x) => x.severity === 'error').map((x) => x.code), []);
    });
  }
}

test('NoirVisor: the record decides nothing but is explained as a VMfailValid with error 7', async () => {
  const { checkDump } = await import('../dist/index.js');
  const r = annotate(`${P}Failed at VM-Entry, Code=7\t Reason: VM-Entry failed due to invalid control fields!\n`, { bits: false });
  const report = checkDump(r.dumps[0]);
  assert.equal(report.explanation?.recorded?.kind, 'vmfail-7');
});
