/**
 * Hyper-V enlightened VMCS, version 1 (`struct hv_enlightened_vmcs`, HV_VMX_ENLIGHTENED_VMCS in
 * the Hyper-V TLFS; Linux include/hyperv/hvgdk.h, formerly arch/x86/include/asm/hyperv-tlfs.h).
 *
 * The guest hypervisor writes the fields to memory instead of executing VMWRITE, so every field
 * has a fixed offset. Packed, little-endian, 1024 bytes (in a 4 KiB page); revision_id holds
 * the eVMCS version (1). hv_clean_fields (824) tells the hypervisor which groups of fields are
 * unchanged since the last VM entry; each field's group ("clean" below) is the one Linux's
 * vmcs_field_to_evmcs_1[] (arch/x86/kvm/vmx/hyperv_evmcs.c) gives it, with the fields KVM leaves
 * out of that table (CET, LBR, I/O RCX/RSI/RDI/RIP) taken from the comments there.
 *
 * History: offsets are stable; the 2022 TLFS update (advertised by
 * HV_X64_NESTED_EVMCS1_PERF_GLOBAL_CTRL, CPUID 0x4000000A EBX bit 0) only named fields in
 * former padding: guest_ia32_perf_global_ctrl .. guest_ia32_lbr_ctl (904-943, from
 * padding64_5[7]) and encls_exiting_bitmap .. host_ia32_int_ssp_table_addr (968-1015, from
 * padding64_6[7]). CR3_TARGET_VALUE0-3 are in the structure; KVM mapped them (clean group
 * ALL) until Linux 5.8.
 */
import type { BinaryLayout, FieldSlot, HeaderSlot, RegionNote, RegionResult, SlotSize } from './types.js';
import { Bytes, type ReadOut, abortText, headerSlot, hex, hex8, readLayout } from './bytes.js';

export const EVMCS_VERSION = 1;
export const EVMCS_SIZE = 1024;

type Clean = number | 'all' | 'none';
type Row = readonly [member: string, field: string, offset: number, size: SlotSize, clean: Clean];

const slots = (rows: readonly Row[]): FieldSlot[] =>
  rows.map(([member, field, offset, size, clean]) => ({ member, field, offset, size, clean }));

/** hv_clean_fields bits (HV_VMX_ENLIGHTENED_CLEAN_FIELD_*), bit number -> group. */
export const EVMCS_CLEAN_GROUPS: ReadonlyArray<readonly [bit: number, name: string, covers: string]> = [
  [0, 'IO_BITMAP', 'I/O bitmap addresses'],
  [1, 'MSR_BITMAP', 'MSR bitmap address'],
  [2, 'CONTROL_GRP2', 'TSC offset and multiplier, virtual-APIC page, XSS- and ENCLS-exiting bitmaps'],
  [3, 'CONTROL_GRP1', 'pin-based, secondary processor-based and VM-exit controls'],
  [4, 'CONTROL_PROC', 'primary processor-based controls'],
  [5, 'CONTROL_EVENT', 'VM-entry event injection'],
  [6, 'CONTROL_ENTRY', 'VM-entry controls'],
  [7, 'CONTROL_EXCPN', 'exception bitmap'],
  [8, 'CRDR', 'CR0/CR4 masks and read shadows, guest CR0, CR3, CR4 and DR7'],
  [9, 'CONTROL_XLAT', 'EPT pointer and VPID'],
  [10, 'GUEST_BASIC', 'guest RSP, RFLAGS, interruptibility and SSP'],
  [11, 'GUEST_GRP1', 'VMCS link pointer, guest MSRs, PDPTEs, SYSENTER and activity state'],
  [12, 'GUEST_GRP2', 'guest segment registers, GDTR and IDTR'],
  [13, 'HOST_POINTER', 'host FS, GS, TR, GDTR and IDTR bases and RSP'],
  [14, 'HOST_GRP1', 'host selectors, CR0, CR3, CR4, MSRs, SYSENTER and RIP'],
  [15, 'ENLIGHTENMENTSCONTROL', 'the enlightenments control, VP and VM ids and partition assist page'],
];

