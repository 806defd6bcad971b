/**
 * vmcs: Intel VT-x VMCS field encodings, names and dumps.
 *
 *   import { encode, decode, list, annotate, fields } from 'vmcs';
 */
export { encode, decode, list, resolveField, fieldInfo } from './table/fields.js';
export type { EncodeResult, DecodeResult, FieldInfo, ListEntry, ListOptions } from './table/fields.js';
export { annotate, Annotator } from './annotate/index.js';
export { dumpOverview } from './annotate/overview.js';
export type { DumpOverview, GuestMode as OperatingMode, GuestModeInfo, GuestPaging } from './annotate/overview.js';
export { explain } from './bits/explain.js';
export type { ExplainOptions, ExplainResult } from './bits/explain.js';
export { explainWith, layoutFor, layouts, enums, formatDecoded, parseExitReason, exitReasonName } from './bits/layouts.js';
export type { Layout, LayoutBit, EnumTable, EnumValue, DecodedBits, Explanation } from './bits/layouts.js';
export type { AnnotateOptions, AnnotateResult, AnnotateSummary, Dump, DumpField, DumpFormat, FormatOption } from './annotate/index.js';
export { fields, fieldsFile, fieldByEncoding, lookupName, suggestNames, allEncodings } from './table/table.js';
export type { Field, FieldEntry, FieldsFile } from './table/table.js';
export {
  encodingParts,
  encodingProblem,
  makeEncoding,
  formatEncoding,
  parseEncoding,
  widthBits,
  RESERVED_MASK,
} from './table/encoding.js';
export type { Access, FieldType, Width, EncodingParts, EncodingProblem } from './table/encoding.js';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics.js';
export { formatMessage } from './render/messages.js';
export { checkFields, checkDump, recordedFailure } from './check/check.js';
export { parseMemory, type Memory } from './check/memory.js';
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
export { Scanner, scanBytes, groupVms, PAGE } from './scan/scanner.js';
export type { ScanOptions, ScanResult, ScanCounts, Candidate, CandidateStatus, KeyFields, RegionFormat, VmGroup } from './scan/scanner.js';
export { runChecks, scoreOf, CHECK_SDM } from './scan/checks.js';
export type { CheckId, CheckResult, CheckStatus } from './scan/checks.js';
export { detectKind, parseElf, parseLimeHeader, physToFile } from './scan/container.js';
export type { ContainerKind, Segment, ScanDiagnostic, ScanDiagnosticCode } from './scan/container.js';
export { validateRegions } from './scan/validate.js';
export type { Validation, ValidationStatus, ReadAt } from './scan/validate.js';
export { convertLayout, resolveLayoutName } from './scan/convert.js';
export type { ConvertResult, ConvertedProfile, ConvertedEntry, LayoutSourceFormat } from './scan/convert.js';
export { parseProfile } from './regions/hardware.js';
export { readRegion, readRegions } from './regions/read.js';
export type { LayoutProfile, RegionResult, RegionField } from './regions/types.js';
export { generate, TARGETS as GENERATE_TARGETS, PARTS as GENERATE_PARTS, nameSets } from './generate/index.js';
export type { GenerateOptions, GenerateResult, GenerateDiagnostic, GenTable, Target as GenerateTarget, Part as GeneratePart } from './generate/index.js';
export { annotateToJSON, dumpToJSON, checkToJSON, explainToJSON, encodeToJSON, decodeToJSON } from './render/tojson.js';
export type { DumpNote } from './dialects/types.js';
export type { Profile } from './caps/profiles.js';
export { suggestProfiles } from './caps/profiles.js';
export { buildTemplate, proveTemplate, templateValues, MODES, PLACEHOLDERS } from './template/template.js';
export type { GuestMode, TemplateOptions, TemplateResult, TemplateField, TemplateDiagnostic, TemplateProof } from './template/template.js';
export { repairState } from './check/repair.js';
export type { RepairResult } from './check/repair.js';
export type { Fix } from './check/types.js';
export { diffDumps, diffBits, VOLATILE_FIELDS } from './diff/diff.js';
export type { DiffResult, DiffOptions, FieldDiff, RuleDiff, BitDiff as FieldBitDiff } from './diff/diff.js';
