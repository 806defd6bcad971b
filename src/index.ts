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
export { checkFields, checkDump, recordedFailure } from './check/check.js';
export type { CheckOptions, CheckReport, Explanation as CheckExplanation, RecordedFailure } from './check/check.js';
export type { Rule, RuleResult, Need, Status, FailureKind, FieldValue } from './check/types.js';
export { rules, ruleById } from './check/rules/index.js';
export { profiles, findProfile, profileCaps } from './caps/profiles.js';
export { MSR, msrName } from './caps/types.js';
export type { Caps, CpuFacts } from './caps/types.js';
export { parseCaps, loadProfile, msrIndexByName } from './caps/parse.js';
export type { ParseCapsResult, CapsDiagnostic, CapsDiagnosticCode, CapsDiagnosticSeverity, CapsFormatRead } from './caps/parse.js';
export { decodeCaps, diffCaps, msrImplemented, CLASS as CAPS_CLASS, CR_CLASS as CAPS_CR_CLASS, EPT_VPID_BITS } from './caps/decode.js';
export type {
  CapsReport,
  CapsDiff,
  CapsProblem,
  CapsProblemCode,
  BitClass,
  CrClass,
  MsrStatus,
  MsrEntry,
  AbsentInfo,
  BasicReport,
  MiscReport,
  ControlId,
  ControlReport,
  ControlBitReport,
  CrFixedReport,
  CrBitReport,
  VmcsEnumReport,
  EptVpidReport,
  EptBitReport,
  DiffKind,
  BitDiff,
  ControlDiff,
  CrDiff,
  ValueDiff,
} from './caps/decode.js';
export { jsonCaps, jsonCapsDiff, formatCapsDiagnostic } from './render/caps.js';
export type { CapsFormat } from './caps/types.js';
export { suggestProfiles } from './caps/profiles.js';
export { buildTemplate, proveTemplate, templateValues, MODES, PLACEHOLDERS } from './template/template.js';
export type { GuestMode, TemplateOptions, TemplateResult, TemplateField, TemplateDiagnostic, TemplateProof } from './template/template.js';
export { repairState } from './check/repair.js';
export type { RepairResult } from './check/repair.js';
export type { Fix } from './check/types.js';
export { diffDumps, diffBits, VOLATILE_FIELDS } from './diff/diff.js';
export type { DiffResult, DiffOptions, FieldDiff, RuleDiff, BitDiff as FieldBitDiff } from './diff/diff.js';
