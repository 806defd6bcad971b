/**
 * NoirVisor's own VMCS dump (the `noirvisor` dialect); see ./index.ts for how dialects plug in.
 *
 * Zero-Tang/NoirVisor, src/vt_core/vt_exit.c `nvc_vt_dump_vmcs_guest_state()`: after
 * `Dumping VMCS Guest State Area!` (`...` in later versions), `nv_dprintf()` lines of values it
 * reads with VMREAD, several per line, separated by `\t ` (blanks once pasted):
 *
 *     Guest CS Segment - Selector: 0x%X\t Access-Rights: 0x%X\t Limit: 0x%X\t Base: 0x%p
 *     (DS, ES, FS, GS, SS; `Guest Task Register - …`, `Guest LDT Register - …`)
 *     Guest GDTR Limit: 0x%X\t Base: 0x%p\t Guest IDTR Limit: 0x%X\t Base: 0x%p
 *     Guest Control & Debug Registers - CR0: 0x%X\t CR3: 0x%p\t CR4: 0x%X\t DR7: 0x%X
 *     Guest Special GPRs: Rsp: 0x%p\t Rip: 0x%p\t RFlags:0x%X[\t Ssp: 0x%p]
 *     Guest Activity State: %u\t Interruptibility State: 0x%X\t Pending Debug Exceptions: 0x%X
 *     Guest EFER: 0x%llX\t PAT: 0x%llX\t Debug Control: 0x%llX
 *     Guest VMCS Link Pointer: 0x%p
 *     Guest PDPTE0: 0x%llX\t PDPTE1: 0x%llX\t PDPTE2: 0x%llX\t PDPTE3: 0x%llX
 *     Pin-Based Controls: 0x%X\t Primary Controls: 0x%X\t Secondary Controls: 0x%X\t Exception Bitmap: 0x%X
 *     VM-Exit Controls: 0x%X\t VM-Entry Controls: 0x%X
 *     EPT Pointer: 0x%llX
 *     Event Injection: 0x%X
 *
 * and before it, when VMLAUNCH fails (vt_main.c): `Error while launching the Guest! VMX Status: %d`
 * (1 VMfailValid, 2 VMfailInvalid) and `Failed at VM-Entry, Code=%d\t Reason: %s`, the
 * VM-instruction error field in decimal. Every line carries NoirVisor's `[NoirVisor] ` prefix,
 * perhaps behind a debugger's own.
 */
import type { LineSink } from './types.js';
import { DumpState, dumpParser, GUEST_SEGMENTS, digitsOf, type OtherParser } from './common.js';

