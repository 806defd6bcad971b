// Cases: the valid template, then one rule's inputs mutated at a time (boundary values,
// reserved bits, mode combinations), then random multi-field mutations; deterministic
// from the seed. A case is { rule, name, fields: Map<name, bigint>, mem: [addr, value][] }.
import { template, fit, allows } from './template.js';
import * as L from './layout.js';

/** mulberry32 */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

const B = (n) => 1n << BigInt(n);
const NONCANON = 0x0000800000000000n;
const NONCANON2 = 0xffff7fffffff0000n;

// control bits (SDM 25.6, Tables 25-5 .. 25-16)
const PIN = { extInt: 0, nmi: 3, vnmi: 5, preempt: 6, posted: 7 };
const PROC = { intWindow: 2, hlt: 7, cr3Load: 15, cr3Store: 16, tertiary: 17, tprShadow: 21, nmiWindow: 22, ioBitmaps: 25, mtf: 27, msrBitmaps: 28, secondary: 31 };
const PROC2 = { apicAccess: 0, ept: 1, x2apic: 4, vpid: 5, unrestricted: 7, apicReg: 8, vid: 9, vmfunc: 13, shadowing: 14, pml: 17, ve: 18, ptGpa: 24, tscScaling: 25, spp: 23, mbec: 22 };
const EXIT = { saveDebug: 2, hostSize: 9, perf: 12, ackInt: 15, savePat: 18, loadPat: 19, saveEfer: 20, loadEfer: 21, savePreempt: 22, cet: 28 };
const ENTRY = { loadDebug: 2, ia32e: 9, smm: 10, dualMonitor: 11, perf: 13, loadPat: 14, loadEfer: 15, bndcfgs: 16, cet: 20 };

/**
 * @param {ReturnType<import('./template.js').capsView>} caps
 * @param {{cr0:bigint, cr4:bigint, efer:bigint, pat:bigint}} host
 * @param {{paw:number}} facts
 */
