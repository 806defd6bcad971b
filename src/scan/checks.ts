/**
 * Cheap invariants of a VMCS page in memory, scored. A hypervisor that has set up a VMCS for
 * a 64-bit host leaves values the processor requires (SDM Vol. 3C, 2024+ numbering):
 *
 *   abort     dword 1, the VMX-abort indicator, is 0; 1-6 only after a VMX abort (25.2, 28.7)
 *   link      VMCS link pointer all ones, or a 4 KiB-aligned address (a warning without
 *             VMCS shadowing: allowed, but hypervisors write ~0) (27.3.1.5)
 *   host-cr4  HOST_CR4.VMXE (bit 13) is 1: CR4 fixed-0 bit in VMX operation (27.2.2, A.8)
 *   host-cr0  HOST_CR0.PE and PG are 1 (a 64-bit host; CR0 fixed-0 bits, 27.2.2, A.7)
 *   host-cr3  HOST_CR3 is not 0 and sets no bit above 51 (27.2.2)
 *   host-rip  HOST_RIP is canonical (48- or 57-bit) and not 0 (27.2.4)
 *   eptp      with "enable EPT" (or a nonzero EPTP when the controls are not in the layout):
 *             memory type 0 (UC) or 6 (WB), page-walk length 4 or 5, bits 11:7 and 63:52 zero
 *             (27.2.1.1, 25.6.11)
 *
 * A check whose fields the layout does not place is not evaluated. A failing check rejects the
 * page; a warning (`abort` with a VMX-abort code, `link` an address) only lowers the score.
 */

export type CheckId = 'abort' | 'link' | 'host-cr4' | 'host-cr0' | 'host-cr3' | 'host-rip' | 'eptp';
/** The outcome of one of the scan's checks. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not-evaluated';

/** The outcome of one of the scan's checks of a candidate page. */
export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  /** Why, in a few words, with the value (e.g. "HOST_CR4 0x2000: VMXE set"). */
  detail: string;
}

/** The SDM sections behind each of the scan's checks. */
export const CHECK_SDM: Readonly<Record<CheckId, string>> = {
  abort: '25.2, 28.7',
  link: '27.3.1.5',
  'host-cr4': '27.2.2, A.8',
  'host-cr0': '27.2.2, A.7',
  'host-cr3': '27.2.2',
  'host-rip': '27.2.4',
  eptp: '27.2.1.1, 25.6.11',
};

/** Field encodings the checks and the summary read. */
export const ENC = {
  EPT_POINTER: 0x201a,
  VMCS_LINK_POINTER: 0x2800,
  CPU_BASED: 0x4002,
  SECONDARY: 0x401e,
  GUEST_CR3: 0x6802,
  GUEST_RIP: 0x681e,
  HOST_CR0: 0x6c00,
  HOST_CR3: 0x6c02,
  HOST_CR4: 0x6c04,
  HOST_RIP: 0x6c16,
} as const;

const ONES = 0xffffffffffffffffn;
const hex = (v: bigint): string => '0x' + v.toString(16);

function canonical(v: bigint, bits: number): boolean {
  const top = v >> BigInt(bits - 1);
  return top === 0n || top === ONES >> BigInt(bits - 1);
}

