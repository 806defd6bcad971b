// Type of dist/table/fields-data.js, which scripts/embed-fields.mjs generates from fields.json at
// build time. Only ./data.ts imports it.
declare const data: unknown;
export default data;
