/**
 * Names to encodings over the index the build made (./names.ts): no table is parsed, which is
 * what `vmcs encode NAME` needs to start fast. ./table.ts resolves names through it too.
 */
import index from './names-data.js';
import { resolveName, type NameIndex } from './names.js';

/** The index, parsed on its first use: a dump whose lines name their fields by labels (KVM's, Xen's) never looks a name up. */
export const nameIndex = (): NameIndex => index() as NameIndex;

/** The encoding a name, alias or SDM title resolves to (see resolveName). */
export function lookupEncoding(text: string): number | undefined {
  return resolveName(nameIndex(), text);
}
