/**
 * A macOS Hypervisor.framework VMM's own exit-reason line, read in the pairs dialect (pairs.ts):
 * noah (linux-noah/noah, src/main.c, main_loop's default case) prints, for an exit reason it does
 * not handle,
 *
 *   if (exit_reason & (1<<31)) { exit_reason ^= (1<<31); printk("VM-entry failure exit reason: %llx\n", exit_reason); }
 *   else printk("other exit reason: %llx\n", exit_reason);
 *
 * with `uint64_t exit_reason` read from the 32-bit exit-reason field. The first line is printed
 * only when bit 31 ("VM-entry failure", SDM 28.8 and Table C-1: the basic exit reason is bits
 * 15:0) is set, and has that bit taken away: with the int `1<<31` (0x80000000 as a signed int)
 * widened to 64 bits as 0xffffffff80000000, the XOR also sets bits 63:32 (`ffffffff00000021`
 * is exit reason 0x80000021); with an unsigned `1u<<31` it leaves them 0 (`21`). Either way the
 * field is the low 32 bits with bit 31 set again. A value of another shape (bits 63:32 neither
 * all 0 nor all 1, or bit 31 still set) is no value this code prints: it is read as it stands,
 * and reported where it does not fit. `other exit reason: N` is the field as it is (pairs.ts
 * reads it by its title).
 */
import type { LineSink } from './types.js';

const VM_EXIT_REASON = 0x4402;
const NOAH_RE = /\bVM-entry failure exit reason: (?:0[xX])?([0-9a-fA-F]{1,16})\s*$/;

/** The line, if it is noah's VM-entry failure line of a value it prints: the field and a note; true when read. */
export function readNoahLine(line: string, lineNo: number, sink: LineSink): boolean {
  if (!line.includes('failure exit reason: ')) return false;
  const m = NOAH_RE.exec(line);
  if (!m) return false;
  const printed = BigInt('0x' + m[1]!);
  const high = printed >> 32n;
  const low = printed & 0xffffffffn;
  if ((high !== 0n && high !== 0xffffffffn) || low & 0x80000000n) return false;
  const reason = low | 0x80000000n;
  sink.field(VM_EXIT_REASON, reason.toString(16), lineNo);
  sink.note({
    line: lineNo,
    label: 'VM-entry failure exit reason',
    value: '0x' + m[1]!.toLowerCase(),
    what:
      `noah's VM-entry failure line prints the exit reason with bit 31 (VM-entry failure) taken away${high ? ' by an XOR with the int 1<<31, widened to 0xffffffff80000000 (bits 63:32 set)' : ''}: ` +
      `the exit reason is 0x${reason.toString(16)}, basic exit reason ${Number(reason & 0xffffn)}`,
  });
  return true;
}
