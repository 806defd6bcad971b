/**
 * WinDbg JavaScript, in the shape of hvext's `VMCS_ENCODINGS` (a flat array of name,
 * encoding pairs in Appendix B order by encoding): the names are the SDM titles, as hvext
 * prints them, unless --names picks identifiers. Exit reasons and VM-instruction errors
 * follow the same pair shape; layout bits are [name, high bit, low bit] triples, bit
 * positions rather than masks because JavaScript numbers cannot hold 64-bit masks.
 */
import { headerLines, hex, type Model } from './model.js';
import { Namer, TS_KEYWORDS } from './naming.js';
import type { GenerateDiagnostic } from './types.js';

export function emitWindbg(m: Model, diagnostics: GenerateDiagnostic[], explicitNames: boolean): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: TS_KEYWORDS }, diagnostics);
  const s = (v: string) => JSON.stringify(v.replace(/\s+/g, ' ').trim());
  const o: string[] = [...headerLines(m, 'windbg').map((l) => '// ' + l), explicitNames ? '' : '// Names are the SDM titles, as hvext prints them (give --names for identifiers).', '"use strict";', ''];
  if (m.fields.length) {
    o.push('const VMCS_ENCODINGS = [');
    for (const f of m.fields) {
      const name = explicitNames ? namer.take('VMCS_ENCODINGS', f.raw) : f.title;
      o.push(`    ${s(name)}, ${hex(f.encoding, 8)},`);
    }
    o.push('];', '');
  }
  const pairs = (name: string, members: Array<{ name: string; value: number }>) => {
    o.push(`const ${name} = [`);
    for (const v of members) o.push(`    ${s(v.name)}, ${v.value},`);
    o.push('];', '');
  };
  if (m.exitReasons) pairs('VMX_EXIT_REASONS', m.exitReasons.members);
  if (m.errors) pairs('VMX_INSTRUCTION_ERRORS', m.errors.members);
  if (m.layouts.length) {
    o.push('// Per layout: name, high bit, low bit.', 'const VMCS_BITS = {');
    for (const l of m.layouts) {
      o.push(`    ${s(l.key)}: [`);
      for (const b of l.bits) o.push(`        ${s(namer.take('VMCS_BITS.' + l.key, b.id))}, ${b.hi}, ${b.lo},`);
      o.push('    ],');
    }
    o.push('};', '');
  }
  return { text: o.join('\n'), namer };
}
