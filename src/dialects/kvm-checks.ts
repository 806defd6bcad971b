/**
 * KVM's consistency checks of a nested VM entry, as `kvm_nested_vmenter_failed` prints them:
 * the C text of the failed `CC(...)` condition of arch/x86/kvm/vmx/nested.c (the macro traces
 * `#consistency_check`), or `hardware VM-instruction error: ` and the error's name when the CPU
 * itself failed the entry. Each pattern below names the SDM rule (this tool's check IDs,
 * ../check/rules/) the condition implements; a condition KVM checks that is no SDM rule (its own
 * limits: the vmcs12 revision, the nested MSR areas it can map) maps to none.
 *
 * Matched on the identifiers of the condition, not on its whole text, so that the small rewrites
 * between kernel versions (`vmcs12->guest_cr0` read through a helper, an added `vcpu` argument)
 * still match.
 */

export interface KvmCheck {
  /** The check IDs of ../check/rules/ this condition implements (empty when it is KVM's own). */
  rules: readonly string[];
  /** What the condition checks, in the SDM's terms. */
  what: string;
}

/**
 * Made on the first condition looked up (kvmCheck): ~60 regular expressions that a run without
 * `kvm_nested_vmenter_failed` never uses, and V8 parses each one as it is made (start-up, issue 17).
 */
