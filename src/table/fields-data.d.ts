// Type of dist/table/fields-data.js, which scripts/embed-fields.mjs generates from fields.json at
// build time (and scripts/bundle-cli.mjs replaces in the CLI bundles). Only ./data.ts imports it.
declare const data: unknown;
export default data;
/** Per entry of `fields`, in table order: its encoding at 2i, its high half's at 2i + 1 (0: none). */
export const encodings: readonly number[];
/**
 * What decoding needs of entry i: `name`, `title`, `high.title`, `layout`, `layoutMask` (the
 * entry itself in the library; in the CLI bundles, a part of the table without the aliases,
 * notes and SDM references).
 */
export function core(i: number): unknown;
/** Entry i of `fields`, whole (the same object `fields[i]` gives). */
export function entry(i: number): unknown;
