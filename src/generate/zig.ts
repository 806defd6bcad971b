/**
 * Zig file: `Field`, `ExitReason`, `VmInstructionError` and the other enums as
 * non-exhaustive `enum(u32)`; layout bits as typed constants (u32/u64 masks, u5/u6 shifts,
 * ready for `<<`).
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { camel, Namer, ZIG_KEYWORDS } from './naming.js';
import { flatLayouts, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export function emitZig(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: ZIG_KEYWORDS }, diagnostics);
  const G = 'file';
  namer.reserve(G, 'Field', 'ExitReason', 'VmInstructionError');
  const o: string[] = [...headerLines(m, 'zig').map((l) => '//! ' + l), ''];
  const block = (name: string, doc: string, members: Array<[string, string, string]>) => {
    o.push(`/// ${oneLine(doc)}`, `pub const ${name} = enum(u32) {`);
    for (const [raw, value, comment] of members) {
      const id = namer.take(G + '.' + name, raw);
      o.push(`    /// ${oneLine(comment + namer.note())}`, `    ${id} = ${value},`);
    }
    o.push('    _,', '};', '');
  };
  if (m.fields.length) block('Field', 'VMCS field encodings (SDM Vol. 3D Appendix B; encoding format Vol. 3C 27.11.2).', m.fields.map((f) => [f.raw, hex(f.encoding, 8), fieldComment(f, m.names)]));
  if (m.exitReasons) block('ExitReason', `${m.exitReasons.title} (${sdmRef(m.exitReasons.sdm)})`, m.exitReasons.members.map((v) => [v.id, String(v.value), v.name]));
  if (m.errors) block('VmInstructionError', `${m.errors.title} (${sdmRef(m.errors.sdm)})`, m.errors.members.map((v) => [v.id, String(v.value), v.name]));
  for (const e of m.enums) block(namer.take(G, camel(e.key)), `${e.title} (${sdmRef(e.sdm)})`, e.members.map((v) => [v.id, String(v.value), v.name]));
  for (const { layout, consts } of flatLayouts(m, namer, G)) {
    o.push(`// ${oneLine(layout.title)} (${sdmRef(layout.sdm)})`);
    for (const c of consts) {
      if (c.comment) o.push(`/// ${oneLine(c.comment)}`);
      const type = c.shift ? (layout.wide ? 'u6' : 'u5') : layout.wide ? 'u64' : 'u32';
      o.push(`pub const ${c.name}: ${type} = ${c.shift ? String(c.value) : hex(c.value, layout.wide ? 16 : 8)};`);
    }
    o.push('');
  }
  return { text: o.join('\n'), namer };
}