export const EVMCS_HEADER: readonly HeaderSlot[] = [
  { member: 'revision_id', offset: 0, size: 4 },
  { member: 'abort', offset: 4, size: 4 },
  { member: 'hv_clean_fields', offset: 824, size: 4 },
  { member: 'hv_synthetic_controls', offset: 832, size: 4 },
  { member: 'hv_enlightenments_control', offset: 836, size: 4 },
  { member: 'hv_vp_id', offset: 840, size: 4 },
  { member: 'hv_vm_id', offset: 848, size: 8 },
  { member: 'partition_assist_page', offset: 856, size: 8 },
];

/** Fields of the 2016 TLFS structure. */
const V1_2016 = (): readonly Row[] => [
  ['host_es_selector', 'HOST_ES_SELECTOR', 8, 2, 14],
  ['host_cs_selector', 'HOST_CS_SELECTOR', 10, 2, 14],
  ['host_ss_selector', 'HOST_SS_SELECTOR', 12, 2, 14],
  ['host_ds_selector', 'HOST_DS_SELECTOR', 14, 2, 14],
  ['host_fs_selector', 'HOST_FS_SELECTOR', 16, 2, 14],
  ['host_gs_selector', 'HOST_GS_SELECTOR', 18, 2, 14],
  ['host_tr_selector', 'HOST_TR_SELECTOR', 20, 2, 14],
  ['host_ia32_pat', 'HOST_IA32_PAT', 24, 8, 14],
  ['host_ia32_efer', 'HOST_IA32_EFER', 32, 8, 14],
  ['host_cr0', 'HOST_CR0', 40, 8, 14],
  ['host_cr3', 'HOST_CR3', 48, 8, 14],
  ['host_cr4', 'HOST_CR4', 56, 8, 14],
  ['host_ia32_sysenter_esp', 'HOST_IA32_SYSENTER_ESP', 64, 8, 14],
  ['host_ia32_sysenter_eip', 'HOST_IA32_SYSENTER_EIP', 72, 8, 14],
  ['host_rip', 'HOST_RIP', 80, 8, 14],
  ['host_ia32_sysenter_cs', 'HOST_IA32_SYSENTER_CS', 88, 4, 14],
  ['pin_based_vm_exec_control', 'PIN_BASED_VM_EXEC_CONTROL', 92, 4, 3],
  ['vm_exit_controls', 'VM_EXIT_CONTROLS', 96, 4, 3],
  ['secondary_vm_exec_control', 'SECONDARY_VM_EXEC_CONTROL', 100, 4, 3],
  ['io_bitmap_a', 'IO_BITMAP_A', 104, 8, 0],
  ['io_bitmap_b', 'IO_BITMAP_B', 112, 8, 0],
  ['msr_bitmap', 'MSR_BITMAP', 120, 8, 1],
  ['guest_es_selector', 'GUEST_ES_SELECTOR', 128, 2, 12],
  ['guest_cs_selector', 'GUEST_CS_SELECTOR', 130, 2, 12],
  ['guest_ss_selector', 'GUEST_SS_SELECTOR', 132, 2, 12],
  ['guest_ds_selector', 'GUEST_DS_SELECTOR', 134, 2, 12],
  ['guest_fs_selector', 'GUEST_FS_SELECTOR', 136, 2, 12],
  ['guest_gs_selector', 'GUEST_GS_SELECTOR', 138, 2, 12],
  ['guest_ldtr_selector', 'GUEST_LDTR_SELECTOR', 140, 2, 12],
  ['guest_tr_selector', 'GUEST_TR_SELECTOR', 142, 2, 12],
  ['guest_es_limit', 'GUEST_ES_LIMIT', 144, 4, 12],
  ['guest_cs_limit', 'GUEST_CS_LIMIT', 148, 4, 12],
  ['guest_ss_limit', 'GUEST_SS_LIMIT', 152, 4, 12],
  ['guest_ds_limit', 'GUEST_DS_LIMIT', 156, 4, 12],
  ['guest_fs_limit', 'GUEST_FS_LIMIT', 160, 4, 12],
  ['guest_gs_limit', 'GUEST_GS_LIMIT', 164, 4, 12],
  ['guest_ldtr_limit', 'GUEST_LDTR_LIMIT', 168, 4, 12],
  ['guest_tr_limit', 'GUEST_TR_LIMIT', 172, 4, 12],
  ['guest_gdtr_limit', 'GUEST_GDTR_LIMIT', 176, 4, 12],
  ['guest_idtr_limit', 'GUEST_IDTR_LIMIT', 180, 4, 12],
  ['guest_es_ar_bytes', 'GUEST_ES_AR_BYTES', 184, 4, 12],
  ['guest_cs_ar_bytes', 'GUEST_CS_AR_BYTES', 188, 4, 12],
  ['guest_ss_ar_bytes', 'GUEST_SS_AR_BYTES', 192, 4, 12],
  ['guest_ds_ar_bytes', 'GUEST_DS_AR_BYTES', 196, 4, 12],
  ['guest_fs_ar_bytes', 'GUEST_FS_AR_BYTES', 200, 4, 12],
  ['guest_gs_ar_bytes', 'GUEST_GS_AR_BYTES', 204, 4, 12],
  ['guest_ldtr_ar_bytes', 'GUEST_LDTR_AR_BYTES', 208, 4, 12],
  ['guest_tr_ar_bytes', 'GUEST_TR_AR_BYTES', 212, 4, 12],
  ['guest_es_base', 'GUEST_ES_BASE', 216, 8, 12],
  ['guest_cs_base', 'GUEST_CS_BASE', 224, 8, 12],
  ['guest_ss_base', 'GUEST_SS_BASE', 232, 8, 12],
  ['guest_ds_base', 'GUEST_DS_BASE', 240, 8, 12],
  ['guest_fs_base', 'GUEST_FS_BASE', 248, 8, 12],
  ['guest_gs_base', 'GUEST_GS_BASE', 256, 8, 12],
  ['guest_ldtr_base', 'GUEST_LDTR_BASE', 264, 8, 12],
  ['guest_tr_base', 'GUEST_TR_BASE', 272, 8, 12],
  ['guest_gdtr_base', 'GUEST_GDTR_BASE', 280, 8, 12],
  ['guest_idtr_base', 'GUEST_IDTR_BASE', 288, 8, 12],
  ['vm_exit_msr_store_addr', 'VM_EXIT_MSR_STORE_ADDR', 320, 8, 'all'],
  ['vm_exit_msr_load_addr', 'VM_EXIT_MSR_LOAD_ADDR', 328, 8, 'all'],
  ['vm_entry_msr_load_addr', 'VM_ENTRY_MSR_LOAD_ADDR', 336, 8, 'all'],
  ['cr3_target_value0', 'CR3_TARGET_VALUE0', 344, 8, 'all'],
  ['cr3_target_value1', 'CR3_TARGET_VALUE1', 352, 8, 'all'],
  ['cr3_target_value2', 'CR3_TARGET_VALUE2', 360, 8, 'all'],
  ['cr3_target_value3', 'CR3_TARGET_VALUE3', 368, 8, 'all'],
  ['page_fault_error_code_mask', 'PAGE_FAULT_ERROR_CODE_MASK', 376, 4, 'all'],
  ['page_fault_error_code_match', 'PAGE_FAULT_ERROR_CODE_MATCH', 380, 4, 'all'],
  ['cr3_target_count', 'CR3_TARGET_COUNT', 384, 4, 'all'],
  ['vm_exit_msr_store_count', 'VM_EXIT_MSR_STORE_COUNT', 388, 4, 'all'],
  ['vm_exit_msr_load_count', 'VM_EXIT_MSR_LOAD_COUNT', 392, 4, 'all'],
  ['vm_entry_msr_load_count', 'VM_ENTRY_MSR_LOAD_COUNT', 396, 4, 'all'],
  ['tsc_offset', 'TSC_OFFSET', 400, 8, 2],
  ['virtual_apic_page_addr', 'VIRTUAL_APIC_PAGE_ADDR', 408, 8, 2],
  ['vmcs_link_pointer', 'VMCS_LINK_POINTER', 416, 8, 11],
  ['guest_ia32_debugctl', 'GUEST_IA32_DEBUGCTL', 424, 8, 11],
  ['guest_ia32_pat', 'GUEST_IA32_PAT', 432, 8, 11],
  ['guest_ia32_efer', 'GUEST_IA32_EFER', 440, 8, 11],
  ['guest_pdptr0', 'GUEST_PDPTR0', 448, 8, 11],
  ['guest_pdptr1', 'GUEST_PDPTR1', 456, 8, 11],
  ['guest_pdptr2', 'GUEST_PDPTR2', 464, 8, 11],
  ['guest_pdptr3', 'GUEST_PDPTR3', 472, 8, 11],
  ['guest_pending_dbg_exceptions', 'GUEST_PENDING_DBG_EXCEPTIONS', 480, 8, 11],
  ['guest_sysenter_esp', 'GUEST_SYSENTER_ESP', 488, 8, 11],
  ['guest_sysenter_eip', 'GUEST_SYSENTER_EIP', 496, 8, 11],
  ['guest_activity_state', 'GUEST_ACTIVITY_STATE', 504, 4, 11],
  ['guest_sysenter_cs', 'GUEST_SYSENTER_CS', 508, 4, 11],
  ['cr0_guest_host_mask', 'CR0_GUEST_HOST_MASK', 512, 8, 8],
  ['cr4_guest_host_mask', 'CR4_GUEST_HOST_MASK', 520, 8, 8],
  ['cr0_read_shadow', 'CR0_READ_SHADOW', 528, 8, 8],
  ['cr4_read_shadow', 'CR4_READ_SHADOW', 536, 8, 8],
  ['guest_cr0', 'GUEST_CR0', 544, 8, 8],
  ['guest_cr3', 'GUEST_CR3', 552, 8, 8],
  ['guest_cr4', 'GUEST_CR4', 560, 8, 8],
  ['guest_dr7', 'GUEST_DR7', 568, 8, 8],
  ['host_fs_base', 'HOST_FS_BASE', 576, 8, 13],
  ['host_gs_base', 'HOST_GS_BASE', 584, 8, 13],
  ['host_tr_base', 'HOST_TR_BASE', 592, 8, 13],
  ['host_gdtr_base', 'HOST_GDTR_BASE', 600, 8, 13],
  ['host_idtr_base', 'HOST_IDTR_BASE', 608, 8, 13],
  ['host_rsp', 'HOST_RSP', 616, 8, 13],
  ['ept_pointer', 'EPT_POINTER', 624, 8, 9],
  ['virtual_processor_id', 'VIRTUAL_PROCESSOR_ID', 632, 2, 9],
  ['guest_physical_address', 'GUEST_PHYSICAL_ADDRESS', 680, 8, 'none'],
  ['vm_instruction_error', 'VM_INSTRUCTION_ERROR', 688, 4, 'none'],
  ['vm_exit_reason', 'VM_EXIT_REASON', 692, 4, 'none'],
  ['vm_exit_intr_info', 'VM_EXIT_INTR_INFO', 696, 4, 'none'],
  ['vm_exit_intr_error_code', 'VM_EXIT_INTR_ERROR_CODE', 700, 4, 'none'],
  ['idt_vectoring_info_field', 'IDT_VECTORING_INFO_FIELD', 704, 4, 'none'],
  ['idt_vectoring_error_code', 'IDT_VECTORING_ERROR_CODE', 708, 4, 'none'],
  ['vm_exit_instruction_len', 'VM_EXIT_INSTRUCTION_LEN', 712, 4, 'none'],
  ['vmx_instruction_info', 'VMX_INSTRUCTION_INFO', 716, 4, 'none'],
  ['exit_qualification', 'EXIT_QUALIFICATION', 720, 8, 'none'],
  ['exit_io_instruction_ecx', 'IO_RCX', 728, 8, 'none'],
  ['exit_io_instruction_esi', 'IO_RSI', 736, 8, 'none'],
  ['exit_io_instruction_edi', 'IO_RDI', 744, 8, 'none'],
  ['exit_io_instruction_eip', 'IO_RIP', 752, 8, 'none'],
  ['guest_linear_address', 'GUEST_LINEAR_ADDRESS', 760, 8, 'none'],
  ['guest_rsp', 'GUEST_RSP', 768, 8, 10],
  ['guest_rflags', 'GUEST_RFLAGS', 776, 8, 10],
  ['guest_interruptibility_info', 'GUEST_INTERRUPTIBILITY_INFO', 784, 4, 10],
  ['cpu_based_vm_exec_control', 'CPU_BASED_VM_EXEC_CONTROL', 788, 4, 4],
  ['exception_bitmap', 'EXCEPTION_BITMAP', 792, 4, 7],
  ['vm_entry_controls', 'VM_ENTRY_CONTROLS', 796, 4, 6],
  ['vm_entry_intr_info_field', 'VM_ENTRY_INTR_INFO_FIELD', 800, 4, 5],
  ['vm_entry_exception_error_code', 'VM_ENTRY_EXCEPTION_ERROR_CODE', 804, 4, 5],
  ['vm_entry_instruction_len', 'VM_ENTRY_INSTRUCTION_LEN', 808, 4, 5],
  ['tpr_threshold', 'TPR_THRESHOLD', 812, 4, 'none'],
  ['guest_rip', 'GUEST_RIP', 816, 8, 'none'],
  ['guest_bndcfgs', 'GUEST_BNDCFGS', 896, 8, 11],
  ['xss_exit_bitmap', 'XSS_EXIT_BITMAP', 960, 8, 2],
];

