/**
 * `vmcs encode NAME...` and `vmcs decode ENC...` without options, the calls scripts make in
 * loops, over the build's indexes alone (names, and the name and title of each encoding): no
 * table, no commander, no stream but standard output. bin/vmcs.js runs them from a bundle of their
 * own (dist/cli/bundle/fast.js, scripts/bundle-cli.mjs) and takes the full way when they return
 * null; `encodeCommand` (./commands/encode.ts) starts with plainEncode too.
 */
import { lookupEncoding } from '../table/lookup.js';
import { fieldTitle } from '../table/titles.js';
import { encodingParts, encodingProblem, formatEncoding, parseEncoding } from '../table/encoding.js';
import { renderDecode } from '../render/decode.js';
import { colorLevel, plain } from '../render/style.js';
import type { DecodeResult } from '../table/fields.js';

export { writeFailure } from './failure.js';

/** One line per name, or null when a name is not in the index (the full way reports it, with suggestions). */
export function plainEncode(names: readonly string[]): string | null {
  let text = '';
  for (const name of names) {
    const encoding = lookupEncoding(name);
    if (encoding === undefined) return null;
    text += formatEncoding(encoding) + '\n';
  }
  return text;
}

/**
 * `vmcs decode`'s output off a terminal and without colour (where it is neither wrapped nor
 * painted), or null: an input that is no valid encoding (its message), a terminal, colour.
 */
export function plainDecode(inputs: readonly string[], stdout: { isTTY?: boolean }, env: Record<string, string | undefined>): string | null {
  if (stdout.isTTY || colorLevel(stdout, env, false) !== 0) return null;
  const results: DecodeResult[] = [];
  for (const input of inputs) {
    const encoding = parseEncoding(input);
    if (encoding === null || encodingProblem(encoding)) return null;
    const t = fieldTitle(encoding);
    results.push({ input, ok: true, known: t !== undefined, name: t?.[0] ?? null, title: t?.[1] ?? null, encoding, ...encodingParts(encoding) });
  }
  return renderDecode(plain, results);
}
