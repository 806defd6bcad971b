// The table as audited (docs/fidelity-audit.md): one SDM edition in every citation, the names
// that rest on non-Intel sources marked as such, no research residue in what users read, and no
// bit that is both named and reserved. The per-item fixes (E1-E7, W1-W5) are table cases in
// bits.test.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { explain, fieldsFile, layouts, enums } from '../dist/index.js';
import { bitRange, sdm2022, sdmText, sourceText } from '../dist/bits/layouts.js';
import { profiles } from '../dist/caps/profiles.js';
import { rules } from '../dist/check/rules/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every `sdm` string of the layouts and enums (bits and values included), with where it is. */
function sdmStrings() {
  const out = [];
  const walk = (o, where) => {
    if (Array.isArray(o)) o.forEach((x, i) => walk(x, `${where}[${x?.bits ?? i}]`));
    else if (o && typeof o === 'object') {
      for (const [k, v] of Object.entries(o)) {
        if (k === 'sdm' && typeof v === 'string') out.push([where, v]);
        else walk(v, `${where}.${k}`);
      }
    }
  };
  walk(fieldsFile.layouts, 'layouts');
  walk(fieldsFile.enums, 'enums');
  return out;
}

// One part of a citation (parts are joined by "; "). Vol. 3C sections and tables carry no volume;
// other volumes are named; a table or section whose number moves between editions is named by its title.
const TITLE = String.raw`(?: \([^()]+(?:\([^()]*\)[^()]*)*\))?`;
const PART = new RegExp(
  '^(?:' +
    [
      String.raw`§\d+(?:\.\d+)*(?:, Table \d+-\d+)?${TITLE}`,
      String.raw`Table \d+-\d+`,
      String.raw`Vol\. (?:1|3[ABD]|4) (?:§\d+(?:\.\d+)*|Table \d+-\d+|Appendix C, Table C-1|(?:section|table) '[^']+')${TITLE}`,
    ].join('|') +
    ')$',
);

