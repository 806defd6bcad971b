/**
 * `vmcs encode NAME...` without options, the call scripts make in loops, over the build's name
 * index alone: no table, no commander, no stream but standard output. bin/vmcs.js runs it from a
 * bundle of its own (dist/cli/fast.js, scripts/bundle-cli.mjs) and takes the full way when it
 * returns null; `encodeCommand` (./commands/encode.ts) starts with it too.
 */
import { lookupEncoding } from '../table/lookup.js';
import { formatEncoding } from '../table/encoding.js';

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
