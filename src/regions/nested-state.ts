/**
 * The KVM_GET_NESTED_STATE / KVM_SET_NESTED_STATE blob (`struct kvm_nested_state`, Linux
 * arch/x86/include/uapi/asm/kvm.h); QEMU migrates the same bytes (cpu/kvm_nested_state).
 *
 *   0    u16 flags    KVM_STATE_NESTED_* (below)
 *   2    u16 format   0 = VMX, 1 = SVM
 *   4    u32 size     bytes of the whole blob, header included
 *   8    union hdr (120 bytes; the VMX header is kvm_vmx_nested_state_hdr):
 *        8  u64 vmxon_pa, 16 u64 vmcs12_pa, 24 u16 smm.flags, 26 u16 pad,
 *        28 u32 flags (KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE), 32 u64 preemption_timer_deadline
 *   128  data: vmcs12[4096], then shadow_vmcs12[4096] when the shadow VMCS is in use
 *
 * (The flags/deadline pair was moved after smm in Linux 5.8, "KVM: nVMX: fix the layout of
 * struct kvm_vmx_nested_state_hdr", to keep the 4.19 ABI; the offsets above are the final ones.)
 */
import type { HeaderSlot, RegionNote, RegionResult } from './types.js';
import { Bytes, type Diagnostic, diag, flagText, headerSlot, hex, hex8, regionHeaderNotes } from './bytes.js';
import { VMCS12_REVISION, readVmcs12, vmcs12Description } from './vmcs12.js';

export const NESTED_HEADER_SIZE = 128;
export const NESTED_VMCS_SIZE = 0x1000;
export const NESTED_FORMAT_VMX = 0;
export const NESTED_FORMAT_SVM = 1;

export const NESTED_HEADER: readonly HeaderSlot[] = [
  { member: 'flags', offset: 0, size: 2 },
  { member: 'format', offset: 2, size: 2 },
  { member: 'size', offset: 4, size: 4 },
  { member: 'hdr.vmx.vmxon_pa', offset: 8, size: 8 },
  { member: 'hdr.vmx.vmcs12_pa', offset: 16, size: 8 },
  { member: 'hdr.vmx.smm.flags', offset: 24, size: 2 },
  { member: 'hdr.vmx.flags', offset: 28, size: 4 },
  { member: 'hdr.vmx.preemption_timer_deadline', offset: 32, size: 8 },
];

/** kvm_nested_state.flags */
export const NESTED_FLAGS: ReadonlyArray<readonly [bit: number, name: string, meaning: string]> = [
  [0x1, 'KVM_STATE_NESTED_GUEST_MODE', 'L2 was running (the vCPU is in guest mode)'],
  [0x2, 'KVM_STATE_NESTED_RUN_PENDING', 'a VMLAUNCH/VMRESUME was pending'],
  [0x4, 'KVM_STATE_NESTED_EVMCS', 'L1 uses an enlightened VMCS'],
  [0x8, 'KVM_STATE_NESTED_MTF_PENDING', 'a monitor-trap-flag VM exit was pending'],
  [0x100, 'KVM_STATE_NESTED_GIF_SET', 'GIF set (SVM)'],
];

/** hdr.vmx.smm.flags */
export const NESTED_SMM_FLAGS: ReadonlyArray<readonly [bit: number, name: string, meaning: string]> = [
  [0x1, 'KVM_STATE_NESTED_SMM_GUEST_MODE', 'L2 was running when the SMI came'],
  [0x2, 'KVM_STATE_NESTED_SMM_VMXON', 'VMX operation was on when the SMI came'],
];

/** hdr.vmx.flags */
export const NESTED_VMX_FLAGS: ReadonlyArray<readonly [bit: number, name: string, meaning: string]> = [
  [0x1, 'KVM_STATE_VMX_PREEMPTION_TIMER_DEADLINE', 'preemption_timer_deadline is valid'],
];

// ---------------------------------------------------------------------------------------------
// KVM nested state

