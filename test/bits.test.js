// Bit-level decoding (fields.json "layouts" and "enums"; src/bits/layouts.ts, src/bits/explain.ts, the bits
// of annotate): the control bits against the bit catalog (test/fixtures/bit-catalog.md, a copy
// of the team's SDM-derived catalog), one table case or more for every layout with values from
// the real dumps in test/fixtures/samples/ where a sample has the field, diagnostics, explain(),
// annotate() with the dump's own exit reason, and the CLI.
//
// Every expected decoding below was worked out by hand from the SDM's definition of the field,
// not copied from the program's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  annotate,
  enums,
  exitReasonName,
  explain,
  explainWith,
  fieldsFile,
  formatDecoded,
  layoutFor,
  layouts,
  parseExitReason,
} from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const entryByName = new Map(fieldsFile.fields.map((e) => [e.name, e]));

/**
 * A decoded entry as a compact string: a set flag is its id ('PG'), a clear one (only with
 * `all`, or a flag shown because its condition holds) 'ID=0'; anything else 'ID=value' as the
 * program prints it (ranges in hex, enumerated and "dec" ranges in decimal, addresses in place),
 * followed by ' (label)' when the value has a label.
 */
function compact(d) {
  const id = d.id ?? d.name;
  if (d.kind === 'bit' && d.label === null) return d.set ? id : `${id}=0`;
  const v = `${id}=${formatDecoded(d)}`;
  return d.label === null ? v : `${v} (${d.label})`;
}

/** Decode a table case: a layout id (explainWith) or a field (explain). */
function decodeCase(target, value, opts = {}) {
  if (layouts[target]) {
    const e = explainWith(target, BigInt('0x' + value.replace(/^0x/i, '')), opts.width ?? 32, opts.all ?? false);
    return { layout: target, decoded: e.bits, diagnostics: e.diagnostics };
  }
  const r = explain(target, value, { reason: opts.reason, vector: opts.vector, all: opts.all });
  assert.ok(r.ok, `explain(${target}, ${value}) failed: ${JSON.stringify(r.ok ? null : r.diagnostic)}`);
  return r;
}

// ---------------------------------------------------------------------------------------
// 1. The bit catalog: every control bit it names is in the table.

const catalog = readFileSync(new URL('./fixtures/bit-catalog.md', import.meta.url), 'utf8');

/** The text of catalog section `### <id>.` up to the next heading. */
function section(id) {
  const m = new RegExp(`^### ${id.replace('.', '\\.')}[. ]`, 'm').exec(catalog);
  assert.ok(m, `catalog section ${id} not found`);
  const start = m.index;
  const rest = catalog.slice(start + 4);
  const end = rest.search(/\n#{2,3} /);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Table rows of a section as arrays of trimmed cells (header and separator rows dropped). */
function tableRows(text) {
  const rows = text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, l.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((c) => c.trim()),
    );
  return rows.filter((r) => !/^-+$/.test(r[0]) && r[0] !== 'bit' && r[0] !== 'bits' && r[0] !== '#');
}

/** "1, 2, 4" or "3–8" or "8-31" -> bit numbers. */
function bitNumbers(cell) {
  const out = [];
  for (const part of cell.split(',').map((s) => s.trim())) {
    const m = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part);
    if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) out.push(i);
    else if (/^\d+$/.test(part)) out.push(Number(part));
    else throw new Error(`cannot read bit numbers '${cell}'`);
  }
  return out;
}

const isDash = (name) => name.startsWith('—');

/** The control bits of a catalog section: [{ bit, name | null, d1, reserved0 }]. */
function catalogControls(id) {
  const text = section(id);
  const out = [];
  if (id === '1h') {
    for (const m of text.matchAll(/bit (\d+) = ([^(.\n]+)/g)) out.push({ bit: Number(m[1]), name: m[2].trim(), d1: false });
    return out;
  }
  for (const row of tableRows(text)) {
    // 1c lists two bits per row: | bit | name | bit | name |
    const pairs = id === '1c' ? [row.slice(0, 2), row.slice(2, 4)] : [row];
    for (const [bits, name, notes = ''] of pairs) {
      for (const bit of bitNumbers(bits)) {
        out.push({ bit, name: isDash(name) ? null : name, d1: /\bD1\b/.test(notes), reserved0: /reserved 0/.test(notes) });
      }
    }
  }
  return out;
}

const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'and', 'in', 'on', 'with', 'by']);
/** Significant words: lower case, split at anything not a letter or digit, plural s dropped. */
function words(name) {
  return name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w));
}

/** The table names a bit in fewer words than the catalog: every word of it must be in the catalog's name. */
function namesAgree(tableName, catalogName) {
  const cat = new Set(words(catalogName));
  return words(tableName).every((w) => cat.has(w));
}

const CONTROL_SECTIONS = [
  ['1a', 'PIN_BASED_VM_EXEC_CONTROL'],
  ['1b', 'CPU_BASED_VM_EXEC_CONTROL'],
  ['1c', 'SECONDARY_VM_EXEC_CONTROL'],
  ['1d', 'TERTIARY_VM_EXEC_CONTROL'],
  ['1e', 'VM_EXIT_CONTROLS'],
  ['1f', 'SECONDARY_VM_EXIT_CONTROLS'],
  ['1g', 'VM_ENTRY_CONTROLS'],
  ['1h', 'VM_FUNCTION_CONTROL'],
];

/** Layout entries covering a bit (a single bit, or a range holding it). */
function entriesAt(layoutId, bit) {
  return layouts[layoutId].bits.filter((b) => {
    const [hi, lo] = b.bits.includes(':') ? b.bits.split(':').map(Number) : [Number(b.bits), Number(b.bits)];
    return lo <= bit && bit <= hi;
  });
}

test('the catalog parses: every control section has bits, and the expected counts', () => {
  const counts = Object.fromEntries(CONTROL_SECTIONS.map(([id]) => [id, catalogControls(id).filter((c) => c.name).length]));
  // named bits per section, counted by hand in the catalog
  assert.deepEqual(counts, { '1a': 5, '1b': 22, '1c': 31, '1d': 8, '1e': 18, '1f': 4, '1g': 16, '1h': 1 });
  const d1 = Object.fromEntries(CONTROL_SECTIONS.map(([id]) => [id, catalogControls(id).filter((c) => c.d1).length]));
  assert.deepEqual(d1, { '1a': 3, '1b': 10, '1c': 0, '1d': 0, '1e': 15, '1f': 0, '1g': 10, '1h': 0 });
});

// Bits the catalog calls reserved that the October 2025 SDM names (docs/fidelity-audit.md E2:
// cloud-hypervisor's table of the SDM cites Table 26-8 for tertiary bit 5; HyveMind names it too).
const NAMED_AFTER_CATALOG = new Set(['1d:5']);

test('every control bit in the bit catalog is present in the table', () => {
  const problems = [];
  for (const [id, fieldName] of CONTROL_SECTIONS) {
    const layoutId = entryByName.get(fieldName)?.layout;
    assert.equal(typeof layoutId, 'string', `${fieldName} has a layout`);
    assert.ok(layouts[layoutId], `layout ${layoutId} exists`);
    for (const c of catalogControls(id)) {
      const at = entriesAt(layoutId, c.bit);
      const single = at.find((b) => b.bits === String(c.bit));
      if (c.name) {
        if (!single || single.reserved) problems.push(`§${id} bit ${c.bit} '${c.name}': no named entry in ${layoutId}`);
        else if (!namesAgree(single.name, c.name)) problems.push(`§${id} bit ${c.bit}: table '${single.name}' vs catalog '${c.name}'`);
      }
      if (c.d1 && !single?.default1) problems.push(`§${id} bit ${c.bit} is default-1 in the catalog, not in ${layoutId}`);
      if (!c.name && !c.d1 && at.length > 0 && !at.every((b) => b.reserved) && !NAMED_AFTER_CATALOG.has(`${id}:${c.bit}`)) {
        problems.push(`§${id} bit ${c.bit} is reserved in the catalog, named '${at[0].name}' in ${layoutId}`);
      }
    }
    // and the other way: default-1 bits of the table are D1 in the catalog
    const catD1 = new Set(catalogControls(id).filter((c) => c.d1).map((c) => c.bit));
    for (const b of layouts[layoutId].bits) if (b.default1 && !catD1.has(Number(b.bits))) problems.push(`${layoutId} bit ${b.bits} is default1, not D1 in §${id}`);
  }
  assert.deepEqual(problems, []);
});

test('every basic exit reason the catalog names (§2b) is in the basic-exit-reason enum, with the Linux id', () => {
  const rows = tableRows(section('2b'));
  const values = enums['basic-exit-reason'].values;
  let named = 0;
  const problems = [];
  for (const [num, name, lnx] of rows) {
    for (const n of bitNumbers(num)) {
      if (isDash(name)) {
        if (values[n]) problems.push(`reason ${n} is '—' in the catalog, '${values[n].name}' in the enum`);
        continue;
      }
      named++;
      const v = values[n];
      if (!v) {
        problems.push(`reason ${n} '${name}' missing`);
        continue;
      }
      const suffix = /^[A-Z][A-Z0-9_]+/.exec(lnx)?.[0];
      if (suffix && v.id !== suffix) problems.push(`reason ${n}: id ${v.id}, Linux EXIT_REASON_${suffix}`);
      const common = words(v.name).filter((w) => words(name).includes(w));
      if (common.length === 0) problems.push(`reason ${n}: enum '${v.name}' vs catalog '${name}'`);
    }
  }
  assert.deepEqual(problems, []);
  assert.equal(named, 80, 'named reasons 0-85 less 35, 38, 42, 71, 82, 83');
});

test('every VM-instruction error with a meaning (catalog §3.8) is in the vm-instruction-error enum', () => {
  const rows = tableRows(section('3.8'));
  const values = enums['vm-instruction-error'].values;
  const problems = [];
  let named = 0;
  for (const [num, meaning] of rows) {
    const n = Number(num);
    if (isDash(meaning)) {
      if (values[n]) problems.push(`error ${n} is '—' in the catalog, '${values[n].name}' in the enum`);
      continue;
    }
    named++;
    if (!values[n]) problems.push(`error ${n} '${meaning}' missing`);
    else if (!words(values[n].name).some((w) => words(meaning).includes(w))) problems.push(`error ${n}: '${values[n].name}' vs '${meaning}'`);
  }
  assert.deepEqual(problems, []);
  assert.equal(named, 25);
});

// ---------------------------------------------------------------------------------------
// 2. Every layout, decoded: [layout id or field, value, expected entries (high bits first), options]
// options: reason / vector (for the exit qualification and instruction information), width
// (layout ids without a field), all, diagnostics (expected codes; none by default), src (sample).

const S01 = '01-kvm-5.15-proxmox-syslog.txt';
const S02 = '02-kvm-5.x-dosemu2-core2duo-dmesg.txt';
const S03 = '03-xen-4.12-nested-vmlaunch-error.txt';
const S04 = '04-xen-4.11-debugkey-v-pvh.txt';
const S07 = '07-kvm-6.9-kvm_intel-prefix-indented-ve.txt';
const S08 = '08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt';
const S09 = '09-kvm-5.x-bare-no-prefix-custom-vmm.txt';
const S12 = '12-kvm-4.13-next-syzbot-gce-nested.txt';
const S14 = '14-virtualbox-7.0-vboxlog-vtx-info-excerpt.txt';

const DR7_LEN_RW_IDLE = ['LEN3=0 (1 byte)', 'RW3=0 (Instruction execution only)', 'LEN2=0 (1 byte)', 'RW2=0 (Instruction execution only)', 'LEN1=0 (1 byte)', 'RW1=0 (Instruction execution only)'];
const WB = 'Write Back (WB)';
// the EPTP table's own wording (SDM "Format of Extended-Page-Table Pointer"), not the PAT table's
const EPT_WB = 'Write-back (WB)';
const UC = 'Uncacheable (UC)';
const UCM = 'Uncached (UC-)';
const WT = 'Write Through (WT)';

