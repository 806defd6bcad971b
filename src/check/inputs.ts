/**
 * The inputs of the VM-entry checks: the fields of one dump, the capability MSRs and the CPU
 * facts. Every read is recorded (a result lists the fields it read); a read of something
 * the dump or the caps do not have throws `Missing`, and the rule is "not evaluated".
 *
 * Controls are read as the CPU reads them (SDM §26.6.2-26.7.2): the secondary controls count
 * as 0 unless "activate secondary controls" is 1, the tertiary controls unless "activate
 * tertiary controls" is 1, the secondary exit controls unless "activate secondary controls"
 * of the exit controls is 1.
 */
import { fields as allFields } from '../table/table.js';
import { MSR, msrName, type Caps, type CpuFacts } from '../caps/types.js';
import type { Need } from './types.js';
import { readMemory, type Memory } from './memory.js';

/**
 * Thrown for a missing input. Not an Error: a rule that cannot be evaluated is the common case
 * (most rules without --caps), and capturing a stack trace for each made check five times
 * slower on a log of many small dumps.
 */
export class Missing {
  constructor(readonly need: Need) {}
}

let byName: Map<string, number> | undefined;
/** Encoding of a field by its table name (GUEST_CR0); an unknown name is a bug in a rule. */
export function encodingOf(name: string): number {
  byName ??= new Map(allFields.map((f) => [f.name, f.encoding]));
  const e = byName.get(name);
  if (e === undefined) throw new Error(`check rule names an unknown field: ${name}`);
  return e;
}

const FACT_WHAT: Record<keyof CpuFacts, string> = {
  paw: 'the physical-address width, MAXPHYADDR (CPUID 80000008H:EAX[7:0])',
  linearWidth: 'the linear-address width, 48 or 57 with LA57 (CPUID 7:ECX[16])',
  rtm: 'whether the CPU has RTM (CPUID 7:EBX[11])',
  sgx: 'whether the CPU has SGX (CPUID 7:EBX[2])',
  lam: 'whether the CPU has linear-address masking',
  gpCounters: 'the number of general-purpose performance counters (CPUID 0AH:EAX[15:8])',
  fixedCounters: 'the number of fixed-function performance counters (CPUID 0AH:EDX[4:0])',
  lma: 'whether the VMM runs in IA-32e mode (its IA32_EFER.LMA)',
  smm: 'whether the processor is in SMM',
  x2apic: 'whether the local APIC is in x2APIC mode',
};

const M64 = (1n << 64n) - 1n;

/** The control fields a rule reads bit by bit (SDM 26.6-26.8): a missing one can be assumed, bit by bit. */
export const CONTROL_FIELDS: ReadonlySet<string> = new Set([
  'PIN_BASED_VM_EXEC_CONTROL',
  'CPU_BASED_VM_EXEC_CONTROL',
  'SECONDARY_VM_EXEC_CONTROL',
  'TERTIARY_VM_EXEC_CONTROL',
  'VM_EXIT_CONTROLS',
  'SECONDARY_VM_EXIT_CONTROLS',
  'VM_ENTRY_CONTROLS',
]);

/**
 * Control bits that set the guest's mode rather than turn a check on: a rule that fails when
 * one of them is assumed says what the mode is not, which the rest of the dump usually tells
 * (CR0.PG 0 fails "IA-32e mode guest" = 1), so none is assumed.
 */
const MODE_BITS: ReadonlySet<string> = new Set([
  'VM_ENTRY_CONTROLS:9', // IA-32e mode guest
  'VM_ENTRY_CONTROLS:10', // entry to SMM
  'VM_ENTRY_CONTROLS:11', // deactivate dual-monitor treatment
  'SECONDARY_VM_EXEC_CONTROL:7', // unrestricted guest
]);

/**
 * What a rule read before it first read a bit of a control the dump does not hold (`Inputs`
 * that assume): what it needs, and the fields and MSRs read until then, as a run that did not
 * assume would report them.
 */
export interface BeforeAssuming {
  need: Need;
  fields: Map<number, bigint>;
  msrs: Map<number, bigint>;
}