/** Named by the 2022 TLFS update in former padding64_5 and padding64_6. */
const V1_2022 = (): readonly Row[] => [
  ['guest_ia32_perf_global_ctrl', 'GUEST_IA32_PERF_GLOBAL_CTRL', 904, 8, 11],
  ['guest_ia32_s_cet', 'GUEST_S_CET', 912, 8, 11],
  ['guest_ssp', 'GUEST_SSP', 920, 8, 10],
  ['guest_ia32_int_ssp_table_addr', 'GUEST_INTR_SSP_TABLE', 928, 8, 11],
  ['guest_ia32_lbr_ctl', 'GUEST_IA32_LBR_CTL', 936, 8, 11],
  ['encls_exiting_bitmap', 'ENCLS_EXITING_BITMAP', 968, 8, 2],
  ['host_ia32_perf_global_ctrl', 'HOST_IA32_PERF_GLOBAL_CTRL', 976, 8, 14],
  ['tsc_multiplier', 'TSC_MULTIPLIER', 984, 8, 2],
  ['host_ia32_s_cet', 'HOST_S_CET', 992, 8, 14],
  ['host_ssp', 'HOST_SSP', 1000, 8, 14],
  ['host_ia32_int_ssp_table_addr', 'HOST_INTR_SSP_TABLE', 1008, 8, 14],
];

