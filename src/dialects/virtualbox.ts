/** VirtualBox dumps (the `vbox` dialect); see ./index.ts for how dialects plug into annotate. */
import type { LineSink } from './types.js';
import { DumpState, dumpParser, digitsOf, reportUnknown, type OtherParser } from './common.js';

// VirtualBox VBox.log (VMMR3/HM.cpp). Each line starts with "hh:mm:ss.uuuuuu ".
// - hmR3Info() ("info hm", printed on a guru meditation):
//     CPU[%u]: VT-x info:  /  HM error           = %#x (%u)  /  rcLastExitToR3     = %Rrc  /
//     %s VMCS active  /  Real-on-v86 active = %RTbool  /  EFlags  = %#x  /  Attr CS = %#x ...
//   None of these is a VMCS field: the HM error is VirtualBox's VMX_IGS_* code, EFlags and the
//   attributes are the real-mode values VirtualBox saved before running the guest in v86 mode.
// - HMR3CheckError(): "HM: VERR_...:" then, per CPU, "HM: CPU[%u] <label> <value>":
//   Instruction error and Exit reason (read with VMREAD after the failed VM entry), the
//   guest-interruptibility state, and the controls and addresses VirtualBox wrote to the VMCS.

const VBOX_TS_RE = /^\s*\d{1,3}:\d{2}:\d{2}\.\d{3,9}(?:[ \t]|$)/;
const VBOX_INFO_HEADER_RE = /\bCPU\[(\d+)\]: (VT-x|AMD-V) info:\s*$/;
const VBOX_CHECK_HEADER_RE = /\bHM: (VERR_[A-Z0-9_]+):\s*$/;
const VBOX_CPU_RE = /\bHM: CPU\[(\d+)\] +(\S(?:.*\S)?)\s*$/;
const VBOX_FEATURE_RE = /\bHM: {2,}[A-Z][A-Z0-9_]+\s*$/;
const VBOX_TRAILER_RE = /\bHM: (VERR_[A-Z0-9_]+: VM-entry allowed-[01]|HCPhysVmxEnableError) +=? *(0x[0-9a-fA-F]+|\d+)\s*$/;

/** HMR3CheckError labels: a VMCS field, or a note. Values are %#x / %#RX32 / %#RHp, counts %u. */
type VboxCheck = { re: RegExp; encoding?: number; decimal?: boolean; what?: string };
/** Made on the first HMR3CheckError line: ~20 regular expressions a run without one never parses (start-up, issue 17). */
let vboxCheck: ReadonlyArray<VboxCheck> | undefined;
const VBOX_CHECK = (): ReadonlyArray<VboxCheck> => (vboxCheck ??= [
  { re: /^Instruction error +(\S+)$/, encoding: 0x4400 },
  { re: /^Exit reason +(\S+)$/, encoding: 0x4402 },
  { re: /^Guest-intr\. state += +(\S+)$/, encoding: 0x4824 },
  { re: /^PinCtls +(\S+)$/, encoding: 0x4000 },
  { re: /^ProcCtls +(\S+)$/, encoding: 0x4002 },
  { re: /^ProcCtls2 +(\S+)$/, encoding: 0x401e },
  { re: /^EntryCtls +(\S+)$/, encoding: 0x4012 },
  { re: /^ExitCtls +(\S+)$/, encoding: 0x400c },
  { re: /^HCPhysMsrBitmap +(\S+)$/, encoding: 0x2004 },
  { re: /^HCPhysGuestMsrLoad +(\S+)$/, encoding: 0x200a },
  { re: /^HCPhysGuestMsrStore +(\S+)$/, encoding: 0x2006 },
  { re: /^HCPhysHostMsrLoad +(\S+)$/, encoding: 0x2008 },
  { re: /^cEntryMsrLoad +(\d+)$/, encoding: 0x4014, decimal: true },
  { re: /^cExitMsrStore +(\d+)$/, encoding: 0x400e, decimal: true },
  { re: /^cExitMsrLoad +(\d+)$/, encoding: 0x4010, decimal: true },
  { re: /^HM error += +(\S+ \(\d+\))$/, what: "VirtualBox's own diagnostic (a VMX_IGS_* code), not an Intel VM-instruction error" },
  { re: /^HCPhysGuestMsr +(\S+)$/, what: 'the guest MSR page VirtualBox 5.x used for both the VM-entry MSR-load and VM-exit MSR-store areas' },
  { re: /^HCPhysHostMsr +(\S+)$/, what: 'the host MSR page of VirtualBox 5.x (VM-exit MSR-load area)' },
  { re: /^cMsrs +(\S+)$/, what: 'the MSR count VirtualBox 5.x used for the MSR-load and MSR-store areas' },
  { re: /^Current pointer +(.+)$/, what: 'the current-VMCS pointer (VMPTRST) against the one VirtualBox expected (not a VMCS field)' },
  { re: /^Current VMCS version +(\S+)$/, what: 'the revision identifier in the VMCS region header (not a VMCS field)' },
  { re: /^Entered Host Cpu +(\S+)$/, what: 'the host CPU VirtualBox entered the guest on (not a VMCS field)' },
  { re: /^Current Host Cpu +(\S+)$/, what: 'the host CPU at the time of the error (not a VMCS field)' },
]);