const CASES = [
  // Pin-based controls: 0x7f = bits 0-6; 0xff adds posted interrupts; 0x3f no preemption timer. Bits 1, 2, 4 default 1.
  ['PIN_BASED_VM_EXEC_CONTROL', '0000007f', ['VMX_PREEMPTION_TIMER', 'VIRTUAL_NMIS', 'RESERVED_4', 'NMI_EXITING', 'RESERVED_2', 'RESERVED_1', 'EXT_INTR_EXITING'], { src: S02 }],
  ['PIN_BASED_VM_EXEC_CONTROL', '000000ff', ['POSTED_INTR', 'VMX_PREEMPTION_TIMER', 'VIRTUAL_NMIS', 'RESERVED_4', 'NMI_EXITING', 'RESERVED_2', 'RESERVED_1', 'EXT_INTR_EXITING'], { src: S01 }],
  ['PIN_BASED_VM_EXEC_CONTROL', '0000003f', ['VIRTUAL_NMIS', 'RESERVED_4', 'NMI_EXITING', 'RESERVED_2', 'RESERVED_1', 'EXT_INTR_EXITING'], { src: S03 }],
  // Primary controls 0xb5986dfa: bits 31 29 28 26 24 23 20 19 14 13 11 10 8 7 6 5 4 3 1.
  ['CPU_BASED_VM_EXEC_CONTROL', 'b5986dfa', ['ACTIVATE_SECONDARY_CONTROLS', 'MONITOR_EXITING', 'USE_MSR_BITMAPS', 'RESERVED_26', 'UNCOND_IO_EXITING', 'MOV_DR_EXITING', 'CR8_STORE_EXITING', 'CR8_LOAD_EXITING', 'RESERVED_14', 'RESERVED_13', 'RDPMC_EXITING', 'MWAIT_EXITING', 'RESERVED_8', 'HLT_EXITING', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'USE_TSC_OFFSETTING', 'RESERVED_1'], { src: S09 }],
  // Xen 0xb6a1edfa: bits 31 29 28 26 25 23 21 16 15 14 13 11 10 8 7 6 5 4 3 1 (I/O bitmaps, TPR shadow, CR3 load/store exiting).
  ['CPU_BASED_VM_EXEC_CONTROL', 'b6a1edfa', ['ACTIVATE_SECONDARY_CONTROLS', 'MONITOR_EXITING', 'USE_MSR_BITMAPS', 'RESERVED_26', 'USE_IO_BITMAPS', 'MOV_DR_EXITING', 'TPR_SHADOW', 'CR3_STORE_EXITING', 'CR3_LOAD_EXITING', 'RESERVED_14', 'RESERVED_13', 'RDPMC_EXITING', 'MWAIT_EXITING', 'RESERVED_8', 'HLT_EXITING', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'USE_TSC_OFFSETTING', 'RESERVED_1'], { src: S03 }],
  // Secondary 0x00032ce2: bits 17 16 13 11 10 7 6 5 1.
  ['SECONDARY_VM_EXEC_CONTROL', '00032ce2', ['ENABLE_PML', 'RDSEED_EXITING', 'ENABLE_VMFUNC', 'RDRAND_EXITING', 'PAUSE_LOOP_EXITING', 'UNRESTRICTED_GUEST', 'WBINVD_EXITING', 'ENABLE_VPID', 'ENABLE_EPT'], { src: S09 }],
  // 0x061017fa: bits 26 25 20 12 10 9 8 7 6 5 4 3 1.
  ['SECONDARY_VM_EXEC_CONTROL', '0x061017fa', ['ENABLE_USR_WAIT_PAUSE', 'TSC_SCALING', 'ENABLE_XSAVES', 'ENABLE_INVPCID', 'PAUSE_LOOP_EXITING', 'VIRTUAL_INTR_DELIVERY', 'APIC_REGISTER_VIRT', 'UNRESTRICTED_GUEST', 'WBINVD_EXITING', 'ENABLE_VPID', 'VIRTUALIZE_X2APIC_MODE', 'ENABLE_RDTSCP', 'ENABLE_EPT'], { src: S08 }],
  ['TERTIARY_VM_EXEC_CONTROL', '0x0000000000000000', [], { src: S07 }],
  ['TERTIARY_VM_EXEC_CONTROL', '0x10', ['IPI_VIRT']],
  ['TERTIARY_VM_EXEC_CONTROL', '0x80', ['VIRT_SPEC_CTRL']],
  // Exit controls 0x002befff: bits 21 19 17 16 15 14 13 11 10 9 8-0.
  ['VM_EXIT_CONTROLS', '002befff', ['LOAD_IA32_EFER', 'LOAD_IA32_PAT', 'RESERVED_17', 'RESERVED_16', 'ACK_INTR_ON_EXIT', 'RESERVED_14', 'RESERVED_13', 'RESERVED_11', 'RESERVED_10', 'HOST_ADDR_SPACE_SIZE', 'RESERVED_8', 'RESERVED_7', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'RESERVED_3', 'SAVE_DEBUG_CONTROLS', 'RESERVED_1', 'RESERVED_0'], { src: S01 }],
  // 0x00abefff adds bit 23 (clear IA32_BNDCFGS).
  ['VM_EXIT_CONTROLS', '00abefff', ['CLEAR_BNDCFGS', 'LOAD_IA32_EFER', 'LOAD_IA32_PAT', 'RESERVED_17', 'RESERVED_16', 'ACK_INTR_ON_EXIT', 'RESERVED_14', 'RESERVED_13', 'RESERVED_11', 'RESERVED_10', 'HOST_ADDR_SPACE_SIZE', 'RESERVED_8', 'RESERVED_7', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'RESERVED_3', 'SAVE_DEBUG_CONTROLS', 'RESERVED_1', 'RESERVED_0'], { src: S09 }],
  ['SECONDARY_VM_EXIT_CONTROLS', '0x3', ['LOAD_IA32_FRED', 'SAVE_IA32_FRED']],
  ['SECONDARY_VM_EXIT_CONTROLS', '0x8', ['PREMATURELY_BUSY_SHADOW_STACK']],
  // Entry controls 0x0001d3ff: bits 16 15 14 12 9 8-0.
  ['VM_ENTRY_CONTROLS', '0001d3ff', ['LOAD_BNDCFGS', 'LOAD_IA32_EFER', 'LOAD_IA32_PAT', 'RESERVED_12', 'IA32E_MODE', 'RESERVED_8', 'RESERVED_7', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'RESERVED_3', 'LOAD_DEBUG_CONTROLS', 'RESERVED_1', 'RESERVED_0'], { src: S09 }],
  // Xen 0x000011ff: the default-1 bits only (no IA-32e mode guest: real-mode BIOS start).
  ['VM_ENTRY_CONTROLS', '000011ff', ['RESERVED_12', 'RESERVED_8', 'RESERVED_7', 'RESERVED_6', 'RESERVED_5', 'RESERVED_4', 'RESERVED_3', 'LOAD_DEBUG_CONTROLS', 'RESERVED_1', 'RESERVED_0'], { src: S03 }],
  ['VM_FUNCTION_CONTROL', '0000000000000000', [], { src: S03 }],
  ['VM_FUNCTION_CONTROL', '0x1', ['EPTP_SWITCHING']],

  // Exit reason: bit 31 VM-entry failure, 15:0 basic reason.
  ['VM_EXIT_REASON', '80000021', ['FAILED_VMENTRY', 'BASIC=33 (VM-entry failure due to invalid guest state)'], { src: S02 }],
  ['VM_EXIT_REASON', '0x80000022', ['FAILED_VMENTRY', 'BASIC=34 (VM-entry failure due to MSR loading)']],
  ['VM_EXIT_REASON', '0x80000029', ['FAILED_VMENTRY', 'BASIC=41 (VM-entry failure due to machine-check event)']],
  ['VM_EXIT_REASON', '00000030', ['BASIC=48 (EPT violation)'], { src: S08 }],
  ['VM_EXIT_REASON', '0000000c', ['BASIC=12 (HLT)'], { src: S04 }],
  ['VM_EXIT_REASON', '00000000', ['BASIC=0 (Exception or non-maskable interrupt (NMI))'], { src: S07 }],
  ['VM_EXIT_REASON', '0x4000030', ['BUS_LOCK_DETECTED', 'BASIC=48 (EPT violation)']],
  ['VM_EXIT_REASON', '0x8000030', ['ENCLAVE_MODE', 'BASIC=48 (EPT violation)']],
  ['VM_EXIT_REASON', '0x30000006', ['SMI_FROM_VMX_ROOT', 'SMI_PENDING_MTF', 'BASIC=6 (Other SMI)']],
  // "(XEN) d2v0 VMLAUNCH error: 0x7" is the VM-instruction error.
  ['VM_INSTRUCTION_ERROR', '0x7', ['ERROR_NUMBER=7 (VM entry with invalid control field(s))'], { src: S03 }],
  ['VM_INSTRUCTION_ERROR', '0xc', ['ERROR_NUMBER=12 (VMREAD/VMWRITE from/to unsupported VMCS component)']],
  ['VM_INSTRUCTION_ERROR', '0x1c', ['ERROR_NUMBER=28 (Invalid operand to INVEPT/INVVPID)']],
  // Layouts of values that are not VMREAD fields.
  ['vmx-abort-indicator', '4', ['ABORT=4 (There was a failure on loading host MSRs)']],
  ['vmx-abort-indicator', '1', ['ABORT=1 (There was a failure in saving guest MSRs)']],
  ['vmcs-region-header', '0x80000004', ['SHADOW_VMCS', 'REVISION_ID=0x4']],
  ['vmcs-region-header', '0x00000004', ['REVISION_ID=0x4']],
  // 0x4402: width 2 (32-bit), type 1 (exit information), index 1, full.
  ['vmcs-field-encoding', '0x4402', ['WIDTH=2 (32-bit)', 'TYPE=1 (VM-exit information (read-only data))', 'INDEX=1', 'ACCESS_TYPE=0 (Full)']],
  // 0x201b: EPT_POINTER_HIGH: 64-bit control, index 13, high.
  ['vmcs-field-encoding', '0x201b', ['WIDTH=1 (64-bit)', 'TYPE=0 (Control)', 'INDEX=13', 'ACCESS_TYPE=1 (High)']],
  ['vmcs-field-encoding', '0x6c16', ['WIDTH=3 (Natural width)', 'TYPE=3 (Host state)', 'INDEX=11', 'ACCESS_TYPE=0 (Full)']],

  // Interruption information: 7:0 vector, 10:8 type, 11 error code, 31 valid.
  // 0x8000030d: valid hardware exception #GP without "deliver error code" (the cause of the VMLAUNCH error 7).
  ['VM_ENTRY_INTR_INFO_FIELD', '8000030d', ['VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=13 (#GP General Protection)'], { src: S03 }],
  // 0x000004e6: not valid; software interrupt INT 0xe6.
  ['VM_ENTRY_INTR_INFO_FIELD', '000004e6', [], { src: S02 }], // invalid: the other bits mean nothing (SDM: valid bit 31)
  ['VM_ENTRY_INTR_INFO_FIELD', '80000044', ['VALID', 'TYPE=0 (External interrupt)', 'VECTOR_EXT_INTR=0x44'], { src: S09 }],
  ['VM_ENTRY_INTR_INFO_FIELD', '00000020', [], { src: S04 }],
  ['VM_ENTRY_INTR_INFO_FIELD', '0x80000b0e', ['VALID', 'DELIVER_CODE', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=14 (#PF Page Fault)']],
  ['VM_ENTRY_INTR_INFO_FIELD', '0x80000700', ['VALID', 'TYPE=7 (Other event)', 'VECTOR_OTHER_EVENT=0 (Pending MTF VM exit)']],
  // 0x80000314: valid hardware exception #VE (vector 20), no error code.
  ['VM_EXIT_INTR_INFO', '80000314', ['VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=20 (#VE Virtualization Exception)'], { src: S07 }],
  ['VM_EXIT_INTR_INFO', '0x80000b0e', ['VALID', 'ERROR_CODE_VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=14 (#PF Page Fault)']],
  ['VM_EXIT_INTR_INFO', '0x80000300', ['VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=0 (#DE Divide Error)']],
  ['VM_EXIT_INTR_INFO', '0x80000202', ['VALID', 'TYPE=2 (Non-maskable interrupt (NMI))', 'VECTOR_NMI=2']],
  ['VM_EXIT_INTR_INFO', '0x80000603', ['VALID', 'TYPE=6 (Software exception)', 'VECTOR_SW_EXCEPTION=3 (#BP Breakpoint)']],
  ['VM_EXIT_INTR_INFO', '0x80000501', ['VALID', 'TYPE=5 (Privileged software exception)', 'VECTOR_PRIV_SW_EXCEPTION=1 (#DB Debug Exception)']],
  ['VM_EXIT_INTR_INFO', '0x80001b08', ['VALID', 'NMI_UNBLOCKING_DUE_TO_IRET', 'ERROR_CODE_VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=8 (#DF Double Fault)']],
  ['VM_EXIT_INTR_INFO', '00000000', [], { src: S01 }],
  // IDT-vectoring 0x80000b0d: #GP with an error code was being delivered.
  ['IDT_VECTORING_INFO_FIELD', '80000b0d', ['VALID', 'ERROR_CODE_VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=13 (#GP General Protection)'], { src: S03 }],
  ['IDT_VECTORING_INFO_FIELD', '800000ec', ['VALID', 'TYPE=0 (External interrupt)', 'VECTOR_EXT_INTR=0xec'], { src: S08 }],

  // #PF error-code mask/match (the error-code bits).
  ['PAGE_FAULT_ERROR_CODE_MASK', '00000000', [], { src: S01 }],
  ['PAGE_FAULT_ERROR_CODE_MATCH', '0x7', ['US', 'WR', 'P']],
  ['PAGE_FAULT_ERROR_CODE_MASK', '0x8015', ['SGX', 'ID', 'US', 'P']],
  ['PAGE_FAULT_ERROR_CODE_MATCH', '0x68', ['SS', 'PK', 'RSVD']],
  // Exception bitmap 0x00060042: #DB (1), #UD (6), #AC (17), #MC (18); 0x00160042 adds #VE (20).
  ['EXCEPTION_BITMAP', '00060042', ['MC', 'AC', 'UD', 'DB'], { src: S01 }],
  ['EXCEPTION_BITMAP', '00160042', ['VE', 'MC', 'AC', 'UD', 'DB'], { src: S07 }],
  ['EXCEPTION_BITMAP', '00060002', ['MC', 'AC', 'DB'], { src: S04 }],
  ['EXCEPTION_BITMAP', '0x4000', ['PF']],
  // Interruptibility 0x9: blocking by STI (0) and by NMI (3).
  ['GUEST_INTERRUPTIBILITY_INFO', '00000009', ['NMI', 'STI'], { src: S01 }],
  ['GUEST_INTERRUPTIBILITY_INFO', '00000000', [], { src: S02 }],
  ['GUEST_INTERRUPTIBILITY_INFO', '0x12', ['ENCLAVE_INTR', 'MOV_SS']],
  ['GUEST_ACTIVITY_STATE', '00000000', ['STATE=0 (Active)'], { src: S01 }],
  ['GUEST_ACTIVITY_STATE', '1', ['STATE=1 (HLT)']],
  ['GUEST_ACTIVITY_STATE', '3', ['STATE=3 (Wait-for-SIPI)']],
  ['GUEST_PENDING_DBG_EXCEPTIONS', '0x0000000000000000', [], { src: S01 }],
  ['GUEST_PENDING_DBG_EXCEPTIONS', '0x4000', ['BS']],
  ['GUEST_PENDING_DBG_EXCEPTIONS', '0x11001', ['RTM', 'ENABLED_BREAKPOINT', 'B0']],

  // Segment access rights: 3:0 type, 4 S, 6:5 DPL, 7 P, 12 AVL, 13 L, 14 D/B, 15 G, 16 unusable.
  // 0xa09b: 64-bit code, execute/read accessed, DPL 0, present, G.
  ['GUEST_CS_AR_BYTES', '0x0a09b', ['G', 'L', 'P', 'DPL=0', 'S=1 (Code or data)', 'TYPE_CODE_DATA=11 (Code, execute/read, accessed)'], { src: S07 }],
  // 0xc093: data read/write accessed, DPL 0, present, D/B, G.
  ['GUEST_DS_AR_BYTES', '0x0c093', ['G', 'DB', 'P', 'DPL=0', 'S=1 (Code or data)', 'TYPE_CODE_DATA=3 (Data, read/write, accessed)'], { src: S07 }],
  // 0x8b: busy 64-bit TSS, present.
  ['GUEST_TR_AR_BYTES', '0x0008b', ['P', 'DPL=0', 'S=0 (System)', 'TYPE_SYSTEM=11 (32-bit TSS (busy) / 64-bit TSS (busy))'], { src: S01 }],
  // 0x10000: unusable (null LDTR).
  ['GUEST_LDTR_AR_BYTES', '0x10000', ['UNUSABLE', 'DPL=0', 'S=0 (System)', 'TYPE_SYSTEM=0 (Reserved)'], { src: S01 }],
  ['GUEST_LDTR_AR_BYTES', '0x00082', ['P', 'DPL=0', 'S=0 (System)', 'TYPE_SYSTEM=2 (LDT)'], { src: S02 }],
  // 0x40fb: 32-bit code (D/B), DPL 3, execute/read accessed, byte granularity.
  ['GUEST_CS_AR_BYTES', '0x040fb', ['DB', 'P', 'DPL=3', 'S=1 (Code or data)', 'TYPE_CODE_DATA=11 (Code, execute/read, accessed)'], { src: S02 }],
  ['GUEST_DS_AR_BYTES', '0x0c0f2', ['G', 'DB', 'P', 'DPL=3', 'S=1 (Code or data)', 'TYPE_CODE_DATA=2 (Data, read/write)'], { src: S02 }],
  ['GUEST_FS_AR_BYTES', '1c000', ['UNUSABLE', 'G', 'DB', 'DPL=0', 'S=0 (System)', 'TYPE_SYSTEM=0 (Reserved)'], { src: S04 }],
  ['GUEST_TR_AR_BYTES', '0x10021', ['UNUSABLE', 'DPL=1', 'S=0 (System)', 'TYPE_SYSTEM=1 (16-bit TSS (available))'], { src: S09 }],
  ['GUEST_CS_AR_BYTES', '0x9b', ['P', 'DPL=0', 'S=1 (Code or data)', 'TYPE_CODE_DATA=11 (Code, execute/read, accessed)'], { src: S14 }],
  ['GUEST_ES_AR_BYTES', '0x1000', ['AVL', 'DPL=0', 'S=0 (System)', 'TYPE_SYSTEM=0 (Reserved)']],

  // EPTP 0x11aa2d01e: WB (2:0 = 6), 4-level (5:3 = 3), root 0x11aa2d000.
  ['EPT_POINTER', '0x000000011aa2d01e', ['ROOT_ADDRESS=0x000011aa2d000', 'PAGE_WALK_LENGTH=3 (4-level EPT (page-walk length 4))', `MEMORY_TYPE=6 (${EPT_WB})`], { src: S01 }],
  // 0x5fcec605e: also bit 6, accessed and dirty flags.
  ['EPT_POINTER', '0x00000005fcec605e', ['ROOT_ADDRESS=0x00005fcec6000', 'AD_ENABLE', 'PAGE_WALK_LENGTH=3 (4-level EPT (page-walk length 4))', `MEMORY_TYPE=6 (${EPT_WB})`], { src: S02 }],
  ['EPT_POINTER', '0x1000026', ['ROOT_ADDRESS=0x0000001000000', 'PAGE_WALK_LENGTH=4 (5-level EPT (page-walk length 5))', `MEMORY_TYPE=6 (${EPT_WB})`]],
  // PAT 0x0007040600070406, the power-on default: WB, WT, UC-, UC twice (PA0 is the low byte).
  ['GUEST_IA32_PAT', '0x0007040600070406', [`PA7=0 (${UC})`, `PA6=7 (${UCM})`, `PA5=4 (${WT})`, `PA4=6 (${WB})`, `PA3=0 (${UC})`, `PA2=7 (${UCM})`, `PA1=4 (${WT})`, `PA0=6 (${WB})`], { src: S02 }],
  // Linux's PAT 0x0407050600070106: WB, WC, UC-, UC, WB, WP, UC-, WT.
  ['HOST_IA32_PAT', '0x0407050600070106', [`PA7=4 (${WT})`, `PA6=7 (${UCM})`, `PA5=5 (Write Protected (WP))`, `PA4=6 (${WB})`, `PA3=0 (${UC})`, `PA2=7 (${UCM})`, `PA1=1 (Write Combining (WC))`, `PA0=6 (${WB})`], { src: S01 }],

  // CR0 0x80000031: PG, NE, ET, PE.
  ['GUEST_CR0', '0x0000000080000031', ['PG', 'NE', 'ET', 'PE'], { src: S02 }],
  // 0x50032 (guest in SMM, real mode): AM, WP, NE, ET, MP.
  ['GUEST_CR0', '0x0000000000050032', ['AM', 'WP', 'NE', 'ET', 'MP'], { src: S01 }],
  ['HOST_CR0', '0000000080050033', ['PG', 'AM', 'WP', 'NE', 'ET', 'MP', 'PE'], { src: S03 }],
  ['CR0_READ_SHADOW', '0x0000000060000010', ['CD', 'NW', 'ET'], { src: S03 }],
  ['CR0_READ_SHADOW', '0x00000000e0000031', ['PG', 'CD', 'NW', 'NE', 'ET', 'PE'], { src: S02 }],
  ['GUEST_CR0', '0x8', ['TS']],
  // CR3: root address in 51:12; PWT 3, PCD 4; LAM_U48 62.
  ['GUEST_CR3', '0x000000000a709000', ['ROOT_ADDRESS=0x000000a709000'], { src: S02 }],
  ['GUEST_CR3', '0x1000018', ['ROOT_ADDRESS=0x0000001000000', 'PCD', 'PWT']],
  ['GUEST_CR3', '0x4000000000001000', ['LAM_U48', 'ROOT_ADDRESS=0x0000000001000']],
  // Host CR4 has PCIDE: CR3 bits 11:0 are the PCID (4) - not a fault, and not an unknown bit.
  ['HOST_CR3', '00000001226c8004', ['ROOT_ADDRESS=0x00001226c8000', 'IGNORED_2_0=0x4 (bit 2 set)'], { src: S01 }],
  // CR4 0x2040: VMXE, MCE; 0x2041 adds VME.
  ['GUEST_CR4', '0x0000000000002040', ['VMXE', 'MCE'], { src: S01 }],
  ['GUEST_CR4', '0x0000000000002041', ['VMXE', 'MCE', 'VME'], { src: S02 }],
  // 0x752ef0: bits 22 21 20 18 16 13 11 10 9 7 6 5 4.
  ['GUEST_CR4', '0x0000000000752ef0', ['PKE', 'SMAP', 'SMEP', 'OSXSAVE', 'FSGSBASE', 'VMXE', 'UMIP', 'OSXMMEXCPT', 'OSFXSR', 'PGE', 'MCE', 'PAE', 'PSE'], { src: S08 }],
  // 0x1726e0: bits 20 18 17 16 13 10 9 7 6 5.
  ['HOST_CR4', '00000000001726e0', ['SMEP', 'OSXSAVE', 'PCIDE', 'FSGSBASE', 'VMXE', 'OSXMMEXCPT', 'OSFXSR', 'PGE', 'MCE', 'PAE'], { src: S01 }],
  // 0x4164: bits 14 8 6 5 2.
  ['CR4_READ_SHADOW', '0x0000000000004164', ['SMXE', 'PCE', 'MCE', 'PAE', 'TSD'], { src: S12 }],
  ['GUEST_CR4', '0x100000000', ['FRED']],
  // EFER 0xd01: NXE 11, LMA 10, LME 8, SCE 0; 0x500: LMA, LME.
  ['HOST_IA32_EFER', '0x0000000000000d01', ['NXE', 'LMA', 'LME', 'SCE'], { src: S02 }],
  ['GUEST_IA32_EFER', '0x0000000000000500', ['LMA', 'LME'], { src: S07 }],
  ['GUEST_IA32_EFER', '0x0000000000000001', ['SCE'], { src: S12 }],
  // RFLAGS 0x80202: VIF (19), IF (9), bit 1 (always 1); IOPL (13:12) always shown.
  ['GUEST_RFLAGS', '0x00080202', ['VIF', 'IOPL=0', 'IF', 'RESERVED_1'], { src: S02 }],
  // 0x10097: RF, SF, AF, PF, bit 1, CF.
  ['GUEST_RFLAGS', '0x00010097', ['RF', 'IOPL=0', 'SF', 'AF', 'PF', 'RESERVED_1', 'CF'], { src: S07 }],
  ['GUEST_RFLAGS', '0x3002', ['IOPL=3', 'RESERVED_1']],
  // DR7 0x400: only bit 10 (always 1); 0x60a: GE, G1, G0 with instruction breakpoints of 1 byte.
  ['GUEST_DR7', '0x0000000000000400', [...DR7_LEN_RW_IDLE, 'LEN0=0 (1 byte)', 'RW0=0 (Instruction execution only)', 'RESERVED_10'], { src: S01 }],
  ['GUEST_DR7', '0x000000000000060a', [...DR7_LEN_RW_IDLE, 'LEN0=0 (1 byte)', 'RW0=0 (Instruction execution only)', 'RESERVED_10', 'GE', 'G1', 'G0'], { src: S08 }],
  // 0xd0402: breakpoint 0 on data writes (R/W0 = 01) of 4 bytes (LEN0 = 11), G0.
  ['GUEST_DR7', '0xd0402', [...DR7_LEN_RW_IDLE, 'LEN0=3 (4 bytes)', 'RW0=1 (Data writes only)', 'RESERVED_10', 'G0']],
  ['GUEST_IA32_DEBUGCTL', '0x0000000000000000', [], { src: S01 }],
  ['GUEST_IA32_DEBUGCTL', '0x3', ['BTF', 'LBR']],
  ['GUEST_IA32_DEBUGCTL', '0x4000', ['FREEZE_IN_SMM']],
  // Guest interrupt status: RVI 7:0, SVI 15:8 ("SVI|RVI = 00|2f" in the same dump).
  ['GUEST_INTR_STATUS', '002f', ['SVI=0x0', 'RVI=0x2f'], { src: S01 }],
  ['GUEST_INTR_STATUS', 'ec00', ['SVI=0xec', 'RVI=0x0'], { src: S08 }],

  // Exit qualifications, by exit reason.
  // #DB (reason 0, vector 1): B1 and BS.
  ['EXIT_QUALIFICATION', '0x4002', ['BS', 'B1'], { reason: '0', vector: 1 }],
  ['EXIT_QUALIFICATION', '0x2000', ['BD'], { reason: '0', vector: 1 }],
  // #PF (reason 0, vector 14): the faulting linear address.
  ['EXIT_QUALIFICATION', '0xffffffff80000000', ['LINEAR_ADDRESS=0xffffffff80000000'], { reason: '0', vector: 14 }],
  ['EXIT_QUALIFICATION', '0x1000', ['LINEAR_ADDRESS=0x0000000000001000'], { reason: 'EXCEPTION_NMI', vector: 14 }],
  // Task switch through a task gate in the IDT (31:30 = 3) to TSS selector 0x50.
  ['EXIT_QUALIFICATION', '0xc0000050', ['SOURCE=3 (Task gate in IDT)', 'TSS_SELECTOR=0x50'], { reason: '9' }],
  ['EXIT_QUALIFICATION', '0x40000028', ['SOURCE=1 (IRET instruction)', 'TSS_SELECTOR=0x28'], { reason: 'TASK_SWITCH' }],
  // CR access 0x4: MOV to CR4 from RAX; 0x113: MOV from CR3 to RCX; 0xf08: MOV to CR8 from R15.
  ['EXIT_QUALIFICATION', '0x4', ['GPR_MOV_TO_CR=0 (RAX)', 'ACCESS_TYPE=0 (MOV to CR)', 'CR_NUMBER=4 (CR4)'], { reason: '28' }],
  ['EXIT_QUALIFICATION', '0x113', ['GPR_MOV_FROM_CR=1 (RCX)', 'ACCESS_TYPE=1 (MOV from CR)', 'CR_NUMBER=3 (CR3)'], { reason: '28' }],
  ['EXIT_QUALIFICATION', '0xf08', ['GPR_MOV_TO_CR=15 (R15)', 'ACCESS_TYPE=0 (MOV to CR)', 'CR_NUMBER=8 (CR8)'], { reason: 'CR_ACCESS' }],
  // CLTS (5:4 = 2); LMSW from a register with source data 0x11 (31:16).
  ['EXIT_QUALIFICATION', '0x20', ['ACCESS_TYPE=2 (CLTS)', 'CR_NUMBER=0 (CR0)'], { reason: '28' }],
  ['EXIT_QUALIFICATION', '0x00110030', ['LMSW_SOURCE_DATA=0x11', 'LMSW_OPERAND_TYPE=0 (Register)', 'ACCESS_TYPE=3 (LMSW)', 'CR_NUMBER=0 (CR0)'], { reason: '28' }],
  ['EXIT_QUALIFICATION', '0x00010070', ['LMSW_SOURCE_DATA=0x1', 'LMSW_OPERAND_TYPE=1 (Memory)', 'ACCESS_TYPE=3 (LMSW)', 'CR_NUMBER=0 (CR0)'], { reason: '28' }],
  // MOV DR: 0x107 MOV to DR7 from RCX; 0x216 MOV from DR6 to RDX.
  ['EXIT_QUALIFICATION', '0x107', ['GPR=1 (RCX)', 'DIRECTION=0 (MOV to DR)', 'DR_NUMBER=7 (DR7)'], { reason: '29' }],
  ['EXIT_QUALIFICATION', '0x216', ['GPR=2 (RDX)', 'DIRECTION=1 (MOV from DR)', 'DR_NUMBER=6 (DR6)'], { reason: 'DR_ACCESS' }],
  // I/O: 0x03f80000 OUT DX, AL to port 0x3f8; 0x00710048 IN AL, 0x71 (immediate); 0x01f00031 REP OUTSW to port 0x1f0.
  ['EXIT_QUALIFICATION', '0x03f80000', ['PORT=0x3f8', 'OPERAND_ENCODING=0 (DX)', 'DIRECTION=0 (OUT)', 'SIZE=0 (1 byte)'], { reason: '30' }],
  ['EXIT_QUALIFICATION', '0x00710048', ['PORT=0x71', 'OPERAND_ENCODING=1 (Immediate)', 'DIRECTION=1 (IN)', 'SIZE=0 (1 byte)'], { reason: '30' }],
  ['EXIT_QUALIFICATION', '0x01f00031', ['PORT=0x1f0', 'OPERAND_ENCODING=0 (DX)', 'REP', 'STRING', 'DIRECTION=0 (OUT)', 'SIZE=1 (2 bytes)'], { reason: 'IO_INSTRUCTION' }],
  ['EXIT_QUALIFICATION', '0x0cfc000b', ['PORT=0xcfc', 'OPERAND_ENCODING=0 (DX)', 'DIRECTION=1 (IN)', 'SIZE=3 (4 bytes)'], { reason: '30' }],
  // I/O SMI (reason 5): the same format, for the I/O instruction before the SMI.
  ['EXIT_QUALIFICATION', '0x00b20040', ['PORT=0xb2', 'OPERAND_ENCODING=1 (Immediate)', 'DIRECTION=0 (OUT)', 'SIZE=0 (1 byte)'], { reason: '5' }],
  // APIC access: data write to offset 0x300 (ICR); data read at 0xb0; guest-physical access during event delivery.
  ['EXIT_QUALIFICATION', '0x1300', ['ACCESS_TYPE=1 (Linear access for a data write during instruction execution)', 'OFFSET=0x300'], { reason: '44' }],
  ['EXIT_QUALIFICATION', '0xb0', ['ACCESS_TYPE=0 (Linear access for a data read during instruction execution)', 'OFFSET=0xb0'], { reason: '44' }],
  ['EXIT_QUALIFICATION', '0xa000', ['ACCESS_TYPE=10 (Guest-physical access during event delivery)', 'OFFSET=0x0'], { reason: 'APIC_ACCESS' }],
  // EPT violation 0x83: data read + write, linear address valid, access to a paging-structure entry (bit 8 = 0).
  ['EXIT_QUALIFICATION', '0x83', ['GVA_TRANSLATED=0 (Access to a paging-structure entry)', 'GVA_IS_VALID', 'ACC_WRITE', 'ACC_READ'], { reason: '48' }],
  // With bit 8 set, bits 9-11 (advanced information: user-mode address, read/write page,
  // execute-disable page) are meaningful and shown when clear too.
  // 0x181: data read of the translated linear address; the translation is not readable (not present).
  ['EXIT_QUALIFICATION', '0000000000000181', ['GVA_TRANSLATED=1 (Access to the translated linear address)', 'GVA_IS_VALID', 'ACC_READ'], { reason: '0x30', src: S03 }],
  // 0x981: the same, and (advanced information) the page is execute-disable.
  ['EXIT_QUALIFICATION', '0000000000000981', ['GVA_XD', 'GVA_TRANSLATED=1 (Access to the translated linear address)', 'GVA_IS_VALID', 'ACC_READ'], { reason: '48', src: S08 }],
  ['EXIT_QUALIFICATION', '0x184', ['GVA_TRANSLATED=1 (Access to the translated linear address)', 'GVA_IS_VALID', 'ACC_INSTR'], { reason: 'EPT_VIOLATION' }],
  // 0x17aa: data write to a user-mode, read/write page (advanced information) whose EPT
  // translation is readable and executable but not writable; NMI unblocking due to IRET.
  ['EXIT_QUALIFICATION', '0x17aa', ['NMI_UNBLOCKING', 'GVA_WRITABLE', 'GVA_USER', 'GVA_TRANSLATED=1 (Access to the translated linear address)', 'GVA_IS_VALID', 'PROT_EXEC', 'PROT_READ', 'ACC_WRITE'], { reason: 'EPT violation' }],
  ['EXIT_QUALIFICATION', '0x2', ['ACC_WRITE'], { reason: '48' }],
  // EPT misconfiguration, HLT, ...: no qualification.
  ['EXIT_QUALIFICATION', '0', [], { reason: '49' }],
  ['EXIT_QUALIFICATION', '0000000000000000', [], { reason: '0xc', src: S04 }],
  ['EXIT_QUALIFICATION', '0', [], { reason: '10' }],
  ['EXIT_QUALIFICATION', '0x1234', ['RAW=0x1234'], { reason: '76' }],
  ['EXIT_QUALIFICATION', '0xffffffff81000000', ['LINEAR_ADDRESS=0xffffffff81000000'], { reason: 'INVLPG' }],
  ['EXIT_QUALIFICATION', '0x8', ['DISPLACEMENT=0x8'], { reason: 'VMPTRLD' }],
  ['EXIT_QUALIFICATION', '0xfffffffffffffff8', ['DISPLACEMENT=0xfffffffffffffff8'], { reason: '50' }],
  ['EXIT_QUALIFICATION', '0x9a', ['SIPI_VECTOR=0x9a'], { reason: '4' }],
  // Invalid guest state (reason 33), as in every "reason=80000021 qualification=0" dump.
  ['EXIT_QUALIFICATION', '0000000000000000', ['ENTRY_FAIL_CODE=0 (Default (no further information))'], { reason: '33', src: S09 }],
  ['EXIT_QUALIFICATION', '0x2', ['ENTRY_FAIL_CODE=2 (Failure was due to a problem loading the PDPTEs)'], { reason: '33' }],
  ['EXIT_QUALIFICATION', '0x4', ['ENTRY_FAIL_CODE=4 (Failure was due to an invalid VMCS link pointer)'], { reason: '33' }],
  ['EXIT_QUALIFICATION', '0x3', ['ENTRY_FAIL_CODE=3 (Failure was due to an attempt to inject a non-maskable interrupt (NMI) into a guest that is blocking events through the STI blocking bit)'], { reason: '33' }],
  // MSR loading (reason 34): the 1-based index of the failing entry, decimal.
  ['EXIT_QUALIFICATION', '0x10', ['ENTRY_INDEX=16'], { reason: '34' }],
  ['EXIT_QUALIFICATION', '0x1', ['MONITOR_ARMED'], { reason: '36' }],
  ['EXIT_QUALIFICATION', '0xec', ['VECTOR=0xec'], { reason: '45' }],
  ['EXIT_QUALIFICATION', '0x380', ['OFFSET=0x380'], { reason: 'APIC_WRITE' }],
  ['EXIT_QUALIFICATION', '0x1000', ['NMI_UNBLOCKING'], { reason: '62' }],
  ['EXIT_QUALIFICATION', '0x800', ['SPP_MISS=1 (SPP miss)'], { reason: '66' }],
  ['EXIT_QUALIFICATION', '0x1000', ['NMI_UNBLOCKING', 'SPP_MISS=0 (SPP misconfiguration)'], { reason: '66' }],
  ['EXIT_QUALIFICATION', '0x1', ['CONTEXT_INVALID'], { reason: '75' }],
  ['EXIT_QUALIFICATION', '0xc0000080', ['MSR_INDEX=0xc0000080'], { reason: '84' }],

  // Instruction information, by exit reason.
  // VMREAD RAX, RDX (register form): reg1 RAX (6:3), bit 10, reg2 RDX (31:28).
  ['VMX_INSTRUCTION_INFO', '0x20000400', ['REG2=2 (RDX)', 'MEM_REG=1 (Register)', 'REG1=0 (RAX)'], { reason: '23' }],
  // VMREAD [RBX+RSI*8], RCX in 64-bit code: scale 3, address size 2, DS, index RSI, base RBX, reg2 RCX.
  ['VMX_INSTRUCTION_INFO', '0x11998103', ['REG2=1 (RCX)', 'BASE_REG=3 (RBX)', 'INDEX_REG=6 (RSI)', 'SEGMENT=3 (DS)', 'MEM_REG=0 (Memory)', 'ADDRESS_SIZE=2 (64-bit)', 'SCALING=3 (Scale by 8)'], { reason: 'VMWRITE' }],
  // VMPTRLD [RAX]: 64-bit addressing, DS, no index, base RAX.
  ['VMX_INSTRUCTION_INFO', '0x418100', ['BASE_REG=0 (RAX)', 'INDEX_REG_INVALID', 'SEGMENT=3 (DS)', 'ADDRESS_SIZE=2 (64-bit)'], { reason: '21' }],
  // VMXON [RDX*2+disp32] with 32-bit addressing, SS: no base register, index RDX scaled by 2.
  ['VMX_INSTRUCTION_INFO', '0x8090081', ['BASE_REG_INVALID', 'INDEX_REG=2 (RDX)', 'SEGMENT=2 (SS)', 'ADDRESS_SIZE=1 (32-bit)', 'SCALING=1 (Scale by 2)'], { reason: 'VMXON' }],
  // OUTSB from DS with 64-bit addressing; INSB (always ES).
  ['VMX_INSTRUCTION_INFO', '0x18100', ['SEGMENT=3 (DS)', 'ADDRESS_SIZE=2 (64-bit)'], { reason: '30' }],
  ['VMX_INSTRUCTION_INFO', '0x100', ['SEGMENT=0 (ES)', 'ADDRESS_SIZE=2 (64-bit)'], { reason: '30' }],
  // LIDT [RDI]: identity 3, base RDI, no index, DS, 64-bit addressing.
  ['VMX_INSTRUCTION_INFO', '0x33c18100', ['INSTRUCTION=3 (LIDT)', 'BASE_REG=7 (RDI)', 'INDEX_REG_INVALID', 'SEGMENT=3 (DS)', 'OPERAND_SIZE=0 (16-bit)', 'ADDRESS_SIZE=2 (64-bit)'], { reason: '46' }],
  // LTR AX (register form).
  ['VMX_INSTRUCTION_INFO', '0x30000400', ['INSTRUCTION=3 (LTR)', 'MEM_REG=1 (Register)', 'REG1=0 (RAX)'], { reason: '47' }],
  // INVEPT RCX, [RSP]: reg2 RCX, base RSP, no index, SS, 64-bit addressing.
  ['VMX_INSTRUCTION_INFO', '0x12410100', ['REG2=1 (RCX)', 'BASE_REG=4 (RSP)', 'INDEX_REG_INVALID', 'SEGMENT=2 (SS)', 'ADDRESS_SIZE=2 (64-bit)'], { reason: 'INVEPT' }],
  // RDRAND EAX (32-bit operand); RDSEED R9 (64-bit).
  ['VMX_INSTRUCTION_INFO', '0x800', ['OPERAND_SIZE=1 (32-bit)', 'REG1=0 (RAX)'], { reason: '57' }],
  ['VMX_INSTRUCTION_INFO', '0x1048', ['OPERAND_SIZE=2 (64-bit)', 'REG1=9 (R9)'], { reason: 'RDSEED' }],
  // RDMSR RDX, imm32 (reason 84): the register in 6:3.
  ['VMX_INSTRUCTION_INFO', '0x10', ['REG1=2 (RDX)'], { reason: '84' }],
  // Fixes from docs/fidelity-audit.md, one or more cases each (value in, names out, no warning where none is due).
  // E1: reason 32 is WRMSR (qualification 0) or WRMSRNS (1) (Linux commit ead4dac16de2, Bochs msr.cc).
  ['EXIT_QUALIFICATION', '0x0', ['WRMSRNS=0 (WRMSR)'], { reason: '32' }],
  ['EXIT_QUALIFICATION', '0x1', ['WRMSRNS=1 (WRMSRNS)'], { reason: 'WRMSR' }],
  ['EXIT_QUALIFICATION', '0x3', ['RESERVED_63_1=0x1 (bit 1 set)', 'WRMSRNS=1 (WRMSRNS)'], { reason: '32', diagnostics: ['reserved-bit-set'] }],
  // E2: tertiary bit 5 (SEAM guest physical-address width, SDM Oct 2025 Table 26-8); E3: entry bit 25 (allow SEAM guest telemetry, Table 26-17).
  ['TERTIARY_VM_EXEC_CONTROL', '0x20', ['SEAM_GUEST_PA_WIDTH']],
  ['VM_ENTRY_CONTROLS', '0x02000000', ['ALLOW_SEAM_GUEST_TELEMETRY']],
  ['VM_ENTRY_CONTROLS', '0x04000000', ['RESERVED_31_26=0x1 (bit 26 set)'], { diagnostics: ['reserved-bit-set'] }],
  // E4: the displacement qualification (INVLPG-like operands: reason 19 VMCLEAR) is a plain 64-bit value, 0 when there is none.
  ['EXIT_QUALIFICATION', '0xfffffffffffffff8', ['DISPLACEMENT=0xfffffffffffffff8'], { reason: '19' }],
  // E5: PML full: only bit 12 is defined; the other bits are undefined, never a warning.
  ['EXIT_QUALIFICATION', '0x1fff', ['NMI_UNBLOCKING', 'UNDEFINED_11_0=0xfff (bits 11:0 set)'], { reason: '62' }],
  ['EXIT_QUALIFICATION', '0xffffffffffffe000', ['UNDEFINED_63_13=0x7ffffffffffff (bits 63:13 set)'], { reason: 'PML_FULL' }],
  // W1: the EPTP table's own words; W2: interruption type 1 is "Reserved", not unknown.
  ['EPT_POINTER', '0x18', ['ROOT_ADDRESS=0x0000000000000', 'PAGE_WALK_LENGTH=3 (4-level EPT (page-walk length 4))', 'MEMORY_TYPE=0 (Uncacheable (UC))']],
  ['VM_EXIT_INTR_INFO', '0x80000100', ['VALID', 'TYPE=1 (Reserved)', 'VECTOR_RESERVED_TYPE=0x0']],
  // W3: type 7 vector 0 (pending MTF) exists only for VM entry.
  ['VM_ENTRY_INTR_INFO_FIELD', '0x80000700', ['VALID', 'TYPE=7 (Other event)', 'VECTOR_OTHER_EVENT=0 (Pending MTF VM exit)']],
  ['VM_EXIT_INTR_INFO', '0x80000701', ['VALID', 'TYPE=7 (Other event)', 'VECTOR_OTHER_EVENT=1 (SYSCALL (FRED))']],
  ['IDT_VECTORING_INFO_FIELD', '0x80000700', ['VALID', 'TYPE=7 (Other event)', 'VECTOR_OTHER_EVENT=0 (0 (unknown to this table))'], { diagnostics: ['unknown-value'] }],
  // Gaps the audit listed (G1-G16), decoded now. Error codes by the vector of their event (G6):
  // #GP with selector 0x18 (index 3, GDT); #TS from an external event on IDT entry 0x20; #PF write to a
  // non-present user page; #CP from a missing ENDBRANCH in an enclave; #DF/#AC error codes are 0.
  ['VM_EXIT_INTR_ERROR_CODE', '0x18', ['INDEX=0x3'], { vector: 13 }],
  ['IDT_VECTORING_ERROR_CODE', '0x103', ['INDEX=0x20', 'IDT', 'EXT'], { vector: 10 }],
  ['VM_ENTRY_EXCEPTION_ERROR_CODE', '0x6', ['US', 'WR'], { vector: 14 }],
  ['VM_EXIT_INTR_ERROR_CODE', '0x8003', ['ENCL', 'CPEC=3 (ENDBRANCH (missing ENDBR32/ENDBR64))'], { vector: 21 }],
  ['VM_EXIT_INTR_ERROR_CODE', '0x0', [], { vector: 8 }],
  // FRED event data (G7): CR2 for #PF, XFD_ERR for #NM, DR6-style for #DB.
  ['ORIGINAL_EVENT_DATA', '0x7f0000001000', ['LINEAR_ADDRESS=0x00007f0000001000'], { vector: 14 }],
  ['INJECTED_EVENT_DATA', '0x40000', ['XFD_ERR=0x40000'], { vector: 7 }],
  ['INJECTED_EVENT_DATA', '0x4001', ['BS', 'B0'], { vector: 1 }],
  // EPT entries (G9): a 4-KByte WB leaf with RWX, A/D and suppress #VE; a table reference; memory type 7 is a misconfiguration.
  ['EPT_ENTRY', '0x800000010f3c9377', ['SUPPRESS_VE', 'ADDRESS=0x000010f3c9000', 'D', 'A', 'IPAT', 'MEMORY_TYPE=6 (Write Back (WB))', 'X', 'W', 'R']],
  ['EPT_ENTRY', '0x12345007', ['ADDRESS=0x0000012345000', 'MEMORY_TYPE=0 (Uncacheable (UC))', 'X', 'W', 'R']],
  ['EPT_ENTRY', '0x3b', ['ADDRESS=0x0000000000000', 'MEMORY_TYPE=7 (7 (unknown to this table))', 'W', 'R'], { diagnostics: ['unknown-value'] }],
  // the MSR-area entry (G3), given as its parts in memory order (index, reserved, data)
  ['MSR_ENTRY', '0x600 0 0xfffffe5926da0000', ['MSR_DATA=0xfffffe5926da0000', 'MSR_INDEX=0x600']],
  // posted-interrupt descriptor (G4): vectors 0x31 and 0xec posted, ON, NV 0xf2, NDST 0x3 (x2APIC)
  ['PI_DESC', '0x2000000000000 0 0 0x100000000000 0x300f20001 0 0 0', ['NDST=0x3', 'NV=0xf2', 'ON', 'PIR=0x100000000000000000000000000000000000000000000002000000000000 (0x31, 0xec)']],
  // PID-pointer table entry (G5)
  ['PID_POINTER_ENTRY', '0x12345641', ['PID_ADDRESS=0x0000012345640', 'VALID']],
  // #VE information area (G10), as KVM's ve_info line prints it
  ['VE_INFO', '0x30 0xffffffff 0x6ab 0xffffffff80000000 0x109fff8 0', ['EPTP_INDEX=0', 'GUEST_PHYSICAL_ADDRESS=0x109fff8', 'GUEST_LINEAR_ADDRESS=0xffffffff80000000', 'EXIT_QUALIFICATION=0x6ab', 'BUSY=0xffffffff', 'EXIT_REASON=48 (EPT violation)']],
  // scalars with units (G12)
  ['VMX_PREEMPTION_TIMER_VALUE', '0x1000', ['VALUE=4096']],
  ['PLE_GAP', '0x80', ['PLE_GAP=128']],
  ['PLE_WINDOW', '0x1000', ['PLE_WINDOW=4096']],
  ['NOTIFY_WINDOW', '0x0', ['WINDOW=0']],
  ['TPR_THRESHOLD', '0x5', ['THRESHOLD=5']],
  ['TPR_THRESHOLD', '0x15', ['RESERVED_31_4=0x1 (bit 4 set)', 'THRESHOLD=5'], { diagnostics: ['reserved-bit-set'] }],
  ['LAST_PID_POINTER_INDEX', '0xff', ['LAST_INDEX=255']],
  // bitmaps (G15)
  ['EOI_EXIT_BITMAP0', '0x8000000000000001', ['VECTORS=0x8000000000000001 (0x0, 0x3f)']],
  ['EOI_EXIT_BITMAP3', '0x1000', ['VECTORS=0x1000 (0xcc)']],
  ['EOI_EXIT_BITMAP1', '0x0', ['VECTORS=0x0 (none)']],
  ['EOI_EXIT_BITMAP2', '0x2', ['VECTORS=0x2 (0x81)']],
  ['ENCLS_EXITING_BITMAP', '0x8000000000000005', ['LEAVES=0x8000000000000005 (0 ECREATE, 2 EINIT, 63 (every leaf 63 and above))']],
  ['ENCLV_EXITING_BITMAP', '0x4', ['LEAVES=0x4 (2 ESETCONTEXT)']],
  ['PCONFIG_EXITING_BITMAP', '0x1', ['LEAVES=0x1 (0 MKTME_KEY_PROGRAM)']],
  ['XSS_EXIT_BITMAP', '0x1900', ['XSS_BITS=0x1900 (8 PT, 11 CET_U, 12 CET_S)']],
  // MSR-valued guest/host fields (G11, G7, G8)
  ['GUEST_S_CET', '0x5', ['EB_LEG_BITMAP_BASE=0x0000000000000000', 'ENDBR_EN', 'SH_STK_EN']],
  ['HOST_IA32_PKRS', '0x6', ['AD1', 'WD0']],
  ['GUEST_IA32_SPEC_CTRL', '0x405', ['BHI_DIS_S', 'SSBD', 'IBRS']],
  ['GUEST_IA32_PERF_GLOBAL_CTRL', '0x70000000f', ['EN_FIXED_CTR=0x7 (0, 1, 2)', 'EN_PMC=0xf (0, 1, 2, 3)']],
  ['GUEST_IA32_RTIT_CTL', '0x2009', ['ADDR3_CFG=0', 'ADDR2_CFG=0', 'ADDR1_CFG=0', 'ADDR0_CFG=0', 'PSBFREQ=0', 'CYCTHRESH=0', 'MTCFREQ=0', 'BRANCHEN', 'USER', 'TRACEEN']],
  ['GUEST_IA32_LBR_CTL', '0x7f000f', ['OTHER_BRANCH', 'NEAR_RET', 'NEAR_IND_CALL', 'NEAR_REL_CALL', 'NEAR_IND_JMP', 'NEAR_REL_JMP', 'COND', 'CALL_STACK', 'USR', 'OS', 'LBREN']],
  ['GUEST_BNDCFGS', '0x12345003', ['BASE=0x0000000012345000', 'BNDPRESERVE', 'EN']],
  ['GUEST_PDPTR0', '0x1234001', ['ADDRESS=0x0000001234000', 'P']],
  // FRED stack levels: #DB (1), NMI (2), #DF (8) and #MC (18) on higher stacks, as Linux sets them
  ['GUEST_IA32_FRED_STKLVLS', '0x1000030028', ['STKLVL_18=1', 'STKLVL_8=3', 'STKLVL_2=2', 'STKLVL_1=2']],
  ['GUEST_IA32_FRED_CONFIG', '0xffffffff81000240', ['ENTRYPOINT=0xffffffff81000000', 'INT_STKLVL=1', 'REDZONE=1']],
  ['HLAT_POINTER', '0x2000018', ['ADDRESS=0x0000002000000', 'PCD', 'PWT']],
  ['SPPT_POINTER', '0x3456000', ['ADDRESS=0x0000003456000']],
  // Audit G16: the sub-page permission vector (even bit 2i: sub-page i writable; odd bits reserved: an SPPT
  // misconfiguration) and the SPP-table entries above it (Intel's KVM SPP documentation, Bochs spp_walk).
  ['SPP_VECTOR', '0x5', ['SUBPAGE_1', 'SUBPAGE_0']],
  ['SPP_VECTOR', '0x4000000000000000', ['SUBPAGE_31']],
  ['SPP_VECTOR', '0x0', []],
  ['SPP_VECTOR', '0x8000000000000001', ['RESERVED_63=1 (bit 63 set)', 'SUBPAGE_0'], { diagnostics: ['reserved-bit-set'] }],
  ['SPPT_ENTRY', '0x1234001', ['ADDRESS=0x0000001234000', 'VALID']],
  ['SPPT_ENTRY', '0x1234000', ['ADDRESS=0x0000001234000']],
  ['SPPT_ENTRY', '0x1234003', ['ADDRESS=0x0000001234000', 'RESERVED_11_1=0x1 (bit 1 set)', 'VALID'], { diagnostics: ['reserved-bit-set'] }],
  // Audit G8, G14: the HLAT prefix size, the SEAM-guest KeyID (numbers) and the shared EPTP (read as an EPTP)
  ['HLAT_PREFIX_SIZE', '0x0', ['SIZE=0']],
  ['HLAT_PREFIX_SIZE', '0x10', ['SIZE=16']],
  ['SEAM_GUEST_KEYID', '0x21', ['KEYID=33']],
  ['SHARED_EPT_POINTER', '0x12345005e', ['ROOT_ADDRESS=0x0000123450000', 'AD_ENABLE', 'PAGE_WALK_LENGTH=3 (4-level EPT (page-walk length 4))', `MEMORY_TYPE=6 (${EPT_WB})`]],
];

/** The layouts the table cases reach (filled as the cases run). */
const reached = new Set();

for (const [target, value, expected, opts = {}] of CASES) {
  const where = opts.src ? ` [${opts.src}]` : '';
  const ctx = opts.reason !== undefined ? ` reason ${opts.reason}` : '';
  const vec = opts.vector !== undefined ? ` vector ${opts.vector}` : '';
  test(`decode ${target} ${value}${ctx}${vec}${where}`, opts.todo ? { todo: opts.todo } : {}, () => {
    const r = decodeCase(target, value, opts);
    reached.add(r.layout);
    assert.deepEqual(r.decoded.map(compact), expected);
    assert.deepEqual(r.diagnostics.map((d) => d.code), opts.diagnostics ?? []);
  });
}

test('every layout of fields.json is reached by a table case', () => {
  // runs after the cases (node:test runs top-level tests in order)
  const missing = Object.keys(layouts).filter((id) => !reached.has(id));
  assert.deepEqual(missing, []);
  assert.ok(Object.keys(layouts).length >= 63, `${Object.keys(layouts).length} layouts`);
});

test('every sample a table case cites prints the value it is cited for', () => {
  for (const [target, value, , opts = {}] of CASES) {
    if (!opts.src) continue;
    const text = readFileSync(new URL(`./fixtures/samples/${opts.src}`, import.meta.url), 'utf8').toLowerCase();
    assert.ok(text.includes(value.toLowerCase().replace(/^0x/, '')), `${target} ${value} not in ${opts.src}`);
  }
});

test('the fields and layouts of the table cases agree with layoutFor', () => {
  // The field -> layout mapping the cases rely on, stated once by hand.
  const expected = {
    PIN_BASED_VM_EXEC_CONTROL: 'pin-based',
    CPU_BASED_VM_EXEC_CONTROL: 'proc-based-primary',
    SECONDARY_VM_EXEC_CONTROL: 'proc-based-secondary',
    TERTIARY_VM_EXEC_CONTROL: 'proc-based-tertiary',
    VM_EXIT_CONTROLS: 'vm-exit-controls',
    SECONDARY_VM_EXIT_CONTROLS: 'vm-exit-controls-secondary',
    VM_ENTRY_CONTROLS: 'vm-entry-controls',
    VM_FUNCTION_CONTROL: 'vm-function-controls',
    VM_EXIT_REASON: 'exit-reason',
    GUEST_TR_AR_BYTES: 'segment-access-rights',
    EPT_POINTER: 'eptp',
    HOST_IA32_PAT: 'ia32-pat',
    CR0_GUEST_HOST_MASK: 'cr0',
    CR4_READ_SHADOW: 'cr4',
    GUEST_PENDING_DBG_EXCEPTIONS: 'pending-debug-exceptions',
  };
  for (const [name, id] of Object.entries(expected)) assert.equal(layoutFor({ name, entry: entryByName.get(name) }), id, name);
  const q = { name: 'EXIT_QUALIFICATION', entry: entryByName.get('EXIT_QUALIFICATION') };
  assert.equal(layoutFor(q), undefined);
  assert.equal(layoutFor(q, { exitReason: 48 }), 'qual-ept-violation');
  assert.equal(layoutFor(q, { exitReason: 0x80000021 }), 'qual-invalid-guest-state');
  assert.equal(layoutFor(q, { exitReason: 0 }), undefined);
  assert.equal(layoutFor(q, { exitReason: 0, vector: 1 }), 'qual-debug-exception');
  assert.equal(layoutFor(q, { exitReason: 0, vector: 14 }), 'qual-page-fault');
  assert.equal(layoutFor(q, { exitReason: 0, vector: 13 }), undefined);
  const ii = { name: 'VMX_INSTRUCTION_INFO', entry: entryByName.get('VMX_INSTRUCTION_INFO') };
  assert.equal(layoutFor(ii, { exitReason: 23 }), 'insn-vmread-vmwrite');
  assert.equal(layoutFor(ii, { exitReason: 12 }), undefined);
});

// ---------------------------------------------------------------------------------------
// 3. Diagnostics

test('a reserved bit set: reserved-bit-set, a warning, and the bit is shown', () => {
  const r = explain('PIN_BASED_VM_EXEC_CONTROL', '0x100');
  assert.ok(r.ok);
  assert.deepEqual(r.decoded.map(compact), ['RESERVED_31_8=0x1 (bit 8 set)']);
  assert.equal(r.decoded[0].reserved, true);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.args.bits]), [['reserved-bit-set', 'warning', '8']]);
  // several bits of one reserved range: one diagnostic naming them
  const c = explain('GUEST_CR0', '0x300000031');
  assert.deepEqual(c.decoded.map(compact), ['RESERVED_63_32=0x3 (bits 33:32 set)', 'NE', 'ET', 'PE']);
  assert.deepEqual(c.diagnostics.map((d) => [d.code, d.args.bits]), [['reserved-bit-set', '33:32']]);
  // a reserved bit in a record: exit reason bit 30, and a secondary exit control bit 4
  assert.deepEqual(explain('VM_EXIT_REASON', '0x40000030').decoded.map(compact), ['RESERVED_30=1 (bit 30 set)', 'BASIC=48 (EPT violation)']);
  assert.deepEqual(explain('SECONDARY_VM_EXIT_CONTROLS', '0x10').diagnostics.map((d) => d.code), ['reserved-bit-set']);
  assert.deepEqual(explain('CPU_BASED_VM_EXEC_CONTROL', '0x1').diagnostics.map((d) => [d.code, d.args.bits]), [['reserved-bit-set', '0']]);
});