const SOURCE = 'Hyper-V TLFS hv_enlightened_vmcs (Linux include/hyperv/hvgdk.h)';
const byOffset = (a: FieldSlot, b: FieldSlot) => a.offset - b.offset;

// Each layout's slots are made (and sorted) on first use, and so are the rows they are made of
// (V1_2016 and V1_2022 are functions: ~140 arrays of five): a run that reads no region, such as
// every run on a text dump, does not pay for them at start-up.
let v2022Fields: FieldSlot[] | undefined;
let v1Fields: FieldSlot[] | undefined;

/** eVMCS v1 with the fields of the 2022 TLFS update. */
export const EVMCS_V1_2022: BinaryLayout = {
  id: 'evmcs-v1-2022',
  label: 'Hyper-V enlightened VMCS v1, with the 2022 TLFS fields',
  source: SOURCE,
  size: EVMCS_SIZE,
  header: EVMCS_HEADER,
  get fields() {
    return (v2022Fields ??= slots([...V1_2016(), ...V1_2022()]).sort(byOffset));
  },
};

/** eVMCS v1 as the 2016 TLFS defined it (904-951 and 968-1023 padding). */
export const EVMCS_V1: BinaryLayout = {
  id: 'evmcs-v1',
  label: 'Hyper-V enlightened VMCS v1, without the 2022 TLFS fields',
  source: SOURCE,
  size: EVMCS_SIZE,
  header: EVMCS_HEADER,
  get fields() {
    return (v1Fields ??= slots(V1_2016()).sort(byOffset));
  },
  reserved: [
    [904, 944, 'padding64_5 (perf global ctrl, CET and LBR fields of the 2022 TLFS update)'],
    [968, 1016, 'padding64_6 (ENCLS, host perf global ctrl, TSC multiplier and host CET fields of the 2022 TLFS update)'],
  ],
};