export function createVboxParser(): OtherParser {
  const d = new DumpState('vbox');
  let mode: 'none' | 'info' | 'amd' | 'check' = 'none';
  let cpu: string | null = null;

  function start(sink: LineSink, m: typeof mode, c: string | null): void {
    mode = m;
    cpu = c;
    if (m === 'amd') d.close(sink);
    else d.open(sink);
  }

  function stop(sink: LineSink): void {
    d.close(sink);
    mode = 'none';
    cpu = null;
  }

  const reset = (): void => {
    mode = 'none';
    cpu = null;
  };
  return dumpParser(d, (line, lineNo, sink) => {
    const stamped = VBOX_TS_RE.test(line);
    const text = stamped ? line.replace(VBOX_TS_RE, '') : line;
    const info = text.includes(' info:') ? VBOX_INFO_HEADER_RE.exec(text) : null;
    if (info) {
      start(sink, info[2] === 'VT-x' ? 'info' : 'amd', info[1]!);
      sink.skip();
      return true;
    }
    if (text.includes('HM:')) {
      const header = VBOX_CHECK_HEADER_RE.exec(text);
      if (header) {
        start(sink, 'check', null);
        d.note(sink, lineNo, 'status', header[1]!, 'the VirtualBox status code of the VT-x failure');
        return true;
      }
      const c = VBOX_CPU_RE.exec(text);
      if (c) {
        if (mode !== 'check' || (cpu !== null && cpu !== c[1])) start(sink, 'check', c[1]!);
        cpu = c[1]!;
        const body = c[2]!;
        const active = /^(Guest|Nested-guest) VMCS active$/.exec(body);
        if (active) {
          d.note(sink, lineNo, 'VMCS', active[1]!, `the ${active[1]!.toLowerCase()} VMCS was the active one`);
          return true;
        }
        for (const rule of VBOX_CHECK()) {
          const r = rule.re.exec(body);
          if (!r) continue;
          const digits = rule.encoding !== undefined ? digitsOf(r[1]!, rule.decimal ?? false) : null;
          if (rule.encoding !== undefined && digits !== null) d.field(sink, rule.encoding, digits, lineNo);
          else d.note(sink, lineNo, body.slice(0, body.length - r[1]!.length).replace(/\s*=?\s*$/, ''), r[1]!, rule.what ?? 'a value this reader cannot read');
          return true;
        }
        // `<label> <number>` as HMR3CheckError prints its values, under a label this reader does
        // not know: reported (common.ts, the unknown-token policy); other text stays a note
        const unknown = /^(\S(?:.*\S)?)\s+=?\s*((?:0[xX])?[0-9a-fA-F]+)$/.exec(body);
        if (unknown && /[0-9]/.test(unknown[2]!)) {
          if (!d.inDump) d.open(sink);
          reportUnknown(sink, lineNo, 'VirtualBox', [{ token: unknown[1]!, value: unknown[2]! }]);
        } else d.note(sink, lineNo, body, '', 'a line of HMR3CheckError this reader does not know');
        return true;
      }
      if (mode === 'check' && VBOX_FEATURE_RE.test(text)) {
        sink.skip(); // a feature bit of the control printed just before
        return true;
      }
      const trailer = VBOX_TRAILER_RE.exec(text);
      if (trailer) {
        d.note(sink, lineNo, trailer[1]!, trailer[2]!, 'a VMX capability or address VirtualBox reports with the error (not a VMCS field)');
        return true;
      }
    }
    if (mode === 'info' || mode === 'amd') {
      // The info lines are indented; a paste may have lost the indentation.
      const sub = /^\s*(\S.*?)\s*$/.exec(text);
      const body = sub?.[1] ?? '';
      let n: RegExpExecArray | null;
      if (sub && mode === 'amd' && /^(?:HM error|rcLastExitToR3)\b/.test(body)) {
        sink.skip();
        return true;
      }
      if (sub && mode === 'info') {
        if ((n = /^HM error += +(0x[0-9a-fA-F]+|\d+)(?: \((\d+)\))?$/.exec(body))) {
          d.note(sink, lineNo, 'HM error', n[1]!, "VirtualBox's own diagnostic (a VMX_IGS_* code), not an Intel VM-instruction error");
          return true;
        }
        if ((n = /^rcLastExitToR3 += +(\S+)$/.exec(body))) {
          d.note(sink, lineNo, 'rcLastExitToR3', n[1]!, 'the VirtualBox status of the last exit to ring 3 (not a VMCS field)');
          return true;
        }
        if ((n = /^(Guest|Nested-guest) VMCS active$/.exec(body))) {
          d.note(sink, lineNo, 'VMCS', n[1]!, `the ${n[1]!.toLowerCase()} VMCS was the active one`);
          return true;
        }
        if ((n = /^Real-on-v86 active = (\S+)$/.exec(body))) {
          d.note(sink, lineNo, 'Real-on-v86 active', n[1]!, 'VirtualBox runs the real-mode guest in virtual-8086 mode (not a VMCS field)');
          return true;
        }
        if ((n = /^EFlags += +(\S+)$/.exec(body))) {
          d.note(sink, lineNo, 'EFlags', n[1]!, 'the real-mode RFLAGS VirtualBox saved for real-on-v86 (not the VMCS guest RFLAGS)');
          return true;
        }
        if ((n = /^Attr ([CSDEFG]S) += +(\S+)$/.exec(body))) {
          d.note(sink, lineNo, `Attr ${n[1]}`, n[2]!, `the real-mode ${n[1]} access rights VirtualBox saved for real-on-v86 (not the VMCS guest ${n[1]} access rights)`);
          return true;
        }
      }
    }
    // Another line of the log: the block is over.
    if (stamped && mode !== 'none') stop(sink);
    return false;
  }, reset);
}
