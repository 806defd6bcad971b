/**
 * The one place where diagnostic codes become English. Library results carry only
 * {code, severity, args, line}; the human and JSON renderers both call formatMessage.
 */
import type { Diagnostic, DiagnosticArgs, DiagnosticCode } from '../diagnostics.js';

function didYouMean(s: unknown): string {
  const list = Array.isArray(s) ? (s as string[]) : [];
  if (list.length === 0) return '';
  if (list.length === 1) return `; did you mean ${list[0]}?`;
  return `; did you mean ${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}?`;
}

const MESSAGES: Record<DiagnosticCode, (a: DiagnosticArgs) => string> = {
  'unknown-name': (a) => `unknown field name '${a.input}'${didYouMean(a.suggestions)}`,
  'not-hex': (a) => `'${a.input}' is not a hexadecimal encoding`,
  'encoding-too-large': (a) => `invalid encoding '${a.input}': it does not fit in 32 bits`,
  'reserved-bits': (a) => `invalid encoding '${a.input}': reserved bit${String(a.bits).includes('and') || String(a.bits).includes(':') ? 's' : ''} ${a.bits} must be 0 (SDM §26.11.2)`,
  'high-access-not-64bit': (a) =>
    `invalid encoding '${a.input}': access type high (bit 0) is allowed only on 64-bit fields, and this encoding is ${a.width === 'natural' ? 'natural-width' : `${a.width}-bit`}`,
  'unknown-field': (a) =>
    a.dialect === undefined
      ? `unknown field '${a.token}'${didYouMean(a.suggestions)}`
      : `unknown field '${a.token}' in this ${a.dialect} dump: its value ${a.value} is not read${didYouMean(a.suggestions)}`,
  'unknown-encoding': (a) => `encoding ${a.encoding} is well-formed, but no field of the SDM table uses it`,
  'value-too-wide': (a) => `value ${a.value} is wider than ${a.field}, a ${a.bits}-bit field`,
  'invalid-value': (a) => `cannot read the value of ${a.token}: '${a.value}' is not a hexadecimal number`,
  'conflicting-values': (a) => `${a.field} is given twice with different values (${a.part}: ${a.first} and ${a.second})`,
  'line-too-long': (a) => `line of ${a.length} characters: only the first ${a.kept} were read`,
  'binary-input': () => 'the text holds NUL bytes (binary data), read as text all the same; a binary VMCS region is told by its first bytes (its revision id)',
  'invalid-json': (a) => `cannot read the JSON input: ${a.reason}`,
  'invalid-json-entry': (a) => `the value of ${a.key} is neither a hex string nor a non-negative integer: ${a.value}`,
  'no-fields': (a) =>
    (a.interleaved
      ? `no VMCS dump read from ${a.lines} line${a.lines === 1 ? '' : 's'} of input: its ${a.interleaved} dump line${a.interleaved === 1 ? ' is one' : 's are those'} of two or more vCPUs printing at once, which no dump can be given (interleaved-lines)`
      : `no VMCS field found in ${a.lines} line${a.lines === 1 ? '' : 's'} of input`) +
    (a.svm
      ? `: ${a.svm === 1 ? 'its KVM trace line of an exit is' : `its ${a.svm} KVM trace lines of exits are`} AMD SVM's (${a.svmEvent} with ${a.svmReason === 'vmcb' || a.svmReason === 'nested_cr3' ? `a ${a.svmReason}` : `reason ${a.svmReason}`} on line ${a.svmLine}${a.svm === 1 ? '' : ', the first'}), which have no VMCS`
      : '') +
    (a.svmOnly
      ? a.svm
        ? `, and ${a.svmOnly === 1 ? 'one line is a tracepoint' : `${a.svmOnly} lines are tracepoints`} only AMD SVM prints (${a.svmOnlyEvent} on line ${a.svmOnlyLine}${a.svmOnly === 1 ? '' : ', the first'})`
        : `: ${a.svmOnly === 1 ? 'its KVM trace line is a tracepoint' : `its ${a.svmOnly} KVM trace lines are tracepoints`} only AMD SVM prints (${a.svmOnlyEvent} on line ${a.svmOnlyLine}${a.svmOnly === 1 ? '' : ', the first'}), which have no VMCS`
      : '') +
    (a.tokens ? ` (${a.svm || a.svmOnly ? 'other text: ' : ''}${a.tokens} NAME=value token${a.tokens === 1 ? '' : 's'} whose name no reader knows, skipped: the first, '${a.firstToken}', on line ${a.firstLine})` : ''),
  'too-many-diagnostics': (a) => `${a.count} more diagnostics not shown`,
  'ambiguous-section': (a) => `'${a.text}' is ${a.sections} state, and nothing around it tells which: not read as either`,
  'ambiguous-line': (a) => {
    const f = (a.fields as readonly string[]).join(', ');
    const o = a.others as readonly string[];
    return `'${a.text}' names ${f} beside ${o.map((t) => `'${t}'`).join(', ')}, ${o.length === 1 ? 'a name' : 'names'} no field has, and no pairs dump is open: a dump's line, or other text? Not read: the value of ${f} is not read`;
  },
  'ambiguous-number': (a) => `'${a.text}' is ${a.dialect}'s ${a.label} in decimal (${a.value}, 0x${a.decimal}) or another print's NAME value in hex (0x${a.value}), and nothing around it tells which: not read as either`,
  'svm-host': (a) =>
    `QEMU's hardware error 0xffffffff (line ${a.error}) is SVM's VMEXIT_INVALID, and line ${a.vmcb} is KVM's dump_vmcb() of an AMD host: its VMRUN is decided by no VMCS rule of Intel's SDM, and vmcs check evaluates none of this dump`,
  'unplaced-line': (a) => `cannot read this ${a.dialect} line: '${a.text}'`,
  'interleaved-lines': (a) =>
    `lines ${a.lines}: ${a.count} ${a.dialect} dump line${a.count === 1 ? '' : 's'} of two or more vCPUs printing at once (a field printed again, or out of the order every vCPU prints in, before the list starts over), and no line says which vCPU printed it: which dump each value belongs to cannot be told, so none is read`,
  'quoted-printable': () => "the text is a mail's quoted-printable encoding (=3D for '=', a line ending in '=' goes on on the next): decoded, each joined line read at its first line's number",
  'pasted-link': (a) => `a Markdown link was pasted into this line ('[${a.text}](${a.url})'): read as its text '${a.text}', as the page shows it`,
  'withheld-value': (a) => `the value of ${a.field} is withheld (${a.token}): not read`,
  'reserved-bit-set': (a) => `${a.field ? `${a.field}: ` : ''}reserved bit${/[,:]/.test(String(a.bits)) ? 's' : ''} ${a.bits} set`,
  'unknown-bit-set': (a) => `${a.field ? `${a.field}: ` : ''}bit${/[,:]/.test(String(a.bits)) ? 's' : ''} ${a.bits} set, which this table does not name`,
  'unknown-value': (a) => `${a.field ? `${a.field}: ` : ''}${a.name} (bits ${a.bits}) is ${a.value}, a value unknown to this table`,
  'unknown-revision': (a) =>
    `${a.where ? `${a.where}: ` : ''}VMCS revision id ${a.revision} is not one this reader knows (vmcs12 0x11e57ed0, Hyper-V enlightened VMCS 1); a hardware VMCS page needs a layout profile of its revision (--layout FILE.json)${a.profileRevision !== undefined ? `, and the profile given is for revision ${a.profileRevision}` : ''}`,
  'truncated-region': (a) =>
    a.reason ? `${a.reason}` : `${a.format} region cut short: ${a.length} bytes of ${a.needed}; the fields in the missing ${Number(a.needed) - Number(a.length)} bytes are not read`,
  'bad-profile': (a) => `layout profile not usable: ${a.reason}`,
  'read-as-text': (a) => `the input starts like JSON but is larger than a JSON document is read (${a.limit}): read as text lines`,
  'bad-hex-line': (a) => `not a line of this hex dump (${a.reason}): its bytes (${a.from} to ${a.to}) are missing, and the fields there are not read`,
  'not-a-region': (a) => `not a VMCS region (${a.length} bytes): ${a.reason}`,
  'unknown-exit-reason': (a) => `unknown exit reason '${a.input}': give its number (48, 0x30) or its name (EPT_VIOLATION, "EPT violation")`,
  'needs-exit-reason': (a) => `the layout of ${a.field} depends on the exit reason: give it with --reason (48, 0x30, EPT_VIOLATION)`,
  'needs-vector': (a) =>
    a.vectors !== undefined
      ? `the layout of ${a.field} depends on the vector of its event: give --vector (this table decodes vectors ${a.vectors})`
      : `for exception exits (reason 0) the layout of ${a.field} depends on the vector: give --vector 1 (#DB) or 14 (#PF)`,
  'no-layout': (a) =>
    a.vector !== undefined
      ? `${a.field} has no layout for vector ${a.vector} in this table`
      : a.reason === -1
        ? `${a.field} holds a plain value; it has no bit layout to explain`
        : `exit reason ${a.reason} has no ${a.field} layout in this table`,
};