/** Run the checks over the values a layout gives (encoding -> value) and dword 1 of the page. */
export function runChecks(abort: number, values: ReadonlyMap<number, bigint>): CheckResult[] {
  const out: CheckResult[] = [];
  const na = (id: CheckId, what: string): void => void out.push({ id, status: 'not-evaluated', detail: `${what} not in the layout` });
  const r = (id: CheckId, ok: boolean, detail: string): void => void out.push({ id, status: ok ? 'pass' : 'fail', detail });

  if (abort === 0) out.push({ id: 'abort', status: 'pass', detail: 'VMX-abort indicator 0' });
  else if (abort >= 1 && abort <= 6) out.push({ id: 'abort', status: 'warn', detail: `VMX-abort indicator ${abort}: the processor recorded a VMX abort` });
  else out.push({ id: 'abort', status: 'fail', detail: `VMX-abort indicator 0x${abort.toString(16)} is no abort code (0, or 1-6 after an abort)` });

  const secondary = values.get(ENC.SECONDARY);
  const primary = values.get(ENC.CPU_BASED);
  // "activate secondary controls" is bit 31 of the primary controls; "VMCS shadowing" bit 14, "enable EPT" bit 1 of the secondary.
  const secondaryOn = primary === undefined ? undefined : (primary & (1n << 31n)) !== 0n;
  const secOn = (bit: bigint): boolean | undefined => (secondary === undefined ? undefined : secondaryOn === false ? false : (secondary & (1n << bit)) !== 0n);

  const link = values.get(ENC.VMCS_LINK_POINTER);
  if (link === undefined) na('link', 'VMCS_LINK_POINTER');
  else if (link === ONES) r('link', true, 'VMCS link pointer ~0');
  else {
    const shadowing = secOn(14n);
    const aligned = (link & 0xfffn) === 0n && link >> 52n === 0n && link !== 0n;
    if (aligned && shadowing === true) r('link', true, `VMCS link pointer ${hex(link)}, with VMCS shadowing on`);
    else if (aligned) out.push({ id: 'link', status: 'warn', detail: `VMCS link pointer ${hex(link)}: an address, allowed but unusual without VMCS shadowing` });
    else r('link', false, `VMCS link pointer ${hex(link)} is neither ~0 nor a 4 KiB-aligned physical address`);
  }

  const cr4 = values.get(ENC.HOST_CR4);
  if (cr4 === undefined) na('host-cr4', 'HOST_CR4');
  else r('host-cr4', (cr4 & (1n << 13n)) !== 0n && cr4 >> 32n === 0n, `HOST_CR4 ${hex(cr4)}: VMXE (bit 13) ${(cr4 & (1n << 13n)) !== 0n ? 'set' : 'clear'}${cr4 >> 32n !== 0n ? ', bits 63:32 set' : ''}`);

  const cr0 = values.get(ENC.HOST_CR0);
  if (cr0 === undefined) na('host-cr0', 'HOST_CR0');
  else {
    const ok = (cr0 & 1n) !== 0n && (cr0 & (1n << 31n)) !== 0n && cr0 >> 32n === 0n;
    r('host-cr0', ok, `HOST_CR0 ${hex(cr0)}: PE ${cr0 & 1n}, PG ${(cr0 >> 31n) & 1n}${cr0 >> 32n !== 0n ? ', bits 63:32 set' : ''}`);
  }

  const cr3 = values.get(ENC.HOST_CR3);
  if (cr3 === undefined) na('host-cr3', 'HOST_CR3');
  else r('host-cr3', cr3 !== 0n && cr3 >> 52n === 0n, `HOST_CR3 ${hex(cr3)}${cr3 === 0n ? ' is 0' : cr3 >> 52n !== 0n ? ' sets bits above 51' : ''}`);

  const rip = values.get(ENC.HOST_RIP);
  if (rip === undefined) na('host-rip', 'HOST_RIP');
  else {
    const la57 = cr4 !== undefined && (cr4 & (1n << 12n)) !== 0n;
    const ok = rip !== 0n && canonical(rip, la57 ? 57 : 48);
    r('host-rip', ok, `HOST_RIP ${hex(rip)}${rip === 0n ? ' is 0' : ok ? ' is canonical' : ` is not canonical (${la57 ? 57 : 48}-bit)`}`);
  }

  const eptp = values.get(ENC.EPT_POINTER);
  const eptOn = secOn(1n);
  if (eptp === undefined) na('eptp', 'EPT_POINTER');
  else if (eptOn === false || (eptOn === undefined && eptp === 0n)) out.push({ id: 'eptp', status: 'not-evaluated', detail: eptOn === false ? 'EPT not enabled' : 'EPTP 0 and the controls are not in the layout' });
  else {
    const type = eptp & 7n;
    const walk = ((eptp >> 3n) & 7n) + 1n;
    const problems: string[] = [];
    if (type !== 0n && type !== 6n) problems.push(`memory type ${type}`);
    if (walk !== 4n && walk !== 5n) problems.push(`page-walk length ${walk}`);
    if ((eptp >> 7n) & 0x1fn) problems.push('bits 11:7 set');
    if (eptp >> 52n) problems.push('bits above 51 set');
    r('eptp', problems.length === 0, `EPTP ${hex(eptp)}: ${problems.length ? problems.join(', ') : `${type === 6n ? 'WB' : 'UC'}, ${walk}-level`}`);
  }
  return out;
}

/** 0-100: the share of the checks that passed, counting a warning as half, over all seven. */
export function scoreOf(checks: readonly CheckResult[]): number {
  let s = 0;
  for (const c of checks) s += c.status === 'pass' ? 2 : c.status === 'warn' ? 1 : 0;
  return Math.round((s * 100) / (2 * 7));
}
