// Binary VMCS regions (src/regions/): the layout tables against fields.json and the kernel's
// offsets, every layout variant read back from fixtures built here from the tables, the KVM
// nested-state container, eVMCS clean-field bits, layout profiles, every hex-dump text form,
// truncation, unknown revisions, and arbitrary bytes and text (never a throw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import './property-seed.js';
import { looksBinary, readRegion, readRegions } from '../dist/regions/read.js';
import { parseHexDump } from '../dist/regions/hexdump.js';
import { parseProfile } from '../dist/regions/hardware.js';
import {
  VMCS12_CET,
  VMCS12_CR3_TARGETS,
  VMCS12_LAYOUTS,
  VMCS12_PRE_CET,
  VMCS12_REVISION,
} from '../dist/regions/vmcs12.js';
import { EVMCS_CLEAN_GROUPS, EVMCS_LAYOUTS, EVMCS_V1, EVMCS_V1_2022 } from '../dist/regions/evmcs.js';
import { fieldByEncoding, lookupName } from '../dist/table/table.js';
import { formatMessage } from '../dist/render/messages.js';

const ALL_LAYOUTS = [...VMCS12_LAYOUTS, ...EVMCS_LAYOUTS];
const CODES = new Set(['unknown-revision', 'truncated-region', 'bad-profile', 'not-a-region']);
const WIDTH_BYTES = { 16: 2, 32: 4, 64: 8, natural: 8 };
const hex8 = (n) => '0x' + (n >>> 0).toString(16).padStart(8, '0');

// ---------------------------------------------------------------------------------------------
// Fixtures

/** A distinct, non-zero value for slot i, cut to its size. */
function valueFor(i, size) {
  const v = (0x0123456789abcdefn * BigInt(i + 3) + 0x1111n) & ((1n << BigInt(size * 8)) - 1n);
  return v === 0n ? 1n : v;
}

function put(view, offset, size, value) {
  if (size === 8) view.setBigUint64(offset, value, true);
  else if (size === 4) view.setUint32(offset, Number(value), true);
  else view.setUint16(offset, Number(value), true);
}

