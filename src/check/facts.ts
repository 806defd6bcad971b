/**
 * `--cpu paw=39,la57=0,lma=1`: CPU facts and processor state for the checks that need them,
 * as KEY=VALUE pairs separated by commas or spaces.
 */
import type { CpuFacts } from '../caps/types.js';

const BOOL: Record<string, boolean> = { '1': true, '0': false, yes: true, no: false, true: true, false: false, on: true, off: false };

type Key = keyof CpuFacts;
const KEYS: Record<string, Key | 'la57'> = {
  paw: 'paw',
  maxphyaddr: 'paw',
  la57: 'la57',
  linear: 'linearWidth',
  'linear-width': 'linearWidth',
  rtm: 'rtm',
  sgx: 'sgx',
  lam: 'lam',
  gp: 'gpCounters',
  'gp-counters': 'gpCounters',
  fixed: 'fixedCounters',
  'fixed-counters': 'fixedCounters',
  lma: 'lma',
  smm: 'smm',
  x2apic: 'x2apic',
};

export const FACT_HELP = 'paw=39 la57=0|1 rtm=0|1 sgx=0|1 lam=0|1 gp=N fixed=N lma=0|1 smm=0|1 x2apic=0|1';

export function parseFacts(text: string, into: CpuFacts = {}): { facts: CpuFacts } | { error: string } {
  const facts: CpuFacts = { ...into };
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const m = /^([a-z0-9-]+)=(.+)$/i.exec(item);
    if (!m) return { error: `'${item}' is not KEY=VALUE (keys: ${FACT_HELP})` };
    const key = KEYS[m[1]!.toLowerCase()];
    const raw = m[2]!.toLowerCase();
    if (!key) return { error: `unknown key '${m[1]}' (keys: ${FACT_HELP})` };
    if (key === 'paw' || key === 'gpCounters' || key === 'fixedCounters' || key === 'linearWidth') {
      const n = Number(raw);
      const ok = key === 'paw' ? Number.isInteger(n) && n >= 32 && n <= 52 : key === 'linearWidth' ? n === 48 || n === 57 : Number.isInteger(n) && n >= 0 && n <= 32;
      if (!ok) return { error: `'${item}': ${key === 'paw' ? 'paw is a bit count from 32 to 52' : key === 'linearWidth' ? 'the linear-address width is 48 or 57' : 'a counter count from 0 to 32'}` };
      (facts as Record<string, number>)[key] = n;
      continue;
    }
    const b = BOOL[raw];
    if (b === undefined) return { error: `'${item}': the value is 0 or 1` };
    if (key === 'la57') facts.linearWidth = b ? 57 : 48;
    else (facts as Record<string, boolean>)[key] = b;
  }
  return { facts };
}
