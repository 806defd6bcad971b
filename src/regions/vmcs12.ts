/**
 * KVM's nested VMCS, `struct vmcs12` (Linux arch/x86/kvm/vmx/vmcs12.h), revision id
 * VMCS12_REVISION = 0x11e57ed0, in a 4 KiB region (VMCS12_SIZE = 0x1000).
 *
 * The structure is packed and little-endian, natural-width members are u64, and its offsets
 * are ABI (live migration, KVM_GET_NESTED_STATE): vmx_check_vmcs12_offsets() asserts every
 * one with CHECK_OFFSET. Fields are only ever added in padding, so the layout history is a
 * series of carve-outs (all offsets below are the CHECK_OFFSET values):
 *
 *   - Linux 5.8 (Sean Christopherson, "KVM: nVMX: Remove non-functional support for CR3
 *     target values", April 2020): cr3_target_value0..3 at 376-407 became dead_space[4];
 *     KVM stopped mapping CR3_TARGET_VALUE0..3 for VMREAD/VMWRITE.
 *   - Linux 5.13: encls_exiting_bitmap at 320 (from padding64[3]).
 *   - Linux 5.14: tsc_multiplier at 328 (padding64[1] remains at 336).
 *   - Linux 6.18 (KVM CET series): host_s_cet, host_ssp, host_ssp_tbl, guest_s_cet,
 *     guest_ssp, guest_ssp_tbl at 680-727 (from paddingl[8]; paddingl[2] remains at 728).
 *
 * Before about Linux 4.16 the structure had no CHECK_OFFSET and fields were inserted in the
 * middle; those older layouts are not described here.
 *
 * KVM zero-fills its vmcs12 (kzalloc) and copies the whole structure, so bytes that an older
 * kernel left as padding read as zero. The reader (readVmcs12 below) picks a variant from what the
 * bytes hold: non-zero CET bytes mean the CET layout; a non-zero dead_space (with the 5.13/5.14
 * carve-outs zero) means the CR3-target layout; anything else the 5.14-6.17 layout.
 */
import type { BinaryLayout, FieldSlot, HeaderSlot, SlotSize } from './types.js';
import { Bytes, type ReadOut, hex8, readLayout, regionHeaderNotes } from './bytes.js';

export const VMCS12_REVISION = 0x11e57ed0;
export const VMCS12_SIZE = 0x1000;

type Row = readonly [member: string, field: string, offset: number, size: SlotSize];

const slots = (rows: readonly Row[]): FieldSlot[] => rows.map(([member, field, offset, size]) => ({ member, field, offset, size }));

export const VMCS12_HEADER: readonly HeaderSlot[] = [
  { member: 'hdr', offset: 0, size: 4 }, // revision_id:31, shadow_vmcs:1
  { member: 'abort', offset: 4, size: 4 },
  { member: 'launch_state', offset: 8, size: 4 },
];