test('the table names its SDM edition, the chapter map to the 2022-2024 numbering and the evidence of each table number', () => {
  const s = fieldsFile.sdm;
  assert.equal(s.edition, 'October 2025');
  assert.deepEqual(s.chapters2022, { 26: '25', 27: '26', 28: '27', 29: '28', 30: '29', 31: '30', 32: '31', 33: '32' });
  assert.equal(s.encodingFormat, '§26.11.2');
  for (const t of Object.keys(s.tables2022)) assert.ok(s.tableEvidence[t], `Table ${t} has no evidence`);
  assert.doesNotMatch(JSON.stringify(s), /092|2026-02 \(order/, 'no unverifiable revision claim');
});

test('every sdm string of the layouts and enums follows the October 2025 format', () => {
  const bad = [];
  const tables = fieldsFile.sdm.tableEvidence;
  for (const [where, v] of sdmStrings()) {
    for (const part of v.split('; ')) {
      if (!PART.test(part)) bad.push(`${where}: '${part}' is not a citation of the form '§26.9.1', '§29.2.1, Table 29-7' or 'Vol. 3A §2.5'`);
      // a Vol. 3C section of a VMX chapter: the chapters of the October 2025 edition (26-33)
      const sec = /^§(\d+)\./.exec(part);
      if (sec && !(Number(sec[1]) >= 26 && Number(sec[1]) <= 33)) bad.push(`${where}: '${part}' cites chapter ${sec[1]}, not a VMX chapter of the October 2025 edition`);
      // every Vol. 3C table number has its evidence recorded
      const t = /^(?:§[\d.]+, )?Table (\d+-\d+)/.exec(part);
      if (t && !tables[t[1]]) bad.push(`${where}: Table ${t[1]} is cited but sdm.tableEvidence does not say where the number comes from`);
    }
  }
  assert.deepEqual(bad, []);
  assert.ok(sdmStrings().length > 500);
});

test('the 2022-2024 numbering of a citation: chapters and table numbers mapped, other volumes kept', () => {
  const CASES = [
    ['§26.9.1', '§25.9.1'],
    ['§29.2.1, Table 29-7', '§28.2.1, Table 28-7'],
    ['§26.7.1, Table 26-14', '§25.7.1, Table 25-13'],
    ['§26.8.1, Table 26-17', '§25.8.1, Table 25-16'],
    ['§26.9.5; §32.4, Table 32-1', '§25.9.5; §31.4, Table 31-1'],
    ['§26.9.1; Vol. 3D Appendix C, Table C-1', '§25.9.1; Vol. 3D Appendix C, Table C-1'],
    ['Vol. 3A §2.5 (Control Registers)', null],
    ['Vol. 3A §4.7 (Page-Fault Exceptions); §26.6.3', 'Vol. 3A §4.7 (Page-Fault Exceptions); §25.6.3'],
  ];
  for (const [now, then] of CASES) assert.equal(sdm2022(now), then, now);
  assert.equal(sdmText('§26.9.1; Vol. 3D Appendix C, Table C-1'), '§26.9.1 (§25.9.1 in 2022-2024 editions); Vol. 3D Appendix C, Table C-1');
  assert.equal(sdmText('Vol. 3A §2.5'), 'Vol. 3A §2.5');
});

test('cli: explain shows both numberings where they differ', () => {
  const r = spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', 'VM_ENTRY_CONTROLS', '0x2000000'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}VM-entry controls \(SDM §26\.8\.1, Table 26-17 \(§25\.8\.1, Table 25-16 in 2022-2024 editions\)\)$/m);
  assert.equal(r.stderr, '');
});

// ---------------------------------------------------------------------------------------
// Names that rest on public code only.

const SOURCE = /^(?:bochs|hyvemind|linux|xen)(?:\+(?:bochs|hyvemind|linux|xen))*$|^(?:bochs|hyvemind|linux|xen)-only$/;

test('every source property uses the vocabulary, and the doubtful names of the audit carry one', () => {
  const seen = [];
  for (const [id, l] of Object.entries(layouts)) for (const b of l.bits) if (b.source !== undefined) seen.push([`${id}[${b.bits}]`, b.source]);
  for (const [id, e] of Object.entries(enums)) for (const [n, v] of Object.entries(e.values)) if (v.source !== undefined) seen.push([`${id}.${n}`, v.source]);
  for (const [where, s] of seen) assert.match(s, SOURCE, where);
  const marked = new Set(seen.map(([w]) => w));
  // D1 tertiary bit 8, D2 load IA32_SPEC_CTRL, D3 exit-reason bit 25, D4 exit reasons 80/81
  for (const w of ['proc-based-tertiary[8]', 'vm-entry-controls[24]', 'vm-exit-controls-secondary[2]', 'exit-reason[25]', 'basic-exit-reason.80', 'basic-exit-reason.81']) {
    assert.ok(marked.has(w), `${w} has no source`);
  }
  // names an SDM edition or an SDM transcription gives carry none (E2, E3, D5, D10)
  for (const w of ['proc-based-tertiary[5]', 'vm-entry-controls[25]', 'basic-exit-reason.70', 'proc-based-secondary[21]']) assert.ok(!marked.has(w), `${w} has a source`);
  assert.equal(sourceText('bochs+hyvemind'), 'Bochs and HyveMind only (no Intel document)');
  assert.equal(sourceText('linux-only'), 'Linux KVM only (no Intel document)');
});

test('explain and annotate say when a name rests on non-Intel sources (human and JSON)', () => {
  const r = explain('EXIT_REASON', '0x02000050');
  assert.ok(r.ok);
  assert.deepEqual(
    r.decoded.map((d) => [d.bits, d.source ?? null]),
    [
      ['25', 'bochs+hyvemind'],
      ['15:0', 'bochs+hyvemind'],
    ],
  );
  const env = { ...process.env, NO_COLOR: '1' };
  const h = spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', 'TERTIARY_VM_EXEC_CONTROL', '0x100'], { encoding: 'utf8', env });
  assert.match(h.stdout, /APIC-timer virtualization .*\[source: Bochs and HyveMind only \(no Intel document\)\]/);
  const j = spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', '--json', 'VM_EXIT_REASON', '0x50'], { encoding: 'utf8', env });
  assert.equal(JSON.parse(j.stdout).bits[0].source, 'bochs+hyvemind');
  const a = spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'annotate', '-'], { encoding: 'utf8', env, input: 'VM_ENTRY_CONTROLS = 0x010011ff\n' });
  assert.equal(a.status, 0, a.stderr);
  assert.match(a.stdout, /Load IA32_SPEC_CTRL \[source: Bochs and HyveMind only \(no Intel document\)\]/);
  // a name from the SDM: no marker
  assert.doesNotMatch(spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', 'VM_ENTRY_CONTROLS', '0x2000000'], { encoding: 'utf8', env }).stdout, /source:/);
});

