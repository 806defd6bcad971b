/**
 * Go package `vmcs`: `type Field uint32` constants with Width/Type/Index/High methods,
 * `ExitReason` and `VMInstructionError` constants, the other enums and the layout bits as
 * untyped constants (usable with uint32 and uint64 alike).
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { GO_KEYWORDS, Namer } from './naming.js';
import { enumPrefix, flatLayouts, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export function emitGo(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  // Exported names start with a capital letter.
  const namer = new Namer({ keywords: GO_KEYWORDS, adjust: (id) => id.charAt(0).toUpperCase() + id.slice(1) }, diagnostics);
  const G = 'package';
  namer.reserve(G, 'Field', 'ExitReason', 'VMInstructionError');
  const o: string[] = [...headerLines(m, 'go').map((l) => '// ' + l), '', '// Package vmcs holds Intel VT-x VMCS field encodings and the bits of their values.', 'package vmcs', ''];
  if (m.fields.length) {
    o.push(
      '// Field is a VMCS field encoding (SDM Vol. 3C 27.11.2).',
      'type Field uint32',
      '',
      '// High reports the high 32 bits of a 64-bit field.',
      'func (f Field) High() bool { return f&1 != 0 }',
      '',
      '// Index is the index part of the encoding.',
      'func (f Field) Index() uint32 { return uint32(f>>1) & 0x1ff }',
      '',
      '// Type is 0 control, 1 read-only data, 2 guest state, 3 host state.',
      'func (f Field) Type() uint32 { return uint32(f>>10) & 3 }',
      '',
      '// Width is 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width.',
      'func (f Field) Width() uint32 { return uint32(f>>13) & 3 }',
      '',
      '// VMCS field encodings (SDM Vol. 3D Appendix B).',
      'const (',
    );
    for (const f of m.fields) {
      const id = namer.take(G, f.raw);
      o.push(`\t${id} Field = ${hex(f.encoding, 8)} // ${oneLine(fieldComment(f, m.names) + namer.note())}`);
    }
    o.push(')', '');
  }
  const typed = (key: string) => (key === 'basic-exit-reason' ? 'ExitReason' : key === 'vm-instruction-error' ? 'VMInstructionError' : '');
  for (const e of [...(m.exitReasons ? [m.exitReasons] : []), ...(m.errors ? [m.errors] : [])]) {
    const t = typed(e.key);
    o.push(`// ${t}: ${oneLine(e.title)} (${sdmRef(e.sdm)}).`, `type ${t} uint32`, '', 'const (');
    for (const v of e.members) o.push(`\t${namer.take(G, enumPrefix(e) + v.id)} ${t} = ${v.value} // ${oneLine(v.name)}`);
    o.push(')', '');
  }
  for (const e of m.enums) {
    o.push(`// ${oneLine(e.title)} (${sdmRef(e.sdm)}).`, 'const (');
    for (const v of e.members) o.push(`\t${namer.take(G, enumPrefix(e) + v.id)} = ${v.value} // ${oneLine(v.name)}`);
    o.push(')', '');
  }
  for (const { layout, consts } of flatLayouts(m, namer, G)) {
    o.push(`// ${oneLine(layout.title)} (${sdmRef(layout.sdm)}).`, 'const (');
    for (const c of consts) o.push(`\t${c.name} = ${c.shift ? String(c.value) : hex(c.value, layout.wide ? 16 : 8)}${c.comment ? ` // ${oneLine(c.comment)}` : ''}`);
    o.push(')', '');
  }
  return { text: o.join('\n'), namer };
}