test('a set bit no entry names: unknown-bit-set, shown as Unknown', () => {
  // guest interrupt status has entries for 15:0 only; a 16-bit field leaves nothing uncovered,
  // so use the instruction information of INS/OUTS (only 9:7 and 17:15 are defined).
  const r = explain('VMX_INSTRUCTION_INFO', '0x80018100', { reason: '30' });
  assert.ok(r.ok);
  assert.deepEqual(r.decoded.map((d) => [d.name, d.bits, d.label]), [
    ['Unknown', '31', 'bit 31 set'],
    ['Segment register', '17:15', 'DS'],
    ['Address size', '9:7', '64-bit'],
  ]);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.args.bits]), [['unknown-bit-set', 'warning', '31']]);
  // a qualification with no format: every set bit is unknown
  const m = explain('EXIT_QUALIFICATION', '0x5', { reason: '49' });
  assert.deepEqual(m.decoded.map((d) => [d.name, d.label]), [['Unknown', 'bits 2, 0 set']]);
  assert.deepEqual(m.diagnostics.map((d) => [d.code, d.args.bits]), [['unknown-bit-set', '2, 0']]);
});

test('an enum value the table does not know: a label, unknown-value, never a throw', () => {
  const r = explain('VM_EXIT_REASON', '0x63');
  assert.ok(r.ok);
  assert.deepEqual(r.decoded.map((d) => [d.id, d.value, d.label]), [['BASIC', 99n, 'exit reason 99 (unknown to this table)']]);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.args.value]), [['unknown-value', 'warning', '99']]);
  assert.equal(exitReasonName(99), 'exit reason 99 (unknown to this table)');
  assert.equal(exitReasonName(48), 'EPT violation');
  // the unused numbers between known ones
  for (const n of [35, 38, 42, 71, 82, 83, 86, 0xffff]) {
    const x = explainWith('exit-reason', BigInt(n), 32);
    assert.equal(x.bits.find((d) => d.id === 'BASIC').label, `exit reason ${n} (unknown to this table)`);
  }
  // other enums: a generic label
  const t = explain('EPT_POINTER', '0x1000019');
  assert.ok(t.ok);
  assert.equal(t.decoded.find((d) => d.id === 'MEMORY_TYPE').label, '1 (unknown to this table)');
  assert.deepEqual(t.diagnostics.map((d) => d.code), ['unknown-value']);
  const pat = explain('GUEST_IA32_PAT', '0x0007040600070402');
  assert.equal(pat.decoded.find((d) => d.id === 'PA0').label, '2 (unknown to this table)');
  assert.equal(explain('GUEST_ACTIVITY_STATE', '0x4').decoded[0].label, '4 (unknown to this table)');
  assert.equal(explain('VM_INSTRUCTION_ERROR', '0xe').decoded[0].label, '14 (unknown to this table)');
  // reserved vector of a hardware exception (15)
  assert.equal(explain('VM_EXIT_INTR_INFO', '0x8000030f').decoded.find((d) => d.id === 'VECTOR_HW_EXCEPTION').label, '15 (unknown to this table)');
});

