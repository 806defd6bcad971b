/**
 * Names to encodings over the index the build made (./names.ts): no table is parsed, which is
 * what `vmcs encode NAME` needs to start fast. ./table.ts resolves names through it too.
 */
import index from './names-data.js';
import { resolveName, resolveNormalized, type NameIndex } from './names.js';

/** The index, parsed on its first use: a dump whose lines name their fields by labels (KVM's, Xen's) never looks a name up. */
export const nameIndex = (): NameIndex => index() as NameIndex;

/** The encoding a name, alias or SDM title resolves to (see resolveName). */
export function lookupEncoding(text: string): number | undefined {
  return resolveName(nameIndex(), text);
}

/** lookupEncoding of a key already normalised (names.ts normalizeName). */
export function lookupEncodingNormalized(key: string): number | undefined {
  return resolveNormalized(nameIndex(), key);
}

/** The first three characters of every key of the index (and of its keys with an access suffix, high/full/hi). */
let keyStarts: Set<string> | null = null;

/**
 * Whether some name could have a key starting with these characters (the first three of a key
 * already normalised, or all of a shorter one): a cheap test that rules out most phrases of a
 * log's other text before their whole key is looked up (pairs.ts titles).
 */
export function mayStartKey(start: string): boolean {
  if (keyStarts === null) {
    keyStarts = new Set();
    for (const k of Object.keys(nameIndex())) {
      keyStarts.add(k.slice(0, 3));
      if (k.length < 3) for (const suffix of ['high', 'full', 'hi']) keyStarts.add((k + suffix).slice(0, 3));
    }
  }
  return keyStarts.has(start);
}