/** Members at the same offset in every variant since the offsets were frozen. */
const COMMON = (): readonly Row[] => [
  ['io_bitmap_a', 'IO_BITMAP_A', 40, 8],
  ['io_bitmap_b', 'IO_BITMAP_B', 48, 8],
  ['msr_bitmap', 'MSR_BITMAP', 56, 8],
  ['vm_exit_msr_store_addr', 'VM_EXIT_MSR_STORE_ADDR', 64, 8],
  ['vm_exit_msr_load_addr', 'VM_EXIT_MSR_LOAD_ADDR', 72, 8],
  ['vm_entry_msr_load_addr', 'VM_ENTRY_MSR_LOAD_ADDR', 80, 8],
  ['tsc_offset', 'TSC_OFFSET', 88, 8],
  ['virtual_apic_page_addr', 'VIRTUAL_APIC_PAGE_ADDR', 96, 8],
  ['apic_access_addr', 'APIC_ACCESS_ADDR', 104, 8],
  ['posted_intr_desc_addr', 'POSTED_INTR_DESC_ADDR', 112, 8],
  ['ept_pointer', 'EPT_POINTER', 120, 8],
  ['eoi_exit_bitmap0', 'EOI_EXIT_BITMAP0', 128, 8],
  ['eoi_exit_bitmap1', 'EOI_EXIT_BITMAP1', 136, 8],
  ['eoi_exit_bitmap2', 'EOI_EXIT_BITMAP2', 144, 8],
  ['eoi_exit_bitmap3', 'EOI_EXIT_BITMAP3', 152, 8],
  ['xss_exit_bitmap', 'XSS_EXIT_BITMAP', 160, 8],
  ['guest_physical_address', 'GUEST_PHYSICAL_ADDRESS', 168, 8],
  ['vmcs_link_pointer', 'VMCS_LINK_POINTER', 176, 8],
  ['guest_ia32_debugctl', 'GUEST_IA32_DEBUGCTL', 184, 8],
  ['guest_ia32_pat', 'GUEST_IA32_PAT', 192, 8],
  ['guest_ia32_efer', 'GUEST_IA32_EFER', 200, 8],
  ['guest_ia32_perf_global_ctrl', 'GUEST_IA32_PERF_GLOBAL_CTRL', 208, 8],
  ['guest_pdptr0', 'GUEST_PDPTR0', 216, 8],
  ['guest_pdptr1', 'GUEST_PDPTR1', 224, 8],
  ['guest_pdptr2', 'GUEST_PDPTR2', 232, 8],
  ['guest_pdptr3', 'GUEST_PDPTR3', 240, 8],
  ['guest_bndcfgs', 'GUEST_BNDCFGS', 248, 8],
  ['host_ia32_pat', 'HOST_IA32_PAT', 256, 8],
  ['host_ia32_efer', 'HOST_IA32_EFER', 264, 8],
  ['host_ia32_perf_global_ctrl', 'HOST_IA32_PERF_GLOBAL_CTRL', 272, 8],
  ['vmread_bitmap', 'VMREAD_BITMAP', 280, 8],
  ['vmwrite_bitmap', 'VMWRITE_BITMAP', 288, 8],
  ['vm_function_control', 'VM_FUNCTION_CONTROL', 296, 8],
  ['eptp_list_address', 'EPTP_LIST_ADDRESS', 304, 8],
  ['pml_address', 'PML_ADDRESS', 312, 8],
  ['cr0_guest_host_mask', 'CR0_GUEST_HOST_MASK', 344, 8],
  ['cr4_guest_host_mask', 'CR4_GUEST_HOST_MASK', 352, 8],
  ['cr0_read_shadow', 'CR0_READ_SHADOW', 360, 8],
  ['cr4_read_shadow', 'CR4_READ_SHADOW', 368, 8],
  ['exit_qualification', 'EXIT_QUALIFICATION', 408, 8],
  ['guest_linear_address', 'GUEST_LINEAR_ADDRESS', 416, 8],
  ['guest_cr0', 'GUEST_CR0', 424, 8],
  ['guest_cr3', 'GUEST_CR3', 432, 8],
  ['guest_cr4', 'GUEST_CR4', 440, 8],
  ['guest_es_base', 'GUEST_ES_BASE', 448, 8],
  ['guest_cs_base', 'GUEST_CS_BASE', 456, 8],
  ['guest_ss_base', 'GUEST_SS_BASE', 464, 8],
  ['guest_ds_base', 'GUEST_DS_BASE', 472, 8],
  ['guest_fs_base', 'GUEST_FS_BASE', 480, 8],
  ['guest_gs_base', 'GUEST_GS_BASE', 488, 8],
  ['guest_ldtr_base', 'GUEST_LDTR_BASE', 496, 8],
  ['guest_tr_base', 'GUEST_TR_BASE', 504, 8],
  ['guest_gdtr_base', 'GUEST_GDTR_BASE', 512, 8],
  ['guest_idtr_base', 'GUEST_IDTR_BASE', 520, 8],
  ['guest_dr7', 'GUEST_DR7', 528, 8],
  ['guest_rsp', 'GUEST_RSP', 536, 8],
  ['guest_rip', 'GUEST_RIP', 544, 8],
  ['guest_rflags', 'GUEST_RFLAGS', 552, 8],
  ['guest_pending_dbg_exceptions', 'GUEST_PENDING_DBG_EXCEPTIONS', 560, 8],
  ['guest_sysenter_esp', 'GUEST_SYSENTER_ESP', 568, 8],
  ['guest_sysenter_eip', 'GUEST_SYSENTER_EIP', 576, 8],
  ['host_cr0', 'HOST_CR0', 584, 8],
  ['host_cr3', 'HOST_CR3', 592, 8],
  ['host_cr4', 'HOST_CR4', 600, 8],
  ['host_fs_base', 'HOST_FS_BASE', 608, 8],
  ['host_gs_base', 'HOST_GS_BASE', 616, 8],
  ['host_tr_base', 'HOST_TR_BASE', 624, 8],
  ['host_gdtr_base', 'HOST_GDTR_BASE', 632, 8],
  ['host_idtr_base', 'HOST_IDTR_BASE', 640, 8],
  ['host_ia32_sysenter_esp', 'HOST_IA32_SYSENTER_ESP', 648, 8],
  ['host_ia32_sysenter_eip', 'HOST_IA32_SYSENTER_EIP', 656, 8],
  ['host_rsp', 'HOST_RSP', 664, 8],
  ['host_rip', 'HOST_RIP', 672, 8],
  ['pin_based_vm_exec_control', 'PIN_BASED_VM_EXEC_CONTROL', 744, 4],
  ['cpu_based_vm_exec_control', 'CPU_BASED_VM_EXEC_CONTROL', 748, 4],
  ['exception_bitmap', 'EXCEPTION_BITMAP', 752, 4],
  ['page_fault_error_code_mask', 'PAGE_FAULT_ERROR_CODE_MASK', 756, 4],
  ['page_fault_error_code_match', 'PAGE_FAULT_ERROR_CODE_MATCH', 760, 4],
  ['cr3_target_count', 'CR3_TARGET_COUNT', 764, 4],
  ['vm_exit_controls', 'VM_EXIT_CONTROLS', 768, 4],
  ['vm_exit_msr_store_count', 'VM_EXIT_MSR_STORE_COUNT', 772, 4],
  ['vm_exit_msr_load_count', 'VM_EXIT_MSR_LOAD_COUNT', 776, 4],
  ['vm_entry_controls', 'VM_ENTRY_CONTROLS', 780, 4],
  ['vm_entry_msr_load_count', 'VM_ENTRY_MSR_LOAD_COUNT', 784, 4],
  ['vm_entry_intr_info_field', 'VM_ENTRY_INTR_INFO_FIELD', 788, 4],
  ['vm_entry_exception_error_code', 'VM_ENTRY_EXCEPTION_ERROR_CODE', 792, 4],
  ['vm_entry_instruction_len', 'VM_ENTRY_INSTRUCTION_LEN', 796, 4],
  ['tpr_threshold', 'TPR_THRESHOLD', 800, 4],
  ['secondary_vm_exec_control', 'SECONDARY_VM_EXEC_CONTROL', 804, 4],
  ['vm_instruction_error', 'VM_INSTRUCTION_ERROR', 808, 4],
  ['vm_exit_reason', 'VM_EXIT_REASON', 812, 4],
  ['vm_exit_intr_info', 'VM_EXIT_INTR_INFO', 816, 4],
  ['vm_exit_intr_error_code', 'VM_EXIT_INTR_ERROR_CODE', 820, 4],
  ['idt_vectoring_info_field', 'IDT_VECTORING_INFO_FIELD', 824, 4],
  ['idt_vectoring_error_code', 'IDT_VECTORING_ERROR_CODE', 828, 4],
  ['vm_exit_instruction_len', 'VM_EXIT_INSTRUCTION_LEN', 832, 4],
  ['vmx_instruction_info', 'VMX_INSTRUCTION_INFO', 836, 4],
  ['guest_es_limit', 'GUEST_ES_LIMIT', 840, 4],
  ['guest_cs_limit', 'GUEST_CS_LIMIT', 844, 4],
  ['guest_ss_limit', 'GUEST_SS_LIMIT', 848, 4],
  ['guest_ds_limit', 'GUEST_DS_LIMIT', 852, 4],
  ['guest_fs_limit', 'GUEST_FS_LIMIT', 856, 4],
  ['guest_gs_limit', 'GUEST_GS_LIMIT', 860, 4],
  ['guest_ldtr_limit', 'GUEST_LDTR_LIMIT', 864, 4],
  ['guest_tr_limit', 'GUEST_TR_LIMIT', 868, 4],
  ['guest_gdtr_limit', 'GUEST_GDTR_LIMIT', 872, 4],
  ['guest_idtr_limit', 'GUEST_IDTR_LIMIT', 876, 4],
  ['guest_es_ar_bytes', 'GUEST_ES_AR_BYTES', 880, 4],
  ['guest_cs_ar_bytes', 'GUEST_CS_AR_BYTES', 884, 4],
  ['guest_ss_ar_bytes', 'GUEST_SS_AR_BYTES', 888, 4],
  ['guest_ds_ar_bytes', 'GUEST_DS_AR_BYTES', 892, 4],
  ['guest_fs_ar_bytes', 'GUEST_FS_AR_BYTES', 896, 4],
  ['guest_gs_ar_bytes', 'GUEST_GS_AR_BYTES', 900, 4],
  ['guest_ldtr_ar_bytes', 'GUEST_LDTR_AR_BYTES', 904, 4],
  ['guest_tr_ar_bytes', 'GUEST_TR_AR_BYTES', 908, 4],
  ['guest_interruptibility_info', 'GUEST_INTERRUPTIBILITY_INFO', 912, 4],
  ['guest_activity_state', 'GUEST_ACTIVITY_STATE', 916, 4],
  ['guest_sysenter_cs', 'GUEST_SYSENTER_CS', 920, 4],
  ['host_ia32_sysenter_cs', 'HOST_IA32_SYSENTER_CS', 924, 4],
  ['vmx_preemption_timer_value', 'VMX_PREEMPTION_TIMER_VALUE', 928, 4],
  ['virtual_processor_id', 'VIRTUAL_PROCESSOR_ID', 960, 2],
  ['posted_intr_nv', 'POSTED_INTR_NV', 962, 2],
  ['guest_es_selector', 'GUEST_ES_SELECTOR', 964, 2],
  ['guest_cs_selector', 'GUEST_CS_SELECTOR', 966, 2],
  ['guest_ss_selector', 'GUEST_SS_SELECTOR', 968, 2],
  ['guest_ds_selector', 'GUEST_DS_SELECTOR', 970, 2],
  ['guest_fs_selector', 'GUEST_FS_SELECTOR', 972, 2],
  ['guest_gs_selector', 'GUEST_GS_SELECTOR', 974, 2],
  ['guest_ldtr_selector', 'GUEST_LDTR_SELECTOR', 976, 2],
  ['guest_tr_selector', 'GUEST_TR_SELECTOR', 978, 2],
  ['guest_intr_status', 'GUEST_INTR_STATUS', 980, 2],
  ['host_es_selector', 'HOST_ES_SELECTOR', 982, 2],
  ['host_cs_selector', 'HOST_CS_SELECTOR', 984, 2],
  ['host_ss_selector', 'HOST_SS_SELECTOR', 986, 2],
  ['host_ds_selector', 'HOST_DS_SELECTOR', 988, 2],
  ['host_fs_selector', 'HOST_FS_SELECTOR', 990, 2],
  ['host_gs_selector', 'HOST_GS_SELECTOR', 992, 2],
  ['host_tr_selector', 'HOST_TR_SELECTOR', 994, 2],
  ['guest_pml_index', 'GUEST_PML_INDEX', 996, 2],
];