// ---------------------------------------------------------------------------------------
// No research residue in what ships.

// Research vocabulary: the notes the table was built from ("the catalog", its file and its ids for
// checks of other tools, "[verify]" marks, "KVM-emu") are not what a user can look up.
const RESIDUE =
  /not confirmed|probably|only text dumps are read|\bso far\b|\bTODO\b|\bFIXME\b|test\/fixtures|\bfixtures\/|\bcatalog(?:ue)?\b|vmentry-checks|\[verify\]|KVM-emu|\(B-\d\d\)|\bK-\d\d\b|\.md\b/i;

function strings(o, where, out) {
  if (typeof o === 'string') out.push([where, o]);
  else if (Array.isArray(o)) o.forEach((x, i) => strings(x, `${where}[${i}]`, out));
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) strings(v, `${where}.${k}`, out);
  return out;
}

test('no research residue in fields.json', () => {
  const hits = strings(JSON.parse(readFileSync(`${ROOT}fields.json`, 'utf8')), 'fields.json', []).filter(([, s]) => RESIDUE.test(s));
  assert.deepEqual(hits.map(([w, s]) => `${w}: ${s.match(RESIDUE)[0]}`), []);
});

test('no research residue in the message templates and the caps texts that ship (dist/)', () => {
  const hits = [];
  const render = readdirSync(`${ROOT}dist/render`).filter((f) => f.endsWith('.js')).map((f) => `render/${f}`);
  for (const file of [...render, 'diagnostics.js', 'caps/profiles.js', 'caps/decode.js']) {
    const text = readFileSync(`${ROOT}dist/${file}`, 'utf8');
    // string literals only (comments may say what they like)
    for (const m of text.matchAll(/(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) if (RESIDUE.test(m[2])) hits.push(`${file}: ${m[2].slice(0, 80)}`);
  }
  assert.deepEqual(hits, []);
});

test('no research residue in the check rules (check --list and --json show their titles and decisions)', () => {
  const hits = [];
  for (const r of rules) {
    for (const [k, v] of [['title', r.title], ['decision', r.decision]]) if (v !== undefined && RESIDUE.test(v)) hits.push(`${r.id} ${k}: ${v.match(RESIDUE)[0]}`);
    // a section cited inside a decision follows the edition of the rule's own section (October 2025: VM entries are chapter 28)
    for (const m of (r.decision ?? '').matchAll(/(?<![\w.-])(\d\d)\.\d+(?:\.\d+)*(?![\w-])/g)) {
      if (Number(m[1]) >= 25 && Number(m[1]) < 28) hits.push(`${r.id} decision cites ${m[0]}, a 2022-2024 section`);
    }
  }
  assert.deepEqual(hits, []);
  assert.ok(rules.filter((r) => r.decision !== undefined).length > 40);
});

test('the residue test catches the vocabulary it is meant to catch', () => {
  const CASES = [
    ['Applied as the catalog restates the newer SDM', true],
    ['Bochs accepts only 4 levels (B-04).', true],
    ['see vmentry-checks.md §4', true],
    ['KVM-emu rejects it', true],
    ['As the SDM states it (§28.2.1.1); Bochs accepts only 4 levels.', false],
    ['KVM\'s emulation of invalid guest state (tr_valid) accepts 3 or 11', false],
  ];
  for (const [text, residue] of CASES) assert.equal(RESIDUE.test(text), residue, text);
});

test('caps profiles cite public sources, not paths of this repository', () => {
  for (const p of profiles) {
    assert.doesNotMatch(p.citation, /fixtures|test\/|\.md\b|\bsrc\//, p.name);
    if (p.assumed !== undefined) assert.doesNotMatch(p.assumed, RESIDUE, p.name);
  }
});

// ---------------------------------------------------------------------------------------
// No layout bit both named and reserved.

/** Two entries can apply to the same value unless their `when` conditions exclude each other. */
function mayCoexist(a, b) {
  const wa = a.when ? (Array.isArray(a.when) ? a.when : [a.when]) : [];
  const wb = b.when ? (Array.isArray(b.when) ? b.when : [b.when]) : [];
  for (const x of wa) for (const y of wb) if (x.bits === y.bits && x.value !== y.value) return false;
  return true;
}

test('no layout bit is both named and reserved, and reserved entries are named as such', () => {
  const bad = [];
  for (const [id, l] of Object.entries(layouts)) {
    for (const b of l.bits) {
      if (b.reserved && !/^(Reserved|Undefined|Ignored)/.test(b.name)) bad.push(`${id}[${b.bits}] '${b.name}' is reserved`);
      if (!b.reserved && !b.ignored && /^Reserved$/.test(b.name)) bad.push(`${id}[${b.bits}] is called Reserved but not marked reserved`);
    }
    for (let i = 0; i < l.bits.length; i++) {
      for (let j = 0; j < l.bits.length; j++) {
        const a = l.bits[i];
        const b = l.bits[j];
        if (i === j || !(a.reserved || a.ignored) || b.reserved || b.ignored) continue;
        const [ahi, alo] = bitRange(a.bits);
        const [bhi, blo] = bitRange(b.bits);
        if (ahi >= blo && bhi >= alo && mayCoexist(a, b)) bad.push(`${id}: bits ${b.bits} '${b.name}' overlap reserved ${a.bits}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

// ---------------------------------------------------------------------------------------
// Structures and values developers decoded by hand (audit gaps G1-G16).

const SAMPLE07 = readFileSync(new URL('./fixtures/samples/07-kvm-6.9-kvm_intel-prefix-indented-ve.txt', import.meta.url), 'utf8');

function annotateText(text, args = []) {
  const r = spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'annotate', ...args, '-'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, input: text });
  assert.equal(r.status, 0, r.stderr);
  return r;
}

test('exit reason 34: the failing entry of the VM-entry MSR-load list is named from the qualification (KVM "MSR guest autoload")', () => {
  // sample 07 lists one guest autoload entry (MSR 0x600); the failure and its qualification are set by hand
  const CASES = [
    ['reason=80000022 qualification=0000000000000001', /Failing MSR-load entry 1: entry 1 of the dump's VM-entry MSR-load list: MSR 0x600, value 0x0000000000000000/],
    ['reason=80000022 qualification=0000000000000002', /Failing MSR-load entry 2: entry 2; the dump's VM-entry MSR-load list has 1 entry/],
  ];
  for (const [line, expected] of CASES) {
    const text = SAMPLE07.replace('reason=00000000 qualification=0000000000000000', line);
    assert.notEqual(text, SAMPLE07);
    assert.match(annotateText(text).stdout, expected);
    const j = JSON.parse(annotateText(text, ['--json']).stdout);
    const q = (j.dumps ?? [j])[0].fields.find((f) => f.name === 'EXIT_QUALIFICATION');
    assert.match(q.bits[0].label, expected.source.includes('entry 1 of') ? /MSR 0x600/ : /has 1 entry/);
  }
  // another exit reason: the qualification is not read as an MSR-load index
  assert.doesNotMatch(annotateText(SAMPLE07).stdout, /MSR-load list/);
});

test('annotate: an error code is decoded by the vector of its own event', () => {
  const text = 'VM_EXIT_INTR_INFO = 0x80000b0e\nVM_EXIT_INTR_ERROR_CODE = 0x6\nIDT_VECTORING_INFO_FIELD = 0x80000b0d\nIDT_VECTORING_ERROR_CODE = 0x18\nVM_ENTRY_INTR_INFO_FIELD = 0x80000030\nVM_ENTRY_EXCEPTION_ERROR_CODE = 0x3\n';
  const out = annotateText(text).stdout;
  assert.match(out, /VM_EXIT_INTR_ERROR_CODE .*\n\s+W\/R · U\/S\n/);
  assert.match(out, /IDT_VECTORING_ERROR_CODE .*\n\s+Segment selector index 0x3\n/);
  // an external interrupt (type 0) has no error code to decode
  assert.match(out, /VM_ENTRY_EXCEPTION_ERROR_CODE .*\n(?!\s{10,}\S)/);
  // a #GP whose error-code bit (11) is clear: the error-code field is stale and not decoded
  const stale = annotateText('VM_EXIT_INTR_INFO = 0x8000030d\nVM_EXIT_INTR_ERROR_CODE = 0x18\n').stdout;
  assert.match(stale, /VM_EXIT_INTR_ERROR_CODE .*\n(?!\s{10,}\S)/);
  assert.doesNotMatch(stale, /Segment selector index/);
});

test('explain: structures by name, values as one number or as their parts; error codes need the vector', () => {
  const env = { ...process.env, NO_COLOR: '1' };
  const run = (...a) => spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', ...a], { encoding: 'utf8', env });
  const CASES = [
    // [args, status, stdout pattern, stderr pattern]
    [['EPT_ENTRY', '0x77'], 0, /^EPT_ENTRY {2}EPT paging-structure entry = 0x0000000000000077\n/, /^$/],
    [['ept pte', '0x77'], 0, /EPT memory type +6 +Write Back \(WB\)/, /^$/],
    [['MSR_ENTRY', '0x600 0 0x5'], 0, /127:64 {2}MSR data +0x5 /, /^$/],
    [['MSR_ENTRY', '0x600 0'], 1, /^$/, /cannot read the value of MSR_ENTRY/],
    [['MSR_ENTRY', '0x1 0x1 0x1'], 0, /63:32 +Reserved +0x1 +bit 32 set +! reserved/, /warning: MSR_ENTRY: reserved bit 32 set/],
    [['EPT_ENTRY', '0x1' + '0'.repeat(16)], 1, /^$/, /wider than EPT_ENTRY, a 64-bit field/],
    [['VM_EXIT_INTR_ERROR_CODE', '0x18'], 1, /^$/, /depends on the vector of its event: give --vector \(this table decodes vectors 8, 10, 11, 12, 13, 14, 17, 21\)/],
    [['INJECTED_EVENT_DATA', '0x1000'], 1, /^$/, /give --vector \(this table decodes vectors 1, 7, 14\)/],
    [['VM_EXIT_INTR_ERROR_CODE', '0x18', '--vector', '6'], 1, /^$/, /VM_EXIT_INTR_ERROR_CODE has no layout for vector 6 in this table/],
    [['VM_EXIT_INTR_ERROR_CODE', '0x18', '--vector', '13'], 0, /Error code of #TS, #NP, #SS and #GP/, /^$/],
    [['VMX_INSTRUCTION_INFO', '0x0', '--reason', '69'], 1, /^$/, /exit reason 69 has no VMX_INSTRUCTION_INFO layout/],
  ];
  for (const [args, status, out, err] of CASES) {
    const r = run(...args);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, out, args.join(' '));
    assert.match(r.stderr, err, args.join(' '));
  }
  const j = JSON.parse(run('--json', 'PI_DESC', '0x2 0 0 0 0x1 0 0 0').stdout);
  assert.deepEqual(j.field, { name: 'PI_DESC', title: 'Posted-interrupt descriptor', structure: true });
  assert.deepEqual(j.bits.map((b) => [b.bits, b.label ?? null]), [['319:288', null], ['279:272', null], ['256', null], ['255:0', '0x1']]);
});

test('the exit reason LOADIWKEY says its instruction information has no public layout', () => {
  assert.match(enums['basic-exit-reason'].values['69'].note, /no public source gives the layout of the VM-exit instruction information/);
});

test('explain --caps: the preemption timer in TSC ticks, by IA32_VMX_MISC[4:0]', () => {
  const MISC = 0x485;
  const CASES = [
    // [IA32_VMX_MISC, known bits of it (undefined: all), timer value, label]
    [0x7004c1e7n, undefined, '0x1000', '4096 × 2^7 = 524288 TSC ticks (IA32_VMX_MISC[4:0] = 7, from t)'],
    [0x00000000n, undefined, '0x3', '3 × 2^0 = 3 TSC ticks (IA32_VMX_MISC[4:0] = 0, from t)'],
    [0x1fn, undefined, '0xffffffff', '4294967295 × 2^31 = 9223372034707292160 TSC ticks (IA32_VMX_MISC[4:0] = 31, from t)'],
    [0x7004c1e7n, 0xffffffe0n, '0x1000', null], // a report that does not show the rate: no conversion
    [undefined, undefined, '0x1000', null], // caps without IA32_VMX_MISC
  ];
  for (const [misc, known, value, label] of CASES) {
    const caps = { source: 't', msrs: new Map(misc === undefined ? [] : [[MISC, misc]]), ...(known === undefined ? {} : { known: new Map([[MISC, known]]) }) };
    const r = explain('VMX_PREEMPTION_TIMER_VALUE', value, { caps });
    assert.ok(r.ok);
    assert.equal(r.decoded[0].label, label, `${misc} ${value}`);
    assert.deepEqual(r.diagnostics, []);
  }
  // without caps: the count alone; another field is not touched by caps
  assert.equal(explain('VMX_PREEMPTION_TIMER_VALUE', '0x1000').decoded[0].label, null);
  assert.equal(explain('PLE_GAP', '0x80', { caps: { source: 't', msrs: new Map([[MISC, 5n]]) } }).decoded[0].label ?? null, explain('PLE_GAP', '0x80').decoded[0].label ?? null);

  const env = { ...process.env, NO_COLOR: '1' };
  const run = (args, input) => spawnSync(process.execPath, [`${ROOT}bin/vmcs.js`, 'explain', ...args], { encoding: 'utf8', env, input });
  const CLI = [
    [['VMX_PREEMPTION_TIMER_VALUE', '0x1000', '--caps', 'i7-9750h'], undefined, 0, /^ {2}31:0 +Timer value +4096 +4096 × 2\^7 = 524288 TSC ticks \(IA32_VMX_MISC\[4:0\] = 7, from profile i7-9750h\)$/m, /^$/],
    [['--json', 'VMX_PREEMPTION_TIMER_VALUE', '0x10', '--caps', '-'], '0x485 0x5\n', 0, /"label": "16 × 2\^5 = 512 TSC ticks \(IA32_VMX_MISC\[4:0\] = 5, from <stdin>\)"/, /^$/],
    [['VMX_PREEMPTION_TIMER_VALUE', '0x10', '--caps', 'no-such-cpu'], undefined, 2, /^$/, /^vmcs explain: error: cannot read capabilities 'no-such-cpu'/],
  ];
  for (const [args, input, status, out, err] of CLI) {
    const r = run(args, input);
    assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, out, args.join(' '));
    assert.match(r.stderr, err, args.join(' '));
  }
});

test('where no public source pins a layout, the table says so (PASID directories, HLAT prefix size, SEAM KeyID, the notify-window clock)', () => {
  const field = (n) => fieldsFile.fields.find((f) => f.name === n);
  const CASES = [
    [field('LOW_PASID_DIRECTORY_ADDRESS').note, /Not decoded: the format of the PASID directories .* is given by no public source read/],
    [field('HIGH_PASID_DIRECTORY_ADDRESS').note, /Not decoded/],
    [field('SHARED_EPT_POINTER').note, /Decoded as an EPTP: the TDX module reads this field as an EPTP/],
    [layouts['hlat-prefix-size'].note, /How a non-zero size selects addresses is not given by any public source read/],
    [layouts['seam-guest-keyid'].note, /Which bits the processor reads is not given by any public source read/],
    [layouts['instruction-timeout'].bits[0].meaning, /Which clock counts is left unnamed here: .*Xen's documentation .* crystal clock cycles/],
  ];
  for (const [text, re] of CASES) assert.match(text, re);
  // the layouts that only name a number leave no bit reserved (nothing public says which are)
  for (const id of ['hlat-prefix-size', 'seam-guest-keyid']) assert.deepEqual(layouts[id].bits.filter((b) => b.reserved), [], id);
  // the field without a layout: explain says so (exit 1), as for any plain value
  const r = explain('LOW_PASID_DIRECTORY_ADDRESS', '0x1000');
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'no-layout');
});

test('the sub-page permission vector: even bit 2i is sub-page i (bytes 128i..128i+127), odd bits reserved', () => {
  const r = explain('SPP_VECTOR', '0x5555555555555555');
  assert.ok(r.ok);
  assert.equal(r.decoded.length, 32);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.decoded[0].name, 'Sub-page 31 writable');
  assert.match(r.decoded[0].meaning, /bytes 0xf80-0xfff/);
  const bad = explain('SPP_VECTOR', '0xaaaaaaaaaaaaaaaa');
  assert.equal(bad.diagnostics.length, 32);
  assert.ok(bad.diagnostics.every((d) => d.code === 'reserved-bit-set'));
});
