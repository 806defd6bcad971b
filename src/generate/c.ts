/**
 * C header, usable from C++: the fields as `enum vmcs_field`, exit reasons and VM-instruction
 * errors as enums, layout bits as #defines (u / ULL literals, masks and _SHIFTs), and
 * macros that take an encoding apart (SDM Vol. 3C 27.11.2).
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { C_KEYWORDS, Namer, snake } from './naming.js';
import { enumPrefix, flatLayouts, modelEnums, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export function emitC(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: C_KEYWORDS }, diagnostics);
  const G = 'global';
  const helpers = ['VMCS_GENERATED_H', 'VMCS_ENCODING_HIGH', 'VMCS_ENCODING_INDEX', 'VMCS_ENCODING_TYPE', 'VMCS_ENCODING_WIDTH'];
  namer.reserve(G, ...helpers);
  const o: string[] = ['/*', ...headerLines(m, 'c').map((l) => ' * ' + l), ' */', '#ifndef VMCS_GENERATED_H', '#define VMCS_GENERATED_H', ''];
  if (m.fields.length) {
    o.push(
      '/* Parts of an encoding (SDM Vol. 3C 27.11.2). */',
      '#define VMCS_ENCODING_HIGH(e) ((e) & 1u) /* 1: high 32 bits of a 64-bit field */',
      '#define VMCS_ENCODING_INDEX(e) (((e) >> 1) & 0x1ffu)',
      '#define VMCS_ENCODING_TYPE(e) (((e) >> 10) & 3u) /* 0 control, 1 read-only data, 2 guest state, 3 host state */',
      '#define VMCS_ENCODING_WIDTH(e) (((e) >> 13) & 3u) /* 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width */',
      '',
      '/* VMCS field encodings (SDM Vol. 3D Appendix B). */',
      'enum vmcs_field {',
    );
    for (const f of m.fields) {
      const id = namer.take(G, f.raw);
      o.push(`\t${id} = ${hex(f.encoding, 8)}, /* ${oneLine(fieldComment(f, m.names) + namer.note())} */`);
    }
    o.push('};', '');
  }
  for (const e of modelEnums(m)) {
    const tag = e.key === 'basic-exit-reason' ? 'vmx_exit_reason' : e.key === 'vm-instruction-error' ? 'vmx_instruction_error' : `vmx_${snake(e.key)}`;
    o.push(`/* ${oneLine(e.title)} (${sdmRef(e.sdm)}) */`, `enum ${tag} {`);
    const prefix = enumPrefix(e);
    for (const v of e.members) {
      const id = namer.take(G, prefix + v.id);
      o.push(`\t${id} = ${v.value}, /* ${oneLine(v.name + namer.note())} */`);
    }
    o.push('};', '');
  }
  for (const { layout, consts } of flatLayouts(m, namer, G)) {
    o.push(`/* ${oneLine(layout.title)} (${sdmRef(layout.sdm)}) */`);
    for (const c of consts) {
      const value = c.shift ? String(c.value) : layout.wide ? hex(c.value, 16) + 'ULL' : hex(c.value, 8) + 'u';
      o.push(`#define ${c.name} ${value}${c.comment ? ` /* ${oneLine(c.comment)} */` : ''}`);
    }
    o.push('');
  }
  o.push('#endif /* VMCS_GENERATED_H */', '');
  return { text: o.join('\n'), namer };
}