/** CR3-target values, mapped by KVM up to Linux 5.7; dead_space[4] since 5.8. */
const CR3_TARGETS = (): readonly Row[] => [
  ['cr3_target_value0', 'CR3_TARGET_VALUE0', 376, 8],
  ['cr3_target_value1', 'CR3_TARGET_VALUE1', 384, 8],
  ['cr3_target_value2', 'CR3_TARGET_VALUE2', 392, 8],
  ['cr3_target_value3', 'CR3_TARGET_VALUE3', 400, 8],
];

/** Carved out of padding64[3] (Linux 5.13 and 5.14). */
const ENCLS_TSC = (): readonly Row[] => [
  ['encls_exiting_bitmap', 'ENCLS_EXITING_BITMAP', 320, 8],
  ['tsc_multiplier', 'TSC_MULTIPLIER', 328, 8],
];

/** Carved out of paddingl[8] by the KVM CET series (Linux 6.18). */
const CET = (): readonly Row[] => [
  ['host_s_cet', 'HOST_S_CET', 680, 8],
  ['host_ssp', 'HOST_SSP', 688, 8],
  ['host_ssp_tbl', 'HOST_INTR_SSP_TABLE', 696, 8],
  ['guest_s_cet', 'GUEST_S_CET', 704, 8],
  ['guest_ssp', 'GUEST_SSP', 712, 8],
  ['guest_ssp_tbl', 'GUEST_INTR_SSP_TABLE', 720, 8],
];

