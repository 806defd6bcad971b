/**
 * Rust module in the shape of the x86 crate's `x86::vmx::vmcs`: field encodings as `u32`
 * consts in `control`, `guest`, `host` and `ro` (read-only data), layout bits in
 * `bits::<layout>` (u32 or u64 masks, u32 shifts), exit reasons, VM-instruction errors and
 * the other enums as `#[repr(u32)]` enums with `from_u32`.
 */
import { fieldComment, headerLines, type Model, type ModelEnum } from './model.js';
import { camel, Namer, RUST_KEYWORDS, snake } from './naming.js';
import { oneLine, sdmRef } from './flat.js';
import type { GenerateDiagnostic } from './types.js';

const MODULE = { control: 'control', 'exit-info': 'ro', guest: 'guest', host: 'host' } as const;

/** 0x0000681e -> 0x0000_681e */
function rhex(v: bigint | number, digits: number): string {
  const h = v.toString(16).padStart(digits, '0');
  return '0x' + h.replace(/\B(?=([0-9a-f]{4})+$)/g, '_');
}

function doc(s: string, indent: string): string {
  return `${indent}/// ${oneLine(s)}`;
}

export function emitRust(m: Model, diagnostics: GenerateDiagnostic[]): { text: string; namer: Namer } {
  const namer = new Namer({ keywords: RUST_KEYWORDS }, diagnostics);
  const o: string[] = [...headerLines(m, 'rust').map((l) => '//! ' + l), '', '#![allow(dead_code, non_upper_case_globals, non_camel_case_types, clippy::unreadable_literal)]', ''];
  namer.reserve('crate', 'control', 'guest', 'host', 'ro', 'bits', 'encoding');

  if (m.fields.length) {
    o.push(
      '/// Parts of a field encoding (SDM Vol. 3C 27.11.2).',
      'pub mod encoding {',
      '    /// 1: the high 32 bits of a 64-bit field.',
      '    pub const fn is_high(e: u32) -> bool { e & 1 != 0 }',
      '    pub const fn index(e: u32) -> u32 { (e >> 1) & 0x1ff }',
      '    /// 0 control, 1 read-only data, 2 guest state, 3 host state.',
      '    pub const fn field_type(e: u32) -> u32 { (e >> 10) & 3 }',
      '    /// 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width.',
      '    pub const fn width(e: u32) -> u32 { (e >> 13) & 3 }',
      '}',
      '',
    );
    const byModule = new Map<string, string[]>();
    for (const mod of ['control', 'guest', 'host', 'ro']) byModule.set(mod, []);
    for (const f of m.fields) {
      // rust-x86 names carry their module: control::VPID.
      const sep = f.raw.indexOf('::');
      const mod = sep > 0 && byModule.has(f.raw.slice(0, sep)) ? f.raw.slice(0, sep) : MODULE[f.type];
      const raw = sep > 0 ? f.raw.slice(sep + 2) : f.raw;
      const lines = byModule.get(mod)!;
      const id = namer.take(mod, raw);
      lines.push(doc(fieldComment(f, m.names) + namer.note(), '    '), `    pub const ${id}: u32 = ${rhex(f.encoding, 8)};`);
    }
    const titles: Record<string, string> = { control: 'Control fields.', guest: 'Guest-state fields.', host: 'Host-state fields.', ro: 'Read-only data fields (VM-exit information and the VM-instruction error).' };
    for (const [mod, lines] of byModule) {
      if (!lines.length) continue;
      o.push(`/// ${titles[mod]}`, `pub mod ${mod} {`, ...lines, '}', '');
    }
  }

  const enumBlock = (e: ModelEnum, typeName: string) => {
    const name = namer.take('crate', typeName);
    o.push(doc(`${e.title} (${sdmRef(e.sdm)})`, ''), '#[repr(u32)]', '#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]', `pub enum ${name} {`);
    const variants: Array<[string, number]> = [];
    for (const v of e.members) {
      const variant = namer.take(`crate::${name}`, camel(v.id));
      variants.push([variant, v.value]);
      o.push(doc(v.name, '    '), `    ${variant} = ${v.value},`);
    }
    o.push('}', '', `impl ${name} {`, '    pub const fn from_u32(v: u32) -> Option<Self> {', '        match v {');
    for (const [variant, value] of variants) o.push(`            ${value} => Some(Self::${variant}),`);
    o.push('            _ => None,', '        }', '    }', '}', '');
  };
  if (m.exitReasons) enumBlock(m.exitReasons, 'ExitReason');
  if (m.errors) enumBlock(m.errors, 'VmInstructionError');

  if (m.layouts.length || m.enums.length) {
    for (const e of m.enums) enumBlock(e, camel(e.key));
    o.push('/// Bits and bit ranges of the values fields hold: masks (bits in place) and shifts.', 'pub mod bits {');
    for (const l of m.layouts) {
      const mod = namer.take('crate::bits', snake(l.key));
      const scope = `bits::${mod}`;
      const ty = l.wide ? 'u64' : 'u32';
      const digits = l.wide ? 16 : 8;
      o.push(doc(`${l.title} (${sdmRef(l.sdm)})`, '    '), `    pub mod ${mod} {`);
      for (const b of l.bits) {
        const name = namer.take(scope, b.id);
        o.push(doc(`${b.hi === b.lo ? 'bit' : 'bits'} ${b.bits}: ${b.name}${b.default1 && !/default 1/i.test(b.name) ? ' (default 1)' : ''}${b.when ? ` (${b.when})` : ''}`, '        '));
        o.push(`        pub const ${name}: ${ty} = ${rhex(b.mask, digits)};`, `        pub const ${namer.take(scope, name + '_SHIFT')}: u32 = ${b.shift};`);
      }
      if (l.reservedMask) o.push('        /// Reserved bits.', `        pub const ${namer.take(scope, 'RESERVED_MASK')}: ${ty} = ${rhex(l.reservedMask, digits)};`);
      if (l.default1Mask) o.push('        /// Default-1 bits (1 unless the TRUE capability MSR allows 0).', `        pub const ${namer.take(scope, 'DEFAULT1_MASK')}: ${ty} = ${rhex(l.default1Mask, digits)};`);
      o.push('    }');
    }
    o.push('}', '');
  }
  return { text: o.join('\n'), namer };
}
