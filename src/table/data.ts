/**
 * The one place fields.json enters the code. The build (scripts/embed-fields.mjs) turns
 * fields.json into the module ./fields-data.js, which Node and any bundler load alike: no
 * file system, no JSON import attributes. Besides the table, it gives the encodings of its
 * entries (made by the build) and each entry by number, so that ./table.ts makes a field on its
 * first lookup; the CLI bundles (scripts/bundle-cli.mjs) keep each entry apart and what
 * decoding reads of all of them (`core`) in one small part, parsed on first use.
 */
import data, { core as coreData, encodings as encodingList, entry as entryData } from './fields-data.js';
import type { FieldEntry, FieldsFile } from './table.js';

/** The raw table, as fields.json holds it. */
export const fieldsFile = data as FieldsFile;

/** What decoding reads of an entry: its names, titles and layout (a subset of FieldEntry). */
export interface FieldCore {
  name: string;
  title: string;
  high?: { title: string };
  layout?: unknown;
  layoutMask?: boolean;
}

/** Per entry, in table order: its encoding at 2i, its high half's at 2i + 1 (0: none). */
export const encodings: readonly number[] = encodingList;
/** What decoding reads of entry i. */
export const core = coreData as (i: number) => FieldCore;
/** Entry i, whole. */
export const entry = entryData as (i: number) => FieldEntry;