/** A region with every field of the layout at its offset; returns the bytes and the expected fields. */
function buildLayout(layout, { length = 4096, base = 0, into } = {}) {
  const bytes = into ?? new Uint8Array(length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expected = layout.fields.map((slot, i) => {
    const value = valueFor(i, slot.size);
    put(view, base + slot.offset, slot.size, value);
    return { encoding: lookupName(slot.field).encoding, value, offset: base + slot.offset };
  });
  return { bytes, view, expected };
}

function buildVmcs12(layout, { revision = VMCS12_REVISION, abort = 0, launch = 1, length = 4096, base = 0, into } = {}) {
  const r = buildLayout(layout, { length, base, into });
  r.view.setUint32(base, revision >>> 0, true);
  r.view.setUint32(base + 4, abort, true);
  r.view.setUint32(base + 8, launch, true);
  return r;
}

function buildEvmcs(layout, { clean = 0xffff } = {}) {
  const r = buildLayout(layout);
  r.view.setUint32(0, 1, true);
  r.view.setUint32(824, clean, true);
  r.view.setUint32(836, 3, true);
  r.view.setUint32(840, 7, true);
  r.view.setBigUint64(848, 0x1122334455667788n, true);
  r.view.setBigUint64(856, 0x5000n, true);
  return r;
}

const note = (result, label) => result.notes.find((n) => n.label === label);
const sortByOffset = (fields) => [...fields].sort((a, b) => a.offset - b.offset || a.encoding - b.encoding);

// ---------------------------------------------------------------------------------------------
// The tables

test('every layout entry names a canonical field of fields.json, at the width of the field', () => {
  for (const layout of ALL_LAYOUTS) {
    assert.ok(layout.fields.length > 100, layout.id);
    for (const slot of layout.fields) {
      const f = lookupName(slot.field);
      assert.ok(f, `${layout.id}: ${slot.field} does not resolve`);
      assert.equal(f.name, slot.field, `${layout.id}: ${slot.field} is not the canonical name`);
      assert.equal(f.access, 'full', `${layout.id}: ${slot.field}`);
      assert.equal(slot.size, WIDTH_BYTES[f.width], `${layout.id}: ${slot.field} (${f.width}) has size ${slot.size}`);
    }
  }
});

test('layout entries do not overlap each other or the header, and stay inside the structure', () => {
  for (const layout of ALL_LAYOUTS) {
    const spans = [...layout.header.map((h) => [h.offset, h.size, h.member]), ...layout.fields.map((f) => [f.offset, f.size, f.member])].sort(
      (a, b) => a[0] - b[0],
    );
    for (let i = 1; i < spans.length; i++) {
      assert.ok(spans[i - 1][0] + spans[i - 1][1] <= spans[i][0], `${layout.id}: ${spans[i - 1][2]} overlaps ${spans[i][2]}`);
    }
    for (const [offset, size, member] of spans) assert.ok(offset + size <= layout.size, `${layout.id}: ${member}`);
    const encodings = layout.fields.map((f) => lookupName(f.field).encoding);
    assert.equal(new Set(encodings).size, encodings.length, `${layout.id}: a field twice`);
  }
});

test('vmcs12 offsets are the CHECK_OFFSET values of Linux vmcs12.h', () => {
  // member -> offset, from vmx_check_vmcs12_offsets() (and the CET series for 680-720).
  const CHECK = {
    io_bitmap_a: 40, msr_bitmap: 56, tsc_offset: 88, ept_pointer: 120, xss_exit_bitmap: 160, vmcs_link_pointer: 176,
    guest_bndcfgs: 248, host_ia32_perf_global_ctrl: 272, pml_address: 312, encls_exiting_bitmap: 320, tsc_multiplier: 328,
    cr0_guest_host_mask: 344, cr4_read_shadow: 368, cr3_target_value0: 376, cr3_target_value3: 400, exit_qualification: 408,
    guest_linear_address: 416, guest_cr0: 424, guest_rip: 544, guest_sysenter_eip: 576, host_cr0: 584, host_rip: 672,
    host_s_cet: 680, host_ssp: 688, host_ssp_tbl: 696, guest_s_cet: 704, guest_ssp: 712, guest_ssp_tbl: 720,
    pin_based_vm_exec_control: 744, secondary_vm_exec_control: 804, vm_instruction_error: 808, vm_exit_reason: 812,
    vmx_instruction_info: 836, guest_es_limit: 840, guest_tr_ar_bytes: 908, vmx_preemption_timer_value: 928,
    virtual_processor_id: 960, guest_intr_status: 980, host_tr_selector: 994, guest_pml_index: 996,
  };
  const seen = new Set();
  for (const layout of VMCS12_LAYOUTS) {
    for (const slot of layout.fields) {
      if (slot.member in CHECK) {
        assert.equal(slot.offset, CHECK[slot.member], `${layout.id}: ${slot.member}`);
        seen.add(slot.member);
      }
    }
    assert.equal(layout.size, 998);
  }
  assert.equal(seen.size, Object.keys(CHECK).length);
  // The variants differ exactly by the carve-outs.
  const names = (l) => new Set(l.fields.map((f) => f.field));
  const cet = names(VMCS12_CET);
  const pre = names(VMCS12_PRE_CET);
  const cr3 = names(VMCS12_CR3_TARGETS);
  assert.deepEqual([...cet].filter((n) => !pre.has(n)).sort(), ['GUEST_INTR_SSP_TABLE', 'GUEST_SSP', 'GUEST_S_CET', 'HOST_INTR_SSP_TABLE', 'HOST_SSP', 'HOST_S_CET']);
  assert.deepEqual([...pre].filter((n) => !cr3.has(n)).sort(), ['ENCLS_EXITING_BITMAP', 'TSC_MULTIPLIER']);
  assert.deepEqual([...cr3].filter((n) => !pre.has(n)).sort(), ['CR3_TARGET_VALUE0', 'CR3_TARGET_VALUE1', 'CR3_TARGET_VALUE2', 'CR3_TARGET_VALUE3']);
  assert.equal(VMCS12_CET.fields.length, 147); // 155 members in 998 bytes, less header and padding
});

test('eVMCS offsets and clean-field groups are those of hv_enlightened_vmcs and hyperv_evmcs.c', () => {
  const at = (layout, name) => layout.fields.find((f) => f.field === name);
  const EXPECT = [
    ['HOST_ES_SELECTOR', 8, 14], ['HOST_IA32_PAT', 24, 14], ['HOST_IA32_SYSENTER_CS', 88, 14], ['PIN_BASED_VM_EXEC_CONTROL', 92, 3],
    ['IO_BITMAP_A', 104, 0], ['MSR_BITMAP', 120, 1], ['GUEST_ES_SELECTOR', 128, 12], ['GUEST_IDTR_BASE', 288, 12],
    ['VM_EXIT_MSR_STORE_ADDR', 320, 'all'], ['CR3_TARGET_VALUE0', 344, 'all'], ['TSC_OFFSET', 400, 2], ['VMCS_LINK_POINTER', 416, 11],
    ['GUEST_SYSENTER_CS', 508, 11], ['CR0_GUEST_HOST_MASK', 512, 8], ['GUEST_DR7', 568, 8], ['HOST_RSP', 616, 13],
    ['EPT_POINTER', 624, 9], ['VIRTUAL_PROCESSOR_ID', 632, 9], ['GUEST_PHYSICAL_ADDRESS', 680, 'none'], ['EXIT_QUALIFICATION', 720, 'none'],
    ['IO_RCX', 728, 'none'], ['IO_RIP', 752, 'none'], ['GUEST_RSP', 768, 10], ['GUEST_INTERRUPTIBILITY_INFO', 784, 10],
    ['CPU_BASED_VM_EXEC_CONTROL', 788, 4], ['EXCEPTION_BITMAP', 792, 7], ['VM_ENTRY_CONTROLS', 796, 6], ['VM_ENTRY_INTR_INFO_FIELD', 800, 5],
    ['TPR_THRESHOLD', 812, 'none'], ['GUEST_RIP', 816, 'none'], ['GUEST_BNDCFGS', 896, 11], ['XSS_EXIT_BITMAP', 960, 2],
  ];
  const EXPECT_2022 = [
    ['GUEST_IA32_PERF_GLOBAL_CTRL', 904, 11], ['GUEST_S_CET', 912, 11], ['GUEST_SSP', 920, 10], ['GUEST_INTR_SSP_TABLE', 928, 11],
    ['GUEST_IA32_LBR_CTL', 936, 11], ['ENCLS_EXITING_BITMAP', 968, 2], ['HOST_IA32_PERF_GLOBAL_CTRL', 976, 14], ['TSC_MULTIPLIER', 984, 2],
    ['HOST_S_CET', 992, 14], ['HOST_SSP', 1000, 14], ['HOST_INTR_SSP_TABLE', 1008, 14],
  ];
  for (const [name, offset, clean] of EXPECT) {
    for (const layout of EVMCS_LAYOUTS) {
      assert.equal(at(layout, name)?.offset, offset, `${layout.id}: ${name}`);
      assert.equal(at(layout, name)?.clean, clean, `${layout.id}: ${name}`);
    }
  }
  for (const [name, offset, clean] of EXPECT_2022) {
    assert.equal(at(EVMCS_V1_2022, name)?.offset, offset, name);
    assert.equal(at(EVMCS_V1_2022, name)?.clean, clean, name);
    assert.equal(at(EVMCS_V1, name), undefined, name);
  }
  assert.equal(EVMCS_V1.size, 1024);
  for (const layout of EVMCS_LAYOUTS) {
    for (const f of layout.fields) assert.ok(typeof f.clean === 'number' ? f.clean >= 0 && f.clean <= 15 : ['all', 'none'].includes(f.clean), f.field);
  }
  assert.deepEqual(EVMCS_CLEAN_GROUPS.map(([bit]) => bit), [...Array(16).keys()]);
});

// ---------------------------------------------------------------------------------------------
// vmcs12

for (const layout of VMCS12_LAYOUTS) {
  test(`vmcs12 variant ${layout.id}: every field and header value read back`, () => {
    const { bytes, expected } = buildVmcs12(layout);
    const r = readRegion(bytes);
    assert.equal(r.format, 'vmcs12');
    assert.equal(r.description, `vmcs12 revision 0x11e57ed0 (${layout.label})`);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(sortByOffset(r.fields), sortByOffset(expected));
    assert.equal(r.fields.length, layout.fields.length);
    assert.equal(note(r, 'revision_id').value, '0x11e57ed0');
    assert.equal(note(r, 'shadow_vmcs').value, '0');
    assert.equal(note(r, 'abort').value, '0x00000000');
    assert.match(note(r, 'abort').what, /no VMX abort/);
    assert.equal(note(r, 'launch_state').value, '0x00000001');
    assert.match(note(r, 'launch_state').what, /launched/);
    assert.equal(note(r, 'layout').value, layout.id);
    assert.equal(note(r, 'padding'), undefined);
    assert.equal(note(r, 'unused'), undefined);
  });
}

test('vmcs12: shadow bit, VMX abort, clear launch state, and non-zero padding', () => {
  const { bytes, view } = buildVmcs12(VMCS12_PRE_CET, { revision: VMCS12_REVISION | 0x80000000, abort: 3, launch: 0 });
  view.setUint32(336, 0xdeadbeef, true); // padding64[1]
  bytes[3000] = 0x5a; // after the structure
  const r = readRegion(bytes);
  assert.equal(r.format, 'vmcs12');
  assert.equal(note(r, 'revision_id').value, '0x11e57ed0');
  assert.equal(note(r, 'shadow_vmcs').value, '1');
  assert.match(note(r, 'shadow_vmcs').what, /a shadow VMCS/);
  assert.equal(note(r, 'abort').value, '0x00000003');
  assert.match(note(r, 'abort').what, /VMX abort 3, The current VMCS has been corrupted/);
  assert.match(note(r, 'launch_state').what, /clear/);
  const pad = note(r, 'padding');
  assert.equal(pad.offset, 336);
  assert.match(pad.value, /^ef be ad de/);
  assert.equal(note(r, 'unused').offset, 3000);
  // Data after the 4 KiB region is not read, and said so.
  const longer = new Uint8Array(5000);
  longer.set(bytes);
  const t = readRegion(longer);
  assert.deepEqual(t.fields, r.fields);
  assert.deepEqual(note(t, 'trailing'), { offset: 4096, label: 'trailing', value: '904 bytes', what: 'the data goes on after the 4096-byte region; the rest is not read' });
});

test('vmcs12 variant choice: CET bytes, dead space, and the 5.13/5.14 fields decide', () => {
  const base = () => buildVmcs12(VMCS12_PRE_CET).bytes;
  const cet = base();
  new DataView(cet.buffer).setBigUint64(712, 0x7fff0000n, true); // GUEST_SSP only
  assert.match(readRegion(cet).description, /with CET fields/);
  const cet0 = readRegion(base());
  assert.match(cet0.description, /without CET fields/);
  assert.ok(!cet0.fields.some((f) => f.encoding === 0x682a));
  // Dead space with data, ENCLS/TSC zero: CR3-target values.
  const old = buildVmcs12(VMCS12_CR3_TARGETS).bytes;
  const r = readRegion(old);
  assert.match(r.description, /CR3-target values/);
  assert.equal(r.fields.find((f) => f.encoding === 0x6008).offset, 376);
  // Dead space with data and a TSC multiplier: not the old layout, the dead space is padding.
  const mixed = buildVmcs12(VMCS12_CR3_TARGETS).bytes;
  new DataView(mixed.buffer).setBigUint64(328, 1n << 48n, true);
  const m = readRegion(mixed);
  assert.match(m.description, /without CET fields/);
  assert.match(note(m, 'padding').what, /dead_space/);
});

test('truncated vmcs12: the fields that fit, and a truncated-region diagnostic', () => {
  // Cut before the CET bytes, the 5.14-6.17 layout is assumed (and the layout note says why).
  const { bytes, expected } = buildVmcs12(VMCS12_PRE_CET);
  const cut = bytes.slice(0, 500);
  const r = readRegion(cut);
  assert.equal(r.format, 'vmcs12');
  assert.match(note(r, 'layout').what, /the data ends before bytes 680-727/);
  const fit = expected.filter((f) => f.offset + VMCS12_PRE_CET.fields.find((s) => lookupName(s.field).encoding === f.encoding).size <= 500);
  assert.deepEqual(sortByOffset(r.fields), sortByOffset(fit));
  const d = r.diagnostics.find((x) => x.code === 'truncated-region');
  assert.deepEqual(d.args, { format: 'vmcs12', length: 500, needed: 998, missing: expected.length - fit.length });
  // the message counts the missing bytes (args.missing counts the fields: it said "the missing 69 bytes" of 498)
  assert.equal(formatMessage(d), 'vmcs12 region cut short: 500 bytes of 998; the fields in the missing 498 bytes are not read');
  // A whole structure without the rest of the 4 KiB page is complete.
  assert.deepEqual(readRegion(bytes.slice(0, 998)).diagnostics, []);
});

// ---------------------------------------------------------------------------------------------
// eVMCS

for (const layout of EVMCS_LAYOUTS) {
  test(`eVMCS variant ${layout.id}: every field, the header and the clean-field bits`, () => {
    const clean = 0x0105; // IO_BITMAP, CONTROL_GRP2, CRDR
    const { bytes, expected } = buildEvmcs(layout, { clean });
    const r = readRegion(bytes);
    assert.equal(r.format, 'evmcs');
    assert.match(r.description, /^Hyper-V enlightened VMCS v1 \(revision 1, /);
    assert.match(r.description, layout === EVMCS_V1_2022 ? /with the 2022 TLFS fields/ : /without the 2022 TLFS fields/);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(sortByOffset(r.fields), sortByOffset(expected));
    assert.equal(note(r, 'revision_id').value, '0x00000001');
    assert.equal(note(r, 'abort').value, '0x00000000');
    assert.equal(note(r, 'hv_clean_fields').value, '0x00000105');
    assert.match(note(r, 'hv_clean_fields').what, /clean: IO_BITMAP, CONTROL_GRP2, CRDR/);
    for (const [bit, name] of EVMCS_CLEAN_GROUPS) {
      const n = note(r, `hv_clean_fields.${name}`);
      assert.equal(n.value, clean & (1 << bit) ? '1' : '0', name);
      assert.equal(n.offset, 824);
      assert.match(n.what, clean & (1 << bit) ? /clean/ : /dirty/);
    }
    assert.match(note(r, 'hv_enlightenments_control').what, /nested_flush_hypercall, msr_bitmap/);
    assert.equal(note(r, 'hv_vp_id').value, '0x00000007');
    assert.equal(note(r, 'hv_vm_id').value, '0x1122334455667788');
    assert.equal(note(r, 'partition_assist_page').value, '0x0000000000005000');
    assert.equal(note(r, 'padding'), undefined);
  });
}

test('eVMCS: all clean, truncated, and not mistaken for a nested-state blob', () => {
  const { bytes } = buildEvmcs(EVMCS_V1, { clean: 0xffff });
  assert.match(note(readRegion(bytes), 'hv_clean_fields').what, /all groups clean/);
  const r = readRegion(bytes.slice(0, 600));
  assert.equal(r.format, 'evmcs');
  assert.equal(r.diagnostics[0].code, 'truncated-region');
  assert.equal(r.diagnostics[0].args.needed, 1024);
  assert.ok(r.fields.every((f) => f.offset < 600));
});

// ---------------------------------------------------------------------------------------------
// KVM nested state

function nestedState({ size, flags = 0x1, shadow = false, layout = VMCS12_PRE_CET, length = size } = {}) {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, flags, true);
  view.setUint16(2, 0, true);
  view.setUint32(4, size, true);
  view.setBigUint64(8, 0x10000n, true);
  view.setBigUint64(16, size > 128 ? 0x20000n : 0xffffffffffffffffn, true);
  view.setUint16(24, 0x2, true);
  view.setUint32(28, 1, true);
  view.setBigUint64(32, 0x123456789n, true);
  let main;
  let shadowFixture;
  if (size > 128) main = buildVmcs12(layout, { base: 128, into: bytes });
  if (shadow) shadowFixture = buildVmcs12(VMCS12_CET, { base: 128 + 4096, into: bytes, revision: VMCS12_REVISION | 0x80000000, launch: 0 });
  return { bytes, main, shadow: shadowFixture };
}

test('nested state with a shadow vmcs12: header notes, vmcs12 fields at 128 + offset, and the shadow as a second region', () => {
  const { bytes, main, shadow } = nestedState({ size: 0x2080, shadow: true });
  const [r, s, ...rest] = readRegions(bytes);
  assert.equal(rest.length, 0);
  assert.equal(r.format, 'nested-state');
  assert.equal(r.description, 'KVM nested state (VMX, 8320 bytes): vmcs12 revision 0x11e57ed0 (KVM, without CET fields), and a shadow vmcs12');
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(sortByOffset(r.fields), sortByOffset(main.expected));
  assert.equal(note(r, 'flags').value, '0x0001');
  assert.match(note(r, 'flags').what, /KVM_STATE_NESTED_GUEST_MODE/);
  assert.equal(note(r, 'format').value, '0');
  assert.equal(note(r, 'size').value, '8320');
  assert.equal(note(r, 'hdr.vmx.vmxon_pa').value, '0x0000000000010000');
  assert.equal(note(r, 'hdr.vmx.vmcs12_pa').value, '0x0000000000020000');
  assert.match(note(r, 'hdr.vmx.smm.flags').what, /KVM_STATE_NESTED_SMM_VMXON/);
  assert.match(note(r, 'hdr.vmx.flags').what, /PREEMPTION_TIMER_DEADLINE/);
  assert.equal(note(r, 'hdr.vmx.preemption_timer_deadline').value, '0x0000000123456789');
  assert.equal(note(r, 'shadow_vmcs12').value, 'present');
  assert.equal(note(r, 'revision_id').offset, 128);
  assert.equal(note(r, 'launch_state').offset, 136);
  assert.equal(s.format, 'nested-state');
  assert.equal(s.description, 'shadow vmcs12 of KVM nested state: vmcs12 revision 0x11e57ed0 (KVM, with CET fields)');
  assert.deepEqual(sortByOffset(s.fields), sortByOffset(shadow.expected));
  assert.equal(note(s, 'shadow_vmcs').value, '1');
  assert.equal(note(s, 'revision_id').offset, 4224);
  // readRegion gives the first.
  assert.deepEqual(readRegion(bytes), r);
});

test('nested state without a shadow vmcs12, with the header only, truncated, and SVM', () => {
  const one = readRegions(nestedState({ size: 0x1080 }).bytes);
  assert.equal(one.length, 1);
  assert.equal(note(one[0], 'shadow_vmcs12').value, 'absent');
  assert.equal(one[0].fields.length, VMCS12_PRE_CET.fields.length);

  const header = readRegions(nestedState({ size: 128, flags: 0 }).bytes);
  assert.equal(header.length, 1);
  assert.equal(header[0].format, 'nested-state');
  assert.deepEqual(header[0].fields, []);
  assert.match(header[0].description, /no vmcs12/);
  assert.match(note(header[0], 'hdr.vmx.vmcs12_pa').what, /none/);

  const cut = nestedState({ size: 0x2080, shadow: true, length: 0x2080 }).bytes.slice(0, 0x1080 + 100);
  const t = readRegions(cut);
  assert.equal(t.length, 2);
  assert.deepEqual(t[0].diagnostics.map((d) => d.code), ['truncated-region']);
  assert.equal(t[0].diagnostics[0].args.needed, 0x2080);
  assert.ok(t[1].diagnostics.some((d) => d.code === 'truncated-region'));

  const svm = new Uint8Array(128 + 4096);
  new DataView(svm.buffer).setUint16(2, 1, true);
  new DataView(svm.buffer).setUint32(4, 128 + 4096, true);
  const r = readRegion(svm);
  assert.equal(r.format, 'nested-state');
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['not-a-region']);
  assert.deepEqual(r.fields, []);
});