const NESTED_KNOWN_FLAGS = NESTED_FLAGS.reduce((m, [bit]) => m | bit, 0);

/** Whether the bytes start with a kvm_nested_state header (and, if it says so, a vmcs12). */
export function isNestedState(data: Bytes): boolean {
  if (data.length < 40) return false;
  const flags = data.u16(0);
  const format = data.u16(2);
  const size = data.u32(4);
  if (flags & ~NESTED_KNOWN_FLAGS) return false;
  const headerPadZero = !data.nonZero(40, Math.min(NESTED_HEADER_SIZE, data.length));
  if (format === NESTED_FORMAT_VMX) {
    if (size === NESTED_HEADER_SIZE) return headerPadZero;
    if (size !== NESTED_HEADER_SIZE + NESTED_VMCS_SIZE && size !== NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE) return false;
    if (!headerPadZero) return false;
    // Cut before the vmcs12: the size word (never a VMX-abort reason) and the zero padding suffice.
    if (!data.has(NESTED_HEADER_SIZE, 4)) return true;
    return (data.u32(NESTED_HEADER_SIZE) & 0x7fffffff) === VMCS12_REVISION;
  }
  if (format === NESTED_FORMAT_SVM) {
    return (size === NESTED_HEADER_SIZE || size === NESTED_HEADER_SIZE + 0x1000) && data.length >= NESTED_HEADER_SIZE && !data.nonZero(48, NESTED_HEADER_SIZE);
  }
  return false;
}