/** sizeof(struct vmcs12): the last member, guest_pml_index, ends at 998. */
const STRUCT_SIZE = 998;
const SOURCE = 'Linux arch/x86/kvm/vmx/vmcs12.h (struct vmcs12, CHECK_OFFSET)';

const byOffset = (a: FieldSlot, b: FieldSlot) => a.offset - b.offset;

// Each layout's slots are made (and sorted) on first use, and so are the rows they are made of
// (COMMON, CR3_TARGETS, ENCLS_TSC and CET are functions: ~150 arrays of four): a run that reads no
// region, such as every run on a text dump, does not pay for them at start-up.
let cetFields: FieldSlot[] | undefined;
let preCetFields: FieldSlot[] | undefined;
let cr3TargetFields: FieldSlot[] | undefined;

/** Linux 6.18 and later: CET fields at 680-727. */
export const VMCS12_CET: BinaryLayout = {
  id: 'vmcs12-cet',
  label: 'KVM, with CET fields',
  source: SOURCE + ', Linux 6.18+',
  size: STRUCT_SIZE,
  header: VMCS12_HEADER,
  get fields() {
    return (cetFields ??= slots([...COMMON(), ...ENCLS_TSC(), ...CET()]).sort(byOffset));
  },
  reserved: [[376, 408, 'dead_space[4] (former CR3_TARGET_VALUE0-3)']],
};

