/**
 * The flat, C-style naming several targets share: every layout bit as LAYOUT_ID (its mask)
 * and LAYOUT_ID_SHIFT, each layout's LAYOUT_RESERVED_MASK and LAYOUT_DEFAULT1_MASK, and enum
 * members as EXIT_REASON_ID, VMXERR_ID, ENUM_ID. Identifiers go through the target's Namer.
 */
import type { Model, ModelEnum, ModelLayout } from './model.js';
import type { Namer } from './naming.js';
import { upperSnake } from './naming.js';

export interface FlatConst {
  name: string;
  value: bigint;
  /** A shift count rather than a mask. */
  shift?: boolean;
  comment: string;
}

export interface FlatLayout {
  layout: ModelLayout;
  consts: FlatConst[];
}

/** Masks, shifts and the reserved and default-1 masks of every layout, named in `scope`. */
export function flatLayouts(m: Model, namer: Namer, scope: string, withShifts = true, withAggregates = true): FlatLayout[] {
  return m.layouts.map((layout) => {
    const prefix = upperSnake(layout.key);
    const consts: FlatConst[] = [];
    for (const b of layout.bits) {
      const what = `${b.hi === b.lo ? 'bit' : 'bits'} ${b.bits}: ${b.name}${b.default1 && !/default 1/i.test(b.name) ? ' (default 1)' : ''}${b.when ? ` (${b.when})` : ''}`;
      const name = namer.take(scope, `${prefix}_${b.id}`);
      consts.push({ name, value: b.mask, comment: what });
      if (withShifts) consts.push({ name: namer.take(scope, `${name}_SHIFT`), value: BigInt(b.shift), shift: true, comment: '' });
    }
    if (withAggregates) {
      if (layout.reservedMask) consts.push({ name: namer.take(scope, `${prefix}_RESERVED_MASK`), value: layout.reservedMask, comment: 'reserved bits (must be 0 where the SDM says so)' });
      if (layout.default1Mask) consts.push({ name: namer.take(scope, `${prefix}_DEFAULT1_MASK`), value: layout.default1Mask, comment: 'default-1 bits (1 unless the TRUE capability MSR allows 0)' });
    }
    return { layout, consts };
  });
}

/** The prefix enum members get in flat naming. */
export function enumPrefix(e: ModelEnum): string {
  if (e.key === 'basic-exit-reason') return 'EXIT_REASON_';
  if (e.key === 'vm-instruction-error') return 'VMXERR_';
  return upperSnake(e.key) + '_';
}

/** Every enum of the model, in file order: exit reasons, errors, then the others (with the bits). */
export function modelEnums(m: Model): ModelEnum[] {
  return [...(m.exitReasons ? [m.exitReasons] : []), ...(m.errors ? [m.errors] : []), ...m.enums];
}

/** The SDM reference of a layout or enum as a short phrase. */
export function sdmRef(sdm: string): string {
  return sdm ? `SDM ${sdm}` : 'SDM';
}

/** One line of text, safe inside any comment or string literal the targets write. */
export function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}
