/**
 * `vmcs generate`: the field table as source code for other languages and tools.
 * Types shared by the model builder (./model.ts) and the emitters (one file per target).
 */

/** The languages and tools `generate` writes for. */
export const TARGETS = ['c', 'rust', 'go', 'python', 'zig', 'typescript', 'ida', 'ghidra', 'binja', 'windbg'] as const;
/** A language or tool `generate()` writes for (`GENERATE_TARGETS`). */
export type Target = (typeof TARGETS)[number];

/** The parts of the table a file can hold. */
export const PARTS = ['fields', 'bits', 'exit-reasons', 'errors'] as const;
/** A part of what `generate()` writes (`GENERATE_PARTS`): fields, bits, exit reasons, errors. */
export type Part = (typeof PARTS)[number];

/** The parts of fields.json `generate` reads (the parsed file itself can be passed). */
export interface GenTable {
  sdm: Record<string, string>;
  fields: Array<{
    name: string;
    title: string;
    encoding: string;
    sdm: string;
    status?: string;
    aliases: string[];
    high?: { encoding: string; title: string; aliases: string[] };
  }>;
  projectNames?: { projects: Record<string, string[]> };
  aliasSources?: Record<string, string>;
  layouts?: Record<string, { title: string; sdm?: string; bits: GenLayoutBit[] }>;
  enums?: Record<string, { title: string; sdm?: string; values: Record<string, { name: string; id?: string; note?: string }> }>;
}

export interface GenLayoutBit {
  bits: string;
  name: string;
  id?: string;
  sdm?: string;
  default1?: boolean;
  reserved?: boolean;
  ignored?: boolean;
  when?: { bits: string; value: number } | Array<{ bits: string; value: number }>;
}

/** Options of `generate()`: the parsed fields.json, whose identifiers, which parts. */
export interface GenerateOptions {
  /** fields.json, parsed (the library reads no file: the caller passes the table). */
  table: GenTable;
  /**
   * Whose identifiers the fields get: 'vmcs' (the canonical names of fields.json, Linux's
   * where Linux has the field), 'sdm' (made from the SDM titles), or a project of
   * fields.json's projectNames (linux, xen, bochs, ia32-doc, rust-x86, virtualbox, ...).
   */
  names?: string;
  /** Only these parts (default: all of them). */
  only?: readonly Part[];
  /** The vmcs version written in the header (the table has no version of its own). */
  version?: string;
}

export type GenerateDiagnosticCode =
  /** Fields the chosen project does not name: they keep the canonical name (args.fields). */
  | 'fallback-names'
  /** An identifier changed to be valid and unique in the target language (args.from, to, reason, scope). */
  | 'renamed-identifier'
  /** Layouts of in-memory structures wider than 64 bits (MSR-area entry, posted-interrupt descriptor...), left out: no 64-bit mask holds them (args.layouts). */
  | 'wide-layouts-left-out';

/** A note of `generate()`: names that fell back to the canonical ones, identifiers renamed for the language. */
export interface GenerateDiagnostic {
  code: GenerateDiagnosticCode;
  severity: 'info' | 'warning';
  args: Record<string, string | number | readonly string[]>;
}

/** The result of `generate()`: the source text, its notes, and the identifiers declared per scope. */
export interface GenerateResult {
  target: Target;
  text: string;
  diagnostics: GenerateDiagnostic[];
  /** Every identifier the file declares, by scope (enum, module, class...): what the tests check for duplicates. */
  identifiers: Record<string, string[]>;
}
