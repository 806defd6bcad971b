/**
 * Bareflank's (bfvmm's) messages about a failed VM entry and its VMCS dump (the `bareflank`
 * dialect); see ./index.ts for how dialects plug in.
 *
 * Bareflank/hypervisor, the bfvmm of 2016 (bfvmm/src/vmcs/src/vmcs_intel_x64.cpp `launch()`, its
 * `bferror` stream printing `ERROR: `): when VMLAUNCH fails,
 *
 *     ERROR: vmlaunch failed:
 *     ERROR:     - vm_instruction_error: VM entry with invalid host-state field(s)
 *
 * the VM-instruction error named by its SDM text (`get_vm_instruction_error()`: Table "VM-Instruction
 * Error Numbers", some with a final `.`; `Unknown VM instruction error` for a number it has no text
 * for): read as the field by that text.
 *
 * The bfvmm of 2017-2020 (bfsdk/include/bfdebug.h: every line `[<cpu>] <TYPE>: `, TYPE DEBUG, ALERT
 * or ERROR, in colour on a terminal), when an exit has no handler (bfvmm/src/hve/arch/intel_x64/
 * exit_handler/exit_handler.cpp):
 *
 *     [0] ERROR: unhandled exit reason
 *     [0] ERROR: ======================================================================
 *     [0] ERROR:   - exit_reason                   vm_entry_failure_invalid_guest_state
 *
 * (`bferror_subtext`: the basic exit reason by Bareflank's name, right-aligned to column 70), then,
 * when the exit is a VM-entry failure, `intel_x64::vmcs::debug::dump()` (bfintrinsics/include/
 * arch/intel_x64/vmcs/debug.h): section titles (`[0] DEBUG: 16bit control fields`) and a line per
 * field, `bfdebug_nhex(level, name, value)`: the field's name padded to 52 columns, then the value
 * as `std::setw(18) << std::internal << std::showbase << std::hex` prints it, `0x` and 16 digits
 * (`showbase` prints no `0x` for 0: eighteen zeros), or `unsupported` for a field the CPU lacks;
 * the bits of some fields follow as `  - name` lines (not fields). The names are Bareflank's
 * (`guest_cr0`, `vm_entry_controls`...), the table's own names but two (`address_of_msr_bitmap`,
 * and the misspelt `execption_bitmap`).
 *
 * Not read: the dump of the microkernel of 2021 and MicroV (`| name | value |` rows, names of its
 * own), whose `unsupported vmexit 0x…` line is printed by the AMD and the Intel code alike
 * (example/default/src/x64/amd/dispatch_vmexit.hpp and x64/intel/dispatch_vmexit.hpp:
 * `bsl::error() << "unsupported vmexit " << bsl::hex(exit_reason) << bsl::endl << bsl::here()`).
 * The line after it, bsl::here()'s `  --> <file>:<line>:<function>` (bsl's source_location
 * output, unless built with BSL_DEBUG_LEVEL CRITICAL_ONLY; an older bsl prints `<file> [<line>]:`),
 * names the source file, whose path says the vendor (`x64/intel/` or `x64/amd/`): a way to tell a
 * VMCS exit reason from a VMCB exit code. It is not read yet: no public paste of the pair was found
 * to check the prefix (`ERROR` and bsl's thread id) and bsl::hex's digits against.
 */
import type { LineSink } from './types.js';
import { enums } from '../bits/layouts.js';
import { lookupEncoding } from '../table/lookup.js';
import { DumpState, dumpParser, exitReasonOfBasic, headAt, holdWrappedHeads, reportUnknown, type OtherParser, type TokenRow } from './common.js';