const HEX = '(0x[0-9A-Fa-f]{1,16})';
const SEP = '[\\t ]+';
/** One line shape: its values in order and their fields (`dec`: printed in decimal). */
interface Shape {
  re: RegExp;
  fields: readonly number[];
  dec?: readonly number[];
}
const at = (body: string): RegExp => new RegExp(`(?:^|[\\s\\]:])${body}\\s*$`);
const SHAPES: readonly Shape[] = [
  { re: at(`Guest GDTR Limit: ${HEX}${SEP}Base: ${HEX}${SEP}Guest IDTR Limit: ${HEX}${SEP}Base: ${HEX}`), fields: [0x4810, 0x6816, 0x4812, 0x6818] },
  { re: at(`Guest Control & Debug Registers - CR0: ${HEX}${SEP}CR3: ${HEX}${SEP}CR4: ${HEX}${SEP}DR7: ${HEX}`), fields: [0x6800, 0x6802, 0x6804, 0x681a] },
  { re: at(`Guest Special GPRs: Rsp: ${HEX}${SEP}Rip: ${HEX}${SEP}RFlags: ?${HEX}(?:${SEP}Ssp: ${HEX})?`), fields: [0x681c, 0x681e, 0x6820, 0x682a] },
  { re: at(`Guest Activity State: (\\d{1,10})${SEP}Interruptibility State: ${HEX}${SEP}Pending Debug Exceptions: ${HEX}`), fields: [0x4826, 0x4824, 0x6822], dec: [0x4826] },
  { re: at(`Guest EFER: ${HEX}${SEP}PAT: ${HEX}${SEP}Debug Control: ${HEX}`), fields: [0x2806, 0x2804, 0x2802] },
  { re: at(`Guest VMCS Link Pointer: ${HEX}`), fields: [0x2800] },
  { re: at(`Guest PDPTE0: ${HEX}${SEP}PDPTE1: ${HEX}${SEP}PDPTE2: ${HEX}${SEP}PDPTE3: ${HEX}`), fields: [0x280a, 0x280c, 0x280e, 0x2810] },
  { re: at(`Pin-Based Controls: ${HEX}${SEP}Primary Controls: ${HEX}${SEP}Secondary Controls: ${HEX}${SEP}Exception Bitmap: ${HEX}`), fields: [0x4000, 0x4002, 0x401e, 0x4004] },
  { re: at(`VM-Exit Controls: ${HEX}${SEP}VM-Entry Controls: ${HEX}`), fields: [0x400c, 0x4012] },
  { re: at(`EPT Pointer: ${HEX}`), fields: [0x201a] },
  { re: at(`Event Injection: ${HEX}`), fields: [0x4016] },
];
const SEGMENT_RE = at(`Guest (CS|DS|ES|FS|GS|SS|Task|LDT) (?:Segment|Register) - Selector: ${HEX}${SEP}Access-Rights: ${HEX}${SEP}Limit: ${HEX}${SEP}Base: ${HEX}`);
const SEGMENT: Readonly<Record<string, string>> = { Task: 'tr', LDT: 'ldtr' };
const DUMPING_RE = /(?:^|[\s\]:])Dumping VMCS Guest State Area(?:!|\.{3})\s*$/;
const FAILED_RE = /(?:^|[\s\]:])Failed at VM-Entry, Code=(\d{1,10})[\t ]+Reason: (.{0,120}?)\s*$/;
const STATUS_RE = /(?:^|[\s\]:])Error while launching the Guest! VMX Status: (\d{1,3})\s*$/;
const INVALID_CODE_RE = /(?:^|[\s\]:])VM-Entry failed with invalid code (\d{1,10})!\s*$/;
const STATUS: Readonly<Record<string, string>> = {
  '1': "NoirVisor's status of VMLAUNCH: VMfailValid (the VM-instruction error field says why)",
  '2': "NoirVisor's status of VMLAUNCH: VMfailInvalid (no current VMCS)",
};

export function createNoirVisorParser(): OtherParser {
  const d = new DumpState('noirvisor');

  function fields(sink: LineSink, lineNo: number, encodings: readonly number[], values: readonly (string | undefined)[], dec: readonly number[] = []): void {
    encodings.forEach((enc, i) => {
      const v = values[i];
      if (v === undefined) return;
      d.field(sink, enc, digitsOf(v, dec.includes(enc))!, lineNo);
    });
  }

  return dumpParser(d, (line, lineNo, sink) => {
    if (!line.includes('Guest') && !line.includes(':') && !line.includes('!')) return false;
    if (line.includes('Guest')) {
      const s = SEGMENT_RE.exec(line);
      if (s) {
        const seg = GUEST_SEGMENTS[SEGMENT[s[1]!] ?? s[1]!.toLowerCase()]!;
        // GUEST_SEGMENTS: selector, access rights, limit, base; NoirVisor prints them in that order
        fields(sink, lineNo, seg, [s[2], s[3], s[4], s[5]]);
        return true;
      }
      if (DUMPING_RE.test(line)) {
        // the dump after a failed VMLAUNCH belongs with its `Failed at VM-Entry` line
        if (!d.inDump || d.count > (d.has(0x4400) ? 1 : 0)) d.open(sink);
        return true;
      }
    }
    for (const shape of SHAPES) {
      const m = shape.re.exec(line);
      if (m) {
        fields(sink, lineNo, shape.fields, m.slice(1), shape.dec);
        return true;
      }
    }
    const f = FAILED_RE.exec(line);
    if (f) {
      d.field(sink, 0x4400, digitsOf(f[1]!, true)!, lineNo);
      d.note(sink, lineNo, 'Reason', f[2]!, "NoirVisor's text for the VM-instruction error");
      return true;
    }
    const st = STATUS_RE.exec(line);
    if (st) {
      if (!d.inDump || d.count > 0) d.open(sink);
      d.note(sink, lineNo, 'VMX Status', st[1]!, STATUS[st[1]!] ?? "NoirVisor's status of VMLAUNCH");
      return true;
    }
    const ic = INVALID_CODE_RE.exec(line);
    if (ic) {
      d.note(sink, lineNo, 'code', ic[1]!, 'a VM-instruction error NoirVisor knows no text for (32 or more): not read as the field');
      return true;
    }
    return false;
  });
}