// ---------------------------------------------------------------------------------------------
// Hardware regions and layout profiles

test('unknown revision without a profile: unknown-revision, the header notes, no fields', () => {
  const bytes = buildVmcs12(VMCS12_CET, { revision: 0x12 }).bytes;
  const r = readRegion(bytes);
  assert.equal(r.format, 'hardware');
  assert.deepEqual(r.fields, []);
  assert.deepEqual(r.diagnostics, [{ code: 'unknown-revision', args: { revision: '0x00000012' } }]);
  assert.equal(note(r, 'revision_id').value, '0x00000012');
  assert.equal(note(r, 'abort').value, '0x00000000');
  assert.match(r.description, /unknown without a layout profile/);
});

test('the example profile parses, and a hardware region is read with it (halves joined)', () => {
  const profile = parseProfile(readFileSync(new URL('../examples/profile-example.json', import.meta.url), 'utf8'));
  assert.ok(!('error' in profile), profile.error);
  assert.equal(profile.revision, 0x10);
  assert.equal(profile.name, 'Sandy Bridge (example, partial)');
  const bytes = new Uint8Array(4096);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x10, true);
  const byName = new Map();
  profile.fields.forEach((e, i) => {
    const value = valueFor(i, e.size);
    put(view, e.offset, e.size, value);
    byName.set(e.field, { value, offset: e.offset });
  });
  const r = readRegion(bytes, { profile });
  assert.equal(r.format, 'hardware');
  assert.equal(r.description, 'hardware VMCS revision 0x00000010 (layout profile "Sandy Bridge (example, partial)")');
  assert.deepEqual(r.diagnostics, []);
  const expected = [];
  for (const [name, { value, offset }] of byName) {
    if (name.endsWith('_HIGH')) continue;
    const high = byName.get(name + '_HIGH');
    expected.push({ encoding: lookupName(name).encoding, value: high ? value | (high.value << 32n) : value, offset });
  }
  assert.deepEqual(sortByOffset(r.fields), sortByOffset(expected));
  assert.equal(note(r, 'revision_id').value, '0x00000010');
  // Without the profile, or with one of another revision: unknown-revision.
  assert.equal(readRegion(bytes).diagnostics[0].code, 'unknown-revision');
  const other = readRegion(bytes, { profile: { ...profile, revision: 0x12 } });
  assert.deepEqual(other.diagnostics, [{ code: 'unknown-revision', args: { revision: '0x00000010', profileRevision: '0x00000012' } }]);
  assert.deepEqual(other.fields, []);
});

