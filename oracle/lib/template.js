// A valid 64-bit guest and 64-bit host state for the capability MSRs the guest printed.
// Host fields the harness owns (they must point at the guest ROM's real code, stack and
// tables): HOST_RIP, HOST_RSP, HOST_CR3, HOST_GDTR_BASE, HOST_IDTR_BASE, HOST_TR_BASE and
// the host selectors; the host entry point reloads GDTR, IDTR, segments, CR0, CR3, CR4,
// EFER and PAT itself, so a case may still set any of them to a value VM entry rejects.
import * as L from './layout.js';

export const MSR = {
  BASIC: 0x480, PINBASED: 0x481, PROCBASED: 0x482, EXIT: 0x483, ENTRY: 0x484, MISC: 0x485,
  CR0_FIXED0: 0x486, CR0_FIXED1: 0x487, CR4_FIXED0: 0x488, CR4_FIXED1: 0x489, VMCS_ENUM: 0x48a,
  PROCBASED2: 0x48b, EPT_VPID: 0x48c, TRUE_PINBASED: 0x48d, TRUE_PROCBASED: 0x48e,
  TRUE_EXIT: 0x48f, TRUE_ENTRY: 0x490, VMFUNC: 0x491, PROCBASED3: 0x492, EXIT2: 0x493,
};

/** The capability view the generator uses: allowed-0 (must be 1) and allowed-1 per control. */
export function capsView(msrs) {
  const get = (i) => msrs.get(i) ?? 0n;
  const basic = get(MSR.BASIC);
  const useTrue = (basic >> 55n) & 1n;
  const pair = (legacy, tru) => {
    const v = useTrue && msrs.has(tru) ? get(tru) : get(legacy);
    return { must: v & 0xffffffffn, may: v >> 32n };
  };
  const proc = pair(MSR.PROCBASED, MSR.TRUE_PROCBASED);
  const exit = pair(MSR.EXIT, MSR.TRUE_EXIT);
  return {
    basic,
    revision: basic & 0x7fffffffn,
    pin: pair(MSR.PINBASED, MSR.TRUE_PINBASED),
    proc,
    proc2: { must: 0n, may: (proc.may >> 31n) & 1n ? get(MSR.PROCBASED2) >> 32n : 0n },
    proc3: { must: 0n, may: (proc.may >> 17n) & 1n ? get(MSR.PROCBASED3) : 0n },
    exit,
    exit2: { must: 0n, may: (exit.may >> 31n) & 1n ? get(MSR.EXIT2) : 0n },
    entry: pair(MSR.ENTRY, MSR.TRUE_ENTRY),
    misc: get(MSR.MISC),
    cr0Fixed0: get(MSR.CR0_FIXED0),
    cr0Fixed1: get(MSR.CR0_FIXED1),
    cr4Fixed0: get(MSR.CR4_FIXED0),
    cr4Fixed1: get(MSR.CR4_FIXED1),
    eptVpid: get(MSR.EPT_VPID),
    vmfunc: get(MSR.VMFUNC),
  };
}

/** A control value: the wanted bits, plus the bits that must be 1, minus the bits that must be 0. */
export const fit = (ctl, wanted) => (wanted | ctl.must) & ctl.may;
export const allows = (ctl, bit) => ((ctl.may >> BigInt(bit)) & 1n) === 1n;

/**
 * @param {ReturnType<typeof capsView>} caps
 * @param {{cr0: bigint, cr4: bigint, efer: bigint, pat: bigint}} host  as the guest printed them
 * @returns {Map<string, bigint>}
 */