test('no value makes any layout throw (all ones, all zeros, alternating, one bit at a time)', () => {
  for (const id of Object.keys(layouts)) {
    for (const width of [16, 32, 64]) {
      const ones = (1n << BigInt(width)) - 1n;
      for (const v of [0n, ones, ones / 3n, (ones / 3n) << 1n]) for (const all of [false, true]) assert.doesNotThrow(() => explainWith(id, v, width, all), `${id} ${v}`);
      for (let b = 0; b < width; b++) assert.doesNotThrow(() => explainWith(id, 1n << BigInt(b), width));
    }
  }
});

test('mask fields (CR0/CR4 guest/host masks, #PF error-code mask and match): no reserved-bit warnings', () => {
  // CR0 guest/host mask 0xfffffffffffffff7 in samples 01, 02, 09 and 12: everything but TS.
  const r = explain('CR0_GUEST_HOST_MASK', 'fffffffffffffff7');
  assert.ok(r.ok);
  assert.equal(r.layout, 'cr0');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.decoded.map(compact), [
    'RESERVED_63_32=0xffffffff (bits 63:32 set)',
    'PG',
    'CD',
    'NW',
    'RESERVED_28_19=0x3ff (bits 28:19 set)',
    'AM',
    'RESERVED_17=1 (bit 17 set)',
    'WP',
    'RESERVED_15_6=0x3ff (bits 15:6 set)',
    'NE',
    'ET',
    'EM',
    'MP',
    'PE',
  ]);
  for (const d of r.decoded) assert.equal(d.inMask === true, d.reserved === true, d.bits);
  // CR4 mask 0xfffffffffffef871 (sample 01); #PF error-code mask with every bit set
  assert.deepEqual(explain('CR4_GUEST_HOST_MASK', 'fffffffffffef871').diagnostics, []);
  assert.deepEqual(explain('PAGE_FAULT_ERROR_CODE_MASK', 'ffffffff').diagnostics, []);
  assert.deepEqual(explain('PAGE_FAULT_ERROR_CODE_MATCH', 'ffffffff').diagnostics, []);
  // the same value in a register is a fault
  const g = explain('GUEST_CR0', 'fffffffffffffff7');
  assert.deepEqual(g.diagnostics.map((d) => d.code), ['reserved-bit-set', 'reserved-bit-set', 'reserved-bit-set', 'reserved-bit-set']);
  assert.ok(g.decoded.every((d) => !d.inMask));
});

