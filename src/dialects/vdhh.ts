/**
 * Veertu Desktop's (veertuinc/vdhh, a VMM on macOS's Hypervisor.framework) one-line exit messages
 * (the `vdhh` dialect); see ./index.ts for how dialects plug in. QEMU's Hypervisor.framework
 * accelerator (target/i386/hvf/hvf.c) began from this code, and versions of it keep the same
 * triple-fault line as a `DPRINTF` (printed in a debug build): one reader for both.
 *
 * vdhh prints no VMCS dump. Its exit loop (`veertu_cpu_exec()`, vmm/veertu.c) reads
 * `exit_reason = rvmcs(VMCS_EXIT_REASON)`, `exit_qual = rvmcs(VMCS_EXIT_QUALIFICATION)`,
 * `ins_len = rvmcs(VMCS_EXIT_INSTRUCTION_LENGTH)` and `rip = rreg(HV_X86_RIP)` (the guest RIP
 * field), and switches on the whole exit reason:
 *
 * - `case EXIT_REASON_TRIPLE_FAULT` (2): `printf("triple fault at %llx (%llx, %llx), cr0 %llx, qual %llx,
 *   gpa %llx, ins len %d, cpu %p\n", linear_rip(cpu, rip), RIP(cpu), linear_addr(cpu, rip, REG_SEG_CS),
 *   rvmcs(VMCS_GUEST_CR0), exit_qual, gpa, ins_len, cpu)` with `gpa = rvmcs(VMCS_GUEST_PHYSICAL_ADDRESS)`:
 *   the guest CR0, the exit qualification, the guest-physical address and the VM-exit instruction
 *   length are VMCS fields (the SDM leaves the last two undefined for a triple fault: "Guest-Physical
 *   Address", "VM-Exit Instruction Length"; read as printed, with a note), and the exit reason
 *   is 2 whole. The three addresses are not fields: `linear_rip()` and `linear_addr(…, CS)` are the
 *   same linear address, CS base plus the guest RIP, and `RIP(cpu)` is the emulator's copy of RIP,
 *   loaded at its last emulated instruction (stale here: nothing loads it on this path); `cpu` is the
 *   host address of the vCPU's state. Notes.
 * - `default:` `VM_PANIC_EX("%llx: unhandled exit %llx, cpu id %ld\n", rip, exit_reason, veertu_vcpu_id(cpu))`
 *   (a printf, then abort()): the guest RIP and the whole exit reason in hex; the vCPU's number a note.
 */
import type { LineSink } from './types.js';
import { DumpState, dumpParser, type OtherParser } from './common.js';

const H = '([0-9a-f]{1,16})';
const TRIPLE_RE = new RegExp(`(?:^|[\\s\\]>:])triple fault at ${H} \\(${H}, ${H}\\), cr0 ${H}, qual ${H}, gpa ${H}, ins len (-?\\d{1,11}), cpu (0x[0-9a-f]{1,16}|\\(nil\\))\\s*$`);
const UNHANDLED_RE = /(?:^|[\s\]>])([0-9a-f]{1,16}): unhandled exit ([0-9a-f]{1,16}), cpu id (-?\d{1,20})\s*$/;

export function createVdhhParser(): OtherParser {
  const d = new DumpState('vdhh');
  return dumpParser(d, (line: string, lineNo: number, sink: LineSink): boolean => {
    let m: RegExpExecArray | null;
    if (line.includes('triple fault at ') && (m = TRIPLE_RE.exec(line))) {
      d.open(sink);
      d.field(sink, 0x4402, '2', lineNo);
      d.note(sink, lineNo, 'triple fault', '', 'printed for exit reason 2 (triple fault) alone, the whole field compared: the exit-reason field read from it');
      d.note(sink, lineNo, 'triple fault at', m[1]!, "the linear address of the guest's instruction (CS base plus guest RIP, linear_rip()); not a VMCS field");
      d.note(sink, lineNo, 'RIP(cpu)', m[2]!, "the instruction emulator's copy of RIP, from the last instruction it emulated (not reloaded on this exit); not the guest RIP field");
      d.note(sink, lineNo, 'linear_addr(rip, CS)', m[3]!, 'the same linear address again (CS base plus guest RIP); not a VMCS field');
      d.field(sink, 0x6800, m[4]!, lineNo);
      d.field(sink, 0x6400, m[5]!, lineNo);
      d.field(sink, 0x2400, m[6]!, lineNo);
      const len = BigInt(m[7]!);
      if (len >= 0n && len <= 0xffffffffn) d.field(sink, 0x440c, len.toString(16), lineNo);
      else d.note(sink, lineNo, 'ins len', m[7]!, 'not a 32-bit instruction length: not read as the field');
      d.note(sink, lineNo, 'gpa, ins len', '', 'the guest-physical address and VM-exit instruction length fields as VMREAD gave them: the SDM leaves both undefined after a triple fault');
      d.note(sink, lineNo, 'cpu', m[8]!, "the host address of the vCPU's state in the VMM (not a VMCS field)");
      d.close(sink);
      return true;
    }
    if (line.includes(': unhandled exit ') && (m = UNHANDLED_RE.exec(line))) {
      d.open(sink);
      d.field(sink, 0x681e, m[1]!, lineNo);
      d.field(sink, 0x4402, m[2]!, lineNo);
      d.note(sink, lineNo, 'cpu id', m[3]!, "the vCPU's number in the VMM (not a VMCS field)");
      d.close(sink);
      return true;
    }
    return false;
  });
}
