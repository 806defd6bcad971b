/**
 * generate(target, options): the field table as a C header, a Rust module, Go, Python, Zig
 * and TypeScript sources, IDA, Ghidra and Binary Ninja scripts or a WinDbg JavaScript array.
 * Pure and browser-safe: the caller passes fields.json (options.table); the result is the
 * text, diagnostics ({code, args}) and the identifiers declared per scope.
 */
import { buildModel, nameSets } from './model.js';
import { emitC } from './c.js';
import { emitRust } from './rust.js';
import { emitGo } from './go.js';
import { emitPython } from './python.js';
import { emitZig } from './zig.js';
import { emitTypescript } from './typescript.js';
import { emitRe } from './re.js';
import { emitWindbg } from './windbg.js';
import type { Namer } from './naming.js';
import { PARTS, TARGETS, type GenerateDiagnostic, type GenerateOptions, type GenerateResult, type Part, type Target } from './types.js';
import { editDistance as distance } from '../table/distance.js';

export { TARGETS, PARTS, nameSets };
export type { GenerateOptions, GenerateResult, GenerateDiagnostic, Part, Target };
export type { GenTable, GenerateDiagnosticCode } from './types.js';

export function isTarget(s: string): s is Target {
  return (TARGETS as readonly string[]).includes(s);
}

export function isPart(s: string): s is Part {
  return (PARTS as readonly string[]).includes(s);
}

/** The choices closest to what was typed (prefixes and near misses), best first. */
export function suggest(input: string, choices: readonly string[], limit = 3): string[] {
  const t = input.toLowerCase();
  return choices
    .map((c) => ({ c, d: c.startsWith(t) || (t.length >= 2 && c.includes(t)) ? 0 : distance(t, c) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(x.c.length / 3)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((x) => x.c);
}

/**
 * Generate one target. Throws RangeError for an unknown target or name set (the CLI checks
 * both first, to give a usage error with suggestions).
 */
export function generate(target: Target, options: GenerateOptions): GenerateResult {
  if (!isTarget(target)) throw new RangeError(`unknown target ${String(target)}`);
  const names = options.names ?? 'vmcs';
  if (!nameSets(options.table).includes(names)) throw new RangeError(`unknown name set ${names}`);
  const diagnostics: GenerateDiagnostic[] = [];
  const model = buildModel(options.table, names, options.only, options.version ?? 'unknown', diagnostics);
  let out: { text: string; namer: Namer };
  switch (target) {
    case 'c':
      out = emitC(model, diagnostics);
      break;
    case 'rust':
      out = emitRust(model, diagnostics);
      break;
    case 'go':
      out = emitGo(model, diagnostics);
      break;
    case 'python':
      out = emitPython(model, diagnostics);
      break;
    case 'zig':
      out = emitZig(model, diagnostics);
      break;
    case 'typescript':
      out = emitTypescript(model, diagnostics);
      break;
    case 'ida':
    case 'ghidra':
    case 'binja':
      out = emitRe(target, model, diagnostics);
      break;
    case 'windbg':
      out = emitWindbg(model, diagnostics, options.names !== undefined);
      break;
  }
  return { target, text: out.text, diagnostics, identifiers: out.namer.identifiers() };
}