test('default-1 bits carry default1; they are reserved in name only, never a warning', () => {
  const r = explain('VM_ENTRY_CONTROLS', '0x11ff');
  assert.ok(r.ok);
  assert.deepEqual(r.diagnostics, []);
  const d1 = r.decoded.filter((d) => d.default1).map((d) => d.bits);
  assert.deepEqual(d1, ['12', '8', '7', '6', '5', '4', '3', '2', '1', '0']);
  assert.ok(r.decoded.every((d) => !d.reserved));
  // with them clear, nothing is said about them (a TRUE_* MSR may allow it); with all, they show as 0
  assert.deepEqual(explain('PIN_BASED_VM_EXEC_CONTROL', '0x1').decoded.map(compact), ['EXT_INTR_EXITING']);
  const all = explain('PIN_BASED_VM_EXEC_CONTROL', '0x1', { all: true });
  assert.deepEqual(all.decoded.filter((d) => d.default1).map(compact), ['RESERVED_4=0', 'RESERVED_2=0', 'RESERVED_1=0']);
  // RFLAGS bit 1 and DR7 bit 10 are "always 1"
  assert.equal(explain('GUEST_RFLAGS', '2').decoded.find((d) => d.bits === '1').default1, true);
  assert.equal(explain('GUEST_DR7', '400').decoded.find((d) => d.bits === '10').default1, true);
});

