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
import type { HeaderSlot } from './types.js';

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
