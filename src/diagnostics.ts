/**
 * Diagnostics are data: a stable code, a severity and the arguments that explain it.
 * The English text is made only by the renderers (src/render/messages.ts), and the
 * tests assert codes, not prose.
 */
export type Severity = 'error' | 'warning';

/** The stable codes of `Diagnostic` (README, JSON output): `unknown-field`, `value-too-wide`, `reserved-bit-set`... */
export type DiagnosticCode =
  // encode / decode / resolution
  | 'unknown-name'
  | 'not-hex'
  | 'encoding-too-large'
  | 'reserved-bits'
  | 'high-access-not-64bit'
  // annotate
  | 'unknown-field'
  | 'unknown-encoding'
  | 'value-too-wide'
  | 'invalid-value'
  | 'conflicting-values'
  | 'line-too-long'
  | 'binary-input'
  | 'invalid-json'
  | 'invalid-json-entry'
  | 'no-fields'
  | 'too-many-diagnostics'
  | 'ambiguous-section'
  | 'svm-host'
  | 'ambiguous-line'
  | 'ambiguous-number'
  | 'unplaced-line'
  | 'interleaved-lines'
  | 'withheld-value'
  | 'pasted-link'
  | 'quoted-printable'
  // bit-level decoding
  | 'reserved-bit-set'
  | 'unknown-bit-set'
  | 'unknown-value'
  // explain
  | 'unknown-exit-reason'
  | 'needs-exit-reason'
  | 'needs-vector'
  | 'no-layout'
  // binary regions
  | 'unknown-revision'
  | 'truncated-region'
  | 'bad-profile'
  | 'not-a-region'
  | 'bad-hex-line'
  | 'read-as-text';

export type DiagnosticArgs = Record<string, string | number | readonly string[]>;

/** A problem found in an input, as data: a stable `code`, its severity, the `args` of its message (`formatMessage` gives the English) and the line it is on. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  args: DiagnosticArgs;
  /** 1-based line of the input the diagnostic is about, when it is about one line. */
  line?: number;
}

/** Severity is a property of the code, so every producer agrees on it. */
const WARNINGS: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([
  'unknown-encoding',
  'conflicting-values',
  'too-many-diagnostics',
  'ambiguous-section',
  'svm-host',
  'ambiguous-line',
  'ambiguous-number',
  'unplaced-line',
  'withheld-value',
  'pasted-link',
  'quoted-printable',
  'reserved-bit-set',
  'unknown-bit-set',
  'unknown-value',
  'read-as-text',
]);

export function diagnostic(code: DiagnosticCode, args: DiagnosticArgs = {}, line?: number): Diagnostic {
  // Arguments are kept (up to 1,000 diagnostics per dump): copied, so that none pins the input
  // chunk it was cut from (V8 keeps substrings as views of their parent).
  for (const k of Object.keys(args)) {
    const v = args[k];
    if (typeof v === 'string' && v.length >= 13) args[k] = (' ' + v).slice(1);
  }
  const d: Diagnostic = { code, severity: WARNINGS.has(code) ? 'warning' : 'error', args };
  if (line !== undefined) d.line = line;
  return d;
}