test('a profile: names, aliases and encodings resolved, sizes defaulted, a high half alone, truncation', () => {
  const p = parseProfile(
    JSON.stringify({
      revision: 18,
      fields: [
        { field: 'guest rip', offset: 16 },
        { field: '0x4402', offset: '0x20' },
        { field: 'VMCS_GUEST_CR3', offset: 40 },
        { field: 'EPT_POINTER_HIGH', offset: 60 },
        { field: 'GUEST_CS_SELECTOR', offset: 64, size: 2 },
        { field: 'VIRTUAL_PROCESSOR_ID', offset: 3000 },
      ],
    }),
  );
  assert.ok(!('error' in p), p.error);
  assert.deepEqual(p.fields, [
    { field: 'GUEST_RIP', offset: 16, size: 8 },
    { field: 'VM_EXIT_REASON', offset: 32, size: 4 },
    { field: 'GUEST_CR3', offset: 40, size: 8 },
    { field: 'EPT_POINTER_HIGH', offset: 60, size: 4 },
    { field: 'GUEST_CS_SELECTOR', offset: 64, size: 2 },
    { field: 'VIRTUAL_PROCESSOR_ID', offset: 3000, size: 2 },
  ]);
  const bytes = new Uint8Array(4096);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 18, true);
  view.setBigUint64(16, 0xffffffff81000000n, true);
  view.setUint32(32, 0x80000021, true);
  view.setUint32(60, 0xabcd, true);
  view.setUint16(3000, 7, true);
  const r = readRegion(bytes, { profile: p });
  assert.deepEqual(
    r.fields.map((f) => [fieldByEncoding(f.encoding).name, f.value, f.offset]),
    [
      ['GUEST_RIP', 0xffffffff81000000n, 16],
      ['VM_EXIT_REASON', 0x80000021n, 32],
      ['GUEST_CR3', 0n, 40],
      ['EPT_POINTER_HIGH', 0xabcdn, 60],
      ['GUEST_CS_SELECTOR', 0n, 64],
      ['VIRTUAL_PROCESSOR_ID', 7n, 3000],
    ],
  );
  const t = readRegion(bytes.slice(0, 100), { profile: p });
  assert.equal(t.fields.length, 5);
  assert.deepEqual(t.diagnostics, [{ code: 'truncated-region', args: { format: 'hardware', length: 100, needed: 3002, missing: 1 } }]);
});

