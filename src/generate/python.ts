/**
 * Python module: fields, exit reasons, VM-instruction errors and the other enums as
 * `IntEnum`s; layout bits as module constants (masks and _SHIFTs, as in the C header).
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { camel, Namer, PYTHON_KEYWORDS } from './naming.js';
import { flatLayouts, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export function emitPython(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: PYTHON_KEYWORDS }, diagnostics);
  const G = 'module';
  namer.reserve(G, 'IntEnum', 'VmcsField', 'ExitReason', 'VmInstructionError');
  const o: string[] = ['"""', ...headerLines(m, 'python'), '"""', '', 'from enum import IntEnum', ''];
  const block = (cls: string, doc: string, members: Array<[string, string, string]>) => {
    o.push('', `class ${cls}(IntEnum):`, `    """${oneLine(doc).replace(/"/g, "'")}"""`, '');
    for (const [raw, value, comment] of members) {
      const id = namer.take(G + '.' + cls, raw);
      o.push(`    ${id} = ${value}  # ${oneLine(comment + namer.note())}`);
    }
    o.push('');
  };
  if (m.fields.length) block('VmcsField', 'VMCS field encodings (SDM Vol. 3D Appendix B; encoding format Vol. 3C 27.11.2).', m.fields.map((f) => [f.raw, hex(f.encoding, 8), fieldComment(f, m.names)]));
  if (m.exitReasons) block('ExitReason', `${m.exitReasons.title} (${sdmRef(m.exitReasons.sdm)})`, m.exitReasons.members.map((v) => [v.id, String(v.value), v.name]));
  if (m.errors) block('VmInstructionError', `${m.errors.title} (${sdmRef(m.errors.sdm)})`, m.errors.members.map((v) => [v.id, String(v.value), v.name]));
  for (const e of m.enums) block(namer.take(G, camel(e.key)), `${e.title} (${sdmRef(e.sdm)})`, e.members.map((v) => [v.id, String(v.value), v.name]));
  for (const { layout, consts } of flatLayouts(m, namer, G)) {
    o.push('', `# ${oneLine(layout.title)} (${sdmRef(layout.sdm)})`);
    for (const c of consts) o.push(`${c.name} = ${c.shift ? String(c.value) : hex(c.value, layout.wide ? 16 : 8)}${c.comment ? `  # ${oneLine(c.comment)}` : ''}`);
  }
  o.push('');
  return { text: o.join('\n'), namer };
}
