/**
 * The line dialects beside pairs (./pairs.ts) and KVM/Xen (./kvm-xen.ts), one file each:
 *
 * - Intel HAXM `dump_vmcs()` (core/dump.c, `vmread_dump`): `%04x %s: %llx` per field,
 *   e.g. `haxm_warning: 4402 VM_EXIT_INFO_REASON: 80000021`.
 * - tandasat/hvext `!dump_vmcs` (hvext_intel.js): `0x%016x <SDM field name>` per field, e.g.
 *   `0x0000000080050033 Guest CR0`, or `***** FAILED ***** <name>` when VMREAD fails.
 * - FreeBSD `bhyvectl --get-all` (usr.sbin/bhyvectl/bhyvectl.c): `name[vcpu]<TAB>value`, e.g.
 *   `vmcs_exit_reason[0]\t0x0000000000000021`, `cs desc[0]\t0x…/0x…/0x…`; and (./bhyve-exit.ts, the
 *   same `bhyve` format) bhyve's, xhyve's and hyperkit's `vm exit[N]` block (`\texit_reason\t33`)
 *   and hyperkit's `hvdump()` (`VMCS_GUEST_CR0:                0x…`).
 * - the Linux `kvm_exit` tracepoint (arch/x86/kvm/trace.h) as `trace-cmd report`, `perf script`
 *   or /sys/kernel/tracing/trace print it; every line is one dump.
 * - the VirtualBox VT-x error block of VBox.log (VMMR3/HM.cpp: `HMR3CheckError`, the `info hm`
 *   block `CPU[n]: VT-x info:`).
 * - QEMU's register dump of a vCPU (target/i386/cpu-dump.c) after `KVM: entry failed, hardware
 *   error 0x…`: not the VMCS but QEMU's view of the vCPU, read as guest state and marked so.
 *
 * - NoirVisor's own VMCS dump (./noirvisor.ts: `Guest CS Segment - Selector: 0x10  Access-Rights: …`),
 *   a hobby hypervisor's print of the values it read with VMREAD.
 * - jonomango/hv's one-line messages (./jonomango-hv.ts: `[hv] VMLAUNCH failed. Instruction error = 7.`,
 *   `Unhandled VM-exit. Exit Reason: 10. RIP: 0x…`), each line a dump of its own.
 * - Bareflank's bfvmm (./bareflank.ts): `vmlaunch failed:` with the VM-instruction error by its SDM text,
 *   `unhandled exit reason` with the exit reason by Bareflank's name, and its VMCS dump (`[0] DEBUG: guest_cr0  0x…`).
 * - DarthTon/HyperBone's one-line messages (./hyperbone.ts: `HyperBone: CPU 0: VmExitStartFailed: Failed to
 *   enter VM, reason 33, code 0`, its triple-fault and unhandled-exit lines), each line a dump of its own.
 * - Veertu Desktop's (vdhh) exit lines, also in QEMU hvf's debug builds (./vdhh.ts: `triple fault at f2d5c (f2d33, f2d5c), cr0 31,
 *   qual 0, gpa fec00010, ins len 1, cpu 0x…`, `…: unhandled exit …, cpu id N`), each line a dump of its own.
 *
 * Each parser claims only the lines of its own format, opens a dump (boundary, then setFormat)
 * where its format begins, and ends it on its own boundaries. Values a line prints that are not
 * VMCS fields (registers bhyve keeps in software, VirtualBox's own error codes, KVM's vCPU
 * number) are kept as notes. The label-to-field maps below cite the code that prints them.
 */
import type { OtherParser } from './common.js';
import { createHaxmParser } from './haxm.js';
import { createHvextParser } from './hvext.js';
import { createBhyveParser } from './bhyve.js';
import { createBhyveExitParser } from './bhyve-exit.js';
import { createKvmExitParser } from './kvm-exit.js';
import { createVboxParser } from './virtualbox.js';
import { createQemuParser } from './qemu.js';
import { createNoirVisorParser } from './noirvisor.js';
import { createJonomangoHvParser } from './jonomango-hv.js';
import { createBareflankParser } from './bareflank.js';
import { createHyperBoneParser } from './hyperbone.js';
import { createVdhhParser } from './vdhh.js';

export type { OtherFormat, OtherParser } from './common.js';
export { summarizeExits } from './kvm-exit.js';

export function createOtherParsers(): OtherParser[] {
  // bhyve first: it holds register values until it knows the vendor, and lets them go at the
  // first line that is not its own.
  return [createBhyveParser(), createBhyveExitParser(), createHaxmParser(), createHvextParser(), createKvmExitParser(), createVboxParser(), createQemuParser(), createNoirVisorParser(), createJonomangoHvParser(), createBareflankParser(), createHyperBoneParser(), createVdhhParser()];
}