export function generator(caps, host, facts) {
  const base = template(caps, host);
  const paw = facts.paw ?? 36;
  const beyond = B(paw); // first address bit beyond the physical-address width
  const gcr0 = base.get('GUEST_CR0');
  const gcr4 = base.get('GUEST_CR4');
  const cases = [];
  const add = (rule, name, mutate, mem = []) => {
    const fields = new Map(base);
    const ctx = makeCtx(fields);
    const ret = mutate(fields, ctx);
    const extraMem = Array.isArray(ret) ? ret : [];
    cases.push({ rule, name, fields, mem: [...mem, ...extraMem], ...(ctx.host32 ? { host32: true } : {}) });
  };
  function makeCtx(f) {
    const ctl = (field, ctlCaps) => ({
      set(bit) { f.set(field, f.get(field) | B(bit)); },
      clear(bit) { f.set(field, f.get(field) & ~B(bit)); },
    });
    const c = {
      pin: ctl('PIN_BASED_VM_EXEC_CONTROL'),
      proc: ctl('CPU_BASED_VM_EXEC_CONTROL'),
      proc2: ctl('SECONDARY_VM_EXEC_CONTROL'),
      exit: ctl('VM_EXIT_CONTROLS'),
      entry: ctl('VM_ENTRY_CONTROLS'),
      /** launch from a VMM outside IA-32e mode (the harness's 32-bit host) */
      host32: false,
      /** enable a secondary control (and activate the secondary controls) */
      sec(bit) { c.proc.set(PROC.secondary); c.proc2.set(bit); },
    };
    return c;
  }
  const can = {
    pin: (b) => allows(caps.pin, b),
    proc: (b) => allows(caps.proc, b),
    proc2: (b) => allows(caps.proc, PROC.secondary) && allows(caps.proc2, b),
    exit: (b) => allows(caps.exit, b),
    entry: (b) => allows(caps.entry, b),
  };
  const firstNot = (ctl) => { for (let b = 0; b < 32; b++) if (!allows(ctl, b)) return b; return -1; };
  const firstMust = (ctl) => { for (let b = 0; b < 32; b++) if ((ctl.must >> BigInt(b)) & 1n) return b; return -1; };

  add('template', 'valid 64-bit guest and host', () => {});

  // ---- E-01 .. E-05, X-01, N-01: reserved control bits
  for (const [rule, field, ctl] of [['E-01', 'PIN_BASED_VM_EXEC_CONTROL', caps.pin], ['E-02', 'CPU_BASED_VM_EXEC_CONTROL', caps.proc],
    ['X-01', 'VM_EXIT_CONTROLS', caps.exit], ['N-01', 'VM_ENTRY_CONTROLS', caps.entry]]) {
    const nb = firstNot(ctl);
    if (nb >= 0) add(rule, `${field} bit ${nb} set (allowed-1 is 0)`, (f) => f.set(field, f.get(field) | B(nb)));
    const mb = firstMust(ctl);
    if (mb >= 0) add(rule, `${field} bit ${mb} clear (allowed-0 is 1)`, (f) => f.set(field, f.get(field) & ~B(mb)));
    for (let b = 0; b < 32; b++) {
      if (allows(ctl, b) && !((ctl.must >> BigInt(b)) & 1n) && rule !== 'X-01' && rule !== 'N-01') {
        // a bit that may be 0 or 1: setting it alone is valid unless another rule needs more
        if (rule === 'E-02' && [PROC.tprShadow, PROC.nmiWindow, PROC.secondary, PROC.tertiary].includes(b)) continue;
        if (rule === 'E-01' && [PIN.vnmi, PIN.posted].includes(b)) continue;
        add(rule, `${field} bit ${b} set (allowed)`, (f) => f.set(field, f.get(field) | B(b)));
      }
    }
  }
  if (allows(caps.proc, PROC.secondary)) {
    for (let b = 0; b < 32; b++) {
      if (!allows(caps.proc2, b)) {
        add('E-03', `secondary bit ${b} set (allowed-1 is 0)`, (f, c) => c.sec(b));
        if (b > 26) break;
      }
    }
    add('E-03', 'secondary bit set while "activate secondary controls" is 0 (ignored)', (f, c) => { c.proc.clear(PROC.secondary); f.set('SECONDARY_VM_EXEC_CONTROL', 0xffffffffn); });
    for (const b of [2, 3, 6, 10, 11, 12, 16, 20]) if (can.proc2(b)) add('E-03', `secondary bit ${b} set (allowed)`, (f, c) => c.sec(b));
  }
  const maxCr3 = Number((caps.misc >> 16n) & 0x1ffn);
  add('E-05', `CR3-target count ${maxCr3} (the maximum)`, (f) => f.set('CR3_TARGET_COUNT', BigInt(maxCr3)));
  add('E-05', `CR3-target count ${maxCr3 + 1}`, (f) => f.set('CR3_TARGET_COUNT', BigInt(maxCr3 + 1)));
  add('E-05', 'CR3-target count 0x100', (f) => f.set('CR3_TARGET_COUNT', 0x100n));

  // ---- addresses: aligned, unaligned, beyond the physical-address width
  const addrCases = (rule, field, enable, align = 0xfffn) => {
    if (enable === null) return;
    const good = base.get(field);
    add(rule, `${field} page-aligned`, (f, c) => { enable(f, c); });
    add(rule, `${field} + 0x${(align + 1n) / 2n > 8n ? ((align + 1n) / 2n).toString(16) : '8'} (unaligned)`, (f, c) => { enable(f, c); f.set(field, good + (align === 0xfn ? 8n : 0x800n)); });
    add(rule, `${field} bit ${paw} set (beyond MAXPHYADDR)`, (f, c) => { enable(f, c); f.set(field, good | beyond); });
    add(rule, `${field} bit 63 set`, (f, c) => { enable(f, c); f.set(field, good | B(63)); });
    add(rule, `${field} unaligned while the control is 0 (ignored)`, (f) => f.set(field, good + 0x804n));
  };
  addrCases('E-06', 'IO_BITMAP_A', can.proc(PROC.ioBitmaps) ? (f, c) => c.proc.set(PROC.ioBitmaps) : null);
  addrCases('E-06', 'IO_BITMAP_B', can.proc(PROC.ioBitmaps) ? (f, c) => c.proc.set(PROC.ioBitmaps) : null);
  addrCases('E-07', 'MSR_BITMAP', can.proc(PROC.msrBitmaps) ? (f, c) => c.proc.set(PROC.msrBitmaps) : null);
  addrCases('E-08', 'VIRTUAL_APIC_PAGE_ADDR', can.proc(PROC.tprShadow) ? (f, c) => c.proc.set(PROC.tprShadow) : null);
  addrCases('E-13', 'APIC_ACCESS_ADDR', can.proc2(PROC2.apicAccess) ? (f, c) => c.sec(PROC2.apicAccess) : null);
  addrCases('E-28', 'PML_ADDRESS', can.proc2(PROC2.pml) ? (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.pml); } : null);
  addrCases('E-36', 'EPTP_LIST_ADDRESS', can.proc2(PROC2.vmfunc) && (caps.vmfunc & 1n) ? (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.vmfunc); f.set('VM_FUNCTION_CONTROL', 1n); } : null);
  addrCases('E-37', 'VMREAD_BITMAP', can.proc2(PROC2.shadowing) ? (f, c) => c.sec(PROC2.shadowing) : null);
  addrCases('E-37', 'VMWRITE_BITMAP', can.proc2(PROC2.shadowing) ? (f, c) => c.sec(PROC2.shadowing) : null);
  addrCases('E-32', 'SPPT_POINTER', can.proc2(PROC2.spp) && can.proc2(PROC2.ept) ? (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.spp); } : null);
  addrCases('E-38', 'VE_INFORMATION_ADDRESS', can.proc2(PROC2.ve) ? (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.ve); } : null);
  const msrArea = (rule, field, countField, align16) => {
    const good = base.get(field);
    add(rule, `${countField} 1, ${field} aligned`, (f) => f.set(countField, 1n), areaMem(field));
    add(rule, `${countField} 1, ${field} + 8 (not 16-byte aligned)`, (f) => { f.set(countField, 1n); f.set(field, good + 8n); });
    add(rule, `${countField} 1, ${field} + 0x10 (16-byte aligned)`, (f) => { f.set(countField, 1n); f.set(field, good + 0x10n); }, areaMem(field, 0x10n));
    add(rule, `${countField} 1, ${field} bit ${paw} set`, (f) => { f.set(countField, 1n); f.set(field, good | beyond); });
    add(rule, `${countField} 0, ${field} unaligned (ignored)`, (f) => f.set(field, good + 4n));
    add(rule, `${countField} 2, ${field} ends beyond MAXPHYADDR`, (f) => { f.set(countField, 2n); f.set(field, beyond - 0x10n); });
  };
  // a valid entry: IA32_PAT with its usual value (loading it cannot fail)
  const areaMem = (field, off = 0n) => [[base.get(field) + off, 0x277n], [base.get(field) + off + 8n, 0x0007040600070406n]];
  msrArea('X-04', 'VM_EXIT_MSR_STORE_ADDR', 'VM_EXIT_MSR_STORE_COUNT');
  msrArea('X-06', 'VM_EXIT_MSR_LOAD_ADDR', 'VM_EXIT_MSR_LOAD_COUNT');
  msrArea('N-08', 'VM_ENTRY_MSR_LOAD_ADDR', 'VM_ENTRY_MSR_LOAD_COUNT');

  // ---- TPR shadow and APIC virtualization
  if (can.proc(PROC.tprShadow)) {
    for (const t of [0n, 0xfn, 0x10n, 0x80000000n]) add('E-09', `TPR shadow, TPR threshold 0x${t.toString(16)}, VTPR 0xf0`, (f, c) => { c.proc.set(PROC.tprShadow); f.set('TPR_THRESHOLD', t); }, [[L.PAGES.virtualApic + 0x80n, 0xf0n]]);
    add('E-10', 'TPR shadow, threshold 3, VTPR 0x20', (f, c) => { c.proc.set(PROC.tprShadow); f.set('TPR_THRESHOLD', 3n); }, [[L.PAGES.virtualApic + 0x80n, 0x20n]]);
    add('E-10', 'TPR shadow, threshold 2, VTPR 0x20', (f, c) => { c.proc.set(PROC.tprShadow); f.set('TPR_THRESHOLD', 2n); }, [[L.PAGES.virtualApic + 0x80n, 0x20n]]);
  }
  if (can.proc(PROC.tprShadow) && can.proc2(PROC2.vid)) {
    add('E-09', 'TPR shadow and virtual-interrupt delivery, TPR threshold 0x10 (not checked)', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.vid); c.pin.set(PIN.extInt); f.set('TPR_THRESHOLD', 0x10n); });
    add('E-10', 'TPR shadow and virtual-interrupt delivery, threshold 5 above VTPR 0 (not checked)', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.vid); c.pin.set(PIN.extInt); f.set('TPR_THRESHOLD', 5n); });
  }
  if (can.proc(PROC.tprShadow) && can.proc2(PROC2.apicAccess)) {
    add('E-10', 'TPR shadow and APIC-access virtualization, threshold 5 above VTPR 0 (not checked)', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.apicAccess); f.set('TPR_THRESHOLD', 5n); });
    add('E-09', 'TPR shadow and APIC-access virtualization, TPR threshold 0x10', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.apicAccess); f.set('TPR_THRESHOLD', 0x10n); });
  }
  if (can.proc(PROC.tprShadow)) add('E-08', 'virtual-APIC address unaligned without TPR shadow (ignored)', (f) => f.set('VIRTUAL_APIC_PAGE_ADDR', L.PAGES.virtualApic + 0x80n));
  for (const [name, bit] of [['virtualize x2APIC mode', PROC2.x2apic], ['APIC-register virtualization', PROC2.apicReg], ['virtual-interrupt delivery', PROC2.vid]]) {
    if (!can.proc2(bit)) continue;
    add('E-14', `${name} without TPR shadow`, (f, c) => { c.sec(bit); if (bit === PROC2.vid) c.pin.set(PIN.extInt); });
    if (can.proc(PROC.tprShadow)) add('E-14', `${name} with TPR shadow`, (f, c) => { c.sec(bit); c.proc.set(PROC.tprShadow); if (bit === PROC2.vid) c.pin.set(PIN.extInt); });
  }
  if (can.proc2(PROC2.x2apic) && can.proc2(PROC2.apicAccess)) add('E-15', 'virtualize x2APIC mode and APIC accesses', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.x2apic); c.sec(PROC2.apicAccess); });
  if (can.proc2(PROC2.vid)) {
    add('E-16', 'virtual-interrupt delivery without external-interrupt exiting', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.vid); c.pin.clear(PIN.extInt); });
    add('E-16', 'virtual-interrupt delivery with external-interrupt exiting', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.vid); c.pin.set(PIN.extInt); });
  }
  if (can.pin(PIN.vnmi)) {
    add('E-11', 'virtual NMIs without NMI exiting', (f, c) => c.pin.set(PIN.vnmi));
    add('E-11', 'virtual NMIs with NMI exiting', (f, c) => { c.pin.set(PIN.vnmi); c.pin.set(PIN.nmi); });
  }
  if (can.proc(PROC.nmiWindow)) {
    add('E-12', 'NMI-window exiting without virtual NMIs', (f, c) => c.proc.set(PROC.nmiWindow));
    if (can.pin(PIN.vnmi)) add('E-12', 'NMI-window exiting with virtual NMIs', (f, c) => { c.proc.set(PROC.nmiWindow); c.pin.set(PIN.vnmi); c.pin.set(PIN.nmi); });
  }
  if (can.proc2(PROC2.vpid)) {
    add('E-21', 'enable VPID with VPID 0', (f, c) => { c.sec(PROC2.vpid); f.set('VIRTUAL_PROCESSOR_ID', 0n); });
    add('E-21', 'enable VPID with VPID 0xffff', (f, c) => { c.sec(PROC2.vpid); f.set('VIRTUAL_PROCESSOR_ID', 0xffffn); });
    add('E-21', 'VPID 0 without enable VPID', (f) => f.set('VIRTUAL_PROCESSOR_ID', 0n));
  }
  if (can.proc2(PROC2.ept)) {
    const ep = L.PAGES.eptPml4;
    const eptCase = (rule, name, v) => add(rule, `enable EPT, EPTP ${name}`, (f, c) => { c.sec(PROC2.ept); f.set('EPT_POINTER', v); });
    eptCase('E-22', 'WB 4-level', ep | 0x1en);
    eptCase('E-22', 'UC 4-level', ep | 0x18n);
    for (const mt of [1n, 2n, 3n, 4n, 5n, 7n]) eptCase('E-22', `memory type ${mt}`, ep | 0x18n | mt);
    for (const wl of [0n, 1n, 2n, 4n, 5n, 6n, 7n]) eptCase('E-23', `walk length ${wl + 1n}`, ep | 6n | (wl << 3n));
    eptCase('E-24', 'accessed/dirty flags', ep | 0x1en | 0x40n);
    eptCase('E-25', 'supervisor shadow-stack bit 7', ep | 0x1en | 0x80n);
    for (const b of [8, 9, 10, 11]) eptCase('E-26', `reserved bit ${b}`, ep | 0x1en | B(b));
    eptCase('E-26', `bit ${paw} (beyond MAXPHYADDR)`, ep | 0x1en | beyond);
    eptCase('E-26', 'bit 63', ep | 0x1en | B(63));
    add('E-22', 'EPTP memory type 2 without enable EPT (ignored)', (f) => f.set('EPT_POINTER', ep | 0x1an));
  }
  if (can.proc2(PROC2.pml)) add('E-27', 'enable PML without enable EPT', (f, c) => c.sec(PROC2.pml));
  if (can.proc2(PROC2.unrestricted)) {
    add('E-29', 'unrestricted guest without enable EPT', (f, c) => c.sec(PROC2.unrestricted));
    add('E-29', 'unrestricted guest with enable EPT', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); });
  }
  if (can.proc2(PROC2.mbec)) add('E-30', 'mode-based execute control without EPT', (f, c) => c.sec(PROC2.mbec));
  if (can.proc2(PROC2.spp)) add('E-31', 'sub-page write permissions without EPT', (f, c) => c.sec(PROC2.spp));
  if (can.proc2(PROC2.vmfunc)) {
    for (let b = 0; b < 64; b++) {
      if (!((caps.vmfunc >> BigInt(b)) & 1n)) { add('E-34', `VM function bit ${b} (not allowed)`, (f, c) => { c.sec(PROC2.vmfunc); c.sec(PROC2.ept); f.set('VM_FUNCTION_CONTROL', B(b)); }); if (b > 3) break; }
    }
    add('E-34', 'VM-function controls 0x80 without enable VM functions (ignored)', (f) => f.set('VM_FUNCTION_CONTROL', 0x80n));
    if (caps.vmfunc & 1n) add('E-35', 'EPTP switching without enable EPT', (f, c) => { c.sec(PROC2.vmfunc); f.set('VM_FUNCTION_CONTROL', 1n); });
  }
  if (can.proc2(PROC2.tscScaling)) {
    add('E-03', 'TSC scaling with multiplier 0', (f, c) => { c.sec(PROC2.tscScaling); f.set('TSC_MULTIPLIER', 0n); });
    add('E-03', 'TSC scaling with multiplier 1', (f, c) => { c.sec(PROC2.tscScaling); f.set('TSC_MULTIPLIER', 1n); });
  }
  if (can.exit(EXIT.savePreempt)) {
    add('X-03', 'save preemption timer without activating it', (f, c) => { c.exit.set(EXIT.savePreempt); c.pin.clear(PIN.preempt); });
    if (can.pin(PIN.preempt)) add('X-03', 'save preemption timer with activating it', (f, c) => { c.exit.set(EXIT.savePreempt); c.pin.set(PIN.preempt); f.set('VMX_PREEMPTION_TIMER_VALUE', 1000n); });
  }
  if (can.pin(PIN.posted)) {
    add('E-17', 'posted interrupts without virtual-interrupt delivery', (f, c) => { c.pin.set(PIN.posted); c.pin.set(PIN.extInt); c.exit.set(EXIT.ackInt); });
  }
  add('N-10', '"entry to SMM" outside SMM', (f, c) => c.entry.set(ENTRY.smm));
  add('N-10', '"deactivate dual-monitor treatment" outside SMM', (f, c) => c.entry.set(ENTRY.dualMonitor));

  // ---- event injection (SDM 27.2.1.3)
  const inject = (rule, name, info, extra = () => {}) => add(rule, `inject ${name}`, (f, c) => { f.set('VM_ENTRY_INTR_INFO_FIELD', info); extra(f, c); });
  const V = B(31);
  inject('N-02', 'type 1 (reserved) vector 0x20', V | (1n << 8n) | 0x20n);
  inject('N-02', 'type 7 (other event) vector 0 (needs MTF support)', V | (7n << 8n));
  inject('N-03', 'NMI with vector 3', V | (2n << 8n) | 3n);
  inject('N-03', 'NMI with vector 2', V | (2n << 8n) | 2n, (f) => f.set('GUEST_RFLAGS', 0x202n));
  inject('N-03', 'hardware exception vector 32', V | (3n << 8n) | 32n);
  inject('N-03', 'hardware exception #UD (6)', V | (3n << 8n) | 6n);
  inject('N-03', 'type 7 vector 1', V | (7n << 8n) | 1n);
  inject('N-04', '#GP without deliver-error-code', V | (3n << 8n) | 13n);
  inject('N-04', '#GP with error code', V | B(11) | (3n << 8n) | 13n);
  inject('N-04', '#UD with deliver-error-code', V | B(11) | (3n << 8n) | 6n);
  inject('N-04', 'external interrupt with deliver-error-code', V | B(11) | 0x30n, (f) => f.set('GUEST_RFLAGS', 0x202n));
  inject('N-04', '#PF with error code in real mode (unrestricted)', V | B(11) | (3n << 8n) | 14n, (f, c) => {
    if (!can.proc2(PROC2.unrestricted)) return;
    c.sec(PROC2.unrestricted); c.sec(PROC2.ept); c.entry.clear(ENTRY.ia32e);
    realModeGuest(f);
  });
  for (const b of [12, 13, 20, 30]) inject('N-05', `with reserved bit ${b}`, V | B(b) | (3n << 8n) | 6n);
  inject('N-06', '#GP with error code 0x10000', V | B(11) | (3n << 8n) | 13n, (f) => f.set('VM_ENTRY_EXCEPTION_ERROR_CODE', 0x10000n));
  inject('N-06', '#GP with error code 0xffff', V | B(11) | (3n << 8n) | 13n, (f) => f.set('VM_ENTRY_EXCEPTION_ERROR_CODE', 0xffffn));
  for (const len of [0n, 1n, 15n, 16n]) {
    inject('N-07', `software interrupt 0x80, instruction length ${len}`, V | (4n << 8n) | 0x80n, (f) => f.set('VM_ENTRY_INSTRUCTION_LEN', len));
    inject('N-07', `software exception #BP, instruction length ${len}`, V | (6n << 8n) | 3n, (f) => f.set('VM_ENTRY_INSTRUCTION_LEN', len));
  }
  inject('N-07', 'privileged software exception #DB, length 0', V | (5n << 8n) | 1n, (f) => f.set('VM_ENTRY_INSTRUCTION_LEN', 0n));
  inject('N-07', 'hardware exception #UD, instruction length 16 (not checked)', V | (3n << 8n) | 6n, (f) => f.set('VM_ENTRY_INSTRUCTION_LEN', 16n));
  add('N-05', 'invalid event with reserved bits (valid bit 0, ignored)', (f) => f.set('VM_ENTRY_INTR_INFO_FIELD', 0x7ffff7ffn));

  // ---- host state (SDM 27.2.2 .. 27.2.4)
  const hostCr0 = base.get('HOST_CR0');
  const hostCr4 = base.get('HOST_CR4');
  for (const b of [0, 5, 31]) if ((caps.cr0Fixed0 >> BigInt(b)) & 1n) add('H-01', `host CR0 bit ${b} clear (fixed 1)`, (f) => f.set('HOST_CR0', hostCr0 & ~B(b)));
  add('H-01', 'host CR0 bit 32 set (fixed 0)', (f) => f.set('HOST_CR0', hostCr0 | B(32)));
  add('H-01', 'host CR0 with WP and AM', (f) => f.set('HOST_CR0', hostCr0 | B(16) | B(18)));
  add('H-01', 'host CR0 without CD/NW', (f) => f.set('HOST_CR0', hostCr0 & ~(B(29) | B(30))));
  add('H-02', 'host CR4.VMXE clear', (f) => f.set('HOST_CR4', hostCr4 & ~B(13)));
  for (let b = 0; b < 40; b++) if (!((caps.cr4Fixed1 >> BigInt(b)) & 1n)) { add('H-02', `host CR4 bit ${b} set (fixed 0)`, (f) => f.set('HOST_CR4', hostCr4 | B(b))); if (b > 24) break; }
  add('H-02', 'host CR4 with OSFXSR and OSXMMEXCPT', (f) => f.set('HOST_CR4', hostCr4 | B(9) | B(10)));
  add('H-29', 'host CR4.PAE clear', (f) => f.set('HOST_CR4', hostCr4 & ~B(5)));
  add('H-26', 'host CR4.PCIDE set (64-bit host, allowed)', (f) => f.set('HOST_CR4', hostCr4 | B(17)));
  add('H-04', `host CR3 bit ${paw} set`, (f) => f.set('HOST_CR3', L.PML4 | beyond));
  add('H-04', 'host CR3 bit 63 set', (f) => f.set('HOST_CR3', L.PML4 | B(63)));
  add('H-04', 'host CR3 with PWT and PCD', (f) => f.set('HOST_CR3', L.PML4 | 0x18n));
  for (const [rule, fld] of [['H-05', 'HOST_IA32_SYSENTER_ESP'], ['H-06', 'HOST_IA32_SYSENTER_EIP']]) {
    add(rule, `${fld} non-canonical`, (f) => f.set(fld, NONCANON));
    add(rule, `${fld} 0xffff800000000000 (canonical)`, (f) => f.set(fld, 0xffff800000000000n));
  }
  if (can.exit(EXIT.loadPat)) {
    for (const t of [2n, 3n, 8n]) add('H-08', `load IA32_PAT, byte 0 = ${t}`, (f, c) => { c.exit.set(EXIT.loadPat); f.set('HOST_IA32_PAT', (host.pat & ~0xffn) | t); });
    add('H-08', 'load IA32_PAT, byte 7 = 2', (f, c) => { c.exit.set(EXIT.loadPat); f.set('HOST_IA32_PAT', (host.pat & 0x00ffffffffffffffn) | (2n << 56n)); });
    add('H-08', 'load IA32_PAT, all UC (valid)', (f, c) => { c.exit.set(EXIT.loadPat); f.set('HOST_IA32_PAT', 0n); });
    add('H-08', 'invalid host PAT without load IA32_PAT (ignored)', (f) => f.set('HOST_IA32_PAT', 0x0202020202020202n));
  }
  if (can.exit(EXIT.loadEfer)) {
    add('H-09', 'load IA32_EFER, valid', (f, c) => c.exit.set(EXIT.loadEfer));
    for (const b of [1, 9, 12, 16, 63]) add('H-09', `load IA32_EFER, bit ${b} set`, (f, c) => { c.exit.set(EXIT.loadEfer); f.set('HOST_IA32_EFER', host.efer | B(b)); });
    add('H-09', 'load IA32_EFER with SCE and NXE', (f, c) => { c.exit.set(EXIT.loadEfer); f.set('HOST_IA32_EFER', host.efer | 1n | B(11)); });
    add('H-10', 'load IA32_EFER, LMA clear', (f, c) => { c.exit.set(EXIT.loadEfer); f.set('HOST_IA32_EFER', host.efer & ~B(10)); });
    add('H-10', 'load IA32_EFER, LME clear', (f, c) => { c.exit.set(EXIT.loadEfer); f.set('HOST_IA32_EFER', host.efer & ~B(8)); });
    add('H-10', 'EFER.LMA clear without load IA32_EFER (ignored)', (f) => f.set('HOST_IA32_EFER', 0n));
  }
  for (const s of ['ES', 'CS', 'SS', 'DS', 'FS', 'GS', 'TR']) {
    add('H-18', `host ${s} selector RPL 1`, (f) => f.set(`HOST_${s}_SELECTOR`, base.get(`HOST_${s}_SELECTOR`) | 1n));
    add('H-18', `host ${s} selector TI`, (f) => f.set(`HOST_${s}_SELECTOR`, base.get(`HOST_${s}_SELECTOR`) | 4n));
  }
  add('H-19', 'host CS selector 0', (f) => f.set('HOST_CS_SELECTOR', 0n));
  add('H-20', 'host TR selector 0', (f) => f.set('HOST_TR_SELECTOR', 0n));
  add('H-21', 'host SS selector 0 with a 64-bit host (allowed)', (f) => f.set('HOST_SS_SELECTOR', 0n));
  add('H-21', 'host DS, ES, FS, GS selectors 0 (allowed)', (f) => { for (const s of ['DS', 'ES', 'FS', 'GS']) f.set(`HOST_${s}_SELECTOR`, 0n); });
  for (const fld of ['HOST_FS_BASE', 'HOST_GS_BASE', 'HOST_GDTR_BASE', 'HOST_IDTR_BASE', 'HOST_TR_BASE']) {
    add('H-22', `${fld} non-canonical`, (f) => f.set(fld, NONCANON));
    add('H-22', `${fld} 0xffff7fffffff0000 (non-canonical)`, (f) => f.set(fld, NONCANON2));
  }
  add('H-22', 'HOST_FS_BASE and HOST_GS_BASE 0xffffffff80000000 (canonical)', (f) => { f.set('HOST_FS_BASE', 0xffffffff80000000n); f.set('HOST_GS_BASE', 0x7fffffffffffn); });
  add('H-24', 'host address-space size 0 (IA-32e mode guest 1)', (f, c) => c.exit.clear(EXIT.hostSize));
  add('H-24', 'host address-space size 0, IA-32e mode guest 0', (f, c) => { c.exit.clear(EXIT.hostSize); c.entry.clear(ENTRY.ia32e); });
  add('H-30', 'host RIP non-canonical', (f) => f.set('HOST_RIP', NONCANON));
  add('H-30', 'host RIP 0xffff7fffffffffff (non-canonical)', (f) => f.set('HOST_RIP', 0xffff7fffffffffffn));

  // ---- guest control registers, debug, MSRs (SDM 27.3.1.1)
  for (const b of [0, 5, 31]) add('G-01', `guest CR0 bit ${b} clear`, (f) => f.set('GUEST_CR0', gcr0 & ~B(b)));
  add('G-01', 'guest CR0 bit 32 set', (f) => f.set('GUEST_CR0', gcr0 | B(32)));
  add('G-01', 'guest CR0 bit 63 set', (f) => f.set('GUEST_CR0', gcr0 | B(63)));
  add('G-01', 'guest CR0 NW 1, CD 0 (not checked)', (f) => f.set('GUEST_CR0', gcr0 | B(29)));
  add('G-01', 'guest CR0 CD 1, NW 1', (f) => f.set('GUEST_CR0', gcr0 | B(29) | B(30)));
  add('G-01', 'guest CR0 with WP, AM, MP, EM, TS', (f) => f.set('GUEST_CR0', gcr0 | B(16) | B(18) | 0xen));
  if (can.proc2(PROC2.unrestricted)) {
    add('G-01', 'unrestricted guest with CR0.PE 0, PG 0 (32-bit real mode)', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); c.entry.clear(ENTRY.ia32e); realModeGuest(f); });
    add('G-06', 'unrestricted IA-32e mode guest with CR0.PG 0 and PE 0', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); f.set('GUEST_CR0', 0x30n); });
    add('G-01', 'unrestricted guest with CR0 bit 32 set', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); f.set('GUEST_CR0', gcr0 | B(32)); });
    add('G-02', 'unrestricted guest with CR0.PG 1, PE 0', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); f.set('GUEST_CR0', gcr0 & ~1n); });
  }
  add('G-03', 'guest CR4.VMXE clear', (f) => f.set('GUEST_CR4', gcr4 & ~B(13)));
  for (let b = 0; b < 40; b++) if (!((caps.cr4Fixed1 >> BigInt(b)) & 1n)) { add('G-03', `guest CR4 bit ${b} set (fixed 0)`, (f) => f.set('GUEST_CR4', gcr4 | B(b))); if (b > 24) break; }
  add('G-03', 'guest CR4 with PSE, PGE, OSFXSR', (f) => f.set('GUEST_CR4', gcr4 | B(4) | B(7) | B(9)));
  if ((caps.cr4Fixed1 >> 23n) & 1n) {
    add('G-04', 'guest CR4.CET without CR0.WP', (f) => f.set('GUEST_CR4', gcr4 | B(23)));
    add('G-04', 'guest CR4.CET with CR0.WP', (f) => { f.set('GUEST_CR4', gcr4 | B(23)); f.set('GUEST_CR0', gcr0 | B(16)); });
  }
  if (can.entry(ENTRY.loadDebug)) {
    for (const b of [2, 5, 6, 15, 32]) add('G-05', `load debug controls, DEBUGCTL bit ${b}`, (f, c) => { c.entry.set(ENTRY.loadDebug); f.set('GUEST_IA32_DEBUGCTL', B(b)); });
    add('G-05', 'load debug controls, DEBUGCTL LBR and BTF', (f, c) => { c.entry.set(ENTRY.loadDebug); f.set('GUEST_IA32_DEBUGCTL', 3n); });
    add('G-10', 'load debug controls, DR7 bit 32', (f, c) => { c.entry.set(ENTRY.loadDebug); f.set('GUEST_DR7', 0x400n | B(32)); });
    add('G-10', 'load debug controls, DR7 0xffffffff', (f, c) => { c.entry.set(ENTRY.loadDebug); f.set('GUEST_DR7', 0xffffffffn); });
    add('G-10', 'DR7 bit 32 without load debug controls (ignored)', (f) => f.set('GUEST_DR7', 0x400n | B(32)));
  }
  add('G-06', 'IA-32e mode guest with CR4.PAE 0', (f) => f.set('GUEST_CR4', gcr4 & ~B(5)));
  add('G-07', '32-bit guest with CR4.PCIDE', (f, c) => { prot32Guest(f, c); f.set('GUEST_CR4', f.get('GUEST_CR4') | B(17)); });
  add('G-07', 'IA-32e guest with CR4.PCIDE (allowed)', (f) => f.set('GUEST_CR4', gcr4 | B(17)));
  add('G-09', `guest CR3 bit ${paw}`, (f) => f.set('GUEST_CR3', L.PML4 | beyond));
  add('G-09', 'guest CR3 bit 63', (f) => f.set('GUEST_CR3', L.PML4 | B(63)));
  add('G-09', 'guest CR3 bit 52', (f) => f.set('GUEST_CR3', L.PML4 | B(52)));
  add('G-09', 'guest CR3 low bits 0xfff (PCID, allowed)', (f) => f.set('GUEST_CR3', L.PML4 | 0xfffn));
  for (const fld of ['GUEST_SYSENTER_ESP', 'GUEST_SYSENTER_EIP']) {
    add('G-11', `${fld} non-canonical`, (f) => f.set(fld, NONCANON));
    add('G-11', `${fld} 0xffffffffffff0000`, (f) => f.set(fld, 0xffffffffffff0000n));
  }
  if (can.entry(ENTRY.loadPat)) {
    for (const t of [2n, 3n, 0xffn]) add('G-13', `load IA32_PAT, byte 3 = ${t}`, (f, c) => { c.entry.set(ENTRY.loadPat); f.set('GUEST_IA32_PAT', (0x0007040600070406n & ~0xff000000n) | (t << 24n)); });
    add('G-13', 'load IA32_PAT, 0x0606060606060606', (f, c) => { c.entry.set(ENTRY.loadPat); f.set('GUEST_IA32_PAT', 0x0606060606060606n); });
    add('G-13', 'invalid guest PAT without load IA32_PAT (ignored)', (f) => f.set('GUEST_IA32_PAT', 0x0303030303030303n));
  }
  if (can.entry(ENTRY.loadEfer)) {
    add('G-14', 'load IA32_EFER, valid 0x500', (f, c) => c.entry.set(ENTRY.loadEfer));
    for (const b of [1, 9, 12, 16, 63]) add('G-14', `load IA32_EFER, bit ${b}`, (f, c) => { c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x500n | B(b)); });
    add('G-14', 'load IA32_EFER, SCE and NXE', (f, c) => { c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0xd01n); });
    add('G-15', 'load IA32_EFER, LMA 0 in an IA-32e mode guest', (f, c) => { c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x100n); });
    add('G-15', 'load IA32_EFER, LMA 1 in a 32-bit guest', (f, c) => { prot32Guest(f, c); c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x400n); });
    add('G-16', 'load IA32_EFER, LME 0 in an IA-32e mode guest', (f, c) => { c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x400n); });
    add('G-16', 'load IA32_EFER, LME 1 LMA 0 in a 32-bit paged guest', (f, c) => { prot32Guest(f, c); c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x100n); });
    add('G-16', 'load IA32_EFER, LME 1 LMA 0, 32-bit guest without paging (unrestricted)', (f, c) => {
      if (!can.proc2(PROC2.unrestricted)) return;
      prot32Guest(f, c); c.sec(PROC2.unrestricted); c.sec(PROC2.ept); f.set('GUEST_CR0', 0x31n); c.entry.set(ENTRY.loadEfer); f.set('GUEST_IA32_EFER', 0x100n);
    });
  }

  // ---- segment registers (SDM 27.3.1.2)
  const segs = ['CS', 'SS', 'DS', 'ES', 'FS', 'GS'];
  for (const s of segs) {
    const ar = base.get(`GUEST_${s}_AR_BYTES`);
    add('S-15', `${s} S bit clear`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar & ~B(4)));
    add('S-20', `${s} not present`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar & ~B(7)));
    add('S-21', `${s} AR bit 8 set`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar | B(8)));
    add('S-21', `${s} AR bit 11 set`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar | B(11)));
    add('S-23', `${s} limit 0xfffff with G 1`, (f) => f.set(`GUEST_${s}_LIMIT`, 0xfffffn));
    add('S-23', `${s} limit 0xfffff with G 0`, (f) => { f.set(`GUEST_${s}_LIMIT`, 0xfffffn); f.set(`GUEST_${s}_AR_BYTES`, ar & ~B(15)); });
    add('S-23', `${s} limit 0x100000 with G 0`, (f) => { f.set(`GUEST_${s}_LIMIT`, 0x100000n); f.set(`GUEST_${s}_AR_BYTES`, ar & ~B(15)); });
    add('S-23', `${s} limit 0xffffffff with G 0`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar & ~B(15)));
    add('S-24', `${s} AR bit 17 set`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar | B(17)));
    add('S-24', `${s} AR bit 31 set`, (f) => f.set(`GUEST_${s}_AR_BYTES`, ar | B(31)));
    if (s !== 'CS') {
      add('S-15', `${s} unusable (bit 16) with S clear`, (f) => f.set(`GUEST_${s}_AR_BYTES`, B(16)));
      add('S-24', `${s} unusable with bit 17 set`, (f) => f.set(`GUEST_${s}_AR_BYTES`, B(16) | B(17) | ar));
    }
  }
  for (const s of ['DS', 'ES', 'FS', 'GS']) {
    add('S-13', `${s} type 2 (not accessed)`, (f) => f.set(`GUEST_${s}_AR_BYTES`, 0xc092n));
    add('S-14', `${s} type 9 (execute-only code)`, (f) => f.set(`GUEST_${s}_AR_BYTES`, 0xc099n));
    add('S-14', `${s} type 11 (readable code)`, (f) => f.set(`GUEST_${s}_AR_BYTES`, 0xc09bn));
    add('S-13', `${s} type 1 (read-only data, accessed)`, (f) => f.set(`GUEST_${s}_AR_BYTES`, 0xc091n));
    add('S-19', `${s} selector RPL 3 with DPL 0`, (f) => f.set(`GUEST_${s}_SELECTOR`, 0x13n));
    add('S-19', `${s} selector RPL 3 with DPL 3`, (f) => { f.set(`GUEST_${s}_SELECTOR`, 0x13n); f.set(`GUEST_${s}_AR_BYTES`, 0xc0f3n); });
    add('S-19', `${s} RPL 3, conforming code type 15, DPL 0`, (f) => { f.set(`GUEST_${s}_SELECTOR`, 0x13n); f.set(`GUEST_${s}_AR_BYTES`, 0xc09fn); });
    add('S-08', `${s} base bit 32`, (f) => f.set(`GUEST_${s}_BASE`, B(32)));
  }
  add('S-08', 'SS base bit 32', (f) => f.set('GUEST_SS_BASE', B(32)));
  add('S-08', 'DS unusable with base bit 32', (f) => { f.set('GUEST_DS_AR_BYTES', B(16)); f.set('GUEST_DS_BASE', B(32)); });
  add('S-07', 'CS base bit 32', (f) => f.set('GUEST_CS_BASE', B(32)));
  add('S-05', 'FS base non-canonical', (f) => f.set('GUEST_FS_BASE', NONCANON));
  add('S-05', 'GS base non-canonical', (f) => f.set('GUEST_GS_BASE', NONCANON2));
  add('S-05', 'TR base non-canonical', (f) => f.set('GUEST_TR_BASE', NONCANON));
  add('S-05', 'FS unusable with a non-canonical base', (f) => { f.set('GUEST_FS_AR_BYTES', B(16)); f.set('GUEST_FS_BASE', NONCANON); });
  add('S-05', 'FS base 0xffff800000000000 (canonical)', (f) => f.set('GUEST_FS_BASE', 0xffff800000000000n));
  for (const t of [0n, 1n, 3n, 8n, 10n, 12n, 13n, 15n]) add('S-11', `CS type ${t}`, (f) => f.set('GUEST_CS_AR_BYTES', (0xa090n | t)));
  for (const t of [1n, 2n, 5n, 7n, 11n]) add('S-12', `SS type ${t}`, (f) => f.set('GUEST_SS_AR_BYTES', 0xc090n | t));
  add('S-12', 'SS unusable with type 0', (f) => f.set('GUEST_SS_AR_BYTES', B(16)));
  add('S-12', 'SS null selector with type 2 in a 64-bit guest', (f) => { f.set('GUEST_SS_SELECTOR', 0n); f.set('GUEST_SS_AR_BYTES', 0xc092n); });
  add('S-12', 'SS null selector, usable, type 3 in a 64-bit guest', (f) => f.set('GUEST_SS_SELECTOR', 0n));
  add('S-03', 'SS selector RPL 1 (CS RPL 0)', (f) => f.set('GUEST_SS_SELECTOR', 0x11n));
  add('S-03', 'CS selector RPL 3, SS RPL 0', (f) => f.set('GUEST_CS_SELECTOR', 0x1bn));
  add('S-17', 'SS DPL 3 with RPL 0', (f) => f.set('GUEST_SS_AR_BYTES', 0xc0f3n));
  add('S-16', 'CS DPL 3 non-conforming, SS DPL 0', (f) => f.set('GUEST_CS_AR_BYTES', 0xa0fbn));
  add('S-16', 'CS conforming (type 15) DPL 3, SS DPL 0', (f) => f.set('GUEST_CS_AR_BYTES', 0xa0ffn));
  add('S-16', 'CS conforming (type 15) DPL 0', (f) => f.set('GUEST_CS_AR_BYTES', 0xa09fn));
  add('S-16', 'CPL 3: CS, SS selectors RPL 3, DPL 3', (f) => {
    f.set('GUEST_CS_SELECTOR', 0x1bn); f.set('GUEST_CS_AR_BYTES', 0xa0fbn);
    f.set('GUEST_SS_SELECTOR', 0x13n); f.set('GUEST_SS_AR_BYTES', 0xc0f3n);
  });
  add('S-22', 'CS L 1 and D 1 (IA-32e guest)', (f) => f.set('GUEST_CS_AR_BYTES', 0xe09bn));
  add('S-22', 'CS L 0 and D 1 (compatibility mode, allowed)', (f) => f.set('GUEST_CS_AR_BYTES', 0xc09bn));
  add('S-22', 'CS L 0 and D 0 (16-bit compatibility mode, allowed)', (f) => f.set('GUEST_CS_AR_BYTES', 0x809bn));
  // TR
  const trAr = base.get('GUEST_TR_AR_BYTES');
  add('S-01', 'TR selector TI', (f) => f.set('GUEST_TR_SELECTOR', 0x2cn));
  add('S-28', 'TR type 3 (16-bit busy TSS) in IA-32e mode', (f) => f.set('GUEST_TR_AR_BYTES', 0x83n));
  add('S-28', 'TR type 9 (available TSS)', (f) => f.set('GUEST_TR_AR_BYTES', 0x89n));
  add('S-28', 'TR type 3 in a 32-bit guest', (f, c) => { prot32Guest(f, c); f.set('GUEST_TR_AR_BYTES', 0x83n); });
  add('S-29', 'TR S bit set', (f) => f.set('GUEST_TR_AR_BYTES', trAr | B(4)));
  add('S-30', 'TR not present', (f) => f.set('GUEST_TR_AR_BYTES', trAr & ~B(7)));
  add('S-31', 'TR AR bit 9', (f) => f.set('GUEST_TR_AR_BYTES', trAr | B(9)));
  add('S-32', 'TR limit 0xfffff with G 1', (f) => f.set('GUEST_TR_AR_BYTES', trAr | B(15)));
  add('S-32', 'TR limit 0x100000 with G 0', (f) => f.set('GUEST_TR_LIMIT', 0x100000n));
  add('S-32', 'TR limit 0xffffffff with G 1', (f) => { f.set('GUEST_TR_LIMIT', 0xffffffffn); f.set('GUEST_TR_AR_BYTES', trAr | B(15)); });
  add('S-33', 'TR unusable', (f) => f.set('GUEST_TR_AR_BYTES', trAr | B(16)));
  add('S-34', 'TR AR bit 20', (f) => f.set('GUEST_TR_AR_BYTES', trAr | B(20)));
  // LDTR
  const ldt = (f, ar, sel = 0x30n) => { f.set('GUEST_LDTR_SELECTOR', sel); f.set('GUEST_LDTR_AR_BYTES', ar); f.set('GUEST_LDTR_LIMIT', 0xffffn); f.set('GUEST_LDTR_BASE', 0x40000n); };
  add('S-35', 'LDTR usable type 2 (valid)', (f) => ldt(f, 0x82n));
  add('S-02', 'LDTR usable with TI', (f) => ldt(f, 0x82n, 0x34n));
  add('S-02', 'LDTR unusable with TI (ignored)', (f) => f.set('GUEST_LDTR_SELECTOR', 0x34n));
  add('S-35', 'LDTR type 3', (f) => ldt(f, 0x83n));
  add('S-36', 'LDTR S bit', (f) => ldt(f, 0x92n));
  add('S-37', 'LDTR not present', (f) => ldt(f, 0x02n));
  add('S-38', 'LDTR AR bit 10', (f) => ldt(f, 0x482n));
  add('S-39', 'LDTR limit 0xffff with G 1', (f) => ldt(f, 0x8082n));
  add('S-40', 'LDTR AR bit 24', (f) => ldt(f, 0x1000082n));
  add('S-06', 'LDTR usable with a non-canonical base', (f) => { ldt(f, 0x82n); f.set('GUEST_LDTR_BASE', NONCANON); });
  add('S-06', 'LDTR unusable with a non-canonical base (ignored)', (f) => f.set('GUEST_LDTR_BASE', NONCANON));
  // descriptor tables
  add('D-01', 'GDTR base non-canonical', (f) => f.set('GUEST_GDTR_BASE', NONCANON));
  add('D-01', 'IDTR base non-canonical', (f) => f.set('GUEST_IDTR_BASE', NONCANON2));
  add('D-02', 'GDTR limit 0x10000', (f) => f.set('GUEST_GDTR_LIMIT', 0x10000n));
  add('D-02', 'IDTR limit 0xffff', (f) => f.set('GUEST_IDTR_LIMIT', 0xffffn));
  add('D-02', 'IDTR limit 0x80000000', (f) => f.set('GUEST_IDTR_LIMIT', 0x80000000n));

  // ---- RIP and RFLAGS (SDM 27.3.1.4)
  add('R-01', '32-bit guest with RIP bit 32', (f, c) => { prot32Guest(f, c); f.set('GUEST_RIP', L.GUEST_RIP | B(32)); });
  add('R-01', 'compatibility mode (CS.L 0) with RIP bit 32', (f) => { f.set('GUEST_CS_AR_BYTES', 0xc09bn); f.set('GUEST_RIP', L.GUEST_RIP | B(32)); });
  add('R-02', 'RIP non-canonical', (f) => f.set('GUEST_RIP', NONCANON));
  add('R-02', 'RIP 0x00007ffffffffffe (canonical)', (f) => f.set('GUEST_RIP', 0x7ffffffffffen));
  for (const b of [3, 5, 15, 22, 32, 63]) add('R-03', `RFLAGS bit ${b}`, (f) => f.set('GUEST_RFLAGS', 2n | B(b)));
  add('R-03', 'RFLAGS bit 1 clear', (f) => f.set('GUEST_RFLAGS', 0n));
  add('R-03', 'RFLAGS 0x3f7fd7 (every defined bit but VM)', (f) => f.set('GUEST_RFLAGS', 0x3d7fd7n & ~B(17)));
  add('R-04', 'RFLAGS.VM in an IA-32e mode guest', (f) => f.set('GUEST_RFLAGS', 0x20002n));
  add('R-05', 'inject external interrupt with RFLAGS.IF 0', (f) => f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n));
  add('R-05', 'inject external interrupt with RFLAGS.IF 1', (f) => { f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n); f.set('GUEST_RFLAGS', 0x202n); });

  // ---- activity and interruptibility state (SDM 27.3.1.5)
  const misc = caps.misc;
  for (const st of [1n, 2n, 3n, 4n, 7n]) add('A-01', `activity state ${st}`, (f, c) => {
    f.set('GUEST_ACTIVITY_STATE', st);
    if (can.pin(PIN.preempt)) { c.pin.set(PIN.preempt); f.set('VMX_PREEMPTION_TIMER_VALUE', 100n); }
  });
  if ((misc >> 6n) & 1n) {
    add('A-03', 'HLT with blocking by STI', (f, c) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); });
    add('A-03', 'HLT with blocking by MOV SS', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('GUEST_INTERRUPTIBILITY_INFO', 2n); });
    add('A-04', 'HLT and inject #GP', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | B(11) | (3n << 8n) | 13n); });
    add('A-04', 'HLT and inject #DB', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (3n << 8n) | 1n); });
    add('A-04', 'HLT and inject NMI', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
    add('A-04', 'HLT and inject external interrupt', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('GUEST_RFLAGS', 0x202n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n); });
    add('A-04', 'HLT and inject software interrupt', (f) => { f.set('GUEST_ACTIVITY_STATE', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (4n << 8n) | 0x30n); f.set('VM_ENTRY_INSTRUCTION_LEN', 2n); });
  }
  if ((misc >> 7n) & 1n) {
    add('A-04', 'shutdown and inject #MC', (f) => { f.set('GUEST_ACTIVITY_STATE', 2n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (3n << 8n) | 18n); });
    add('A-04', 'shutdown and inject #UD', (f) => { f.set('GUEST_ACTIVITY_STATE', 2n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (3n << 8n) | 6n); });
  }
  if ((misc >> 8n) & 1n) add('A-04', 'wait-for-SIPI and inject NMI', (f) => { f.set('GUEST_ACTIVITY_STATE', 3n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
  for (const b of [5, 8, 31]) add('I-01', `interruptibility bit ${b}`, (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', B(b)));
  add('I-02', 'blocking by STI and MOV SS', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 3n); });
  add('I-03', 'blocking by STI with IF 0', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 1n));
  add('I-03', 'blocking by STI with IF 1', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); });
  add('I-04', 'inject external interrupt under blocking by STI', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n); });
  add('I-04', 'inject external interrupt under blocking by MOV SS', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 2n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n); });
  add('I-05', 'inject NMI under blocking by MOV SS', (f) => { f.set('GUEST_INTERRUPTIBILITY_INFO', 2n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
  add('I-08', 'inject NMI under blocking by STI', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
  add('I-06', 'blocking by SMI outside SMM', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 4n));
  add('I-09', 'blocking by NMI (no injection, allowed)', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 8n));
  if (can.pin(PIN.vnmi)) add('I-09', 'virtual NMIs, inject NMI under blocking by NMI', (f, c) => { c.pin.set(PIN.vnmi); c.pin.set(PIN.nmi); f.set('GUEST_INTERRUPTIBILITY_INFO', 8n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
  add('I-09', 'inject NMI under blocking by NMI without virtual NMIs', (f) => { f.set('GUEST_INTERRUPTIBILITY_INFO', 8n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n); });
  add('I-10', 'enclave interruption (bit 4)', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 0x10n));
  for (const b of [4, 10, 13, 15, 17, 32]) add('PD-01', `pending debug exceptions bit ${b}`, (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', B(b)));
  add('PD-01', 'pending debug exceptions B0-B3 and BS (allowed)', (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x400fn));
  add('PD-01', 'pending debug exceptions enabled breakpoint (bit 12, allowed)', (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x1000n));
  add('PD-02', 'blocking by STI, TF 1, BS 0', (f) => { f.set('GUEST_RFLAGS', 0x302n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); });
  add('PD-02', 'blocking by STI, TF 1, BS 1', (f) => { f.set('GUEST_RFLAGS', 0x302n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x4000n); });
  add('PD-03', 'blocking by MOV SS, TF 0, BS 1', (f) => { f.set('GUEST_INTERRUPTIBILITY_INFO', 2n); f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x4000n); });
  add('PD-03', 'no blocking, TF 0, BS 1 (allowed)', (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x4000n));
  add('PD-04', 'pending RTM (bit 16) with bit 12', (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x11000n));
  add('PD-04', 'pending RTM (bit 16) alone', (f) => f.set('GUEST_PENDING_DBG_EXCEPTIONS', 0x10000n));

  // ---- VMCS link pointer
  add('L-01', 'link pointer 0x21800 (unaligned)', (f) => f.set('VMCS_LINK_POINTER', L.PAGES.linkVmcs + 0x800n));
  add('L-02', `link pointer with bit ${paw}`, (f) => f.set('VMCS_LINK_POINTER', L.PAGES.linkVmcs | beyond));
  add('L-01', 'link pointer 0 ', (f) => f.set('VMCS_LINK_POINTER', 0n));
  add('L-05', 'link pointer = current VMCS', (f) => f.set('VMCS_LINK_POINTER', L.VMCS));

  // ---- a VMM outside IA-32e mode (32-bit protected mode with PAE paging): "host address-space size" 0
  // host32Guest: a 32-bit host that returns to HOST32_RIP through the PAE PDPT, with a 32-bit guest
  const host32 = (f, c) => {
    c.host32 = true;
    c.exit.clear(EXIT.hostSize);
    f.set('HOST_CS_SELECTOR', 0x08n);
    f.set('HOST_RIP', L.HOST32_RIP);
    f.set('HOST_CR3', L.PDPT32);
    f.set('HOST_IA32_EFER', f.get('HOST_IA32_EFER') & ~0x500n);
  };
  const host32Guest = (f, c) => { host32(f, c); prot32Guest(f, c); };
  add('template', 'valid 32-bit host and 32-bit guest', host32Guest);
  add('H-21', '32-bit host, host SS selector 0x10', host32Guest);
  add('H-21', '32-bit host, host SS selector 0', (f, c) => { host32Guest(f, c); f.set('HOST_SS_SELECTOR', 0n); });
  add('H-23', '32-bit host, "host address-space size" 0 and "IA-32e mode guest" 0', host32Guest);
  add('H-23', '32-bit host, "host address-space size" 1', (f, c) => { host32Guest(f, c); c.exit.set(EXIT.hostSize); });
  add('H-25', '32-bit host, 32-bit guest', host32Guest);
  add('H-25', '32-bit host, IA-32e mode guest', (f, c) => host32(f, c));
  add('H-26', '32-bit host, host CR4.PCIDE 0', host32Guest);
  add('H-26', '32-bit host, host CR4.PCIDE 1', (f, c) => { host32Guest(f, c); f.set('HOST_CR4', f.get('HOST_CR4') | B(17)); });
  add('H-27', '32-bit host, host RIP below 4 GiB', host32Guest);
  add('H-27', '32-bit host, host RIP bit 32 (written by the 64-bit VMM)', (f, c) => { host32Guest(f, c); f.set('HOST_RIP', L.HOST32_RIP | B(32)); });
  add('H-27', '32-bit host, host RIP bit 63', (f, c) => { host32Guest(f, c); f.set('HOST_RIP', L.HOST32_RIP | B(63)); });
  add('H-21', '32-bit host, host SS 0 and "host address-space size" 1', (f, c) => { host32Guest(f, c); c.exit.set(EXIT.hostSize); f.set('HOST_SS_SELECTOR', 0n); });
  if (can.exit(EXIT.loadEfer)) {
    add('H-10', '32-bit host, load IA32_EFER with LMA and LME 0', (f, c) => { host32Guest(f, c); c.exit.set(EXIT.loadEfer); });
    add('H-10', '32-bit host, load IA32_EFER with LMA and LME 1', (f, c) => { host32Guest(f, c); c.exit.set(EXIT.loadEfer); f.set('HOST_IA32_EFER', f.get('HOST_IA32_EFER') | 0x500n); });
  }

  // ---- memory the checks read (check gets the same writes through --memory)
  // the VMCS the link pointer names: its first 4 bytes (revision identifier, shadow bit 31)
  const rev = caps.revision;
  const linkCase = (rule, name, header, shadowing = false) => add(rule, name, (f, c) => { f.set('VMCS_LINK_POINTER', L.PAGES.linkVmcs); if (shadowing) c.sec(PROC2.shadowing); }, [[L.PAGES.linkVmcs, header]]);
  linkCase('L-03', 'link pointer to a VMCS with the revision identifier', rev);
  linkCase('L-03', 'link pointer to a VMCS with revision identifier + 1', rev + 1n);
  linkCase('L-03', 'link pointer to a zeroed page (revision identifier 0)', 0n);
  linkCase('L-04', 'link pointer to a shadow VMCS without VMCS shadowing', rev | 0x80000000n);
  if (can.proc2(PROC2.shadowing)) {
    linkCase('L-04', 'VMCS shadowing, link pointer to a shadow VMCS', rev | 0x80000000n, true);
    linkCase('L-04', 'VMCS shadowing, link pointer to an ordinary VMCS', rev, true);
  }
  // PAE paging without EPT: the four PDPTEs at guest CR3 (the identity map's page directories)
  {
    const pdpt = L.PAGES.pdpt;
    const good = [0x3001n, 0x4001n, 0x5001n, 0x6001n];
    const paeMem = (entries) => entries.map((v, i) => [pdpt + 8n * BigInt(i), v]);
    const pae = (f, c) => { prot32Guest(f, c); f.set('GUEST_CR4', f.get('GUEST_CR4') | B(5)); f.set('GUEST_CR3', pdpt); };
    add('PT-02', 'PAE guest, valid PDPTEs', pae, paeMem(good));
    add('PT-02', 'PAE guest, PDPTE0 with reserved bit 1', pae, paeMem([0x3003n, ...good.slice(1)]));
    add('PT-02', 'PAE guest, PDPTE1 with reserved bit 5', pae, paeMem([good[0], 0x4021n, ...good.slice(2)]));
    add('PT-02', `PAE guest, PDPTE2 with bit ${paw}`, pae, paeMem([good[0], good[1], 0x5001n | beyond, good[3]]));
    add('PT-02', 'PAE guest, PDPTE1 not present with reserved bits (ignored)', pae, paeMem([good[0], 0xffen, ...good.slice(2)]));
    add('PT-02', 'PAE guest, CR3 bits 4:0 set (PDPT at CR3 bits 31:5)', (f, c) => { pae(f, c); f.set('GUEST_CR3', pdpt | 0x18n); }, paeMem(good));
  }
  // the VM-entry MSR-load area: one or two entries of 16 bytes (index quadword, value)
  {
    const area = L.PAGES.entryMsrLoad;
    const entries = (list) => list.flatMap(([lo, v], i) => [[area + 16n * BigInt(i), lo], [area + 16n * BigInt(i) + 8n, v]]);
    const load = (name, list, rule) => add(rule, name, (f) => f.set('VM_ENTRY_MSR_LOAD_COUNT', BigInt(list.length)), entries(list));
    const PAT = [0x277n, 0x0007040600070406n];
    load('MSR-load entry IA32_PAT', [PAT], 'M-01');
    load('MSR-load entry with bits 63:32 set', [[0x100000277n, PAT[1]]], 'M-01');
    load('MSR-load entries IA32_PAT, then one with bit 40 set', [PAT, [0x10000000277n, PAT[1]]], 'M-01');
    load('MSR-load entry IA32_FS_BASE', [[0xc0000100n, 0n]], 'M-02');
    load('MSR-load entry IA32_GS_BASE', [[0xc0000101n, 0n]], 'M-02');
    load('MSR-load entry IA32_KERNEL_GS_BASE (allowed)', [[0xc0000102n, 0n]], 'M-02');
    load('MSR-load entry x2APIC TPR (808H)', [[0x808n, 0n]], 'M-03');
    load('MSR-load entry 8FFH (x2APIC range)', [[0x8ffn, 0n]], 'M-03');
    load('MSR-load entry IA32_SYSENTER_CS 174H (allowed)', [[0x174n, 0x10n]], 'M-03');
    load('MSR-load entry IA32_SMM_MONITOR_CTL (9BH) outside SMM', [[0x9bn, 0n]], 'M-04');
    load('MSR-load entries IA32_PAT and IA32_SYSENTER_ESP (allowed)', [PAT, [0x175n, 0x70000n]], 'M-04');
  }

  // ---- passing twins: a valid setting for rules whose other cases all fail
  if (can.proc2(PROC2.x2apic) && can.proc(PROC.tprShadow)) add('E-15', 'virtualize x2APIC mode without APIC accesses', (f, c) => { c.proc.set(PROC.tprShadow); c.sec(PROC2.x2apic); });
  if (can.proc2(PROC2.ept)) {
    add('E-23', 'enable EPT, EPTP walk length 4', (f, c) => { c.sec(PROC2.ept); f.set('EPT_POINTER', L.PAGES.eptPml4 | 0x1en); });
    add('E-26', 'enable EPT, EPTP at the top of the physical-address width', (f, c) => { c.sec(PROC2.ept); f.set('EPT_POINTER', (beyond - 0x1000n) | 0x1en); });
    if (can.proc2(PROC2.pml)) add('E-27', 'enable PML with enable EPT', (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.pml); });
    if (can.proc2(PROC2.spp)) add('E-31', 'sub-page write permissions with EPT', (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.spp); });
    if (can.proc2(PROC2.vmfunc) && (caps.vmfunc & 1n)) add('E-35', 'EPTP switching with enable EPT', (f, c) => { c.sec(PROC2.ept); c.sec(PROC2.vmfunc); f.set('VM_FUNCTION_CONTROL', 1n); });
  }
  {
    let want = 0n;
    for (const b of [EXIT.saveDebug, EXIT.ackInt, EXIT.savePat, EXIT.loadPat, EXIT.saveEfer, EXIT.loadEfer]) if (can.exit(b)) want |= B(b);
    add('X-01', 'exit controls: save debug, acknowledge interrupt, save/load PAT and EFER', (f) => f.set('VM_EXIT_CONTROLS', fit(caps.exit, f.get('VM_EXIT_CONTROLS') | want)));
    let went = 0n;
    for (const b of [ENTRY.loadDebug, ENTRY.loadPat, ENTRY.loadEfer]) if (can.entry(b)) went |= B(b);
    add('N-01', 'entry controls: load debug controls, PAT and EFER', (f) => f.set('VM_ENTRY_CONTROLS', fit(caps.entry, f.get('VM_ENTRY_CONTROLS') | went)));
  }
  for (const [rule, field, count] of [['X-05', 'VM_EXIT_MSR_STORE_ADDR', 'VM_EXIT_MSR_STORE_COUNT'], ['X-07', 'VM_EXIT_MSR_LOAD_ADDR', 'VM_EXIT_MSR_LOAD_COUNT'], ['N-09', 'VM_ENTRY_MSR_LOAD_ADDR', 'VM_ENTRY_MSR_LOAD_COUNT']]) {
    add(rule, `${count} 2, ${field} ends within MAXPHYADDR`, (f) => f.set(count, 2n), [...areaMem(field), ...areaMem(field, 0x10n)]);
    add(rule, `${count} 1, ${field} ends at the last byte below MAXPHYADDR`, (f) => { f.set(count, 1n); f.set(field, beyond - 0x10n); });
  }
  add('N-10', '"entry to SMM" and "deactivate dual-monitor treatment" 0', () => {});
  add('H-01', 'host CR0 as the host runs', () => {});
  add('H-18', 'host selectors with RPL 0 and TI 0 (0x10, 0x18, 0x28)', () => {});
  add('H-19', 'host CS selector 0x08 (not 0)', (f) => f.set('HOST_CS_SELECTOR', 0x08n));
  add('H-20', 'host TR selector 0x28 (not 0)', () => {});
  add('H-24', 'host address-space size 1 in IA-32e mode', () => {});
  add('H-29', 'host CR4.PAE 1', () => {});
  add('H-30', 'host RIP canonical', () => {});
  add('G-02', 'guest CR0.PG 1 with PE 1', () => {});
  add('G-06', 'IA-32e mode guest with CR0.PG and CR4.PAE', () => {});
  add('G-15', 'load IA32_EFER, LMA 1 in an IA-32e mode guest', (f, c) => { if (can.entry(ENTRY.loadEfer)) c.entry.set(ENTRY.loadEfer); });
  add('S-01', 'TR selector TI 0', () => {});
  add('S-03', 'SS selector RPL equals CS selector RPL (0)', () => {});
  add('S-07', 'CS base 0xfffff000 (bits 63:32 0)', (f) => f.set('GUEST_CS_BASE', 0xfffff000n));
  add('S-17', 'SS DPL equals RPL 0', () => {});
  add('S-20', 'segments present', () => {});
  add('S-21', 'segment AR bits 11:8 0', () => {});
  add('S-29', 'TR S bit 0', () => {});
  add('S-30', 'TR present', () => {});
  add('S-31', 'TR AR bits 11:8 0', () => {});
  add('S-33', 'TR usable', () => {});
  add('S-34', 'TR AR bits 31:17 0', () => {});
  add('S-36', 'LDTR usable, S bit 0', (f) => ldt(f, 0x82n));
  add('S-37', 'LDTR usable, present', (f) => ldt(f, 0x82n));
  add('S-38', 'LDTR usable, AR bits 11:8 0', (f) => ldt(f, 0x82n));
  add('S-40', 'LDTR usable, AR bits 31:17 0', (f) => ldt(f, 0x82n));
  add('S-39', 'LDTR limit 0xfff0 with G 1', (f) => { ldt(f, 0x8082n); f.set('GUEST_LDTR_LIMIT', 0xfff0n); });
  add('S-39', 'LDTR limit 0x100000 with G 0', (f) => { ldt(f, 0x82n); f.set('GUEST_LDTR_LIMIT', 0x100000n); });
  add('S-39', 'LDTR limit 0xffffffff with G 1', (f) => { ldt(f, 0x8082n); f.set('GUEST_LDTR_LIMIT', 0xffffffffn); });
  add('D-01', 'GDTR and IDTR bases 0xffff800000000000 (canonical)', (f) => { f.set('GUEST_GDTR_BASE', 0xffff800000000000n); f.set('GUEST_IDTR_BASE', 0x7ffffffff000n); });
  add('R-01', '32-bit guest with RIP 0xfff00080', (f, c) => prot32Guest(f, c));
  add('R-04', 'RFLAGS.VM 0 in an IA-32e mode guest', () => {});
  add('A-03', 'active state with blocking by MOV SS', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 2n));
  add('I-01', 'interruptibility bits 3:0 only (NMI blocking)', (f) => f.set('GUEST_INTERRUPTIBILITY_INFO', 8n));
  add('I-02', 'blocking by STI alone', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('GUEST_INTERRUPTIBILITY_INFO', 1n); });
  add('I-04', 'inject external interrupt without blocking, IF 1', (f) => { f.set('GUEST_RFLAGS', 0x202n); f.set('VM_ENTRY_INTR_INFO_FIELD', V | 0x30n); });
  add('I-05', 'inject NMI without blocking by MOV SS', (f) => f.set('VM_ENTRY_INTR_INFO_FIELD', V | (2n << 8n) | 2n));
  add('I-06', 'no blocking by SMI outside SMM', () => {});
  add('I-10', 'no enclave interruption', () => {});
  add('PD-05', 'no pending RTM', () => {});
  add('L-01', 'link pointer ~0', () => {});
  add('L-02', 'link pointer ~0 (not an address)', () => {});
  add('S-10', 'not virtual-8086: AR 0xc093 for data segments', () => {});

  // ---- virtual-8086 guest (RFLAGS.VM 1, CR0.PE 1, not IA-32e mode)
  add('S-04', 'valid virtual-8086 guest', (f, c) => v86Guest(f, c));
  add('S-04', 'virtual-8086: DS base not selector x 16', (f, c) => { v86Guest(f, c); f.set('GUEST_DS_BASE', 0x1234n); });
  add('S-04', 'virtual-8086: CS base not selector x 16', (f, c) => { v86Guest(f, c); f.set('GUEST_CS_BASE', 0n); });
  add('S-09', 'valid virtual-8086 guest (limits 0xffff)', (f, c) => v86Guest(f, c));
  add('S-10', 'valid virtual-8086 guest (access rights 0xf3)', (f, c) => v86Guest(f, c));
  add('S-09', 'virtual-8086: SS limit 0xfffff', (f, c) => { v86Guest(f, c); f.set('GUEST_SS_LIMIT', 0xfffffn); });
  add('S-09', 'virtual-8086: GS limit 0xfffe', (f, c) => { v86Guest(f, c); f.set('GUEST_GS_LIMIT', 0xfffen); });
  add('S-10', 'virtual-8086: ES AR 0xf2', (f, c) => { v86Guest(f, c); f.set('GUEST_ES_AR_BYTES', 0xf2n); });
  add('S-10', 'virtual-8086: CS AR 0xfb', (f, c) => { v86Guest(f, c); f.set('GUEST_CS_AR_BYTES', 0xfbn); });
  add('S-10', 'virtual-8086: FS unusable (0x100f3)', (f, c) => { v86Guest(f, c); f.set('GUEST_FS_AR_BYTES', 0x100f3n); });
  add('R-04', 'RFLAGS.VM in a 32-bit protected-mode guest (virtual-8086)', (f, c) => v86Guest(f, c));
  add('R-04', 'RFLAGS.VM with CR0.PE 0 (unrestricted guest)', (f, c) => {
    if (!can.proc2(PROC2.unrestricted)) return;
    c.sec(PROC2.unrestricted); c.sec(PROC2.ept); c.entry.clear(ENTRY.ia32e); realModeGuest(f); f.set('GUEST_RFLAGS', 0x20002n);
  });

  // ---- unrestricted guest: real mode, SS.DPL and CS type 3
  if (can.proc2(PROC2.unrestricted)) {
    const ug = (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); c.entry.clear(ENTRY.ia32e); realModeGuest(f); };
    add('S-18', 'unrestricted real-mode guest, SS DPL 0', ug);
    add('S-18', 'unrestricted real-mode guest, SS DPL 3', (f, c) => { ug(f, c); f.set('GUEST_SS_AR_BYTES', 0xf3n); });
    add('S-11', 'unrestricted guest, CS type 3 (data), DPL 0', (f, c) => { ug(f, c); f.set('GUEST_CS_AR_BYTES', 0x93n); });
    add('S-16', 'unrestricted guest, CS type 3 with DPL 3', (f, c) => { ug(f, c); f.set('GUEST_CS_AR_BYTES', 0xf3n); });
    add('S-03', 'unrestricted guest, SS RPL 3, CS RPL 0 (allowed)', (f, c) => { ug(f, c); f.set('GUEST_SS_SELECTOR', 3n); f.set('GUEST_SS_BASE', 0n); });
    add('G-01', 'unrestricted protected-mode guest without paging', (f, c) => { c.sec(PROC2.unrestricted); c.sec(PROC2.ept); prot32Guest(f, c); f.set('GUEST_CR0', 0x31n); });
  }

  // ---- HLT at CPL 3
  if ((misc >> 6n) & 1n) {
    const cpl3 = (f) => {
      f.set('GUEST_CS_SELECTOR', 0x1bn); f.set('GUEST_CS_AR_BYTES', 0xa0fbn);
      f.set('GUEST_SS_SELECTOR', 0x13n); f.set('GUEST_SS_AR_BYTES', 0xc0f3n);
    };
    add('A-02', 'HLT with SS.DPL 3', (f, c) => { cpl3(f); f.set('GUEST_ACTIVITY_STATE', 1n); if (can.pin(PIN.preempt)) { c.pin.set(PIN.preempt); f.set('VMX_PREEMPTION_TIMER_VALUE', 100n); } });
    add('A-02', 'HLT with SS.DPL 0', (f, c) => { f.set('GUEST_ACTIVITY_STATE', 1n); if (can.pin(PIN.preempt)) { c.pin.set(PIN.preempt); f.set('VMX_PREEMPTION_TIMER_VALUE', 100n); } });
  }

  // ---- PAE paging with EPT: the PDPTE fields (PT-01)
  if (can.proc2(PROC2.ept)) {
    const pae = (f, c) => { prot32Guest(f, c); c.sec(PROC2.ept); f.set('GUEST_CR4', f.get('GUEST_CR4') | B(5)); f.set('GUEST_CR3', L.PAGES.pdpt); };
    add('PT-01', 'PAE guest with EPT, PDPTEs 0', (f, c) => pae(f, c));
    add('PT-01', 'PAE guest with EPT, PDPTE0 present', (f, c) => { pae(f, c); f.set('GUEST_PDPTR0', 0x3001n); });
    add('PT-01', 'PAE guest with EPT, PDPTE0 present with reserved bit 1', (f, c) => { pae(f, c); f.set('GUEST_PDPTR0', 0x3003n); });
    add('PT-01', 'PAE guest with EPT, PDPTE3 present with reserved bit 7', (f, c) => { pae(f, c); f.set('GUEST_PDPTR3', 0x3081n); });
    add('PT-01', `PAE guest with EPT, PDPTE2 present with bit ${paw}`, (f, c) => { pae(f, c); f.set('GUEST_PDPTR2', 0x3001n | beyond); });
    add('PT-01', 'PAE guest with EPT, PDPTE1 not present with reserved bits (ignored)', (f, c) => { pae(f, c); f.set('GUEST_PDPTR1', 0xffen); });
  }

  // ---- CET state, where the model has it
  if (can.exit(EXIT.cet)) {
    const cet = (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0n); f.set('HOST_INTR_SSP_TABLE', 0n); f.set('HOST_CR4', f.get('HOST_CR4') | B(23)); };
    add('H-03', 'load CET state, host CR4.CET 1 with CR0.WP 1', (f, c) => { cet(f, c); f.set('HOST_CR0', f.get('HOST_CR0') | B(16)); });
    add('H-03', 'load CET state, host CR4.CET 1 with CR0.WP 0', (f, c) => { cet(f, c); f.set('HOST_CR0', f.get('HOST_CR0') & ~B(16)); });
    add('H-03', 'host CR4.CET 1 with CR0.WP 0, "load CET state" 0', (f) => { f.set('HOST_CR4', f.get('HOST_CR4') | B(23)); f.set('HOST_CR0', f.get('HOST_CR0') & ~B(16)); });
    add('H-11', 'load CET state, host S_CET reserved bit 6', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_CR0', f.get('HOST_CR0') | B(16)); f.set('HOST_S_CET', B(6)); });
    add('H-11', 'load CET state, host S_CET 0', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0n); f.set('HOST_INTR_SSP_TABLE', 0n); });
    add('H-12', 'load CET state, host SSP bit 0', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0x70001n); f.set('HOST_INTR_SSP_TABLE', 0n); });
    add('H-12', 'load CET state, host SSP non-canonical', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', NONCANON); f.set('HOST_INTR_SSP_TABLE', 0n); });
    add('H-12', 'load CET state, host SSP 0x70000 (aligned, canonical)', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0x70000n); f.set('HOST_INTR_SSP_TABLE', 0n); });
    add('H-13', 'load CET state, host interrupt SSP table 0xffff800000000000 (canonical)', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0n); f.set('HOST_INTR_SSP_TABLE', 0xffff800000000000n); });
    add('H-13', 'load CET state, host interrupt SSP table non-canonical', (f, c) => { c.exit.set(EXIT.cet); f.set('HOST_S_CET', 0n); f.set('HOST_SSP', 0n); f.set('HOST_INTR_SSP_TABLE', NONCANON); });
  }
  if (can.entry(ENTRY.cet)) {
    const g = (f, c) => { c.entry.set(ENTRY.cet); f.set('GUEST_S_CET', 0n); f.set('GUEST_SSP', 0n); f.set('GUEST_INTR_SSP_TABLE', 0n); };
    add('G-19', 'load CET state, guest S_CET 0', g);
    add('G-19', 'load CET state, guest S_CET bit 9', (f, c) => { g(f, c); f.set('GUEST_S_CET', B(9)); });
    add('G-19', 'load CET state, guest S_CET SUPPRESS and TRACKER', (f, c) => { g(f, c); f.set('GUEST_S_CET', B(10) | B(11)); });
    add('G-20', 'load CET state, guest interrupt SSP table 0xffff800000000000 (canonical)', (f, c) => { g(f, c); f.set('GUEST_INTR_SSP_TABLE', 0xffff800000000000n); });
    add('R-06', 'load CET state, guest SSP 0x70000', (f, c) => { g(f, c); f.set('GUEST_SSP', 0x70000n); });
    add('R-06', 'load CET state, 32-bit guest with SSP bit 32', (f, c) => { g(f, c); prot32Guest(f, c); f.set('GUEST_SSP', B(32)); });
    add('R-06', 'load CET state, compatibility mode (CS.L 0) with SSP bit 32', (f, c) => { g(f, c); f.set('GUEST_CS_AR_BYTES', 0xc09bn); f.set('GUEST_SSP', B(32)); });
    add('G-20', 'load CET state, guest interrupt SSP table non-canonical', (f, c) => { g(f, c); f.set('GUEST_INTR_SSP_TABLE', NONCANON); });
    add('R-06', 'load CET state, guest SSP bit 1', (f, c) => { g(f, c); f.set('GUEST_SSP', 0x70002n); });
    add('R-06', 'load CET state, guest SSP non-canonical', (f, c) => { g(f, c); f.set('GUEST_SSP', NONCANON); });
  }

  // ---- a 32-bit protected-mode guest with paging (PAE off), valid
  add('template', 'valid 32-bit paged guest', (f, c) => prot32Guest(f, c));

  return { base, cases };

  function prot32Guest(f, c) {
    c.entry.clear(ENTRY.ia32e);
    f.set('GUEST_CR4', gcr4 & ~B(5));
    f.set('GUEST_CS_AR_BYTES', 0xc09bn);
    f.set('GUEST_CS_SELECTOR', 0x08n);
    f.set('GUEST_IA32_EFER', 0n);
    f.set('GUEST_CR3', 0x1000n);
  }
  function v86Guest(f, c) {
    prot32Guest(f, c);
    f.set('GUEST_RFLAGS', 0x20002n);
    for (const [s, sel] of [['CS', 0xf000n], ['SS', 0x7000n], ['DS', 0x100n], ['ES', 0x200n], ['FS', 0x300n], ['GS', 0x400n]]) {
      f.set(`GUEST_${s}_SELECTOR`, sel); f.set(`GUEST_${s}_BASE`, sel << 4n); f.set(`GUEST_${s}_LIMIT`, 0xffffn); f.set(`GUEST_${s}_AR_BYTES`, 0xf3n);
    }
    f.set('GUEST_RIP', L.GUEST16_IP);
  }
  function realModeGuest(f) {
    f.set('GUEST_CR0', 0x30n);
    f.set('GUEST_CR4', gcr4 & ~B(5));
    f.set('GUEST_IA32_EFER', 0n);
    for (const s of ['ES', 'SS', 'DS', 'FS', 'GS']) { f.set(`GUEST_${s}_SELECTOR`, 0n); f.set(`GUEST_${s}_LIMIT`, 0xffffn); f.set(`GUEST_${s}_AR_BYTES`, 0x93n); }
    f.set('GUEST_CS_SELECTOR', 0xf000n); f.set('GUEST_CS_BASE', 0xf0000n); f.set('GUEST_CS_LIMIT', 0xffffn); f.set('GUEST_CS_AR_BYTES', 0x9bn);
    f.set('GUEST_RIP', L.GUEST16_IP);
  }
}

