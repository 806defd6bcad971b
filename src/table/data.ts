/**
 * The one place fields.json enters the code. The build (scripts/embed-fields.mjs) turns
 * fields.json into the module ./fields-data.js, which Node and any bundler load alike: no
 * file system, no JSON import attributes.
 */
import data from './fields-data.js';
import type { FieldsFile } from './table.js';

/** The raw table, as fields.json holds it. */
export const fieldsFile = data as FieldsFile;