let checks: ReadonlyArray<readonly [RegExp, readonly string[], string]> | undefined;
const CHECKS = (): ReadonlyArray<readonly [RegExp, readonly string[], string]> => (checks ??= [
  // guest state, nested_vmx_check_guest_state() and friends (SDM 27.3.1)
  [/nested_guest_cr0_valid|guest_cr0.*X86_CR0_P[GE]/, ['G-01', 'G-02'], 'guest CR0 against the fixed bits (and PG requires PE)'],
  [/nested_guest_cr4_valid/, ['G-03'], 'guest CR4 against the fixed bits'],
  [/kvm_dr7_valid\(.*guest_dr7|guest_dr7/, ['G-10'], 'guest DR7 bits 63:32 are 0 ("load debug controls")'],
  [/guest_ia32_debugctl|GUEST_IA32_DEBUGCTL|debugctl/i, ['G-05'], 'guest IA32_DEBUGCTL reserved bits ("load debug controls")'],
  [/kvm_pat_valid\(.*guest_ia32_pat|guest_ia32_pat/, ['G-13'], 'guest IA32_PAT: each byte a memory type ("load IA32_PAT")'],
  [/guest_ia32_perf_global_ctrl/, ['G-12'], 'guest IA32_PERF_GLOBAL_CTRL ("load IA32_PERF_GLOBAL_CTRL")'],
  [/guest_ia32_efer\s*&\s*EFER_LMA/, ['G-15'], 'guest EFER.LMA equals "IA-32e mode guest" ("load IA32_EFER")'],
  [/guest_ia32_efer\s*&\s*EFER_LME/, ['G-16'], 'guest EFER.LME equals "IA-32e mode guest" when CR0.PG is 1 ("load IA32_EFER")'],
  [/kvm_valid_efer\(.*guest_ia32_efer/, ['G-14'], 'guest IA32_EFER reserved bits ("load IA32_EFER")'],
  [/guest_bndcfgs/, ['G-17'], 'guest IA32_BNDCFGS reserved bits and canonical base ("load IA32_BNDCFGS")'],
  [/guest_s_cet|guest_ssp\b|guest_ssp[^_]/, ['G-19'], 'guest CET state ("load CET state")'],
  [/guest_ssp_tbl|guest_intr_ssp_table/, ['G-20'], 'guest interrupt SSP table address is canonical ("load CET state")'],
  [/guest_activity_state/, ['A-01'], 'guest activity state is 0-3 and supported'],
  [/vmcs_link_pointer|link_ptr/, ['L-01', 'L-02'], 'the VMCS link pointer is ~0 or a 4-KByte aligned address in the physical-address width'],
  [/hdr\.revision_id|revision_id != VMCS12_REVISION/, ['L-03'], 'the VMCS the link pointer references has the right revision identifier'],
  [/hdr\.shadow_vmcs|shadow_vmcs !=/, ['L-04'], 'the VMCS the link pointer references is a shadow VMCS iff "VMCS shadowing" is 1'],
  // host state, nested_vmx_check_host_state() (SDM 27.2.2-27.2.4)
  [/nested_host_cr0_valid/, ['H-01'], 'host CR0 against the fixed bits'],
  [/nested_host_cr4_valid/, ['H-02'], 'host CR4 against the fixed bits'],
  [/host_cr3/, ['H-04'], 'host CR3 within the physical-address width'],
  [/host_ia32_sysenter_esp/, ['H-05'], 'host IA32_SYSENTER_ESP is canonical'],
  [/host_ia32_sysenter_eip/, ['H-06'], 'host IA32_SYSENTER_EIP is canonical'],
  [/host_ia32_perf_global_ctrl/, ['H-07'], 'host IA32_PERF_GLOBAL_CTRL ("load IA32_PERF_GLOBAL_CTRL")'],
  [/host_ia32_pat/, ['H-08'], 'host IA32_PAT: each byte a valid memory type ("load IA32_PAT")'],
  [/host_ia32_efer\s*&\s*EFER_L(?:MA|ME)/, ['H-10'], 'host EFER.LMA and LME equal "host address-space size" ("load IA32_EFER")'],
  [/kvm_valid_efer\(.*host_ia32_efer/, ['H-09'], 'host IA32_EFER reserved bits ("load IA32_EFER")'],
  [/host_(?:[a-z]+_)?selector\s*&\s*\(?\s*SEGMENT_(?:RPL|TI)_MASK/, ['H-18'], 'host selectors: RPL and TI are 0'],
  [/host_cs_selector\s*==\s*0/, ['H-19'], 'host CS selector is not 0'],
  [/host_tr_selector\s*==\s*0/, ['H-20'], 'host TR selector is not 0'],
  [/host_ss_selector\s*==\s*0/, ['H-21'], 'host SS selector is not 0 when "host address-space size" is 0'],
  [/host_(?:fs|gs|gdtr|idtr|tr)_base/, ['H-22'], 'host FS, GS, GDTR, IDTR and TR bases are canonical'],
  [/host_rip/, ['H-27'], 'host RIP bits 63:32 are 0 when "host address-space size" is 0'],
  [/host_cr4\s*&\s*X86_CR4_PCIDE/, ['H-26'], 'host CR4.PCIDE is 0 when "host address-space size" is 0'],
  [/host_cr4\s*&\s*X86_CR4_PAE/, ['H-29'], 'host CR4.PAE is 1 when "host address-space size" is 1'],
  // controls, nested_check_vm_{execution,exit,entry}_controls() (SDM 27.2.1)
  [/pin_based_vm_exec_control.*pinbased_ctls|pinbased_ctls/, ['E-01'], 'pin-based controls against the capability MSR'],
  [/secondary_vm_exec_control.*secondary_ctls|secondary_ctls/, ['E-03'], 'secondary processor-based controls against the capability MSR'],
  [/tertiary/, ['E-04'], 'tertiary processor-based controls against the capability MSR'],
  [/cpu_based_vm_exec_control.*procbased_ctls|procbased_ctls/, ['E-02'], 'primary processor-based controls against the capability MSR'],
  [/cr3_target_count/, ['E-05'], 'CR3-target count not above the supported number'],
  [/io_bitmap/, ['E-06'], 'I/O-bitmap addresses aligned and within the physical-address width'],
  [/msr_bitmap/, ['E-07'], 'MSR-bitmap address aligned and within the physical-address width'],
  [/virtual_apic_page_addr|tpr_threshold/, ['E-08', 'E-09'], 'virtual-APIC address and TPR threshold ("use TPR shadow")'],
  [/apic_access_addr/, ['E-13'], 'APIC-access address aligned and within the physical-address width'],
  [/posted_intr_nv/, ['E-19'], 'posted-interrupt notification vector bits 15:8 are 0'],
  [/posted_intr_desc_addr/, ['E-20'], 'posted-interrupt descriptor address aligned and within the physical-address width'],
  [/virtual_processor_id|vpid/, ['E-21'], 'a VPID other than 0 when "enable VPID" is 1'],
  [/nested_vmx_check_eptp|ept_pointer|eptp/, ['E-22', 'E-23', 'E-24', 'E-26'], 'the EPT pointer (memory type, page-walk length, A/D, reserved bits)'],
  [/pml_address/, ['E-28'], 'PML address aligned and within the physical-address width'],
  [/vm_function_control|vmfunc/, ['E-34'], 'VM-function controls against the capability MSR'],
  [/eptp_list_address/, ['E-36'], 'EPTP-list address aligned and within the physical-address width'],
  [/vmread_bitmap|vmwrite_bitmap/, ['E-37'], 'VMREAD/VMWRITE-bitmap addresses aligned and within the physical-address width'],
  [/exit_ctls|vm_exit_controls/, ['X-01'], 'VM-exit controls against the capability MSR'],
  [/vm_exit_msr_(?:store|load)/, ['X-04', 'X-05', 'X-06', 'X-07'], 'VM-exit MSR-store/load areas aligned and within the physical-address width'],
  [/entry_ctls|vm_entry_controls\b(?!\s*&)/, ['N-01'], 'VM-entry controls against the capability MSR'],
  [/vm_entry_msr_load/, ['N-08', 'N-09'], 'VM-entry MSR-load area aligned and within the physical-address width'],
  [/intr_info|INTR_INFO|intr_type|vector/, ['N-02', 'N-03', 'N-04', 'N-05'], 'the event to inject (type, vector, error-code bit, reserved bits)'],
  [/vm_entry_exception_error_code/, ['N-06'], 'the error code of the event to inject, bits 31:16 are 0'],
  [/vm_entry_instruction_len/, ['N-07'], 'the instruction length of a software event to inject'],
  [/nmi_exiting|virtual_nmis|NMI/, ['E-11', 'E-12'], 'NMI exiting, virtual NMIs and NMI-window exiting agree'],
]);

/** The VM-instruction errors `kvm_nested_vmenter_failed` names (VMX_VMENTER_INSTRUCTION_ERRORS). */
export const VMENTER_ERRORS: Readonly<Record<string, number>> = {
  VMLAUNCH_NONCLEAR_VMCS: 4,
  VMRESUME_NONLAUNCHED_VMCS: 5,
  VMRESUME_AFTER_VMXOFF: 6,
  VMENTRY_INVALID_CONTROL_FIELD: 7,
  VMENTRY_INVALID_HOST_STATE_FIELD: 8,
  VMENTRY_EVENTS_BLOCKED_BY_MOV_SS: 26,
};

/** The SDM rules a KVM consistency check implements, or undefined when none of ours is known. */
export function kvmCheck(condition: string): KvmCheck | undefined {
  for (const [re, rules, what] of CHECKS()) if (re.test(condition)) return { rules, what };
  return undefined;
}
