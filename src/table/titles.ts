/**
 * The name and SDM title of each encoding the table assigns (high halves included), from the
 * index the build made (dist/table/titles-data.js): plain `vmcs decode` parses no table. It
 * holds what `fieldByEncoding` gives, computed from it (test/cli-lazy.test.js compares).
 */
import index from './titles-data.js';

const titles = index as Record<string, [name: string, title: string]>;

/** [name, title] of the field with this encoding, undefined when the table has none. */
export function fieldTitle(encoding: number): readonly [string, string] | undefined {
  return Object.prototype.hasOwnProperty.call(titles, encoding) ? titles[encoding] : undefined;
}