test('all: the clear bits are listed too, in bit order', () => {
  const r = explain('PIN_BASED_VM_EXEC_CONTROL', '0x0000003f', { all: true });
  assert.ok(r.ok);
  assert.deepEqual(r.decoded.map(compact), ['RESERVED_31_8=0x0', 'POSTED_INTR=0', 'VMX_PREEMPTION_TIMER=0', 'VIRTUAL_NMIS', 'RESERVED_4', 'NMI_EXITING', 'RESERVED_2', 'RESERVED_1', 'EXT_INTR_EXITING']);
  const p = explain('CPU_BASED_VM_EXEC_CONTROL', 'b5986dfa', { all: true });
  assert.equal(p.decoded.length, 32);
  assert.deepEqual(
    p.decoded.map((d) => d.bits),
    Array.from({ length: 32 }, (_, i) => String(31 - i)),
  );
  assert.equal(p.decoded.find((d) => d.id === 'PAUSE_EXITING').set, false);
  assert.equal(p.decoded.find((d) => d.id === 'MONITOR_EXITING').set, true);
  // without all: only the 19 set bits
  assert.equal(explain('CPU_BASED_VM_EXEC_CONTROL', 'b5986dfa').decoded.length, 19);
});

// ---------------------------------------------------------------------------------------
// 4. explain()