test('bad profiles are refused with a message', () => {
  const f = (fields, extra = {}) => JSON.stringify({ revision: '0x12', fields, ...extra });
  const BAD = [
    ['{not json', /not valid JSON/],
    ['[]', /JSON object/],
    [JSON.stringify({ fields: [{ field: 'GUEST_RIP', offset: 16 }] }), /missing 'revision'/],
    [JSON.stringify({ revision: '0x80000000', fields: [{ field: 'GUEST_RIP', offset: 16 }] }), /31-bit/],
    [JSON.stringify({ revision: 'twelve', fields: [{ field: 'GUEST_RIP', offset: 16 }] }), /revision/],
    [f([]), /non-empty/],
    [f([{ field: 'GUEST_CRX', offset: 16 }]), /fields\[0\]: unknown field 'GUEST_CRX'/],
    [f([{ field: 'GUEST_RIP' }]), /'offset'/],
    [f([{ field: 'GUEST_RIP', offset: -8 }]), /'offset'/],
    [f([{ field: 'GUEST_RIP', offset: 16, size: 3 }]), /2, 4 or 8/],
    [f([{ field: 'VM_EXIT_REASON', offset: 16, size: 8 }]), /wider than the field/],
    [f([{ field: 'GUEST_RIP', offset: 4090 }]), /past the 4096-byte region/],
    [f([{ field: 'GUEST_RIP', offset: 4 }]), /revision id and the VMX-abort indicator/],
    [f([{ field: 'GUEST_RIP', offset: 16 }, { field: 'GUEST_RSP', offset: 20 }]), /GUEST_RIP .* overlaps GUEST_RSP/],
    [f([{ field: 'GUEST_RIP', offset: 16 }, { field: 'guest rip', offset: 64 }]), /GUEST_RIP is given twice/],
    [f([{ field: 'EPT_POINTER', offset: 16 }, { field: 'EPT_POINTER_HIGH', offset: 64 }]), /already read as 8 bytes/],
    [f([{ field: 'GUEST_RIP', offset: 16, sise: 8 }]), /unknown key 'sise'/],
    [f([{ field: 'GUEST_RIP', offset: 16 }], { feilds: [] }), /unknown key 'feilds'/],
  ];
  for (const [json, message] of BAD) {
    const r = parseProfile(json);
    assert.ok('error' in r, json);
    assert.match(r.error, message, json);
  }
  // Comments are allowed.
  assert.ok(!('error' in parseProfile(f([{ field: 'GUEST_RIP', offset: 16, $note: 'x' }], { $comment: 'x', description: 'y' }))));
  // readRegion with a profile object that does not hold up: bad-profile, and the region is still read.
  const bytes = buildVmcs12(VMCS12_CET).bytes;
  const r = readRegion(bytes, { profile: { revision: 0x12, fields: [{ field: 'NOPE', offset: 16 }] } });
  assert.equal(r.format, 'vmcs12');
  assert.equal(r.diagnostics[0].code, 'bad-profile');
  assert.match(r.diagnostics[0].args.reason, /unknown field 'NOPE'/);
  const u = readRegion(buildVmcs12(VMCS12_CET, { revision: 0x12 }).bytes, { profile: { revision: 0x12, fields: [] } });
  assert.deepEqual(u.diagnostics.map((d) => d.code), ['bad-profile', 'unknown-revision']);
});

