/**
 * DarthTon/HyperBone's one-line messages (the `hyperbone` dialect); see ./index.ts for how dialects plug in.
 *
 * HyperBone, a VT-x hypervisor for Windows, prints no VMCS dump: four of its messages carry VMCS
 * values or say how VMLAUNCH ended, one per line, and each line is one dump here. Every message
 * goes through `DPRINT` (src/Include/Common.h: `DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, …)`),
 * read through DebugView or WinDbg; `CPU %d` is `KeGetCurrentProcessorNumberEx(NULL)` and the `%s`
 * after it `__FUNCTION__`. The exit handler (src/Arch/Intel/VmxExitHandlers.c, `VmxpExitHandler`)
 * keeps `ExitReason = VmcsRead(VM_EXIT_REASON) & 0xFFFF` (the basic exit reason: bits 15:0 only),
 * `ExitQualification`, `GUEST_RIP`, `GUEST_RSP`, `GUEST_LINEAR_ADDRESS` and `GUEST_PHYSICAL_ADDRESS`,
 * and calls the handler of the basic reason:
 *
 * - `VmExitStartFailed`, the handler of 33, 34 and 41 (the VM-entry failures):
 *   `HyperBone: CPU %d: %s: Failed to enter VM, reason %d, code %d`: the basic exit reason in
 *   decimal (bit 31, "VM-entry failure", is set with these three: common.ts `exitReasonOfBasic`) and
 *   the exit qualification (`%d`: its low 32 bits as a signed number; after a VM-entry failure it is
 *   0-4 or an MSR entry's index, SDM "VM-Entry Failures During or After Loading Guest State").
 * - `VmExitTripleFault`, the handler of 2: `HyperBone: CPU %d: %s: Triple fault at IP 0x%p, stack
 *   0x%p, linear 0x%p, physical 0x%p`: guest RIP, guest RSP, the guest-linear and the
 *   guest-physical address fields (which the SDM leaves undefined for a triple fault: "Guest-Linear
 *   Address", "Guest-Physical Address"; read as printed, with a note), and exit reason 2.
 * - `VmExitUnknown`, every other reason: `HyperBone: Unhandled exit reason 0x%llX, guest EIP 0x%p`:
 *   the basic exit reason in hex and the guest RIP.
 * - `VmxSubvertCPU` (src/Arch/Intel/VMX.c): `HyperBone: CPU %d: %s: __vmx_vmlaunch failed with result %d`:
 *   the intrinsic's result, 1 VMfailValid (the VM-instruction error field says why; HyperBone
 *   does not print it) or 2 VMfailInvalid (no current VMCS): no VMCS value, a note.
 *
 * `%p` of DbgPrint is the pointer's hex digits (16 on x64, upper case); any count is read. Its
 * other messages (`Hardware Exception (vector = 0x%x)`, hook and set-up messages) carry no VMCS
 * field whole and are not read.
 */
import type { LineSink } from './types.js';
import { DumpState, dumpParser, exitReasonOfBasic, type OtherParser } from './common.js';

const HEAD = '(?:^|[\\s\\]>:])HyperBone: (?:CPU (\\d{1,5}): ([A-Za-z_]\\w{0,60}): )?';
const START_FAILED_RE = new RegExp(`${HEAD}Failed to enter VM, reason (-?\\d{1,20}), code (-?\\d{1,20})\\s*$`);
const P = '(?:0x)?([0-9A-Fa-f]{1,16})';
const TRIPLE_RE = new RegExp(`${HEAD}Triple fault at IP 0x${P}, stack 0x${P}, linear 0x${P}, physical 0x${P}\\s*$`);
const UNHANDLED_RE = new RegExp(`${HEAD}Unhandled exit reason 0x([0-9A-Fa-f]{1,16}), guest EIP 0x${P}\\s*$`);
const LAUNCH_RE = new RegExp(`${HEAD}__vmx_vmlaunch failed with result (-?\\d{1,20})\\s*$`);