/** Random multi-field mutations of valid or single-mutated cases. */
export function randomCases(gen, n, seed) {
  const r = rng(seed);
  const names = [...gen.base.keys()].filter((k) => !['HOST_RIP', 'HOST_CR3', 'HOST_RSP'].includes(k));
  const out = [];
  const interesting = [0n, 1n, 2n, 3n, 8n, 0xfn, 0x10n, 0xffn, 0x800n, 0xffffn, 0x10000n, 0xffffffffn, 0x100000000n, 0x0000800000000000n, 0xffff800000000000n, 0xffffffffffffffffn];
  for (let i = 0; i < n; i++) {
    const start = r.next() < 0.5 ? gen.cases[0] : r.pick(gen.cases);
    const fields = new Map(start.fields);
    const k = 1 + r.int(3);
    const what = [];
    for (let j = 0; j < k; j++) {
      const name = r.pick(names);
      const old = fields.get(name);
      let v;
      const mode = r.int(4);
      if (mode === 0) v = old ^ (1n << BigInt(r.int(name.includes('SELECTOR') ? 16 : name.includes('AR_BYTES') || name.endsWith('CONTROL') || name.endsWith('CONTROLS') ? 32 : 64)));
      else if (mode === 1) v = r.pick(interesting);
      else if (mode === 2) v = old ^ (1n << BigInt(r.int(8)));
      else v = BigInt(r.int(0x10000)) | (r.next() < 0.3 ? 1n << BigInt(r.int(64)) : 0n);
      fields.set(name, BigInt.asUintN(64, v));
      what.push(`${name} 0x${v.toString(16)}`);
    }
    out.push({ rule: 'random', name: `from ${start.rule} "${start.name}": ${what.join(', ')}`, fields, mem: start.mem, ...(start.host32 ? { host32: true } : {}) });
  }
  return out;
}
