/**
 * CPU facts and processor state for the checks that need them (src/caps/types.ts CpuFacts),
 * as one table of keys read in two places: `--cpu paw=39,la57=0,lma=1` on the command line,
 * and `paw 39` / `la57 0` lines in a file of capability MSRs (src/caps/parse.ts).
 */
import type { CpuFacts } from './types.js';

/** Sets a fact from its text; returns the form expected when the text is not one. */
type Setter = (facts: CpuFacts, raw: string) => string | undefined;

const BOOL: Readonly<Record<string, boolean>> = Object.freeze({ '1': true, '0': false, yes: true, no: false, y: true, n: false, true: true, false: false, on: true, off: false });

/** A decimal or 0x-hex integer. */
function integer(raw: string): number | undefined {
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^0x[0-9a-f]+$/i.test(raw)) return Number(BigInt(raw));
  return undefined;
}

const int =
  (key: 'paw' | 'gpCounters' | 'fixedCounters', min: number, max: number): Setter =>
  (f, raw) => {
    const n = integer(raw);
    if (n === undefined || n < min || n > max) return `an integer ${min}-${max}`;
    f[key] = n;
    return undefined;
  };

const bool =
  (key: 'rtm' | 'sgx' | 'lam' | 'lma' | 'smm' | 'x2apic'): Setter =>
  (f, raw) => {
    const b = Object.hasOwn(BOOL, raw.toLowerCase()) ? BOOL[raw.toLowerCase()] : undefined;
    if (b === undefined) return '0 or 1';
    f[key] = b;
    return undefined;
  };

const width: Setter = (f, raw) => {
  if (raw !== '48' && raw !== '57') return '48 or 57';
  f.linearWidth = raw === '57' ? 57 : 48;
  return undefined;
};

const la57: Setter = (f, raw) => {
  const b = Object.hasOwn(BOOL, raw.toLowerCase()) ? BOOL[raw.toLowerCase()] : undefined;
  if (b === undefined) return '0 or 1';
  f.linearWidth = b ? 57 : 48;
  return undefined;
};

/** Key (lower case, without _ - .) -> the fact it sets and how; MAXPHYADDR is 32-52 bits, the counter counts fit CPUID.0AH's fields. */
// Looked up by own keys only: `constructor`, `__proto__` and `toString` are unknown keys like any other.
const FACTS: Record<string, { fact: keyof CpuFacts; set: Setter }> = {
  paw: { fact: 'paw', set: int('paw', 32, 52) },
  maxphyaddr: { fact: 'paw', set: int('paw', 32, 52) },
  physbits: { fact: 'paw', set: int('paw', 32, 52) },
  physaddrbits: { fact: 'paw', set: int('paw', 32, 52) },
  la57: { fact: 'linearWidth', set: la57 },
  linear: { fact: 'linearWidth', set: width },
  linearwidth: { fact: 'linearWidth', set: width },
  rtm: { fact: 'rtm', set: bool('rtm') },
  sgx: { fact: 'sgx', set: bool('sgx') },
  lam: { fact: 'lam', set: bool('lam') },
  lma: { fact: 'lma', set: bool('lma') },
  smm: { fact: 'smm', set: bool('smm') },
  x2apic: { fact: 'x2apic', set: bool('x2apic') },
  gp: { fact: 'gpCounters', set: int('gpCounters', 0, 32) },
  gpcounters: { fact: 'gpCounters', set: int('gpCounters', 0, 32) },
  fixed: { fact: 'fixedCounters', set: int('fixedCounters', 0, 32) },
  fixedcounters: { fact: 'fixedCounters', set: int('fixedCounters', 0, 32) },
};

export const FACT_HELP = 'paw=39 la57=0|1 rtm=0|1 sgx=0|1 lam=0|1 gp=N fixed=N lma=0|1 smm=0|1 x2apic=0|1';

/**
 * Set one fact by its key (any case; `_`, `-` and `.` ignored: gp_counters, gp-counters).
 * Returns undefined for an unknown key, else the fact set (`{ fact }`) or the form the value
 * should have (`{ expected }`).
 */
export function setFact(facts: CpuFacts, key: string, raw: string): { fact: keyof CpuFacts } | { expected: string } | undefined {
  const k = key.toLowerCase().replace(/[_\-.]/g, '');
  const entry = Object.hasOwn(FACTS, k) ? FACTS[k] : undefined;
  if (!entry) return undefined;
  const expected = entry.set(facts, raw.trim());
  return expected === undefined ? { fact: entry.fact } : { expected };
}

/** `--cpu`: KEY=VALUE pairs separated by commas or spaces. */
export function parseFacts(text: string, into: CpuFacts = {}): { facts: CpuFacts } | { error: string } {
  const facts: CpuFacts = { ...into };
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z0-9_.-]+)=(.+)$/i.exec(item);
    if (!m) return { error: `'${item}' is not KEY=VALUE (keys: ${FACT_HELP})` };
    const r = setFact(facts, m[1]!, m[2]!);
    if (!r) return { error: `unknown key '${m[1]}' (keys: ${FACT_HELP})` };
    if ('expected' in r) return { error: `'${item}': ${m[1]} is ${r.expected}` };
  }
  return { facts };
}