export class Inputs {
  readonly readFields = new Map<number, bigint>();
  readonly readMsrs = new Map<number, bigint>();

  /**
   * @param trace when given, every look-up of a field's value (f, has, and all that read through
   * them) is appended to it as encoding, value (undefined: absent): what the rule's result
   * depends on besides the caps, facts and memory, so that check.ts can reuse the result for
   * another dump with the same values there.
   */
  constructor(
    private readonly values: ReadonlyMap<number, bigint>,
    readonly caps: Caps | undefined,
    private readonly facts: CpuFacts,
    private readonly memoryGiven?: Memory,
    /**
     * Assume 1 for a bit of a control the dump does not hold (but those of MODE_BITS), and go on:
     * `assumed` lists them, `before` what a run that did not assume would have reported. Without
     * it, such a read is `Missing`.
     */
    private readonly assume = false,
    private readonly trace?: Array<number | bigint | undefined>,
  ) {}

  /** The control bits assumed 1 ("FIELD:bit"), in the order read. */
  readonly assumed: string[] = [];
  before: BeforeAssuming | undefined;

  private missingControl(name: string): Missing {
    return this.before ? new Missing(this.before.need) : new Missing({ kind: 'field', name, encoding: encodingOf(name) });
  }

  /** The value of a field, by its table name. */
  f(name: string): bigint {
    const encoding = encodingOf(name);
    const v = this.values.get(encoding);
    this.trace?.push(encoding, v);
    if (v === undefined) throw this.before ? new Missing(this.before.need) : new Missing({ kind: 'field', name, encoding });
    this.readFields.set(encoding, v);
    return v;
  }

  /** Whether the dump has the field (nothing is recorded in the result; the trace has it). */
  has(name: string): boolean {
    const encoding = encodingOf(name);
    if (this.trace) {
      const v = this.values.get(encoding);
      this.trace.push(encoding, v);
      return v !== undefined;
    }
    return this.values.has(encoding);
  }

  bit(name: string, n: number): boolean {
    if (this.assume && CONTROL_FIELDS.has(name) && !this.values.has(encodingOf(name))) {
      this.trace?.push(encodingOf(name), undefined);
      const key = `${name}:${n}`;
      if (MODE_BITS.has(key)) throw this.missingControl(name);
      this.before ??= { need: { kind: 'field', name, encoding: encodingOf(name) }, fields: new Map(this.readFields), msrs: new Map(this.readMsrs) };
      if (!this.assumed.includes(key)) this.assumed.push(key);
      return true;
    }
    return ((this.f(name) >> BigInt(n)) & 1n) === 1n;
  }

  /** Bits hi:lo of a field. */
  bits(name: string, hi: number, lo: number): bigint {
    return (this.f(name) >> BigInt(lo)) & ((1n << BigInt(hi - lo + 1)) - 1n);
  }

  /** A capability MSR. */
  msr(index: number): bigint {
    const v = this.caps?.msrs.get(index);
    if (v === undefined) throw new Missing({ kind: 'msr', index, name: msrName(index) });
    this.readMsrs.set(index, v);
    return v;
  }

  hasMsr(index: number): boolean {
    return this.caps?.msrs.has(index) ?? false;
  }

  /** Bits of an MSR whose value is known (all of them, unless the MSR was rebuilt from vmxcap). */
  knownBits(index: number): bigint {
    return this.caps?.known?.get(index) ?? M64;
  }

  fact<K extends keyof CpuFacts>(key: K): NonNullable<CpuFacts[K]> {
    const v = this.facts[key];
    if (v === undefined) throw new Missing({ kind: 'fact', key, what: FACT_WHAT[key] });
    return v as NonNullable<CpuFacts[K]>;
  }

  /** Guest or host memory the dump does not hold. */
  memory(what: string): never {
    throw new Missing({ kind: 'memory', what });
  }

  /** `size` bytes at physical `addr` (little-endian) from the memory given with the dump; `what` names them when they were not given. */
  read(addr: bigint, size: number, what: string): bigint {
    const v = readMemory(this.memoryGiven, addr, size);
    if (v === undefined) return this.memory(what);
    return v;
  }