/** Every eVMCS variant, newest first. */
export const EVMCS_LAYOUTS: readonly BinaryLayout[] = [EVMCS_V1_2022, EVMCS_V1];

/** The bytes whose content decides the variant: the 2022 fields. */
export const EVMCS_2022_BYTES: ReadonlyArray<readonly [number, number]> = [
  [904, 944],
  [968, 1016],
];

// ---------------------------------------------------------------------------------------------
// eVMCS

export function readEvmcs(data: Bytes): RegionResult {
  const out: ReadOut = { fields: [], notes: [], diagnostics: [] };
  const is2022 = EVMCS_2022_BYTES.some(([s, e]) => data.nonZero(s, e));
  const layout = is2022 ? EVMCS_V1_2022 : EVMCS_V1;
  out.notes.push({ offset: 0, label: 'revision_id', value: hex8(data.u32(0)), what: 'Enlightened VMCS version (revision_id): 1' });
  const abort = data.u32(4);
  out.notes.push({ offset: 4, label: 'abort', value: hex8(abort), what: abortText(abort) });
  out.notes.push({
    offset: 0,
    label: 'layout',
    value: layout.id,
    what: is2022
      ? 'bytes 904-943 or 968-1015 hold data: the fields the 2022 TLFS update named (perf global ctrl, CET, LBR, ENCLS, TSC multiplier)'
      : data.length < 1016
        ? 'the data ends before bytes 904-943 and 968-1015 (the 2022 TLFS update fields): the 2016 TLFS fields only'
        : 'bytes 904-943 and 968-1015 (the 2022 TLFS update fields) are zero: the 2016 TLFS fields only',
  });
  evmcsHeaderNotes(data, out.notes);
  readLayout(data, layout, 0, data.length, 'evmcs', out);
  const label = is2022 ? 'with the 2022 TLFS fields' : 'without the 2022 TLFS fields';
  return {
    format: 'evmcs',
    description: `Hyper-V enlightened VMCS v1 (revision ${EVMCS_VERSION}, ${label})`,
    fields: out.fields,
    notes: out.notes,
    diagnostics: out.diagnostics,
  };
}