/** bfvmm's names of the basic exit reasons (32bit_read_only_data_fields.h, `basic_exit_reason`); the numbers are the SDM's. */
const EXIT_NAMES: Readonly<Record<string, number>> = {
  exception_or_non_maskable_interrupt: 0, external_interrupt: 1, triple_fault: 2, init_signal: 3, sipi: 4, smi: 5, other_smi: 6,
  interrupt_window: 7, nmi_window: 8, task_switch: 9, cpuid: 10, getsec: 11, hlt: 12, invd: 13, invlpg: 14, rdpmc: 15, rdtsc: 16,
  rsm: 17, vmcall: 18, vmclear: 19, vmlaunch: 20, vmptrld: 21, vmptrst: 22, vmread: 23, vmresume: 24, vmwrite: 25, vmxoff: 26,
  vmxon: 27, control_register_accesses: 28, mov_dr: 29, io_instruction: 30, rdmsr: 31, wrmsr: 32,
  vm_entry_failure_invalid_guest_state: 33, vm_entry_failure_msr_loading: 34, mwait: 36, monitor_trap_flag: 37, monitor: 39,
  pause: 40, vm_entry_failure_machine_check_event: 41, tpr_below_threshold: 43, apic_access: 44, virtualized_eoi: 45,
  access_to_gdtr_or_idtr: 46, access_to_ldtr_or_tr: 47, ept_violation: 48, ept_misconfiguration: 49, invept: 50, rdtscp: 51,
  vmx_preemption_timer_expired: 52, invvpid: 53, wbinvd: 54, xsetbv: 55, apic_write: 56, rdrand: 57, invpcid: 58, vmfunc: 59,
  rdseed: 61, xsaves: 63, xrstors: 64,
};
/** bfvmm's names the table does not have. */
const NAME_ALIASES: Readonly<Record<string, number>> = { address_of_msr_bitmap: 0x2004, execption_bitmap: 0x4004 };