test('too short to be a region: not-a-region', () => {
  for (const bytes of [new Uint8Array(0), new Uint8Array([0xd0, 0x7e, 0xe5, 0x11])]) {
    const r = readRegion(bytes);
    assert.deepEqual(r.fields, []);
    assert.equal(r.diagnostics[0].code, 'not-a-region');
  }
});

test('looksBinary: NUL bytes, the vmcs12 revision id, the nested-state header; text is not', () => {
  assert.equal(looksBinary(buildVmcs12(VMCS12_CET).bytes.subarray(0, 4)), true);
  assert.equal(looksBinary(Uint8Array.from([0xd0, 0x7e, 0xe5, 0x91])), true); // shadow bit
  assert.equal(looksBinary(nestedState({ size: 0x1080 }).bytes.subarray(0, 64)), true);
  assert.equal(looksBinary(Uint8Array.from([1, 0, 0, 0])), true);
  assert.equal(looksBinary(new TextEncoder().encode('GUEST_RIP = 0xffffffff81000000\n')), false);
  assert.equal(looksBinary(new TextEncoder().encode('00000000: d07e e511 0000 0000  .~......\n')), false);
  assert.equal(looksBinary(new Uint8Array(0)), false);
});

// ---------------------------------------------------------------------------------------------
// Hex dumps: generated here from the bytes, in each tool's format