export function readNested(data: Bytes): RegionResult[] {
  const notes: RegionNote[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (member: string) => headerSlot(NESTED_HEADER, member);
  const flags = data.u16(0);
  const format = data.u16(2);
  const size = data.u32(4);
  notes.push({ offset: 0, label: 'flags', value: hex(flags, 4), what: `Nested-state flags: ${flagText(flags, NESTED_FLAGS)}` });
  notes.push({ offset: 2, label: 'format', value: String(format), what: format === NESTED_FORMAT_VMX ? 'Format 0: VMX' : 'Format 1: SVM' });
  notes.push({
    offset: 4,
    label: 'size',
    value: String(size),
    what:
      size === NESTED_HEADER_SIZE
        ? 'Size of the blob: the 128-byte header only (no vmcs12)'
        : size === NESTED_HEADER_SIZE + NESTED_VMCS_SIZE
          ? `Size of the blob: 128-byte header + ${format === NESTED_FORMAT_VMX ? 'vmcs12' : 'vmcb12'} (4096)`
          : 'Size of the blob: 128-byte header + vmcs12 (4096) + shadow vmcs12 (4096)',
  });
  if (format === NESTED_FORMAT_SVM) {
    if (data.has(8, 8)) notes.push({ offset: 8, label: 'hdr.svm.vmcb_pa', value: hex(data.u64(8), 16), what: 'Guest physical address of L1\'s VMCB for L2' });
    diagnostics.push(diag('not-a-region', { length: data.length, reason: 'KVM nested state of format 1 (SVM): it carries a VMCB, not a VMCS' }));
    return [{ format: 'nested-state', description: `KVM nested state (SVM, ${size} bytes): no VMCS`, fields: [], notes, diagnostics }];
  }
  const vmxon = data.u64(at('hdr.vmx.vmxon_pa').offset);
  const vmcs12pa = data.u64(at('hdr.vmx.vmcs12_pa').offset);
  const none = 0xffffffffffffffffn;
  notes.push({
    offset: 8,
    label: 'hdr.vmx.vmxon_pa',
    value: hex(vmxon, 16),
    what: vmxon === none ? 'VMXON region address: none (-1ull), L1 is not in VMX operation' : 'Guest physical address of L1\'s VMXON region',
  });
  notes.push({
    offset: 16,
    label: 'hdr.vmx.vmcs12_pa',
    value: hex(vmcs12pa, 16),
    what: vmcs12pa === none ? 'Current-VMCS pointer: none (-1ull)' : 'Current-VMCS pointer: guest physical address of the vmcs12 (L1\'s VMPTRLD)',
  });
  const smm = data.u16(24);
  notes.push({ offset: 24, label: 'hdr.vmx.smm.flags', value: hex(smm, 4), what: `SMM flags: ${flagText(smm, NESTED_SMM_FLAGS)}` });
  const vmxFlags = data.u32(28);
  notes.push({ offset: 28, label: 'hdr.vmx.flags', value: hex8(vmxFlags), what: `VMX header flags: ${flagText(vmxFlags, NESTED_VMX_FLAGS)}` });
  const deadline = data.u64(32);
  if (vmxFlags & 1 || deadline !== 0n) {
    notes.push({
      offset: 32,
      label: 'hdr.vmx.preemption_timer_deadline',
      value: hex(deadline, 16),
      what: vmxFlags & 1 ? 'VMX-preemption timer deadline (L1 TSC)' : 'VMX-preemption timer deadline (not valid: flag clear)',
    });
  }
  if (size > data.length) diagnostics.push(diag('truncated-region', { format: 'nested-state', length: data.length, needed: size, missing: size - data.length }));

  const hasVmcs12 = size >= NESTED_HEADER_SIZE + NESTED_VMCS_SIZE && data.length > NESTED_HEADER_SIZE;
  const hasShadow = size >= NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE && data.length > NESTED_HEADER_SIZE + NESTED_VMCS_SIZE;
  const shadowBase = NESTED_HEADER_SIZE + NESTED_VMCS_SIZE;
  notes.push({
    offset: shadowBase,
    label: 'shadow_vmcs12',
    value: hasShadow ? 'present' : 'absent',
    what: hasShadow
      ? 'The shadow vmcs12 (L1 uses VMCS shadowing) follows the vmcs12 at offset 4224; readRegions returns it as a second region'
      : size >= NESTED_HEADER_SIZE + 2 * NESTED_VMCS_SIZE
        ? 'The header announces a shadow vmcs12, but the data ends before it'
        : 'No shadow vmcs12 (L1 does not use VMCS shadowing)',
  });
  if (!hasVmcs12) {
    return [{ format: 'nested-state', description: `KVM nested state (VMX, ${size} bytes): no vmcs12`, fields: [], notes, diagnostics }];
  }
  const main = readVmcs12(data, NESTED_HEADER_SIZE, NESTED_HEADER_SIZE + NESTED_VMCS_SIZE);
  const results: RegionResult[] = [
    {
      format: 'nested-state',
      description: `KVM nested state (VMX, ${size} bytes): ${vmcs12Description(main.layout)}${hasShadow ? ', and a shadow vmcs12' : ''}`,
      fields: main.fields,
      notes: [...notes, ...main.notes],
      diagnostics: [...diagnostics, ...main.diagnostics],
    },
  ];
  if (hasShadow) {
    const rev = data.has(shadowBase, 4) ? data.u32(shadowBase) & 0x7fffffff : -1;
    if (rev !== VMCS12_REVISION) {
      const sn: RegionNote[] = [];
      regionHeaderNotes(data, shadowBase, 'Revision identifier of the shadow vmcs12 (bits 30:0)', sn);
      results.push({
        format: 'nested-state',
        description: `shadow vmcs12 of KVM nested state: revision ${hex8(rev)} is not VMCS12_REVISION`,
        fields: [],
        notes: sn,
        diagnostics: [diag('unknown-revision', { revision: hex8(rev), where: 'shadow vmcs12' })],
      });
    } else {
      const shadow = readVmcs12(data, shadowBase, shadowBase + NESTED_VMCS_SIZE);
      results.push({
        format: 'nested-state',
        description: `shadow vmcs12 of KVM nested state: ${vmcs12Description(shadow.layout)}`,
        fields: shadow.fields,
        notes: shadow.notes,
        diagnostics: shadow.diagnostics,
      });
    }
  }
  return results;
}