/** The line's bfdebug head: `[cpu] TYPE: ` (2017-2020) or `TYPE: ` (2016), behind any log prefix. */
const HEAD = '(?:^|\\s)(?:\\[(\\d{1,4})\\] )?(DEBUG|ALERT|ERROR): ';
const LAUNCH_RE = new RegExp(`${HEAD}vmlaunch failed:\\s*$`);
const INSN_ERROR_RE = new RegExp(`${HEAD} +- vm_instruction_error: (\\S.{0,200}?)\\s*$`);
const UNHANDLED_RE = new RegExp(`${HEAD}unhandled exit reason\\s*$`);
/** `bferror_subtext(0, "exit_reason", name)`: indent, title and padding make 70 columns with the name. */
const EXIT_TEXT_RE = new RegExp(`${HEAD}(  - exit_reason +)([a-z_]{1,60})\\s*$`);
/** `bfdebug_nhex`: name padded to 52 columns, then the value; or `unsupported` (bfdebug_text, 70 columns). */
const NHEX_RE = new RegExp(`${HEAD}([a-z][a-z0-9_]{0,60})( +)(0x[0-9a-f]{16}|0{18}|unsupported)\\s*$`);
/** A bit of the field before (`  - name  value`), a section title, a rule, a blank bfdebug line: part of the dump. */
const DUMP_TEXT_RE = new RegExp(`${HEAD}(?:  - \\S.*|(?:16|32|64)bit [a-z -]+ fields|natural width [a-z -]+ fields|[-=]{20,}|)\\s*$`);
const SECTION_START_RE = /: 16bit control fields\s*$/;
const ANSI_RE = /\x1b\[[0-9;]*m/g;

/**
 * The lines above word by word, to know one a hard wrap cut (`[1] DEBUG: tsc_offset` / `0x…`,
 * `[0] ERROR:   - exit_reason` / `wbinvd`, `ERROR: vmlaunch` / `failed:`, `ERROR:     -` /
 * `vm_instruction_error:` / `VM entry with invalid` / `host-state field(s)`): a line that ends in
 * the first words of one, and not all of them, is held until the next lines finish it (common.ts).
 */
const tok = (re: string): RegExp => new RegExp('^(?:' + re + ')$');
type Line = TokenRow & { name: 'nhex' | 'error' | 'other' };
let lines: Line[] | undefined;
const LINES = (): Line[] => (lines ??= ([
  ['other', ['vmlaunch', 'failed:']],
  ['other', ['unhandled', 'exit', 'reason']],
  ['other', ['-', 'exit_reason', '[a-z_]{1,60}']],
  ['error', ['-', 'vm_instruction_error:', '\\S+']],
  ['nhex', ['[a-z][a-z0-9_]{0,60}', '0x[0-9a-f]{16}|0{18}|unsupported']],
] as const).map(([name, t]) => ({ name, tokens: ['(?:DEBUG|ALERT|ERROR):', ...t].map(tok) })));

/** bfdebug's empty line (`[1] DEBUG: `): the head of any line too, the rest of a line a wrap cut after its head. */
const EMPTY_RE = /(?:^|\s)(?:\[\d{1,4}\] )?(?:DEBUG|ALERT|ERROR):\s*$/;
/** How many words of a line are the head of one of bfvmm's lines it ends in (0: none, or a whole line). */
function headWords(raw: string): number {
  if (!raw.includes('ERROR') && !raw.includes('DEBUG') && !raw.includes('ALERT')) return 0;
  const line = raw.includes('\x1b') ? raw.replace(ANSI_RE, '') : raw;
  const words = line.trim().split(/\s+/);
  const at = headAt(words.length > 8 ? words.slice(-8) : words, LINES());
  if (at) {
    if (at.matched === 1) return EMPTY_RE.test(line) ? 1 : 0;
    // a field's name: one the table or bfvmm knows
    return at.row.name !== 'nhex' || (NAME_ALIASES[words[words.length - 1]!] ?? lookupEncoding(words[words.length - 1]!)) !== undefined ? at.matched : 0;
  }
  // a VM-instruction error's text cut after its first words (`VM entry with invalid`)
  const m = line.includes('vm_instruction_error') ? INSN_ERROR_RE.exec(line) : null;
  if (!m) return 0;
  const text = norm(m[3]!);
  if (instructionErrorByText(text) !== undefined) return 0;
  for (const known of errorTexts().keys()) if (known.startsWith(text + ' ')) return m[3]!.trim().split(/\s+/).length + 2;
  return 0;
}
/** A line's rest that starts a bfdebug line of its own (`[1] DEBUG: `, `ERROR: `). */
const FRESH_RE = /^(?:\[\d{1,4}\] )?(?:DEBUG|ALERT|ERROR):(?:\s|$)/;

/** A held head and its rest: a field's name and its value padded as bfdebug_nhex pads them (52 columns, 59 before `unsupported`). */
function glue(head: string, rest: string): string {
  const h = head.trimEnd();
  const name = h.slice(h.lastIndexOf(' ') + 1);
  if (!/^[a-z][a-z0-9_]*$/.test(name) || !/^(?:0x[0-9a-f]{16}|0{18}|unsupported)$/.test(rest)) return h + ' ' + rest;
  return h + ' '.repeat(Math.max(1, (rest === 'unsupported' ? 59 : 52) - name.length)) + rest;
}

const norm = (s: string): string => s.toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ').trim();
let errorByText: Map<string, number> | undefined;
/** The SDM's VM-instruction error texts, normalized, to their numbers. */
function errorTexts(): Map<string, number> {
  if (!errorByText) {
    errorByText = new Map();
    for (const [n, v] of Object.entries(enums['vm-instruction-error']?.values ?? {})) errorByText.set(norm(v.name), Number(n));
  }
  return errorByText;
}
function instructionErrorByText(text: string): number | undefined {
  return errorTexts().get(norm(text));
}

export function createBareflankParser(): OtherParser {
  const d = new DumpState('bareflank');
  /** The open dump was opened by `vmlaunch failed:` or `unhandled exit reason` and holds no dump lines yet. */
  let header = false;
  /** The exit reason the open dump has from its name (`- exit_reason <name>`), as read. */
  let named: string | null = null;

  function open(sink: LineSink): void {
    d.open(sink);
    header = false;
    named = null;
  }

  return holdWrappedHeads(dumpParser(d, (raw: string, lineNo: number, sink: LineSink): boolean => {
    if (!raw.includes(': ')) return false;
    if (!raw.includes('ERROR') && !raw.includes('DEBUG') && !raw.includes('ALERT')) return false;
    const line = raw.includes('\x1b') ? raw.replace(ANSI_RE, '') : raw;
    let m: RegExpExecArray | null;
    if (line.includes(' failed:') && (m = LAUNCH_RE.exec(line))) {
      open(sink);
      header = true;
      d.note(sink, lineNo, 'vmlaunch failed', '', "Bareflank's VMLAUNCH failed (VMfailValid): the VM-instruction error follows, by its SDM text");
      return true;
    }
    if (line.includes('vm_instruction_error') && (m = INSN_ERROR_RE.exec(line))) {
      const n = instructionErrorByText(m[3]!);
      if (!d.inDump || d.has(0x4400)) open(sink);
      if (n !== undefined) d.field(sink, 0x4400, n.toString(16), lineNo);
      else d.note(sink, lineNo, 'vm_instruction_error', m[3]!, 'a text that names no VM-instruction error of the SDM (Bareflank prints "Unknown VM instruction error" for a number it has no text for): the field is not known');
      return true;
    }
    if (line.includes('unhandled exit reason') && UNHANDLED_RE.test(line)) {
      open(sink);
      header = true;
      d.note(sink, lineNo, 'unhandled exit reason', '', 'an exit Bareflank has no handler for; when it is a VM-entry failure, its VMCS dump follows');
      return true;
    }
    if (line.includes('- exit_reason') && (m = EXIT_TEXT_RE.exec(line))) {
      const name = m[4]!;
      const basic = EXIT_NAMES[name];
      if (!d.inDump || !header) open(sink);
      if (basic === undefined) {
        d.note(sink, lineNo, 'exit_reason', name, 'an exit-reason name Bareflank prints that this table does not know ("unknown": a number it has no name for)');
        return true;
      }
      // a VM-entry failure (33, 34, 41) always sets bit 31; Bareflank dumps the VMCS exactly then
      const { value, failure } = exitReasonOfBasic(basic);
      if (d.has(0x4402)) open(sink);
      named = value.toString(16);
      d.field(sink, 0x4402, named, lineNo);
      d.note(sink, lineNo, 'exit_reason', name, failure
        ? 'the basic exit reason by its Bareflank name; bit 31 (VM-entry failure) is set with it'
        : 'the basic exit reason by its Bareflank name (bits 15:0; bits 27-29 are not printed)');
      return true;
    }
    if ((m = NHEX_RE.exec(line))) {
      const name = m[3]!;
      // bfdebug_nhex pads the name to 52 columns; bfdebug_text pads name and text to 70
      const width = m[5] === 'unsupported' ? 70 - 11 : 52;
      if (name.length + m[4]!.length !== width) return false;
      const encoding = NAME_ALIASES[name] ?? lookupEncoding(name);
      if (encoding === undefined) {
        if (!d.inDump) return false;
        reportUnknown(sink, lineNo, 'Bareflank', [{ token: name, value: m[5]! }]);
        return true;
      }
      if (m[5] === 'unsupported') {
        if (!d.inDump) open(sink);
        d.note(sink, lineNo, name, 'unsupported', 'Bareflank did not read this field: the CPU does not support it');
        return true;
      }
      const digits = m[5]!.startsWith('0x') ? m[5]!.slice(2) : '0';
      header = false;
      if (encoding === 0x4402 && named !== null && d.inDump && d.has(0x4402)) {
        // the dump of an `unhandled exit reason` block: its exit reason again, in full
        const same = BigInt('0x' + digits) === BigInt('0x' + named);
        d.note(sink, lineNo, name, m[5]!, same
          ? 'the exit-reason field again, in full (read from its name on an earlier line)'
          : `the exit-reason field in full: it differs from 0x${named}, read from its name on an earlier line (bits the name does not give)`);
        named = null;
        return true;
      }
      d.field(sink, encoding, digits, lineNo);
      return true;
    }
    if (DUMP_TEXT_RE.test(line)) {
      if (SECTION_START_RE.test(line)) {
        // debug::dump() starts: the dump of the failure above, else a dump of its own
        if (!d.inDump || d.count > (d.has(0x4402) ? 1 : 0)) open(sink);
        sink.skip();
        return true;
      }
      if (d.inDump) {
        sink.skip();
        return true;
      }
    }
    return false;
  }, () => {
    header = false;
    named = null;
  }), 'Bareflank', headWords, FRESH_RE, glue);
}