/**
 * Text from the input shown back (a value, a label, a file name): C0 and C1 control
 * characters (escape sequences, newlines) and the bidirectional overrides and isolates made
 * visible as \xNN or \uNNNN, so input never drives the terminal nor splits a line.
 */
export function safeText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x100 ? '\\x' + n.toString(16).padStart(2, '0') : '\\u' + n.toString(16).padStart(4, '0');
  });
}

function visible(v: unknown): unknown {
  if (typeof v === 'string') return safeText(v);
  if (Array.isArray(v)) return v.map(visible);
  return v;
}

/** Whether safeText would change the text (a loop: most arguments are short and plain). */
function needsSafeText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

/** A diagnostic's message in English, from its code and args (the text the CLI prints). */
export function formatMessage(d: Pick<Diagnostic, 'code' | 'args'>): string {
  // the args as they are when none needs safeText (the messages only read them), else a copy made visible
  let plain = true;
  for (const k in d.args) {
    const v = d.args[k];
    if (typeof v === 'string' ? needsSafeText(v) : Array.isArray(v)) {
      plain = false;
      break;
    }
  }
  if (plain) return MESSAGES[d.code](d.args);
  const args: DiagnosticArgs = {};
  for (const [k, v] of Object.entries(d.args)) args[k] = visible(v) as DiagnosticArgs[string];
  return MESSAGES[d.code](args);
}
