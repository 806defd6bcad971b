/**
 * The library's results as the CLI's JSON documents (README "JSON output", schemas/): plain data
 * with hex strings for values, so `JSON.stringify(annotateToJSON(annotate(text)))` works (the
 * results themselves hold bigint values, which JSON.stringify refuses).
 */
import type { AnnotateResult, Dump } from '../annotate/index.js';
import type { Caps } from '../caps/types.js';
import type { CheckReport } from '../check/check.js';
import type { ExplainResult } from '../bits/explain.js';
import type { DecodeResult, EncodeResult } from '../table/fields.js';
import { jsonDecode, jsonDiagnostic, jsonDumpText, jsonEncode, jsonExplain } from './json.js';
import { jsonCheck } from './check.js';

/** `annotate()`'s result as `vmcs annotate --json` prints it (schema `vmcs/annotate/v1`). */
export function annotateToJSON(result: AnnotateResult, source?: string): Record<string, unknown> {
  return {
    schema: 'vmcs/annotate/v1',
    dumps: result.dumps.map((d) => JSON.parse(jsonDumpText(d)) as unknown),
    diagnostics: result.diagnostics.map((d) => jsonDiagnostic(d, source)),
    summary: result.summary,
  };
}

/** One dump as a line of `vmcs annotate --ndjson` (schema `vmcs/annotate-record/v1`). */
export function dumpToJSON(dump: Dump): Record<string, unknown> {
  return { schema: 'vmcs/annotate-record/v1', type: 'dump', ...(JSON.parse(jsonDumpText(dump)) as Record<string, unknown>) };
}

/**
 * `checkDump()`'s reports (with their dumps) as `vmcs check --json` prints them (schema
 * `vmcs/check/v1`). `read`: the summary of the annotate result the dumps come from, whose
 * unknown-token counts the check summary gives (0 without it).
 */
export function checkToJSON(checked: Array<{ dump: Dump; report: CheckReport }>, caps?: Caps, read?: Pick<AnnotateResult['summary'], 'unknownReported' | 'unknownSkipped'>): Record<string, unknown> {
  const summary = { dumps: checked.length, pass: 0, fail: 0, notEvaluated: 0, unknownReported: read?.unknownReported ?? 0, unknownSkipped: read?.unknownSkipped ?? 0 };
  for (const { report } of checked) {
    summary.pass += report.counts.pass;
    summary.fail += report.counts.fail;
    summary.notEvaluated += report.counts.notEvaluated;
  }
  return {
    schema: 'vmcs/check/v1',
    dumps: checked.map(({ dump, report }, i) => jsonCheck({ dump, report, index: i + 1 })),
    caps: caps ? { source: caps.source, ...(caps.cpu ? { cpu: caps.cpu } : {}) } : null,
    diagnostics: [],
    summary,
  };
}

/** `explain()`'s result as `vmcs explain --json` prints it (schema `vmcs/explain/v1`). */
export function explainToJSON(result: ExplainResult, input: { field: string; value: string }): Record<string, unknown> {
  return { schema: 'vmcs/explain/v1', ...jsonExplain(result, input) };
}

/** `encode()`'s results as `vmcs encode --json` prints them (schema `vmcs/encode/v1`). */
export function encodeToJSON(results: EncodeResult[]): Record<string, unknown>[] {
  return results.map((r) => ({ schema: 'vmcs/encode/v1', ...jsonEncode(r) }));
}

/** `decode()`'s results as `vmcs decode --json` prints them (schema `vmcs/decode/v1`). */
export function decodeToJSON(results: DecodeResult[]): Record<string, unknown>[] {
  return results.map((r) => ({ schema: 'vmcs/decode/v1', ...jsonDecode(r) }));
}
