/**
 * TypeScript module: fields, exit reasons, VM-instruction errors and the other enums as
 * `enum`s; layout bits as constants: numbers for layouts within bits 31:0, bigints for
 * 64-bit layouts (JavaScript's bitwise operators are 32-bit on numbers).
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { camel, Namer, TS_KEYWORDS } from './naming.js';
import { flatLayouts, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export function emitTypescript(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: TS_KEYWORDS }, diagnostics);
  const G = 'module';
  namer.reserve(G, 'VmcsField', 'ExitReason', 'VmInstructionError');
  const o: string[] = ['/*', ...headerLines(m, 'typescript').map((l) => ' * ' + l), ' */', ''];
  const block = (name: string, doc: string, members: Array<[string, string, string]>) => {
    o.push(`/** ${oneLine(doc)} */`, `export enum ${name} {`);
    for (const [raw, value, comment] of members) {
      const id = namer.take(G + '.' + name, raw);
      o.push(`  /** ${oneLine(comment + namer.note())} */`, `  ${id} = ${value},`);
    }
    o.push('}', '');
  };
  if (m.fields.length) block('VmcsField', 'VMCS field encodings (SDM Vol. 3D Appendix B; encoding format Vol. 3C 27.11.2).', m.fields.map((f) => [f.raw, hex(f.encoding, 8), fieldComment(f, m.names)]));
  if (m.exitReasons) block('ExitReason', `${m.exitReasons.title} (${sdmRef(m.exitReasons.sdm)})`, m.exitReasons.members.map((v) => [v.id, String(v.value), v.name]));
  if (m.errors) block('VmInstructionError', `${m.errors.title} (${sdmRef(m.errors.sdm)})`, m.errors.members.map((v) => [v.id, String(v.value), v.name]));
  for (const e of m.enums) block(namer.take(G, camel(e.key)), `${e.title} (${sdmRef(e.sdm)})`, e.members.map((v) => [v.id, String(v.value), v.name]));
  for (const { layout, consts } of flatLayouts(m, namer, G)) {
    o.push(`// ${oneLine(layout.title)} (${sdmRef(layout.sdm)})${layout.wide ? ': 64-bit, masks are bigints' : ''}`);
    for (const c of consts) {
      const value = c.shift ? String(c.value) : layout.wide ? hex(c.value, 16) + 'n' : hex(c.value, 8);
      o.push(`export const ${c.name} = ${value};${c.comment ? ` // ${oneLine(c.comment)}` : ''}`);
    }
    o.push('');
  }
  return { text: o.join('\n'), namer };
}