  /** Something only the processor model decides. */
  model(what: string): never {
    throw new Missing({ kind: 'model', what });
  }

  // --- controls, as the CPU reads them -----------------------------------------------

  pin(n: number): boolean {
    return this.bit('PIN_BASED_VM_EXEC_CONTROL', n);
  }
  proc(n: number): boolean {
    return this.bit('CPU_BASED_VM_EXEC_CONTROL', n);
  }
  /** Secondary processor-based control (0 unless primary bit 31 is 1). */
  proc2(n: number): boolean {
    return this.proc(31) && this.bit('SECONDARY_VM_EXEC_CONTROL', n);
  }
  /** Tertiary processor-based control (0 unless primary bit 17 is 1). */
  proc3(n: number): boolean {
    return this.proc(17) && this.bit('TERTIARY_VM_EXEC_CONTROL', n);
  }
  exit(n: number): boolean {
    return this.bit('VM_EXIT_CONTROLS', n);
  }
  /** Secondary VM-exit control (0 unless primary exit control bit 31 is 1). */
  exit2(n: number): boolean {
    return this.exit(31) && this.bit('SECONDARY_VM_EXIT_CONTROLS', n);
  }
  entry(n: number): boolean {
    return this.bit('VM_ENTRY_CONTROLS', n);
  }

  /** "unrestricted guest" in effect */
  get ug(): boolean {
    return this.proc2(7);
  }
  /** "enable EPT" in effect */
  get ept(): boolean {
    return this.proc2(1);
  }
  /** "IA-32e mode guest" entry control */
  get ia32e(): boolean {
    return this.entry(9);
  }
  /** "host address-space size" exit control */
  get host64(): boolean {
    return this.exit(9);
  }
  /** Guest RFLAGS.VM: the guest is in virtual-8086 mode */
  get v86(): boolean {
    return this.bit('GUEST_RFLAGS', 17);
  }

  /** VM-entry interruption information, when its valid bit is set. */
  injection(): { type: number; vector: number; errorCode: boolean; raw: bigint } | undefined {
    const v = this.f('VM_ENTRY_INTR_INFO_FIELD');
    if (((v >> 31n) & 1n) === 0n) return undefined;
    return { type: Number((v >> 8n) & 7n), vector: Number(v & 0xffn), errorCode: ((v >> 11n) & 1n) === 1n, raw: v };
  }

  // --- addresses ----------------------------------------------------------------------

  /**
   * Whether a physical address fits the physical-address width. Every Intel 64 CPU has a
   * MAXPHYADDR of at least 36 and at most 52, so an address below 2^36 fits and one at or
   * above 2^52 does not, whatever the CPU; in between, the width is needed. (IA32_VMX_BASIC
   * bit 48, the 32-bit limit, is 0 on every CPU that supports Intel 64, SDM A.1.)
   */
  withinPaw(addr: bigint): boolean {
    if (addr >> 52n !== 0n) return false;
    if (addr >> 36n === 0n) return true;
    return addr >> BigInt(this.fact('paw')) === 0n;
  }

  /**
   * Whether an address is canonical: bits 63:N-1 all equal, N the linear-address width.
   * Canonical at 48 bits is canonical at 57 too; not canonical at 57 is not canonical at 48;
   * in between, the width is needed. (The CPU's supported width, not the guest's CR4.LA57: the
   * SDM defines canonical by the processor's linear-address width, Vol. 1 §3.3.7.1.)
   */
  canonical(addr: bigint): boolean {
    if (canonicalAt(addr, 48)) return true;
    if (!canonicalAt(addr, 57)) return false;
    return this.fact('linearWidth') === 57;
  }
}

export function canonicalAt(addr: bigint, width: number): boolean {
  const top = (addr & M64) >> BigInt(width - 1);
  return top === 0n || top === (1n << BigInt(65 - width)) - 1n;
}

export const hex = (v: bigint | number): string => '0x' + v.toString(16);

/** Bit numbers set in a value. */
export function setBits(v: bigint): number[] {
  const out: number[] = [];
  for (let i = 0; v > 0n; i++, v >>= 1n) if (v & 1n) out.push(i);
  return out;
}

export { MSR };