export function template(caps, host) {
  const f = new Map();
  const set = (name, v) => f.set(name, BigInt(v));
  // controls
  // The VMX-preemption timer (when the model has it) ends a guest that would otherwise never
  // exit (HLT with nothing pending, a loop): every successful entry then reports at once.
  const preempt = allows(caps.pin, 6) ? 1n << 6n : 0n;
  set('PIN_BASED_VM_EXEC_CONTROL', fit(caps.pin, preempt));
  const activateSecondary = allows(caps.proc, 31) ? 1n << 31n : 0n;
  set('CPU_BASED_VM_EXEC_CONTROL', fit(caps.proc, activateSecondary));
  if (activateSecondary) set('SECONDARY_VM_EXEC_CONTROL', 0n);
  set('VM_EXIT_CONTROLS', fit(caps.exit, 1n << 9n)); // host address-space size
  set('VM_ENTRY_CONTROLS', fit(caps.entry, 1n << 9n)); // IA-32e mode guest
  for (const n of ['EXCEPTION_BITMAP', 'PAGE_FAULT_ERROR_CODE_MASK', 'PAGE_FAULT_ERROR_CODE_MATCH', 'CR3_TARGET_COUNT',
    'VM_EXIT_MSR_STORE_COUNT', 'VM_EXIT_MSR_LOAD_COUNT', 'VM_ENTRY_MSR_LOAD_COUNT', 'VM_ENTRY_INTR_INFO_FIELD',
    'VM_ENTRY_EXCEPTION_ERROR_CODE', 'VM_ENTRY_INSTRUCTION_LEN', 'TPR_THRESHOLD', 'CR0_GUEST_HOST_MASK',
    'CR4_GUEST_HOST_MASK', 'CR0_READ_SHADOW', 'CR4_READ_SHADOW', 'TSC_OFFSET']) set(n, 0n);
  set('IO_BITMAP_A', L.PAGES.ioBitmapA);
  set('IO_BITMAP_B', L.PAGES.ioBitmapB);
  set('MSR_BITMAP', L.PAGES.msrBitmap);
  set('VM_EXIT_MSR_STORE_ADDR', L.PAGES.exitMsrStore);
  set('VM_EXIT_MSR_LOAD_ADDR', L.PAGES.exitMsrLoad);
  set('VM_ENTRY_MSR_LOAD_ADDR', L.PAGES.entryMsrLoad);
  set('VIRTUAL_APIC_PAGE_ADDR', L.PAGES.virtualApic);
  set('APIC_ACCESS_ADDR', L.PAGES.apicAccess);
  set('POSTED_INTR_DESC_ADDR', L.PAGES.postedIntDesc);
  set('POSTED_INTR_NV', 0n);
  set('VIRTUAL_PROCESSOR_ID', 1n);
  set('EPT_POINTER', L.PAGES.eptPml4 | 0x1en); // WB, 4-level
  set('PML_ADDRESS', L.PAGES.pml);
  set('VMREAD_BITMAP', L.PAGES.vmreadBitmap);
  set('VMWRITE_BITMAP', L.PAGES.vmwriteBitmap);
  set('VE_INFORMATION_ADDRESS', L.PAGES.veInfo);
  set('EPTP_LIST_ADDRESS', L.PAGES.eptpList);
  set('SPPT_POINTER', L.PAGES.sppt); // VMWRITE refuses it on models without sub-page write permissions
  set('VM_FUNCTION_CONTROL', 0n);
  set('TSC_MULTIPLIER', 1n);
  set('VMX_PREEMPTION_TIMER_VALUE', 0x4000n);

  // host state (64-bit host)
  set('HOST_CR0', host.cr0);
  set('HOST_CR3', L.PML4);
  set('HOST_CR4', host.cr4);
  set('HOST_ES_SELECTOR', 0x10);
  set('HOST_CS_SELECTOR', 0x18);
  set('HOST_SS_SELECTOR', 0x10);
  set('HOST_DS_SELECTOR', 0x10);
  set('HOST_FS_SELECTOR', 0x10);
  set('HOST_GS_SELECTOR', 0x10);
  set('HOST_TR_SELECTOR', 0x28);
  set('HOST_FS_BASE', 0);
  set('HOST_GS_BASE', 0);
  set('HOST_TR_BASE', L.TSS);
  set('HOST_GDTR_BASE', L.GDT);
  set('HOST_IDTR_BASE', L.IDT);
  set('HOST_IA32_SYSENTER_CS', 0);
  set('HOST_IA32_SYSENTER_ESP', 0);
  set('HOST_IA32_SYSENTER_EIP', 0);
  set('HOST_RSP', L.HOST_STACK);
  set('HOST_RIP', L.HOST_RIP);
  set('HOST_IA32_PAT', host.pat);
  set('HOST_IA32_EFER', host.efer);

  // guest state (64-bit guest, CPL 0)
  set('GUEST_CR0', 0x80000031n | (caps.cr0Fixed0 & 0xffffffffn));
  set('GUEST_CR3', L.PML4);
  set('GUEST_CR4', 0x20n | caps.cr4Fixed0);
  set('GUEST_DR7', 0x400);
  for (const s of ['ES', 'SS', 'DS', 'FS', 'GS']) {
    set(`GUEST_${s}_SELECTOR`, 0x10);
    set(`GUEST_${s}_BASE`, 0);
    set(`GUEST_${s}_LIMIT`, 0xffffffff);
    set(`GUEST_${s}_AR_BYTES`, 0xc093);
  }
  set('GUEST_CS_SELECTOR', 0x18);
  set('GUEST_CS_BASE', 0);
  set('GUEST_CS_LIMIT', 0xffffffff);
  set('GUEST_CS_AR_BYTES', 0xa09b);
  set('GUEST_LDTR_SELECTOR', 0);
  set('GUEST_LDTR_BASE', 0);
  set('GUEST_LDTR_LIMIT', 0);
  set('GUEST_LDTR_AR_BYTES', 0x10000);
  set('GUEST_TR_SELECTOR', 0x28);
  set('GUEST_TR_BASE', L.TSS);
  set('GUEST_TR_LIMIT', 0x67);
  set('GUEST_TR_AR_BYTES', 0x8b);
  set('GUEST_GDTR_BASE', L.GDT);
  set('GUEST_GDTR_LIMIT', L.GDT_LIMIT);
  set('GUEST_IDTR_BASE', L.GUEST_IDT);
  set('GUEST_IDTR_LIMIT', 0xfff);
  set('GUEST_RSP', L.GUEST_STACK);
  set('GUEST_RIP', L.GUEST_RIP);
  set('GUEST_RFLAGS', 2);
  set('GUEST_IA32_DEBUGCTL', 0);
  set('GUEST_SYSENTER_CS', 0);
  set('GUEST_SYSENTER_ESP', 0);
  set('GUEST_SYSENTER_EIP', 0);
  set('GUEST_IA32_PAT', 0x0007040600070406n);
  set('GUEST_IA32_EFER', 0x500);
  set('GUEST_INTERRUPTIBILITY_INFO', 0);
  set('GUEST_ACTIVITY_STATE', 0);
  set('GUEST_PENDING_DBG_EXCEPTIONS', 0);
  set('VMCS_LINK_POINTER', 0xffffffffffffffffn);
  for (const i of [0, 1, 2, 3]) set(`GUEST_PDPTR${i}`, 0);
  set('GUEST_INTR_STATUS', 0);
  set('GUEST_PML_INDEX', 0);
  return f;
}
