/**
 * jonomango/hv's one-line messages (the `jonomango-hv` dialect); see ./index.ts for how dialects plug in.
 *
 * jonomango/hv, a hobby VT-x hypervisor for Windows, prints no VMCS dump: two of its messages
 * carry VMCS values, one per line, and each line is one dump here.
 *
 * - hv/vcpu.cpp, when VMLAUNCH fails: `DbgPrint("[hv] VMLAUNCH failed. Instruction error = %lli.\n",
 *   vmx_vmread(VMCS_VM_INSTRUCTION_ERROR))`, the VM-instruction error in decimal; earlier versions
 *   printed `[hv] VMLAUNCH failed, error = %lli.`, `[hv] VMLAUNCH failed. Error = %lli.` and
 *   `[hv] vmlaunch failed, error = %lli.` (the same field). Forks keep the line (76op/BaiyeDbg
 *   with `DbgPrintEx`). Read through DebugView (`00000024\t2.18095708\t[hv] …\t`) or WinDbg.
 *   A number that is no VM-instruction error (0: VMfailInvalid, no current VMCS, so VMREAD
 *   failed too) is a note, not the field.
 * - hv/vcpu.cpp, an exit no handler takes: `HV_LOG_ERROR("Unhandled VM-exit. Exit Reason: %u. RIP: %p.",
 *   reason.basic_exit_reason, vmx_vmread(VMCS_GUEST_RIP))` (earlier `… Exit Reason: %u RIP: %zX` and
 *   `… Exit Reason: %u. RIP: %zX.`), written to hv's own log ring, which the user-mode client prints
 *   as `[%I64u][CPU=%u] %s` (um/main.cpp). The logger's `%p` is `0x` and upper-case hex digits
 *   without padding (hv/logger.cpp); `%u` decimal. Only bits 15:0 of the exit reason (the basic
 *   exit reason) are printed: read as the field (bit 31 set for the VM-entry failures 33, 34 and
 *   41, common.ts `exitReasonOfBasic`), with a note that the other bits are not printed.
 */
import type { LineSink } from './types.js';
import { enums } from '../bits/layouts.js';
import { DumpState, dumpParser, exitReasonOfBasic, headAt, holdWrappedHeads, type OtherParser, type TokenRow } from './common.js';

const VMLAUNCH_RE = /\[hv\] (?:VMLAUNCH|vmlaunch) failed[.,] (?:Instruction error|[Ee]rror) = (-?\d{1,20})\.?\s*$/;
const UNHANDLED_RE = /(?:^|[\s\]])Unhandled VM-exit\. Exit Reason: (\d{1,10})\.? RIP: (?:0x)?([0-9A-Fa-f]{1,16})\.?\s*$/;
/** The user-mode client's prefix of a logged message: its id and the vCPU (`[12][CPU=3] `). */
const CLIENT_RE = /\[(\d{1,20})\]\[CPU=(\d{1,5})\] /;

/**
 * The two messages word by word, to know one a hard wrap cut (`[hv] VMLAUNCH` / `failed. Instruction
 * error = 8.`, `[1][CPU=2] Unhandled VM-exit. Exit` / `Reason: 54. RIP: 0x…`): a line that ends in
 * the first words of one, and not all of them, is held until the next lines finish it (common.ts).
 */
const tok = (re: string): RegExp => new RegExp('^(?:' + re + ')$');
let messages: TokenRow[] | undefined;
const MESSAGES = (): TokenRow[] => (messages ??= [
  ['\\[hv\\]', 'VMLAUNCH|vmlaunch', 'failed\\.', 'Instruction', 'error', '=', '-?\\d{1,20}\\.?'],
  ['\\[hv\\]', 'VMLAUNCH|vmlaunch', 'failed[.,]', '[Ee]rror', '=', '-?\\d{1,20}\\.?'],
  ['Unhandled', 'VM-exit\\.', 'Exit', 'Reason:', '\\d{1,10}\\.?', 'RIP:', '(?:0x)?[0-9A-Fa-f]{1,16}\\.?'],
].map((t) => ({ tokens: t.map(tok) })));
/** How many words of a line are the head of a message it ends in (0: none, or a whole message). */
function headWords(line: string): number {
  if (!line.includes('[hv]') && !line.includes('Unhandled')) return 0;
  const words = line.trim().split(/\s+/);
  return headAt(words.length > 8 ? words.slice(-8) : words, MESSAGES())?.matched ?? 0;
}
/** A line's rest that starts a message or a log line of its own: hv's `[hv] `, its client's `[12][CPU=3] `, DebugView's `00000024\t`. */
const FRESH_RE = /^(?:\[hv\]|\[\d{1,20}\]\[CPU=|\d{8}\t)/;

export function createJonomangoHvParser(): OtherParser {
  const d = new DumpState('jonomango-hv');
  return holdWrappedHeads(dumpParser(d, (line: string, lineNo: number, sink: LineSink): boolean => {
    if (line.includes('failed')) {
      const m = line.includes('[hv]') ? VMLAUNCH_RE.exec(line) : null;
      if (m) {
        d.open(sink);
        const text = m[1]!;
        const n = Number(text);
        if (n > 0 && n <= 0xffffffff && enums['vm-instruction-error']?.values[String(n)] !== undefined) d.field(sink, 0x4400, n.toString(16), lineNo);
        else d.note(sink, lineNo, 'Instruction error', text, n === 0 ? 'no VM-instruction error: VMLAUNCH failed with VMfailInvalid (no current VMCS), and the read of the error field failed too' : 'no VM-instruction error number (the field is not read from it)');
        d.note(sink, lineNo, 'VMLAUNCH failed', '', "jonomango/hv's VMLAUNCH failed (VMfail): the number is the VM-instruction error field");
        d.close(sink);
        return true;
      }
      return false;
    }
    if (line.includes('Unhandled VM-exit')) {
      const m = UNHANDLED_RE.exec(line);
      if (m) {
        d.open(sink);
        const c = CLIENT_RE.exec(line);
        const reason = Number(m[1]!);
        if (reason <= 0xffff) {
          const { value, failure } = exitReasonOfBasic(reason);
          d.field(sink, 0x4402, value.toString(16), lineNo);
          d.note(sink, lineNo, 'Exit Reason', m[1]!, failure
            ? 'the basic exit reason (bits 15:0; jonomango/hv prints no other bit): a VM-entry failure, so bit 31 is set with it'
            : 'the basic exit reason (bits 15:0 of the field; jonomango/hv prints no other bit)');
        } else d.note(sink, lineNo, 'Exit Reason', m[1]!, 'wider than a basic exit reason (bits 15:0): not read as the field');
        d.field(sink, 0x681e, m[2]!.toLowerCase(), lineNo);
        if (c) d.note(sink, lineNo, 'CPU', c[2]!, "the logical processor jonomango/hv's log names (not a VMCS field)");
        d.close(sink);
        return true;
      }
    }
    return false;
  }), 'jonomango/hv', headWords, FRESH_RE);
}