/** Linux 5.8 to 6.17 (ENCLS_EXITING_BITMAP from 5.13, TSC_MULTIPLIER from 5.14; zero before). */
export const VMCS12_PRE_CET: BinaryLayout = {
  id: 'vmcs12',
  label: 'KVM, without CET fields',
  source: SOURCE + ', Linux 5.14-6.17',
  size: STRUCT_SIZE,
  header: VMCS12_HEADER,
  get fields() {
    return (preCetFields ??= slots([...COMMON(), ...ENCLS_TSC()]).sort(byOffset));
  },
  reserved: [
    [376, 408, 'dead_space[4] (former CR3_TARGET_VALUE0-3)'],
    [680, 728, 'paddingl (CET fields from Linux 6.18)'],
  ],
};

/** Up to Linux 5.7: CR3-target values at 376-407, padding at 320-343. */
export const VMCS12_CR3_TARGETS: BinaryLayout = {
  id: 'vmcs12-cr3-targets',
  label: 'KVM, with CR3-target values (layout before Linux 5.8)',
  source: SOURCE + ', Linux up to 5.7',
  size: STRUCT_SIZE,
  header: VMCS12_HEADER,
  get fields() {
    return (cr3TargetFields ??= slots([...COMMON(), ...CR3_TARGETS()]).sort(byOffset));
  },
  reserved: [
    [320, 336, 'padding64 (ENCLS_EXITING_BITMAP and TSC_MULTIPLIER from Linux 5.13/5.14)'],
    [680, 728, 'paddingl (CET fields from Linux 6.18)'],
  ],
};