test('explain: the field by name, alias, title or encoding', () => {
  for (const f of ['VM_EXIT_REASON', 'EXIT_REASON', 'vm_exit_reason', 'Exit reason', '0x4402', '4402', '0x00004402']) {
    const r = explain(f, '0x80000021');
    assert.ok(r.ok, f);
    assert.equal(r.field.name, 'VM_EXIT_REASON', f);
    assert.equal(r.layout, 'exit-reason', f);
    assert.equal(r.bits, 32);
  }
  for (const f of ['GUEST_CS_AR_BYTES', 'VMCS_GUEST_CS_ACCESS_RIGHTS', 'GUEST_CS_AR', 'Guest CS access rights', '0x4816']) {
    const r = explain(f, 'a09b');
    assert.ok(r.ok, f);
    assert.equal(r.field.name, 'GUEST_CS_AR_BYTES', f);
  }
  const r = explain('EPT_POINTER', '0x000000011aa2d01e');
  assert.ok(r.ok);
  assert.equal(r.value, 0x11aa2d01en);
  assert.equal(r.bits, 64);
  assert.equal(typeof r.layoutTitle, 'string');
});

test('explain: --reason as decimal, hex, id or name; missing -> needs-exit-reason; unknown -> unknown-exit-reason', () => {
  for (const reason of ['48', '0x30', 'EPT_VIOLATION', 'ept_violation', 'EPT violation', '0x80000030']) {
    const r = explain('EXIT_QUALIFICATION', '0x83', { reason });
    assert.ok(r.ok, reason);
    assert.equal(r.layout, 'qual-ept-violation', reason);
  }
  assert.equal(parseExitReason('48'), 48);
  assert.equal(parseExitReason('0x30'), 48);
  assert.equal(parseExitReason('EPT_VIOLATION'), 48);
  assert.equal(parseExitReason('EPT violation'), 48);
  assert.equal(parseExitReason('VMREAD'), 23);
  assert.equal(parseExitReason('I/O instruction'), 30);
  assert.equal(parseExitReason('no such reason'), undefined);
  const none = explain('EXIT_QUALIFICATION', '0x83');
  assert.equal(none.ok, false);
  assert.equal(none.diagnostic.code, 'needs-exit-reason');
  assert.equal(none.diagnostic.severity, 'error');
  assert.equal(explain('VMX_INSTRUCTION_INFO', '0x0').diagnostic.code, 'needs-exit-reason');
  assert.equal(explain('EXIT_QUALIFICATION', '0x83', { reason: 'EPT wrongness' }).diagnostic.code, 'unknown-exit-reason');
  // the same value, another reason: another layout
  const cr = explain('EXIT_QUALIFICATION', '0x83', { reason: '28' });
  assert.ok(cr.ok);
  assert.equal(cr.layout, 'qual-cr-access');
});

test('explain: reason 0 needs the vector: 1 -> #DB layout, 14 -> #PF layout', () => {
  const r = explain('EXIT_QUALIFICATION', '0x4000', { reason: '0' });
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'needs-vector');
  const db = explain('EXIT_QUALIFICATION', '0x4000', { reason: '0', vector: 1 });
  assert.ok(db.ok);
  assert.equal(db.layout, 'qual-debug-exception');
  assert.deepEqual(db.decoded.map(compact), ['BS']);
  const pf = explain('EXIT_QUALIFICATION', '0x4000', { reason: 'EXCEPTION_NMI', vector: 14 });
  assert.ok(pf.ok);
  assert.equal(pf.layout, 'qual-page-fault');
  assert.deepEqual(pf.decoded.map(compact), ['LINEAR_ADDRESS=0x0000000000004000']);
});

test('explain: reason 0 with another vector (#GP): the qualification is not defined, so there is nothing to decode', () => {
  const r = explain('EXIT_QUALIFICATION', '0x0', { reason: '0', vector: 13 });
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'no-layout');
});

test('explain: VMX_INSTRUCTION_INFO with reason 0 has no layout (no vector helps)', () => {
  const r = explain('VMX_INSTRUCTION_INFO', '0x0', { reason: '0', vector: 14 });
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'no-layout');
});

test('explain: a plain field -> no-layout; a reason without an instruction-information layout -> no-layout', () => {
  const r = explain('GUEST_RIP', '0xffffffff81000000');
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'no-layout');
  assert.equal(r.diagnostic.args.field, 'GUEST_RIP');
  const hlt = explain('VMX_INSTRUCTION_INFO', '0x0', { reason: 'HLT' });
  assert.equal(hlt.ok, false);
  assert.equal(hlt.diagnostic.code, 'no-layout');
  assert.equal(hlt.diagnostic.args.reason, 12);
});

test('explain: a value wider than the field -> value-too-wide; not hex -> invalid-value', () => {
  const r = explain('VM_EXIT_REASON', '0x100000000');
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'value-too-wide');
  assert.equal(r.diagnostic.args.bits, 32);
  assert.equal(explain('GUEST_INTR_STATUS', '0x10000').diagnostic.code, 'value-too-wide');
  assert.equal(explain('GUEST_CR0', '0x10000000000000000').diagnostic.code, 'value-too-wide');
  assert.ok(explain('GUEST_CR0', '0xffffffffffffffff').ok);
  assert.equal(explain('GUEST_CR0', 'xyz').diagnostic.code, 'invalid-value');
  assert.equal(explain('GUEST_CR0', '').diagnostic.code, 'invalid-value');
});

test('explain: an unknown field -> unknown-name with suggestions', () => {
  const r = explain('GUEST_CRO', '1');
  assert.equal(r.ok, false);
  assert.equal(r.diagnostic.code, 'unknown-name');
  assert.ok(r.suggestions.includes('GUEST_CR0'), String(r.suggestions));
  const x = explain('0x9999', '1');
  assert.equal(x.ok, false);
  assert.equal(x.diagnostic.code, 'unknown-name');
});

// ---------------------------------------------------------------------------------------
// 5. annotate() with bits: the dump's own exit reason decodes its qualification.

/** The named field of the only dump of a pairs text. */
function annotated(text, name, options = {}) {
  const r = annotate(text, options);
  assert.equal(r.dumps.length, 1, JSON.stringify(r.diagnostics));
  return r.dumps[0].fields.find((f) => f.name === name);
}

test('annotate: the exit qualification is read with the dump\'s exit reason', () => {
  const ept = annotated('VM_EXIT_REASON = 0x00000030\nEXIT_QUALIFICATION = 0x83\n', 'EXIT_QUALIFICATION');
  assert.equal(ept.layout, 'qual-ept-violation');
  assert.deepEqual(ept.bits.map(compact), ['GVA_TRANSLATED=0 (Access to a paging-structure entry)', 'GVA_IS_VALID', 'ACC_WRITE', 'ACC_READ']);
  // order in the dump does not matter
  const later = annotated('EXIT_QUALIFICATION = 0x83\nVM_EXIT_REASON = 0x00000030\n', 'EXIT_QUALIFICATION');
  assert.equal(later.layout, 'qual-ept-violation');
  const cr = annotated('VM_EXIT_REASON = 0x1c\nEXIT_QUALIFICATION = 0x83\n', 'EXIT_QUALIFICATION');
  assert.equal(cr.layout, 'qual-cr-access');
  // 0x83: MOV to CR3 from RAX, and bit 7 (reserved) set
  assert.deepEqual(cr.bits.map(compact), ['GPR_MOV_TO_CR=0 (RAX)', 'RESERVED_7=1 (bit 7 set)', 'ACCESS_TYPE=0 (MOV to CR)', 'CR_NUMBER=3 (CR3)']);
  assert.deepEqual(cr.flags, ['reserved-bit-set']);
  const fail = annotated('VM_EXIT_REASON = 0x80000021\nEXIT_QUALIFICATION = 0\n', 'EXIT_QUALIFICATION');
  assert.equal(fail.layout, 'qual-invalid-guest-state');
  const alone = annotated('GUEST_CR0 = 0x80000031\nEXIT_QUALIFICATION = 0x83\n', 'EXIT_QUALIFICATION');
  assert.equal(alone.layout, undefined);
  assert.equal(alone.bits, undefined);
});

test('annotate: the instruction information is read with the dump\'s exit reason (VMREAD: register 2)', () => {
  const f = annotated('VM_EXIT_REASON = 0x17\nVMX_INSTRUCTION_INFO = 0x20000400\n', 'VMX_INSTRUCTION_INFO');
  assert.equal(f.layout, 'insn-vmread-vmwrite');
  assert.deepEqual(f.bits.map(compact), ['REG2=2 (RDX)', 'MEM_REG=1 (Register)', 'REG1=0 (RAX)']);
  const hlt = annotated('VM_EXIT_REASON = 0xc\nVMX_INSTRUCTION_INFO = 0x20000400\n', 'VMX_INSTRUCTION_INFO');
  assert.equal(hlt.layout, undefined);
});

test('annotate: exception exits: the qualification by the vector of VM_EXIT_INTR_INFO', () => {
  const pf = annotated('VM_EXIT_REASON = 0\nVM_EXIT_INTR_INFO = 0x80000b0e\nEXIT_QUALIFICATION = 0x7f0012345000\n', 'EXIT_QUALIFICATION');
  assert.equal(pf.layout, 'qual-page-fault');
  assert.deepEqual(pf.bits.map(compact), ['LINEAR_ADDRESS=0x00007f0012345000']);
  const db = annotated('VM_EXIT_REASON = 0\nVM_EXIT_INTR_INFO = 0x80000301\nEXIT_QUALIFICATION = 0x4000\n', 'EXIT_QUALIFICATION');
  assert.equal(db.layout, 'qual-debug-exception');
  assert.deepEqual(db.bits.map(compact), ['BS']);
  // #GP: no qualification format; an interruption information that is not valid: no vector
  assert.equal(annotated('VM_EXIT_REASON = 0\nVM_EXIT_INTR_INFO = 0x80000b0d\nEXIT_QUALIFICATION = 0\n', 'EXIT_QUALIFICATION').layout, undefined);
  assert.equal(annotated('VM_EXIT_REASON = 0\nVM_EXIT_INTR_INFO = 0x00000b0e\nEXIT_QUALIFICATION = 0x1000\n', 'EXIT_QUALIFICATION').layout, undefined);
  // the interruption information itself
  const info = annotated('VM_EXIT_REASON = 0\nVM_EXIT_INTR_INFO = 0x80000b0e\n', 'VM_EXIT_INTR_INFO');
  assert.deepEqual(info.bits.map(compact), ['VALID', 'ERROR_CODE_VALID', 'TYPE=3 (Hardware exception)', 'VECTOR_HW_EXCEPTION=14 (#PF Page Fault)']);
});

