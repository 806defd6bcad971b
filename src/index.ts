/**
 * vmcs: Intel VT-x VMCS field encodings, names and dumps.
 *
 *   import { encode, decode, list, annotate, fields } from 'vmcs';
 */
export { encode, decode, list, resolveField, fieldInfo } from './fields.js';
export type { EncodeResult, DecodeResult, FieldInfo, ListEntry, ListOptions } from './fields.js';
export { annotate, Annotator } from './annotate.js';
export { explain } from './explain.js';
export type { ExplainOptions, ExplainResult } from './explain.js';
export { explainWith, layoutFor, layouts, enums, formatDecoded, parseExitReason, exitReasonName } from './layouts.js';
export type { Layout, LayoutBit, EnumTable, EnumValue, DecodedBits, Explanation } from './layouts.js';
export type { AnnotateOptions, AnnotateResult, AnnotateSummary, Dump, DumpField, DumpFormat, FormatOption } from './annotate.js';
export { fields, fieldsFile, fieldByEncoding, lookupName, suggestNames, allEncodings } from './table.js';
export type { Field, FieldEntry, FieldsFile } from './table.js';
export {
  encodingParts,
  encodingProblem,
  makeEncoding,
  formatEncoding,
  parseEncoding,
  widthBits,
  RESERVED_MASK,
} from './encoding.js';
export type { Access, FieldType, Width, EncodingParts, EncodingProblem } from './encoding.js';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics.js';
export { formatMessage } from './render/messages.js';
