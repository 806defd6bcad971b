// Type of dist/table/title-words-data.js, which scripts/embed-fields.mjs generates from fields.json
// at build time (the most words of any title). Only ./table.ts imports it.
declare const words: number;
export default words;
