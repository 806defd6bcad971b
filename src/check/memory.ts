/**
 * Memory a dump does not hold, given beside it: physical addresses and the quadwords stored
 * there (little-endian, as the processor reads them). Some VM-entry checks read memory the VMCS
 * points at (SDM Vol. 3C 28.2.1.1 VTPR, 28.3.1.5 the VMCS the link pointer names, 28.3.1.6 the
 * PDPTEs, 28.4 the VM-entry MSR-load area); with the memory they are evaluated, without it they
 * are "not evaluated".
 *
 * Text form (`vmcs check --memory FILE`): one line per address, `ADDRESS VALUE [VALUE ...]`,
 * hex with or without 0x; an address is 8-byte aligned and the values are the quadwords at
 * ADDRESS, ADDRESS+8, ... A `:` or `=` may follow the address; `#` starts a comment.
 */

/** 8-byte-aligned physical address -> the quadword there. */
export type Memory = ReadonlyMap<bigint, bigint>;

const M64 = (1n << 64n) - 1n;
const HEX = /^(?:0x)?([0-9a-f]{1,16})$/i;

/** Parse the text form; an error names the line. */
export function parseMemory(text: string): { memory: Memory } | { error: string } {
  const memory = new Map<bigint, bigint>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '').trim();
    if (!line) continue;
    const words = line.replace(/^(\S+?)\s*[:=]\s*/, '$1 ').split(/\s+/);
    const at = (w: string): bigint | undefined => {
      const m = HEX.exec(w);
      return m ? BigInt('0x' + m[1]) : undefined;
    };
    const addr = at(words[0]!);
    if (addr === undefined) return { error: `line ${i + 1}: '${words[0]}' is not a hex address` };
    if (addr & 7n) return { error: `line ${i + 1}: address 0x${addr.toString(16)} is not 8-byte aligned` };
    if (words.length < 2) return { error: `line ${i + 1}: no value after address 0x${addr.toString(16)}` };
    for (let j = 1; j < words.length; j++) {
      const v = at(words[j]!);
      if (v === undefined) return { error: `line ${i + 1}: '${words[j]}' is not a hex quadword` };
      memory.set((addr + 8n * BigInt(j - 1)) & M64, v);
    }
  }
  return { memory };
}

/**
 * `size` bytes (1-8) at `addr`, little-endian, or undefined when a byte of them is not given.
 */
export function readMemory(memory: Memory | undefined, addr: bigint, size: number): bigint | undefined {
  if (!memory) return undefined;
  let v = 0n;
  for (let i = 0; i < size; i++) {
    const a = (addr + BigInt(i)) & M64;
    const q = memory.get(a & ~7n);
    if (q === undefined) return undefined;
    v |= ((q >> (8n * (a & 7n))) & 0xffn) << (8n * BigInt(i));
  }
  return v;
}
