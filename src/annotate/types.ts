/**
 * What annotate produces: dumps of named fields, with their diagnostics, and a summary.
 */
import type { Access, FieldType, Width } from '../table/encoding.js';
import type { Diagnostic } from '../diagnostics.js';
import type { DecodedBits } from '../bits/layouts.js';
import type { LayoutProfile } from '../regions/types.js';
import type { DumpFormat, DumpNote } from '../dialects/types.js';

export type { DumpFormat, DumpNote } from '../dialects/types.js';
/** The format `annotate()` is told to read: `auto` (sniffed per line and input) or one `DumpFormat`. */
export type FormatOption = 'auto' | DumpFormat;

/** One field of a dump: the encoding (a number), its name, title, width, type and access, the value (a bigint), where it was read, and its decoded bits. */
export interface DumpField {
  encoding: number;
  /** null for a well-formed encoding that no field of the table uses */
  name: string | null;
  title: string | null;
  width: Width;
  type: FieldType;
  access: Access;
  value: bigint;
  /** 1-based input line the value came from (absent for JSON input and binary regions) */
  line?: number;
  /** byte offset in a binary region */
  offset?: number;
  /** Codes of the diagnostics about this field (value-too-wide, conflicting-values, unknown-encoding, reserved-bit-set) */
  flags: Diagnostic['code'][];
  /** The layout that decoded the value, when the field has one (and bits were asked for) */
  layout?: string;
  /** The value bit by bit: set bits and every range */
  bits?: DecodedBits[];
}

/** One VMCS dump found in the input: its format, where it is (source, lines), its fields in table order, its diagnostics and the notes of values that are not VMCS fields. */
export interface Dump {
  format: DumpFormat;
  /** File name, or "-" for standard input, when the caller gave one */
  source?: string;
  firstLine?: number;
  lastLine?: number;
  /** Grouped by type (control, exit-info, guest, host), then ordered by encoding */
  fields: DumpField[];
  diagnostics: Diagnostic[];
  /** Values the dump prints that are not VMCS fields (KVM's effective EFER, the VMCS address...) */
  notes?: DumpNote[];
  /** What a binary region was read as ("vmcs12 revision 0x11e57ed0 (KVM, with CET fields)") */
  description?: string;
}

/** Counts over an input: lines read and skipped, dumps, fields, errors and warnings. */
export interface AnnotateSummary {
  lines: number;
  /** Lines that carried no field and were skipped */
  skipped: number;
  dumps: number;
  fields: number;
  errors: number;
  warnings: number;
  /** `NAME=value` tokens with a name no reader knows on lines of dumps: each reported (`unknown-field`) */
  unknownReported: number;
  /** `NAME=value` tokens on lines no reader takes (outside dumps, or other text between a dump's lines): counted, not reported */
  unknownSkipped: number;
}

/** The result of `annotate()`: the dumps found, the diagnostics that belong to none, and the counts. */
export interface AnnotateResult {
  dumps: Dump[];
  /** Diagnostics that belong to no dump (a garbled line between dumps, no fields at all, ...) */
  diagnostics: Diagnostic[];
  summary: AnnotateSummary;
}

/** Options of `annotate()` and `Annotator`: the source name, the format (or `auto`), whether to decode bits, a layout profile for hardware pages. */
export interface AnnotateOptions {
  source?: string;
  format?: FormatOption;
  /** Decode each value bit by bit (default true); false keeps one line per field. */
  bits?: boolean;
  /** Layout profile for hardware VMCS pages (`--layout FILE.json`) */
  profile?: LayoutProfile;
}
