/**
 * Reverse-engineering targets: one Python script per tool that creates enum types, so that
 * `__vmx_vmwrite(0x681E, ...)` reads `GUEST_RIP`. The same data (enums of fields, exit
 * reasons, VM-instruction errors, the other enums and one mask enum per layout) is applied
 * with each tool's API:
 *   ida     IDAPython, idc.add_enum / add_enum_member (member names are global in IDA);
 *   ghidra  GhidraScript (Jython or PyGhidra), EnumDataType in the category /vmcs;
 *   binja   Binary Ninja, Type.enumeration + bv.define_user_type.
 * Layout enums hold masks only: shifts and the reserved/default-1 masks would only be noise
 * where a decompiler shows a constant as an enum member.
 */
import { fieldComment, headerLines, hex, type Model } from './model.js';
import { C_KEYWORDS, Namer, PYTHON_KEYWORDS, snake } from './naming.js';
import { enumPrefix, flatLayouts, modelEnums, oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

export type ReTarget = 'ida' | 'ghidra' | 'binja';

/** A Python string literal that means the same in Python 2 (Jython) and 3: ASCII only. */
function pyStr(s: string): string {
  const ascii = oneLine(s)
    .normalize('NFKD')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[^\x20-\x7e]/g, '');
  return JSON.stringify(ascii);
}

const APPLY: Record<ReTarget, string[]> = {
  ida: [
    'import idc',
    '',
    'try:',
    '    import ida_bytes',
    '    _HEX = ida_bytes.hex_flag()',
    'except ImportError:',
    '    _HEX = 0',
    '',
    '',
    'def apply_enums():',
    '    """Create or extend the enums; returns the number of members added."""',
    '    added = 0',
    '    for name, width, members in ENUMS:',
    '        eid = idc.get_enum(name)',
    '        if eid == idc.BADADDR:',
    '            eid = idc.add_enum(-1, name, _HEX)',
    '        idc.set_enum_width(eid, width)',
    '        for member, value, comment in members:',
    '            if idc.get_enum_member_by_name(member) == idc.BADADDR:',
    '                if idc.add_enum_member(eid, member, value, -1) != 0:',
    '                    continue',
    '                added += 1',
    '            idc.set_enum_member_cmt(idc.get_enum_member_by_name(member), comment, 0)',
    '    return added',
    '',
    '',
    'if __name__ == "__main__":',
    '    print("vmcs: %d enum members added" % apply_enums())',
  ],
  ghidra: [
    'from ghidra.program.model.data import CategoryPath, DataTypeConflictHandler, EnumDataType',
    '',
    '',
    'def apply_enums(program):',
    '    """Create the enum data types (replacing older ones); returns the number of members."""',
    '    dtm = program.getDataTypeManager()',
    '    count = 0',
    '    for name, width, members in ENUMS:',
    '        e = EnumDataType(CategoryPath("/vmcs"), name, width)',
    '        for member, value, comment in members:',
    '            if value >= 1 << 63:',
    '                value -= 1 << 64  # Ghidra enum values are Java longs',
    '            e.add(member, value)',
    '            count += 1',
    '        dtm.addDataType(e, DataTypeConflictHandler.REPLACE_HANDLER)',
    '    return count',
    '',
    '',
    'if globals().get("currentProgram") is not None:',
    '    print("vmcs: %d enum members" % apply_enums(currentProgram))',
  ],
  binja: [
    'from binaryninja import Type',
    '',
    '',
    'def apply_enums(bv):',
    '    """Define the enum types in the view; returns the number of members."""',
    '    count = 0',
    '    for name, width, members in ENUMS:',
    '        t = Type.enumeration(arch=bv.arch, members=[(member, value) for member, value, comment in members], width=width)',
    '        bv.define_user_type(name, t)',
    '        count += len(members)',
    '    return count',
    '',
    '',
    'if globals().get("bv") is not None:',
    '    print("vmcs: %d enum members" % apply_enums(bv))',
  ],
};

const HOW: Record<ReTarget, string> = {
  ida: 'IDA: File > Script file... (IDAPython); then press M on a vmread/vmwrite operand.',
  ghidra: 'Ghidra: Script Manager, run as a Python script (Jython or PyGhidra); the types appear under /vmcs.',
  binja: 'Binary Ninja: File > Run Script... with a view open (uses bv).',
};

export function emitRe(target: ReTarget, m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  // Member names: C-style and unique across all enums (IDA requires it; the others profit).
  const namer = new Namer({ keywords: new Set([...C_KEYWORDS, ...PYTHON_KEYWORDS]) }, diagnostics);
  const G = 'members';
  const o: string[] = [
    ...(target === 'ghidra' ? ['# Creates VMX enum data types from the vmcs table.', '# @category VMX'] : []),
    ...headerLines(m, target).map((l) => '# ' + l),
    `# ${HOW[target]}`,
    '# Layout enums hold masks only (no shifts, no reserved or default-1 masks).',
    '',
  ];
  const enums: Array<{ name: string; width: number; doc: string; members: Array<[string, bigint | number, string]> }> = [];
  if (m.fields.length) enums.push({ name: 'vmcs_field', width: 4, doc: 'VMCS field encodings (SDM Vol. 3D Appendix B)', members: m.fields.map((f) => {
        const id = namer.take(G, f.raw);
        return [id, f.encoding, fieldComment(f, m.names) + namer.note()];
      }) });
  for (const e of modelEnums(m)) {
    const name = e.key === 'basic-exit-reason' ? 'vmx_exit_reason' : e.key === 'vm-instruction-error' ? 'vmx_instruction_error' : `vmx_${snake(e.key)}`;
    enums.push({ name, width: 4, doc: `${e.title} (${sdmRef(e.sdm)})`, members: e.members.map((v) => [namer.take(G, enumPrefix(e) + v.id), v.value, v.name]) });
  }
  for (const { layout, consts } of flatLayouts(m, namer, G, false, false)) {
    enums.push({ name: `vmx_${snake(layout.key)}_bits`, width: layout.wide ? 8 : 4, doc: `${layout.title} (${sdmRef(layout.sdm)})`, members: consts.map((c) => [c.name, c.value, c.comment]) });
  }
  namer.reserve('types', ...enums.map((e) => e.name));
  o.push('ENUMS = [');
  for (const e of enums) {
    o.push(`    # ${pyStr(e.doc).slice(1, -1)}`, `    (${JSON.stringify(e.name)}, ${e.width}, [`);
    for (const [name, value, comment] of e.members) o.push(`        (${JSON.stringify(name)}, ${hex(value, e.width * 2)}, ${pyStr(comment)}),`);
    o.push('    ]),');
  }
  o.push(']', '', '', ...APPLY[target], '');
  return { text: o.join('\n'), namer };
}
