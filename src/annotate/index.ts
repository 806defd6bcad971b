/**
 * annotate: read VMCS dumps (text logs, JSON, binary regions) and turn them into dumps of named fields.
 *
 * The Annotator is a streaming state machine: feed it chunks as they arrive, and it hands
 * back each dump as soon as the dump is complete, so memory stays flat however long the log.
 * `annotate()` is the same over a whole string or buffer.
 *
 * Two halves: ./framing.ts decides what the input is (text, JSON, a binary region, a hex dump
 * of one), decodes bytes to text and cuts it into lines; ./assemble.ts reads each line with
 * the dialects (../dialects/), or the regions (../regions/) and JSON documents, and assembles
 * the dumps: where one starts and ends, the fields' values, their diagnostics.
 */
import { DumpAssembler } from './assemble.js';
import { Framer } from './framing.js';
import type { AnnotateOptions, AnnotateResult, AnnotateSummary, Dump } from './types.js';
import type { Diagnostic } from '../diagnostics.js';

export type { AnnotateOptions, AnnotateResult, AnnotateSummary, Dump, DumpField, DumpFormat, DumpNote, FormatOption } from './types.js';
export { MAX_DIAGNOSTICS } from './assemble.js';
export { MAX_LINE, MAX_BINARY, MAX_JSON } from './framing.js';

/** The streaming form of `annotate()`: `write(chunk)` text or bytes as they come, `end()` at the end; each returns the dumps it completed. `summary` and `diagnostics` grow as it reads. */
export class Annotator {
  readonly source: string | undefined;
  readonly diagnostics: Diagnostic[];
  readonly summary: AnnotateSummary;
  private readonly framer: Framer;

  constructor(options: AnnotateOptions = {}) {
    const dumps = new DumpAssembler(options);
    this.framer = new Framer(options.format ?? 'auto', dumps);
    this.source = options.source;
    this.diagnostics = dumps.diagnostics;
    this.summary = dumps.summary;
  }

  /** Feed a chunk of input; returns the dumps it completed. */
  write(chunk: string | Uint8Array): Dump[] {
    return this.framer.write(chunk);
  }

  /** End of input: returns the dumps still open. */
  end(): Dump[] {
    return this.framer.end();
  }
}

/** Annotate a whole input at once. */
export function annotate(input: string | Uint8Array, options: AnnotateOptions = {}): AnnotateResult {
  const a = new Annotator(options);
  const dumps = [...a.write(input), ...a.end()];
  return { dumps, diagnostics: a.diagnostics, summary: a.summary };
}
