// Type of dist/table/names-data.js, which scripts/embed-fields.mjs generates from fields.json at
// build time (normalized name -> encoding), parsed on the first call. Only ./lookup.ts imports it.
declare function index(): unknown;
export default index;
