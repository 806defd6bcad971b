/**
 * --validate: confirm a region by walking the host's page tables from its HOST_CR3 and
 * finding a virtual address that maps the region's physical page, as Actaeon and Rekall do
 * (a hypervisor keeps its VMCS pages mapped). 4-level paging, or 5-level when HOST_CR4.LA57
 * (bit 12) is set; 1 GiB and 2 MiB pages (PS, bit 7, of a PDPTE or PDE); present bit 0;
 * addresses bits 51:12 (SDM Vol. 3A 4.5, Tables 4-14 to 4-20).
 *
 * Needs random access to the image: `read(fileOffset, length)` returns the bytes there (fewer at
 * the end of the file). Regions that share a HOST_CR3 share one walk. A walk reads at most
 * `maxTablePages` page-table pages; past that the answer is "incomplete".
 */
import { physToFile, type Segment } from './container.js';
import { PAGE, type Candidate } from './scanner.js';

/** Whether the host's page tables map the region's page, do not, could not be walked whole, or were not evaluated. */
export type ValidationStatus = 'mapped' | 'not-mapped' | 'incomplete' | 'not-evaluated';

/** The outcome of `validateRegions()` for one region. */
export interface Validation {
  status: ValidationStatus;
  /** The first virtual address found that maps the page (mapped). */
  virtual?: bigint;
  detail: string;
}

/** How `validateRegions()` reads the image: `length` bytes at a file offset. */
export type ReadAt = (fileOffset: number, length: number) => Promise<Uint8Array>;

const ADDR_LO = 0xfffff000;

/** Read one physical page through the container's segments; null when the image does not hold it all. */
async function readPhysPage(segments: readonly Segment[], read: ReadAt, phys: number): Promise<Uint8Array | null> {
  const out = new Uint8Array(PAGE);
  let done = 0;
  while (done < PAGE) {
    const p = phys + done;
    const seg = segments.find((s) => p >= s.phys && p < s.phys + s.length);
    if (!seg) return null;
    const len = Math.min(PAGE - done, seg.phys + seg.length - p);
    const b = await read(physToFile([seg], p), len);
    if (b.length < len) return null;
    out.set(b.subarray(0, len), done);
    done += len;
  }
  return out;
}

/** Confirms each region by walking the host's page tables from its HOST_CR3 (read from the image through `read`): whether a virtual address maps the region's page (SDM Vol. 3A 4.5). One `Validation` per region, in order. */
export async function validateRegions(
  regions: readonly Candidate[],
  segments: readonly Segment[],
  read: ReadAt,
  options: { maxTablePages?: number } = {},
): Promise<Validation[]> {
  const maxPages = options.maxTablePages ?? 65536;
  const out: Validation[] = regions.map(() => ({ status: 'not-evaluated', detail: '' }));
  const groups = new Map<string, number[]>();
  regions.forEach((r, i) => {
    const cr3 = r.key.hostCr3;
    if (cr3 === null || cr3 === 0n) {
      out[i] = { status: 'not-evaluated', detail: r.key.hostCr3 === null ? 'HOST_CR3 is not in the layout' : 'HOST_CR3 is 0' };
      return;
    }
    const cr4 = r.fields.find((f) => f.encoding === 0x6c04)?.value ?? 0n;
    const la57 = (cr4 & (1n << 12n)) !== 0n;
    const k = `${cr3 & 0x000ffffffffff000n}/${la57 ? 5 : 4}`;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  for (const [k, idx] of groups) {
    const [cr3Text, levelsText] = k.split('/') as [string, string];
    const levels = Number(levelsText);
    const targets = new Map<number, number[]>(); // phys page -> region indexes
    for (const i of idx) {
      const p = regions[i]!.phys;
      const l = targets.get(p);
      if (l) l.push(i);
      else targets.set(p, [i]);
    }
    const found = new Map<number, bigint>();
    const visited = new Set<string>();
    let pagesRead = 0;
    let missing = 0;
    let incomplete = false;
    const vaBits = levels === 5 ? 57 : 48;
    const canon = (va: bigint): bigint => ((va >> BigInt(vaBits - 1)) & 1n ? va | (~0n << BigInt(vaBits)) & 0xffffffffffffffffn : va);
    const record = (phys: number, va: bigint): void => {
      if (targets.has(phys) && !found.has(phys)) found.set(phys, canon(va));
    };
    const walk = async (table: number, level: number, vaBase: bigint): Promise<void> => {
      if (incomplete || found.size === targets.size) return;
      const key = `${level}:${table}`;
      if (visited.has(key)) return;
      visited.add(key);
      if (pagesRead >= maxPages) {
        incomplete = true;
        return;
      }
      pagesRead++;
      const t = await readPhysPage(segments, read, table);
      if (!t) {
        missing++;
        return;
      }
      const shift = BigInt(12 + 9 * (level - 1));
      for (let e = 0; e < 512; e++) {
        const lo = (t[e * 8]! | (t[e * 8 + 1]! << 8) | (t[e * 8 + 2]! << 16) | (t[e * 8 + 3]! << 24)) >>> 0;
        if ((lo & 1) === 0) continue;
        const hi = (t[e * 8 + 4]! | (t[e * 8 + 5]! << 8) | (t[e * 8 + 6]! << 16) | (t[e * 8 + 7]! << 24)) >>> 0;
        const addr = (hi & 0xfffff) * 0x100000000 + ((lo & ADDR_LO) >>> 0);
        const va = vaBase | (BigInt(e) << shift);
        if (level === 1) record(addr, va);
        else if ((level === 2 || level === 3) && (lo & 0x80) !== 0) {
          const size = level === 2 ? 0x200000 : 0x40000000;
          const base = addr - (addr % size);
          for (const p of targets.keys()) if (p >= base && p < base + size) record(p, va + BigInt(p - base));
        } else await walk(addr, level - 1, va);
        if (incomplete || found.size === targets.size) return;
      }
    };
    await walk(Number(BigInt(cr3Text)), levels, 0n);
    for (const [p, list] of targets) {
      for (const i of list) {
        const va = found.get(p);
        if (va !== undefined) out[i] = { status: 'mapped', virtual: va, detail: `mapped at virtual 0x${va.toString(16)} by the tables at HOST_CR3` };
        else if (incomplete) out[i] = { status: 'incomplete', detail: `not found in the first ${maxPages} page-table pages read from HOST_CR3` };
        else out[i] = { status: 'not-mapped', detail: `no page table from HOST_CR3 maps it (${pagesRead} table pages read${missing ? `, ${missing} not in the image` : ''})` };
      }
    }
  }
  return out;
}