const h2 = (b) => b.toString(16).padStart(2, '0');
const printable = (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

function chunks(bytes, n = 16) {
  const out = [];
  for (let off = 0; off < bytes.length; off += n) out.push([off, bytes.subarray(off, off + n)]);
  return out;
}

const sameLine = (a, b) => a && b && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * xxd (-g 2, 16 columns); with autoskip, runs of NUL lines become '*' as xxd -a prints them;
 * -u upper-case hex; -e little-endian 4-byte groups (a partial last group right-aligned).
 */
function xxd(bytes, { autoskip = false, upper = false, little = false } = {}) {
  const lines = [];
  const list = chunks(bytes);
  let zeros = 0;
  list.forEach(([off, c], i) => {
    const nul = c.every((b) => b === 0) && c.length === 16;
    if (autoskip && nul && i !== list.length - 1) {
      zeros++;
      if (zeros === 2) lines.push('*');
      if (zeros >= 2) return;
    } else zeros = 0;
    let hex = '';
    if (little) {
      for (let g = 0; g < 16; g += 4) {
        const group = [...c.subarray(g, g + 4)].reverse().map(h2).join('');
        hex += group.padStart(8, ' ') + ' ';
      }
    } else {
      for (let k = 0; k < 16; k++) {
        hex += k < c.length ? h2(c[k]) : '  ';
        if (k % 2 === 1) hex += ' ';
      }
    }
    if (upper) hex = hex.toUpperCase();
    lines.push(`${off.toString(16).padStart(8, '0')}: ${hex} ${[...c].map(printable).join('')}`);
  });
  return lines.join('\n') + '\n';
}

/** hexdump -C: identical lines become '*', and the last line is the length. */
function hexdumpC(bytes) {
  const lines = [];
  let prev = null;
  let starred = false;
  for (const [off, c] of chunks(bytes)) {
    if (sameLine(prev, c)) {
      if (!starred) lines.push('*');
      starred = true;
      continue;
    }
    starred = false;
    prev = c;
    let hex = '';
    for (let k = 0; k < 16; k++) {
      hex += k < c.length ? h2(c[k]) + ' ' : '   ';
      if (k === 7) hex += ' ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${[...c].map(printable).join('')}|`);
  }
  lines.push(bytes.length.toString(16).padStart(8, '0'));
  return lines.join('\n') + '\n';
}

/** od -A x -t x1z: identical lines become '*', and the last line is the length. */
function od(bytes) {
  const lines = [];
  let prev = null;
  let starred = false;
  for (const [off, c] of chunks(bytes)) {
    if (sameLine(prev, c)) {
      if (!starred) lines.push('*');
      starred = true;
      continue;
    }
    starred = false;
    prev = c;
    const hex = [...c].map((b) => ' ' + h2(b)).join('').padEnd(48, ' ');
    lines.push(`${off.toString(16).padStart(6, '0')}${hex}  >${[...c].map(printable).join('')}<`);
  }
  lines.push(bytes.length.toString(16).padStart(6, '0'));
  return lines.join('\n') + '\n';
}

const plainSpaced = (bytes) => chunks(bytes).map(([, c]) => [...c].map(h2).join(' ')).join('\n') + '\n';
const plainC = (bytes) => chunks(bytes, 12).map(([, c]) => '  ' + [...c].map((b) => '0x' + h2(b)).join(', ') + ',').join('\n') + '\n';
const plainP = (bytes) => chunks(bytes, 30).map(([, c]) => [...c].map(h2).join('')).join('\n') + '\n';

const FORMS = {
  xxd: (b) => xxd(b),
  'xxd -a': (b) => xxd(b, { autoskip: true }),
  'xxd -u': (b) => xxd(b, { upper: true }),
  'xxd -e': (b) => xxd(b, { little: true }),
  'hexdump -C': hexdumpC,
  'od -A x -t x1z': od,
  'plain hex': plainSpaced,
  'C bytes 0x..': plainC,
  'xxd -p': plainP,
};

test('every hex-dump form of a vmcs12 region gives the bytes back, and the region reads the same', () => {
  const { bytes } = buildVmcs12(VMCS12_CET);
  const direct = readRegion(bytes);
  for (const [name, form] of Object.entries(FORMS)) {
    const text = form(bytes);
    const back = parseHexDump(text);
    assert.ok(back, name);
    assert.deepEqual(back, bytes, name);
    assert.deepEqual(readRegion(back), direct, name);
  }
  // The '*' lines are really there.
  assert.match(hexdumpC(bytes), /^\*$/m);
  assert.match(od(bytes), /^\*$/m);
  assert.match(xxd(bytes, { autoskip: true }), /^\*$/m);
  // CRLF, indentation and a pasted prompt line.
  const pasted = '$ hexdump -C vmcs.bin\r\n' + hexdumpC(bytes).split('\n').map((l) => '    ' + l).join('\r\n');
  assert.deepEqual(parseHexDump(pasted), bytes);
});

test('hex dumps of short and odd-length data, and of a nested-state blob', () => {
  const short = Uint8Array.from({ length: 37 }, (_, i) => (i * 37 + 11) & 0xff);
  for (const [name, form] of Object.entries(FORMS)) assert.deepEqual(parseHexDump(form(short)), short, name);
  const { bytes } = nestedState({ size: 0x2080, shadow: true });
  assert.deepEqual(parseHexDump(hexdumpC(bytes)), bytes);
  assert.equal(readRegions(parseHexDump(od(bytes))).length, 2);
});

test('text that is not a hex dump gives null', () => {
  const NOT = [
    '',
    'hello world, this is not hex at all',
    'GUEST_RIP = 0xffffffff81000000\nGUEST_CR0 = 0x80050033\n',
    '6800 80050033\n6802 00000000001c3000\n681e ffffffff81000000\n',
    '0x00006800 0x80050033\n',
    '0000681e: ffffffff81000000\n',
    '6800\n4402\n6802\n681e\n',
    // hexdump without -C prints byte-swapped 16-bit words: refused rather than misread.
    '0000000 7ed0 11e5 0000 0000 0001 0000 0000 0000\n0000010 0000 0000 0000 0000 0000 0000 0000 0000\n*\n0001000\n',
    // od with octal offsets: the offsets do not add up.
    '0000000 d0 7e e5 11 00 00 00 00 01 00 00 00 00 00 00 00\n0000020 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n',
    '00000000  d0 7e e5 11  |.~..|\n00000010  00 00 00 00  |....|\n', // a gap without '*'
    'de ad be',
  ];
  for (const text of NOT) assert.equal(parseHexDump(text), null, JSON.stringify(text));
});

// ---------------------------------------------------------------------------------------------
// Arbitrary input

function checkResult(r, bytes) {
  assert.ok(['vmcs12', 'nested-state', 'evmcs', 'hardware'].includes(r.format));
  assert.equal(typeof r.description, 'string');
  for (const f of r.fields) {
    assert.ok(fieldByEncoding(f.encoding), `encoding ${hex8(f.encoding)}`);
    assert.ok(f.offset >= 0 && f.offset < bytes.length);
    assert.equal(typeof f.value, 'bigint');
  }
  for (const n of r.notes) assert.ok(typeof n.label === 'string' && typeof n.value === 'string' && typeof n.what === 'string');
  for (const d of r.diagnostics) assert.ok(CODES.has(d.code), d.code);
}

test('arbitrary bytes never throw, also behind each known header', () => {
  const headers = [
    [0xd0, 0x7e, 0xe5, 0x11],
    [0xd0, 0x7e, 0xe5, 0x91],
    [1, 0, 0, 0],
    [1, 0, 0, 0, 0x80, 0x20, 0, 0],
    [1, 0, 0, 0, 0x80, 0x10, 0, 0],
    [0, 0, 1, 0, 0x80, 0x10, 0, 0],
    [0x10, 0, 0, 0],
  ];
  const profile = parseProfile(readFileSync(new URL('../examples/profile-example.json', import.meta.url), 'utf8'));
  const arb = fc.tuple(fc.option(fc.constantFrom(...headers), { nil: undefined }), fc.uint8Array({ maxLength: 9000 }), fc.boolean(), fc.boolean());
  fc.assert(
    fc.property(arb, ([header, tail, zeroPad, withProfile]) => {
      let bytes = tail;
      if (header) {
        bytes = new Uint8Array(header.length + tail.length);
        bytes.set(header);
        bytes.set(tail, header.length);
        if (zeroPad && bytes.length > 40) bytes.fill(0, 40, Math.min(128, bytes.length));
      }
      const options = withProfile ? { profile } : {};
      const all = readRegions(bytes, options);
      assert.ok(all.length === 1 || all.length === 2);
      for (const r of all) checkResult(r, bytes);
      assert.deepEqual(readRegion(bytes, options), all[0]);
      assert.equal(typeof looksBinary(bytes.subarray(0, 64)), 'boolean');
    }),
    { numRuns: 300 },
  );
});

test('arbitrary text never throws in parseHexDump; random bytes round-trip through every form', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.stringMatching(/^[0-9a-f: |*>.<\n]{0,300}$/)), (text) => {
      const r = parseHexDump(text);
      assert.ok(r === null || (r instanceof Uint8Array && r.length >= 8));
    }),
    { numRuns: 500 },
  );
  fc.assert(
    // (xxd -e is told from xxd by its ASCII column, which random bytes may leave undecided.)
    fc.property(fc.uint8Array({ minLength: 8, maxLength: 300 }), fc.constantFrom(...Object.keys(FORMS).filter((k) => k !== 'xxd -e')), (bytes, name) => {
      assert.deepEqual(parseHexDump(FORMS[name](bytes)), bytes, name);
    }),
    { numRuns: 400 },
  );
});