function evmcsHeaderNotes(data: Bytes, notes: RegionNote[]): void {
  const at = (member: string) => headerSlot(EVMCS_V1.header, member);
  const clean = at('hv_clean_fields');
  if (data.has(clean.offset, 4)) {
    const v = data.u32(clean.offset);
    const names = EVMCS_CLEAN_GROUPS.filter(([bit]) => v & (1 << bit)).map(([, name]) => name);
    const reserved = v >>> 16;
    notes.push({
      offset: clean.offset,
      label: 'hv_clean_fields',
      value: hex8(v),
      what:
        'Clean-field bits: a set bit tells the hypervisor that group is unchanged since the last VM entry' +
        ((v & 0xffff) === 0xffff ? '; all groups clean' : names.length ? `; clean: ${names.join(', ')}` : '; every group dirty') +
        (reserved ? `; bits 31:16 (${hex(reserved, 4)}) are not defined` : ''),
    });
    for (const [bit, name, covers] of EVMCS_CLEAN_GROUPS) {
      const set = (v & (1 << bit)) !== 0;
      notes.push({
        offset: clean.offset,
        label: `hv_clean_fields.${name}`,
        value: set ? '1' : '0',
        what: `bit ${bit}, ${set ? 'clean' : 'dirty'}: ${covers}${set ? ' unchanged' : ' to be reloaded'}`,
      });
    }
  }
  const synth = at('hv_synthetic_controls');
  if (data.has(synth.offset, 4)) {
    notes.push({ offset: synth.offset, label: 'hv_synthetic_controls', value: hex8(data.u32(synth.offset)), what: 'Hyper-V synthetic VM-execution controls' });
  }
  const enl = at('hv_enlightenments_control');
  if (data.has(enl.offset, 4)) {
    const v = data.u32(enl.offset);
    const parts: string[] = [];
    if (v & 1) parts.push('nested_flush_hypercall');
    if (v & 2) parts.push('msr_bitmap');
    if (v & ~3) parts.push(`reserved bits ${hex((v & ~3) >>> 0, 1)}`);
    notes.push({
      offset: enl.offset,
      label: 'hv_enlightenments_control',
      value: hex8(v),
      what: `Enlightenments control (bit 0 nested_flush_hypercall, bit 1 msr_bitmap): ${parts.length ? parts.join(', ') : 'none'}`,
    });
  }
  const vp = at('hv_vp_id');
  if (data.has(vp.offset, 4)) notes.push({ offset: vp.offset, label: 'hv_vp_id', value: hex8(data.u32(vp.offset)), what: 'Virtual processor id (for the nested flush hypercall)' });
  const vm = at('hv_vm_id');
  if (data.has(vm.offset, 8)) notes.push({ offset: vm.offset, label: 'hv_vm_id', value: hex(data.u64(vm.offset), 16), what: 'VM id (for the nested flush hypercall)' });
  const pa = at('partition_assist_page');
  if (data.has(pa.offset, 8)) notes.push({ offset: pa.offset, label: 'partition_assist_page', value: hex(data.u64(pa.offset), 16), what: 'Guest physical address of the partition assist page' });
}
