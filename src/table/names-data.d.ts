// Type of dist/table/names-data.js, which scripts/embed-fields.mjs generates from fields.json at
// build time (normalized name -> encoding). Only ./lookup.ts imports it.
declare const index: unknown;
export default index;