test('annotate: bits: false gives no layout and no bits; fields without a layout have none', () => {
  const text = 'VM_EXIT_REASON = 0x30\nEXIT_QUALIFICATION = 0x83\nGUEST_CR0 = 0x80000031\nGUEST_RIP = 0x1000\n';
  for (const f of annotate(text, { bits: false }).dumps[0].fields) {
    assert.equal(f.layout, undefined, f.name);
    assert.equal(f.bits, undefined, f.name);
  }
  const withBits = annotate(text).dumps[0].fields;
  assert.deepEqual(
    withBits.map((f) => [f.name, f.layout ?? null]),
    [
      ['VM_EXIT_REASON', 'exit-reason'],
      ['EXIT_QUALIFICATION', 'qual-ept-violation'],
      ['GUEST_CR0', 'cr0'],
      ['GUEST_RIP', null],
    ],
  );
  assert.deepEqual(withBits.find((f) => f.name === 'GUEST_CR0').bits.map(compact), ['PG', 'NE', 'ET', 'PE']);
});

test('annotate: bit-level diagnostics name the field and its line, and flag the field', () => {
  const r = annotate('GUEST_CR0 = 0x80000031\nPIN_BASED_VM_EXEC_CONTROL = 0x100\nCR0_GUEST_HOST_MASK = 0xfffffffffffffff7\nVM_EXIT_REASON = 0x63\n');
  const d = r.dumps[0];
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.args.field, x.line]),
    [
      ['reserved-bit-set', 'PIN_BASED_VM_EXEC_CONTROL', 2],
      ['unknown-value', 'VM_EXIT_REASON', 4],
    ],
  );
  assert.deepEqual(d.fields.find((f) => f.name === 'PIN_BASED_VM_EXEC_CONTROL').flags, ['reserved-bit-set']);
  assert.deepEqual(d.fields.find((f) => f.name === 'CR0_GUEST_HOST_MASK').flags, []);
  // unknown-value is a diagnostic, not a flag
  assert.deepEqual(d.fields.find((f) => f.name === 'VM_EXIT_REASON').flags, []);
  assert.equal(d.fields.find((f) => f.name === 'VM_EXIT_REASON').bits[0].label, 'exit reason 99 (unknown to this table)');
});

// ---------------------------------------------------------------------------------------
// 6. The command line

function vmcs(args, input = '') {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  const p = spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 20000 });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

const lines = (s) => s.split('\n').filter((l) => l.length > 0);

function noStackTrace(r) {
  assert.equal(r.stderr.includes('    at '), false, `stack trace on stderr:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error/i);
}

test('cli: explain EXIT_REASON 0x80000021', () => {
  const r = vmcs(['explain', 'EXIT_REASON', '0x80000021']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /VM-entry failure/);
  assert.match(r.stdout, /VM-entry failure due to invalid guest state/);
  assert.match(r.stdout, /\b33\b/);
  assert.match(r.stdout, /VM_EXIT_REASON/);
});

test('cli: explain --json shape', () => {
  const r = vmcs(['explain', '--json', 'EXIT_REASON', '0x80000021']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['schema', 'field', 'value', 'layout', 'sdm', 'sdm2022', 'bits', 'diagnostics']);
  // the layout's citation in the October 2025 edition and, where it differs, in the 2022-2024 numbering
  assert.equal(j.sdm, '§26.9.1; Vol. 3D Appendix C, Table C-1');
  assert.equal(j.sdm2022, '§25.9.1; Vol. 3D Appendix C, Table C-1');
  assert.equal(j.field.name, 'VM_EXIT_REASON');
  assert.equal(j.field.encoding, '0x00004402');
  for (const k of ['name', 'title', 'encoding', 'width', 'type', 'index', 'access']) assert.ok(k in j.field, k);
  assert.equal(j.value, '0x80000021');
  assert.equal(j.layout, 'exit-reason');
  assert.deepEqual(j.diagnostics, []);
  assert.deepEqual(
    j.bits.map((b) => [b.bits, b.id, b.value, b.label ?? null]),
    [
      ['31', 'FAILED_VMENTRY', '0x1', null],
      ['15:0', 'BASIC', '0x21', 'VM-entry failure due to invalid guest state'],
    ],
  );
  const allowed = new Set(['bits', 'name', 'value', 'label', 'id', 'meaning', 'sdm', 'sdm2022', 'reserved', 'inMask', 'source']);
  // each bit's citation, and the 2022-2024 numbering where it differs
  assert.deepEqual(j.bits.map((b) => [b.sdm, b.sdm2022]), [['§26.9.1', '§25.9.1'], ['§26.9.1; Vol. 3D Appendix C, Table C-1', '§25.9.1; Vol. 3D Appendix C, Table C-1']]);
  for (const b of j.bits) {
    for (const k of Object.keys(b)) assert.ok(allowed.has(k), k);
    assert.equal(typeof b.name, 'string');
    assert.match(b.value, /^0x[0-9a-f]+$/);
  }
  // an error as JSON: the error object, exit 1
  const e = vmcs(['explain', '--json', 'EXIT_QUALIFICATION', '0x83']);
  assert.equal(e.code, 1);
  assert.equal(JSON.parse(e.stdout).error.code, 'needs-exit-reason');
});

test('cli: explain --all lists the clear bits', () => {
  const some = vmcs(['explain', 'PIN_BASED_VM_EXEC_CONTROL', '0x3f']);
  const all = vmcs(['explain', 'PIN_BASED_VM_EXEC_CONTROL', '0x3f', '--all']);
  assert.equal(all.code, 0, all.stderr);
  assert.doesNotMatch(some.stdout, /Process posted interrupts/);
  assert.match(all.stdout, /Process posted interrupts/);
  assert.match(all.stdout, /Activate VMX-preemption timer/);
  assert.ok(lines(all.stdout).length > lines(some.stdout).length);
  const j = JSON.parse(vmcs(['explain', '--json', '--all', 'PIN_BASED_VM_EXEC_CONTROL', '0x3f']).stdout);
  assert.equal(j.bits.length, 9);
});

test('cli: explain with a reason, in the forms users write', () => {
  for (const reason of ['48', '0x30', 'EPT_VIOLATION', 'EPT violation']) {
    const r = vmcs(['explain', '--json', 'EXIT_QUALIFICATION', '0x83', '--reason', reason]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).layout, 'qual-ept-violation');
  }
  const pf = vmcs(['explain', '--json', 'EXIT_QUALIFICATION', '0x1000', '--reason', '0', '--vector', '0xe']);
  assert.equal(pf.code, 0, pf.stderr);
  assert.equal(JSON.parse(pf.stdout).layout, 'qual-page-fault');
});

test('cli: an exit reason unknown to the table: printed, a warning, exit 0', () => {
  const r = vmcs(['explain', 'EXIT_REASON', '0x63']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /unknown to this table/);
  assert.match(r.stdout, /99/);
  const err = lines(r.stderr);
  assert.equal(err.length, 1, r.stderr);
  assert.match(err[0], /warning/);
  noStackTrace(r);
});

test('cli: a reserved bit set: a warning line on stderr, exit 0', () => {
  const r = vmcs(['explain', 'GUEST_CR0', '0x100000031']);
  assert.equal(r.code, 0, r.stderr);
  const err = lines(r.stderr);
  assert.equal(err.length, 1, r.stderr);
  assert.match(err[0], /warning/);
  assert.match(err[0], /reserved/);
  assert.match(err[0], /32/);
  assert.match(r.stdout, /PE/);
  // a mask field: no warning
  const m = vmcs(['explain', 'CR0_GUEST_HOST_MASK', 'fffffffffffffff7']);
  assert.equal(m.code, 0);
  assert.equal(m.stderr, '');
});

test('cli: explain errors: one stderr line, no stack trace, exit 1 or 2', () => {
  const cases = [
    [['explain', 'GUEST_CRX', '1'], 1, /GUEST_CR0/],
    [['explain', 'EXIT_REASON', 'zz'], 1, /zz/],
    [['explain', 'EXIT_REASON', '0x100000000'], 1, /32/],
    [['explain', 'EXIT_QUALIFICATION', '0x83'], 1, /--reason/],
    [['explain', 'EXIT_QUALIFICATION', '0x83', '--reason', 'bogus'], 1, /bogus/],
    [['explain', 'EXIT_QUALIFICATION', '0x4000', '--reason', '0'], 1, /--vector/],
    [['explain', 'GUEST_RIP', '0x1000'], 1, /GUEST_RIP/],
    [['explain', 'EXIT_QUALIFICATION', '0x83', '--reason', '0', '--vector', 'x'], 2, /vector/],
    [['explain', 'EXIT_QUALIFICATION', '0x83', '--reason', '0', '--vector', '256'], 2, /vector/],
    [['explain', 'EXIT_REASON'], 2, /value/],
  ];
  for (const [args, code, pattern] of cases) {
    const r = vmcs(args);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '', args.join(' '));
    const err = lines(r.stderr);
    assert.equal(err.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(err[0], pattern, args.join(' '));
    noStackTrace(r);
  }
});

test('cli: annotate shows the decoded bits under the fields; --brief does not', () => {
  const r = vmcs(['annotate', 'examples/pairs.log']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Basic exit reason 33/);
  assert.match(r.stdout, /\bPG\b/);
  assert.match(r.stdout, /Unconditional I\/O exiting/);
  assert.match(r.stdout, /Code, execute\/read, accessed/);
  const b = vmcs(['annotate', '--brief', 'examples/pairs.log']);
  assert.equal(b.code, 0, b.stderr);
  assert.doesNotMatch(b.stdout, /Basic exit reason/);
  assert.doesNotMatch(b.stdout, /Unconditional I\/O exiting/);
  assert.ok(lines(b.stdout).length < lines(r.stdout).length);
});

test('cli: annotate --json: fields with a layout carry layout and bits', () => {
  const r = vmcs(['annotate', '--json', 'examples/pairs.log']);
  assert.equal(r.code, 0, r.stderr);
  const fields = JSON.parse(r.stdout).dumps[0].fields;
  const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
  assert.equal(byName.VM_EXIT_REASON.layout, 'exit-reason');
  assert.deepEqual(byName.VM_EXIT_REASON.bits.map((b) => [b.id, b.value, b.label ?? null]), [
    ['FAILED_VMENTRY', '0x1', null],
    ['BASIC', '0x21', 'VM-entry failure due to invalid guest state'],
  ]);
  // the qualification is read with the dump's reason (33)
  assert.equal(byName.EXIT_QUALIFICATION.layout, 'qual-invalid-guest-state');
  assert.deepEqual(byName.GUEST_CR0.bits.map((b) => b.id), ['PG', 'NE', 'ET', 'PE']);
  assert.equal(byName.GUEST_RIP.layout, undefined);
  assert.equal(byName.GUEST_RIP.bits, undefined);
  for (const f of fields) assert.equal('layout' in f, 'bits' in f, f.name);
  const brief = JSON.parse(vmcs(['annotate', '--json', '--brief', 'examples/pairs.log']).stdout);
  for (const f of brief.dumps[0].fields) assert.equal('bits' in f, false, f.name);
});

test('explain: unnamed set bits are one entry listing them, printed in hex, and the warning names the field', () => {
  const r = explain('EXIT_QUALIFICATION', '0x5', { reason: '49' });
  assert.ok(r.ok);
  const u = r.decoded.find((d) => d.name === 'Unknown');
  assert.deepEqual([u.bits, u.value, u.label], ['2, 0', 5n, 'bits 2, 0 set']);
  assert.equal(formatDecoded(u), '0x5');
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.args.field]), [['unknown-bit-set', 'EXIT_QUALIFICATION']]);
});

// Reserved ranges' "bits ... set" labels are made without arrays (bitRuns, both halves of a range
// across bit 32): each against the list worked out here from the value's bits, range by range.
test('reserved ranges list their set bits, within one word and across bits 31 and 32', async () => {
  const { explainWith, layouts, bitRange } = await import('../dist/bits/layouts.js');
  const list = (v, hi, lo) => {
    const set = [];
    for (let i = hi; i >= lo; i--) if ((v >> BigInt(i)) & 1n) set.push(i);
    const runs = [];
    for (let i = 0; i < set.length; ) {
      let j = i;
      while (j + 1 < set.length && set[j + 1] === set[j] - 1) j++;
      runs.push(j === i ? String(set[i]) : `${set[i]}:${set[j]}`);
      i = j + 1;
    }
    return `bit${set.length > 1 ? 's' : ''} ${runs.join(', ')} set`;
  };
  // [layout, width] with reserved ranges in bits 31:0, 63:32 and across both
  const cases = [['vm-function-controls', 64], ['eptp', 64], ['pin-based', 32], ['proc-based-tertiary', 64]];
  const values = [1n << 1n, 1n << 31n, 1n << 32n, 3n << 31n, 0xffff_ffff_ffff_fffen, 0x1a96f6500bb9ceb4n, 0xaaaa_aaaa_5555_5555n, 0x8000_0000_0000_0002n];
  let checked = 0;
  for (const [id, width] of cases) {
    assert.ok(layouts[id], id);
    for (const raw of values) {
      const v = BigInt.asUintN(width, raw);
      for (const d of explainWith(id, v, width).bits) {
        if (!d.reserved || d.name === 'Unknown' || d.label === null) continue;
        const [hi, lo] = bitRange(d.bits);
        assert.equal(d.label, list(v, hi, lo), `${id} 0x${v.toString(16)} ${d.bits}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `${checked} labels checked`);
});