export function createHyperBoneParser(): OtherParser {
  const d = new DumpState('hyperbone');

  /** The logical processor the message names (not a VMCS field). */
  function cpu(sink: LineSink, lineNo: number, m: RegExpExecArray): void {
    if (m[1] !== undefined) d.note(sink, lineNo, 'CPU', m[1], "the logical processor HyperBone's message names (not a VMCS field)");
  }

  /** The basic exit reason HyperBone keeps (bits 15:0) as the exit-reason field. */
  function basicReason(sink: LineSink, lineNo: number, label: string, text: string, n: bigint): void {
    if (n < 0n || n > 0xffffn) {
      d.note(sink, lineNo, label, text, 'wider than a basic exit reason (bits 15:0, all HyperBone keeps): not read as the field');
      return;
    }
    const { value, failure } = exitReasonOfBasic(Number(n));
    d.field(sink, 0x4402, value.toString(16), lineNo);
    d.note(sink, lineNo, label, text, failure
      ? 'the basic exit reason (HyperBone keeps bits 15:0 only): a VM-entry failure, so bit 31 is set with it'
      : 'the basic exit reason (HyperBone keeps bits 15:0 only; bits 27-29 are not known)');
  }

  return dumpParser(d, (line: string, lineNo: number, sink: LineSink): boolean => {
    if (!line.includes('HyperBone: ')) return false;
    let m: RegExpExecArray | null;
    if (line.includes('Failed to enter VM') && (m = START_FAILED_RE.exec(line))) {
      d.open(sink);
      cpu(sink, lineNo, m);
      basicReason(sink, lineNo, 'reason', m[3]!, BigInt(m[3]!));
      const code = BigInt(m[4]!);
      // `%d` of a 64-bit value: its low 32 bits, signed
      if (code >= -0x80000000n && code <= 0xffffffffn) d.field(sink, 0x6400, BigInt.asUintN(32, code).toString(16), lineNo);
      else d.note(sink, lineNo, 'code', m[4]!, 'wider than the 32 bits HyperBone prints: not read as the exit qualification');
      d.close(sink);
      return true;
    }
    if (line.includes('Triple fault') && (m = TRIPLE_RE.exec(line))) {
      d.open(sink);
      cpu(sink, lineNo, m);
      d.field(sink, 0x4402, '2', lineNo);
      d.note(sink, lineNo, 'Triple fault', '', 'printed by the handler of basic exit reason 2 (triple fault) alone: the exit-reason field read from it (bits 15:0; bits 27-29 are not known)');
      d.field(sink, 0x681e, m[3]!.toLowerCase(), lineNo);
      d.field(sink, 0x681c, m[4]!.toLowerCase(), lineNo);
      d.field(sink, 0x640a, m[5]!.toLowerCase(), lineNo);
      d.field(sink, 0x2400, m[6]!.toLowerCase(), lineNo);
      d.note(sink, lineNo, 'linear, physical', '', 'the guest-linear and guest-physical address fields as VMREAD gave them: the SDM leaves both undefined after a triple fault');
      d.close(sink);
      return true;
    }
    if (line.includes('Unhandled exit reason') && (m = UNHANDLED_RE.exec(line))) {
      d.open(sink);
      cpu(sink, lineNo, m);
      basicReason(sink, lineNo, 'Unhandled exit reason', '0x' + m[3]!, BigInt('0x' + m[3]!));
      d.field(sink, 0x681e, m[4]!.toLowerCase(), lineNo);
      d.close(sink);
      return true;
    }
    if (line.includes('__vmx_vmlaunch failed') && (m = LAUNCH_RE.exec(line))) {
      d.open(sink);
      cpu(sink, lineNo, m);
      const r = m[3]!;
      d.note(sink, lineNo, '__vmx_vmlaunch failed with result', r, r === '1'
        ? 'VMfailValid: VMLAUNCH failed and the VM-instruction error field says why (HyperBone does not print it)'
        : r === '2'
          ? 'VMfailInvalid: VMLAUNCH failed with no current VMCS (no VM-instruction error is stored)'
          : 'not a result __vmx_vmlaunch gives (0 success, 1 VMfailValid, 2 VMfailInvalid)');
      d.close(sink);
      return true;
    }
    return false;
  });
}
