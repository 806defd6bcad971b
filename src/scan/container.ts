/**
 * Memory-image containers: which bytes of the file hold which physical addresses.
 *
 *   raw   the file is physical memory from address 0 (file offset = physical address).
 *   lime  LiME: a sequence of ranges, each a 32-byte header (u32 magic 0x4c694d45, bytes
 *         "EMiL"; u32 version 1; u64 start; u64 end, inclusive; 8 reserved bytes) followed by
 *         end - start + 1 bytes of memory (LiME's Documentation/README.md, "LiME Format").
 *   elf   an ELF64 little-endian core file (QEMU dump-guest-memory, /proc/kcore-style):
 *         each PT_LOAD program header maps p_filesz bytes at p_offset to the physical address
 *         p_paddr (ELF gABI, "Program Header"; QEMU's dump.c writes guest-physical addresses).
 *
 * Detection needs the first bytes only, except for ELF, whose program headers must lie in the
 * head of the file (they follow the ELF header in every core writer we know of).
 */

export type ContainerKind = 'raw' | 'lime' | 'elf';

/** File bytes [file, file + length) hold physical addresses [phys, phys + length). */
export interface Segment {
  file: number;
  length: number;
  phys: number;
}

/** The codes of `ScanDiagnostic`. */
export type ScanDiagnosticCode =
  | 'bad-lime-header'
  | 'bad-elf'
  | 'elf-segment-skipped'
  | 'truncated-image'
  | 'too-many-regions';

/** A problem with a memory image as data (a bad LiME header, an unusable ELF core...); `vmcs scan` prints its message. */
export interface ScanDiagnostic {
  code: ScanDiagnosticCode;
  args: Record<string, string | number>;
}

export const LIME_MAGIC = 0x4c694d45;
export const LIME_HEADER_SIZE = 32;
const ELF_HEADER_SIZE = 64;
const PHDR_SIZE = 56;
const PT_LOAD = 1;
const PN_XNUM = 0xffff;
/** Program headers (or the section header that counts them) must lie within this head of the file. */
export const ELF_HEAD_MAX = 4 * 1024 * 1024;

const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);
/** A u64 as a number, or -1 when it does not fit in 53 bits. */
function u64(b: Uint8Array, o: number): number {
  const lo = u32(b, o);
  const hi = u32(b, o + 4);
  if (hi > 0x1fffff) return -1;
  return hi * 0x100000000 + lo;
}

/** Bytes needed before the kind can be decided (fewer when the file is shorter). */
export const DETECT_BYTES = ELF_HEADER_SIZE;

/** What a memory image is, from its first bytes: raw, LiME or an ELF core. */
export function detectKind(head: Uint8Array): ContainerKind {
  if (head.length >= 4 && u32(head, 0) === LIME_MAGIC) return 'lime';
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  return 'raw';
}

/** A parsed LiME range header, or why it is not one. */
export function parseLimeHeader(h: Uint8Array, at: number): { start: number; length: number } | ScanDiagnostic {
  if (u32(h, 0) !== LIME_MAGIC) return { code: 'bad-lime-header', args: { offset: at, reason: 'no LiME magic "EMiL" where the next range header should be' } };
  const start = u64(h, 8);
  const end = u64(h, 16);
  if (start < 0 || end < 0) return { code: 'bad-lime-header', args: { offset: at, reason: 'a range address above 2^53' } };
  if (end < start) return { code: 'bad-lime-header', args: { offset: at, reason: `range end 0x${end.toString(16)} is below its start 0x${start.toString(16)}` } };
  return { start, length: end - start + 1 };
}

/**
 * The PT_LOAD segments of an ELF64 core, from the head of the file; `need` when the head is too
 * short to hold the program headers (ask again with at least that many bytes).
 */
export function parseElf(head: Uint8Array, fileSize?: number): { segments: Segment[]; diagnostics: ScanDiagnostic[] } | { need: number } | ScanDiagnostic {
  const bad = (reason: string): ScanDiagnostic => ({ code: 'bad-elf', args: { reason } });
  if (head.length < ELF_HEADER_SIZE) return fileSize !== undefined && fileSize < ELF_HEADER_SIZE ? bad('shorter than the 64-byte ELF64 header') : { need: ELF_HEADER_SIZE };
  if (head[4] !== 2) return bad(`ELF class ${head[4]}: only ELF64 core files are read`);
  if (head[5] !== 1) return bad('big-endian ELF: only little-endian (x86) core files are read');
  const phoff = u64(head, 0x20);
  const shoff = u64(head, 0x28);
  const phentsize = u16(head, 0x36);
  let phnum = u16(head, 0x38);
  if (phoff < 0) return bad('program header offset above 2^53');
  if (phnum === 0) return bad('no program headers');
  if (phentsize < PHDR_SIZE) return bad(`program header size ${phentsize}, less than ${PHDR_SIZE}`);
  if (phnum === PN_XNUM) {
    // The real count is sh_info of section header 0 (ELF gABI, "Extended numbering").
    if (shoff <= 0 || shoff + 64 > ELF_HEAD_MAX) return bad('extended program-header count, and section header 0 is not in the first 4 MiB');
    if (head.length < shoff + 64) return { need: shoff + 64 };
    phnum = u32(head, shoff + 44);
  }
  const end = phoff + phnum * phentsize;
  if (end > ELF_HEAD_MAX) return bad(`the program headers end at ${end}, past the first 4 MiB of the file`);
  if (head.length < end) return fileSize !== undefined && fileSize < end ? bad('the file ends inside its program headers') : { need: end };
  const segments: Segment[] = [];
  const diagnostics: ScanDiagnostic[] = [];
  let skipped = 0;
  for (let i = 0; i < phnum; i++) {
    const p = phoff + i * phentsize;
    if (u32(head, p) !== PT_LOAD) continue;
    const offset = u64(head, p + 8);
    const paddr = u64(head, p + 24);
    const filesz = u64(head, p + 32);
    if (filesz === 0) continue;
    if (offset < 0 || paddr < 0 || filesz < 0) {
      skipped++;
      continue;
    }
    segments.push({ file: offset, length: filesz, phys: paddr });
  }
  if (skipped > 0) diagnostics.push({ code: 'elf-segment-skipped', args: { segments: skipped, reason: 'an offset, size or physical address above 2^53 (kcore gives segments without a physical address all ones): not scanned' } });
  segments.sort((a, b) => a.file - b.file || a.phys - b.phys);
  return { segments, diagnostics };
}

/** The file offset that holds a physical address, or -1 when no segment maps it. */
export function physToFile(segments: readonly Segment[], phys: number): number {
  for (const s of segments) if (phys >= s.phys && phys < s.phys + s.length) return s.file + (phys - s.phys);
  return -1;
}
