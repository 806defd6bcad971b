/**
 * The structure of a VMCS field encoding (Intel SDM Vol. 3C §26.11.2 of the October 2025 edition, §25.11.2 in 2022-2024 editions,
 * and the introduction to Appendix B). Everything here is derived from the 32 bits
 * themselves; nothing is looked up in the field table.
 *
 *   bit 0      access type: 0 full, 1 high (64-bit fields only)
 *   bits 9:1   index
 *   bits 11:10 type: 0 control, 1 VM-exit information, 2 guest state, 3 host state
 *   bit 12     reserved, must be 0
 *   bits 14:13 width: 0 16-bit, 1 64-bit, 2 32-bit, 3 natural width
 *   bits 31:15 reserved, must be 0
 */

export type Width = '16' | '64' | '32' | 'natural';
/** A field's type, bits 11:10 of its encoding: control, VM-exit information, guest state or host state. */
export type FieldType = 'control' | 'exit-info' | 'guest' | 'host';
/** Full or high access: the high half of a 64-bit field has its own encoding, bit 0 set. */
export type Access = 'full' | 'high';

export const WIDTHS: readonly Width[] = ['16', '64', '32', 'natural'];
export const TYPES: readonly FieldType[] = ['control', 'exit-info', 'guest', 'host'];

/** Bits that must be zero in every encoding: 31:15 and 12. */
export const RESERVED_MASK = 0xffff9000;

/** The parts of an encoding (SDM §26.11.2): width (bits 14:13), type (11:10), index (9:1), access (0). */
export interface EncodingParts {
  width: Width;
  type: FieldType;
  index: number;
  access: Access;
}

/** Width, type, index and access of an encoding, read from its bits (SDM §26.11.2). */
export function encodingParts(encoding: number): EncodingParts {
  return {
    width: WIDTHS[(encoding >>> 13) & 3]!,
    type: TYPES[(encoding >>> 10) & 3]!,
    index: (encoding >>> 1) & 0x1ff,
    access: encoding & 1 ? 'high' : 'full',
  };
}

/** The encoding with the given width, type, index and access (SDM §26.11.2). */
export function makeEncoding(width: Width, type: FieldType, index: number, access: Access = 'full'): number {
  return (WIDTHS.indexOf(width) << 13) | (TYPES.indexOf(type) << 10) | ((index & 0x1ff) << 1) | (access === 'high' ? 1 : 0);
}

/** Why an encoding is malformed, or null when its reserved bits are clear and its access type is allowed. */
export type EncodingProblem =
  | { code: 'encoding-too-large' }
  | { code: 'reserved-bits'; bits: string }
  | { code: 'high-access-not-64bit'; width: Width };

/** Why a number is no valid encoding (reserved bits set, too large, a high half of a field that is not 64-bit), or null when it is one. */
export function encodingProblem(encoding: number): EncodingProblem | null {
  if (!Number.isInteger(encoding) || encoding < 0 || encoding > 0xffffffff) return { code: 'encoding-too-large' };
  const reserved = (encoding & RESERVED_MASK) >>> 0;
  if (reserved !== 0) {
    const parts: string[] = [];
    if (reserved & 0x1000) parts.push('12');
    if (reserved & 0xffff8000) parts.push('31:15');
    return { code: 'reserved-bits', bits: parts.join(' and ') };
  }
  const width = WIDTHS[(encoding >>> 13) & 3]!;
  if (encoding & 1 && width !== '64') return { code: 'high-access-not-64bit', width };
  return null;
}

/** Number of value bits a field of this width holds (natural width is 64 on Intel 64). */
export function widthBits(width: Width, access: Access = 'full'): number {
  if (access === 'high') return 32;
  return width === '16' ? 16 : width === '32' ? 32 : 64;
}

/**
 * Hex digits of a field's value printed in full, from its encoding (SDM §26.11.2: width in bits
 * 14:13): 4, 16, 8 or 16; 8 for the high half of a 64-bit field. What a value cut by a hard wrap
 * must add up to before its parts are joined (the pairs reader and the assembler).
 */
export function valueDigits(encoding: number): number {
  return encoding & 1 ? 8 : [4, 16, 8, 16][(encoding >>> 13) & 3]!;
}

/** An encoding as the CLI and the JSON print it: `0x` and eight hex digits (`0x00006800`). */
export function formatEncoding(encoding: number): string {
  return '0x' + (encoding >>> 0).toString(16).padStart(8, '0');
}

/** A value as the hex string the JSON output and the human output both use, zero-padded to `bits`. */
export function formatValue(value: bigint, bits: number): string {
  return '0x' + value.toString(16).padStart(bits / 4, '0');
}

const HEX_RE = /^(?:0x([0-9a-f]+)|([0-9a-f]+)h?)$/i;

/**
 * Parse an encoding as people write it: `0x00006800`, `0x6800`, `6800`, or SDM style `00006800H`.
 * Returns null when the text is not hexadecimal; values that do not fit 32 bits come back as
 * Infinity so that the caller can report them as too large rather than as not hex.
 */
export function parseEncoding(text: string): number | null {
  const m = HEX_RE.exec(text.trim());
  if (!m) return null;
  const digits = (m[1] ?? m[2]!).replace(/^0+(?=.)/, '');
  if (digits.length > 8) return Infinity;
  return parseInt(digits, 16);
}

/**
 * Values by encoding for the encodings below 0x8000 (every field the SDM names), read by index
 * with no hash: pages of 256 slots, each made on first use. A dump's encodings fall in a few
 * pages; one array of 32,768 slots made and filled at the first field was ~1 M instructions of
 * a one-dump run of `vmcs annotate` (ARCHITECTURE.md, "Start-up").
 */
export class EncodingPages<T> {
  /** The first encoding no page holds. */
  static readonly LIMIT = 0x8000;
  private readonly pages: Array<Array<T | null> | null> = new Array<Array<T | null> | null>(EncodingPages.LIMIT >> 8).fill(null);

  /** The value of an encoding below LIMIT (a whole number), null when none was set. */
  get(encoding: number): T | null {
    const page = this.pages[encoding >> 8]!;
    return page === null ? null : page[encoding & 255]!;
  }

  /** Sets the value of an encoding below LIMIT (a whole number). */
  set(encoding: number, value: T): void {
    (this.pages[encoding >> 8] ??= new Array<T | null>(256).fill(null))[encoding & 255] = value;
  }
}
