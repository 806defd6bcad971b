/** kvm_exit tracepoint dumps (the `kvm-exit` dialect); see ./index.ts for how dialects plug into annotate. */
import { fields } from '../table/table.js';
import { enums, exitReasonName } from '../bits/layouts.js';
import type { OtherParser } from './common.js';

// The kvm_exit tracepoint, arch/x86/kvm/trace.h (TP_printk of TRACE_EVENT(kvm_exit) and, from
// 5.12, TRACE_EVENT_KVM_EXIT):
//   2.6.3x:     "reason %s rip 0x%lx"
//   to 5.9:     "[vcpu %u ]reason %s rip 0x%lx info %llx %llx"   info = exit qualification,
//               VM-exit interruption information (vmx_get_exit_info: vmcs_readl(EXIT_QUALIFICATION),
//               vmcs_read32(VM_EXIT_INTR_INFO))
//   from 5.10:  "vcpu %u reason %s%s%s rip 0x%lx info1 0x%016llx info2 0x%016llx intr_info 0x%08x
//               error_code 0x%08x" [+ " requests 0x%016llx" in 6.x]; info1 = exit qualification,
//               info2 = IDT-vectoring information, intr_info = VM-exit interruption information,
//               error_code = VM-exit interruption error code when intr_info says the exception
//               has one (else 0); after a failed VM entry KVM prints 0 for the last three
//               ("KVM: x86: Add intr/vectoring info and error code to kvm_exit tracepoint").
// The reason is __print_symbolic(exit_reason & 0xffff, VMX_EXIT_REASONS), then " FAILED_VMENTRY"
// (VMX_EXIT_REASON_FLAGS) when bit 31 is set; a number KVM has no name for prints as 0x%x. The
// names are Linux's EXIT_REASON_* (the table's ids; PENDING_INTERRUPT before INTERRUPT_WINDOW).
// On AMD the names are SVM's, in lower case (and so were VMX's before 2.6.35): not VMCS.

const KVM_EXIT_RE = /\bkvm_exit:\s+(?:vcpu (\d+) +)?reason (\S+(?: \S+)*?) rip (?:0x)?([0-9a-fA-F]+)(.*)$/;

let reasonIds: Map<string, number> | undefined;

function reasonByName(name: string): number | undefined {
  if (!reasonIds) {
    reasonIds = new Map([['PENDING_INTERRUPT', 7]]);
    for (const [n, v] of Object.entries(enums['basic-exit-reason']?.values ?? {})) if (v.id) reasonIds.set(v.id, Number(n));
  }
  return reasonIds.get(name);
}

export function createKvmExitParser(): OtherParser {
  return {
    format: 'kvm-exit',
    inDump: false,
    end() {},
    parse(line, lineNo, sink) {
      if (!line.includes('kvm_exit:')) return false;
      const m = KVM_EXIT_RE.exec(line);
      if (!m) return false;
      const [first = '', ...flags] = m[2]!.split(' ');
      if (/[a-z]/.test(first) && !/^0x[0-9a-f]+$/i.test(first)) {
        // SVM's exit codes (npf, msr, io, ...), or a pre-2.6.35 kernel: not VMCS fields.
        sink.skip();
        return true;
      }
      const fields: Array<[number, string]> = [];
      const notes: Array<{ label: string; value: string; what: string }> = [];
      let full: number | undefined;
      if (/^0x[0-9a-fA-F]{1,8}$/.test(first)) full = parseInt(first.slice(2), 16);
      else if (/^\d{1,10}$/.test(first) && Number(first) <= 0xffffffff) full = Number(first);
      else {
        const basic = reasonByName(first);
        if (basic !== undefined) full = basic;
        else notes.push({ label: 'reason', value: first, what: 'an exit reason name this table does not know' });
      }
      for (const flag of flags) {
        if (flag === 'FAILED_VMENTRY') full = full === undefined ? undefined : (full | 0x80000000) >>> 0;
        else if (/^0x[0-9a-fA-F]{1,8}$/.test(flag) && full !== undefined) full = (full | parseInt(flag.slice(2), 16)) >>> 0;
        else notes.push({ label: 'reason', value: flag, what: 'an exit-reason flag this reader does not know' });
      }
      const failed = full !== undefined && (full & 0x80000000) !== 0;
      if (full !== undefined) fields.push([0x4402, full.toString(16)]);
      fields.push([0x681e, m[3]!]);
      const rest = m[4]!;
      const kv = new Map<string, string>();
      for (const x of rest.matchAll(/\b(info1|info2|intr_info|error_code|requests) (?:0x)?([0-9a-fA-F]+)\b/g)) kv.set(x[1]!, x[2]!);
      const old = /\binfo ([0-9a-fA-F]+) ([0-9a-fA-F]+)\b/.exec(rest);
      if (kv.has('info1')) {
        fields.push([0x6400, kv.get('info1')!]);
        const zeroed = 'KVM prints 0 here after a failed VM entry (not read from the VMCS)';
        const info2 = kv.get('info2');
        if (info2 !== undefined) {
          if (failed) notes.push({ label: 'info2', value: info2, what: zeroed });
          else fields.push([0x4408, info2]);
        }
        const intr = kv.get('intr_info');
        if (intr !== undefined) {
          if (failed) notes.push({ label: 'intr_info', value: intr, what: zeroed });
          else fields.push([0x4404, intr]);
        }
        const err = kv.get('error_code');
        if (err !== undefined) {
          const iv = intr === undefined ? 0n : BigInt('0x' + intr);
          const hasCode = !failed && (iv >> 31n) & 1n && (iv >> 11n) & 1n;
          if (hasCode) fields.push([0x4406, err]);
          else notes.push({ label: 'error_code', value: err, what: failed ? zeroed : 'KVM prints 0 when the exiting event has no error code (not read from the VMCS)' });
        }
      } else if (old) {
        fields.push([0x6400, old[1]!], [0x4404, old[2]!]);
      }
      if (m[1] !== undefined) notes.push({ label: 'vcpu', value: m[1], what: "KVM's vCPU index (not a VMCS field)" });
      const req = kv.get('requests');
      if (req !== undefined) notes.push({ label: 'requests', value: req, what: "KVM's pending vCPU requests (not a VMCS field)" });
      sink.boundary();
      sink.setFormat('kvm-exit');
      for (const [e, v] of fields) sink.field(e, v, lineNo);
      for (const n of notes) sink.note({ line: lineNo, ...n });
      sink.boundary();
      return true;
    },
  };
}

/** Exits per basic exit reason, most frequent first (for `vmcs annotate --summary`). */
export function summarizeExits(dumps: Array<{ fields: Array<{ encoding: number; value: bigint }> }>): Array<{ reason: number; name: string; count: number }> {
  const counts = new Map<number, number>();
  for (const dump of dumps) {
    const f = dump.fields.find((x) => x.encoding === 0x4402);
    if (!f) continue;
    const basic = Number(f.value & 0xffffn);
    counts.set(basic, (counts.get(basic) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([reason, count]) => ({ reason, name: exitReasonName(reason), count }));
}