/** Every vmcs12 variant, newest first. */
export const VMCS12_LAYOUTS: readonly BinaryLayout[] = [VMCS12_CET, VMCS12_PRE_CET, VMCS12_CR3_TARGETS];

/** The bytes whose content decides the variant. */
export const VMCS12_CET_BYTES = [680, 728] as const;
export const VMCS12_DEAD_SPACE = [376, 408] as const;
export const VMCS12_ENCLS_TSC_BYTES = [320, 336] as const;

// ---------------------------------------------------------------------------------------------
// vmcs12

function pickVmcs12(data: Bytes, base: number): BinaryLayout {
  const nz = (r: readonly [number, number]) => data.nonZero(base + r[0], base + r[1]);
  if (nz(VMCS12_CET_BYTES)) return VMCS12_CET;
  if (nz(VMCS12_DEAD_SPACE) && !nz(VMCS12_ENCLS_TSC_BYTES)) return VMCS12_CR3_TARGETS;
  return VMCS12_PRE_CET;
}

const VMCS12_WHY: Record<string, string> = {
  'vmcs12-cet': 'bytes 680-727 hold data: the CET fields of Linux 6.18 and later',
  vmcs12:
    'bytes 680-727 (the CET fields of Linux 6.18 and later) are zero: the layout of Linux 5.8-6.17 (ENCLS_EXITING_BITMAP, from 5.13, and TSC_MULTIPLIER, from 5.14, read 0 on older kernels)',
  'vmcs12-cr3-targets': 'bytes 376-407 hold data and bytes 320-335 are zero: CR3-target values, which KVM mapped up to Linux 5.7',
};

export function readVmcs12(data: Bytes, base: number, end: number): ReadOut & { layout: BinaryLayout } {
  const out: ReadOut = { fields: [], notes: [], diagnostics: [] };
  const layout = pickVmcs12(data, base);
  regionHeaderNotes(data, base, "VMCS revision identifier (bits 30:0): KVM's VMCS12_REVISION", out.notes);
  if (data.has(base + 8, 4)) {
    const ls = data.u32(base + 8);
    out.notes.push({
      offset: base + 8,
      label: 'launch_state',
      value: hex8(ls),
      what:
        ls === 0
          ? 'Launch state: clear (after VMCLEAR; the next VM entry must be VMLAUNCH)'
          : ls === 1
            ? 'Launch state: launched (after VMLAUNCH; the next VM entry must be VMRESUME)'
            : 'Launch state: neither 0 (clear) nor 1 (launched), which is all KVM writes',
    });
  }
  const why =
    layout === VMCS12_PRE_CET && Math.min(end, data.length) < base + VMCS12_CET_BYTES[1]
      ? 'the data ends before bytes 680-727 (the CET fields of Linux 6.18 and later): read as the layout of Linux 5.8-6.17'
      : VMCS12_WHY[layout.id];
  out.notes.push({ offset: base, label: 'layout', value: layout.id, what: `vmcs12 layout variant: ${why ?? layout.label}` });
  readLayout(data, layout, base, end, 'vmcs12', out);
  return { ...out, layout };
}

export function vmcs12Description(layout: BinaryLayout): string {
  return `vmcs12 revision ${hex8(VMCS12_REVISION)} (${layout.label})`;
}
