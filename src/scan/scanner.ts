/**
 * Find VMCS regions in a physical memory image, streaming: the image arrives as chunks of
 * any size, in order, and only candidate pages are ever copied (at most one partial page per
 * container segment is held between chunks), so memory does not grow with the image.
 *
 * A candidate is a 4 KiB-aligned physical page whose first dword is a revision id this scan
 * knows: KVM's vmcs12 (0x11e57ed0, with or without the shadow-VMCS bit), the Hyper-V
 * enlightened VMCS (version 1), a hardware revision with a layout profile, or a hardware
 * revision known to exist but with no public layout (a candidate, with no field guessed).
 * Candidates with a layout are read with the region reader (../binary.ts) and checked
 * (./checks.ts); those that fail are rejected, with the reason.
 *
 * Pages are physical pages: in a LiME or ELF image a page whose bytes lie at the end of one
 * range and the start of the next (physically contiguous) range is put together and found.
 */
import { readRegion } from '../regions/read.js';
import type { LayoutProfile, RegionField } from '../regions/types.js';
import { VMCS12_REVISION } from '../regions/vmcs12.js';
import { EVMCS_VERSION } from '../regions/evmcs.js';
import {
  DETECT_BYTES,
  ELF_HEAD_MAX,
  LIME_HEADER_SIZE,
  detectKind,
  parseElf,
  parseLimeHeader,
  type ContainerKind,
  type ScanDiagnostic,
  type Segment,
} from './container.js';
import { ENC, runChecks, scoreOf, type CheckResult } from './checks.js';

/** The page size a VMCS region occupies and the scan steps by: 4096 bytes. */
export const PAGE = 4096;
const SHADOW = 0x80000000;

/** The kind of VMCS region a scan finds: a hardware VMCS page (by revision), KVM's vmcs12, or Hyper-V's enlightened VMCS. */
export type RegionFormat = 'hardware' | 'vmcs12' | 'evmcs';
/** What a candidate page turned out to be: a region, rejected by its checks, or of a revision with no layout. */
export type CandidateStatus = 'region' | 'rejected' | 'no-layout';

/** Options of `Scanner`: layout profiles for hardware revisions, whether to keep rejected candidates and the region bytes. */
export interface ScanOptions {
  /** Layout profiles by hardware revision id (a profile may serve several revisions). */
  profiles?: ReadonlyMap<number, LayoutProfile>;
  /** Hardware revision ids known to exist but without a layout: revision -> what it is. */
  known?: ReadonlyMap<number, string>;
  /** Keep rejected and no-layout candidates in the result (counted either way). */
  keepRejected?: boolean;
  /** Keep a copy of each region's 4 KiB (for --extract). */
  keepBytes?: boolean;
  /** At most this many candidates of each status are kept (default 100000); the rest are counted. */
  maxKept?: number;
}

/** The fields every summary shows; null when the layout does not place the field. */
export interface KeyFields {
  eptp: bigint | null;
  guestCr3: bigint | null;
  guestRip: bigint | null;
  hostCr3: bigint | null;
  hostRip: bigint | null;
  link: bigint | null;
}

/** A page whose first dword is a revision id the scan knows: where it is, its format and layout, its checks and score, its fields and key values. */
export interface Candidate {
  /** File offset of the page's first byte. */
  offset: number;
  /** Physical address of the page, as the image maps it. */
  phys: number;
  /** Dword 0 as read (bit 31 is the shadow-VMCS indicator). */
  dword0: number;
  revision: number;
  shadow: boolean;
  format: RegionFormat;
  /** The region reader's description of the layout read, or what is known of the revision. */
  layout: string;
  status: CandidateStatus;
  score: number;
  checks: CheckResult[];
  /** Rejected: the failing checks; no-layout: why nothing was read. */
  reason?: string;
  /** The page's bytes lie in two places of the file (across a LiME range or ELF segment boundary). */
  split?: boolean;
  fields: RegionField[];
  key: KeyFields;
  bytes?: Uint8Array;
}

/** What a scan read and found. */
export interface ScanCounts {
  /** bytes read (an ELF core's gaps between segments are skipped by callers that can) */
  bytes: number;
  pages: number;
  candidates: number;
  regions: number;
  rejected: number;
  noLayout: number;
}

/** The result of a scan: the container read, the regions found, the candidates rejected or of an unknown layout, counts and diagnostics. */
export interface ScanResult {
  container: { kind: ContainerKind; segments: Segment[] };
  regions: Candidate[];
  rejected: Candidate[];
  noLayout: Candidate[];
  counts: ScanCounts;
  diagnostics: ScanDiagnostic[];
}

type Kind = { format: 'vmcs12' } | { format: 'evmcs' } | { format: 'hardware'; profile: LayoutProfile } | { format: 'hardware'; known: string };

interface Partial {
  buf: Uint8Array;
  filled: number;
  phys: number;
  file: number;
  nextFile: number;
  split: boolean;
}

const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

function keyOf(values: ReadonlyMap<number, bigint>): KeyFields {
  const g = (e: number): bigint | null => values.get(e) ?? null;
  return { eptp: g(ENC.EPT_POINTER), guestCr3: g(ENC.GUEST_CR3), guestRip: g(ENC.GUEST_RIP), hostCr3: g(ENC.HOST_CR3), hostRip: g(ENC.HOST_RIP), link: g(ENC.VMCS_LINK_POINTER) };
}

const NO_KEY: KeyFields = { eptp: null, guestCr3: null, guestRip: null, hostCr3: null, hostRip: null, link: null };

/** A streaming scan of a memory image (raw, LiME or an ELF core) for VMCS regions: `push(chunk)` the bytes in order, `end()` gives the regions, each checked and scored. */
export class Scanner {
  private readonly kinds = new Map<number, Kind>();
  private readonly keepRejected: boolean;
  private readonly keepBytes: boolean;
  private readonly maxKept: number;
  private pos = 0;
  private head: Uint8Array[] = [];
  private headLen = 0;
  private containerKind: ContainerKind | null = null;
  private segments: Segment[] = [];
  private segIdx = 0;
  // LiME: where the next header starts, its bytes so far, and the end of the current range's data
  private limeNext = 0;
  private readonly limeHdr = new Uint8Array(LIME_HEADER_SIZE);
  private limeFill = 0;
  private limeStopped = false;
  private readonly partials = new Map<number, Partial>();
  private readonly result: ScanResult = {
    container: { kind: 'raw', segments: [] },
    regions: [],
    rejected: [],
    noLayout: [],
    counts: { bytes: 0, pages: 0, candidates: 0, regions: 0, rejected: 0, noLayout: 0 },
    diagnostics: [],
  };

  constructor(options: ScanOptions = {}) {
    this.keepRejected = options.keepRejected === true;
    this.keepBytes = options.keepBytes === true;
    this.maxKept = options.maxKept ?? 100000;
    const both = (rev: number, k: Kind): void => {
      this.kinds.set(rev >>> 0, k);
      this.kinds.set((rev | SHADOW) >>> 0, k);
    };
    for (const [rev, what] of options.known ?? []) both(rev, { format: 'hardware', known: what });
    for (const [rev, profile] of options.profiles ?? []) both(rev, { format: 'hardware', profile: { ...profile, revision: rev } });
    both(VMCS12_REVISION, { format: 'vmcs12' });
    // The eVMCS carries its version in dword 0 and has no shadow bit.
    this.kinds.set(EVMCS_VERSION, { format: 'evmcs' });
  }

  /** The next bytes of the image. The caller may reuse the chunk's memory once push returns: what is kept is copied. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.result.counts.bytes += chunk.length;
    if (this.containerKind === null) {
      this.head.push(chunk.slice());
      this.headLen += chunk.length;
      this.tryDetect(false);
      return;
    }
    this.feed(chunk, this.pos);
    this.pos += chunk.length;
  }

  /** The container, once the head of the image has been read (null before). */
  get kind(): ContainerKind | null {
    return this.containerKind;
  }

  /** Bytes pushed so far (the file offset of the next chunk). */
  get position(): number {
    return this.pos;
  }

  /**
   * ELF only: the file ranges [start, end) past the current position that segments map, merged,
   * so that a caller with random access reads only those (a /proc/kcore file is mostly holes).
   * Null for raw and LiME images, which are read whole.
   */
  rangesToRead(): Array<{ start: number; end: number }> | null {
    if (this.containerKind !== 'elf') return null;
    const out: Array<{ start: number; end: number }> = [];
    for (const s of [...this.segments].sort((a, b) => a.file - b.file)) {
      const start = Math.max(s.file, this.pos);
      const end = s.file + s.length;
      if (start >= end) continue;
      const last = out[out.length - 1];
      if (last && start <= last.end) last.end = Math.max(last.end, end);
      else out.push({ start, end });
    }
    return out;
  }

  /** ELF only: go on at a later file offset (the bytes in between are in no segment). */
  skipTo(offset: number): void {
    if (this.containerKind !== 'elf' || offset < this.pos) throw new Error(`skipTo(${offset}) at ${this.pos}: only forward, in an ELF image`);
    this.pos = offset;
  }

  /** The end of the image: the result. */
  end(): ScanResult {
    if (this.containerKind === null) this.tryDetect(true);
    for (const p of this.partials.values()) {
      if (p.filled >= 4 && this.kinds.has(u32(p.buf, 0))) {
        this.result.diagnostics.push({ code: 'truncated-image', args: { offset: p.file, phys: p.phys, bytes: p.filled, reason: 'a candidate page is cut short by the end of its range or of the file' } });
      }
    }
    this.partials.clear();
    this.result.container.segments = this.containerKind === 'raw' ? [{ file: 0, length: this.pos, phys: 0 }] : this.segments;
    return this.result;
  }

  private tryDetect(atEnd: boolean): void {
    if (this.headLen < DETECT_BYTES && !atEnd) return;
    const head = concat(this.head, this.headLen);
    const kind = detectKind(head);
    if (kind === 'elf') {
      const r = parseElf(head, atEnd ? this.headLen : undefined);
      if ('need' in r) {
        if (!atEnd && r.need <= ELF_HEAD_MAX) return;
        this.result.diagnostics.push({ code: 'bad-elf', args: { reason: 'the file ends inside its ELF headers' } });
        this.segments = [];
      } else if ('code' in r) {
        this.result.diagnostics.push(r);
        this.segments = [];
      } else {
        this.segments = r.segments;
        this.result.diagnostics.push(...r.diagnostics);
      }
    }
    this.containerKind = kind;
    this.result.container.kind = kind;
    this.head = [];
    this.headLen = 0;
    this.feed(head, 0);
    this.pos = head.length;
  }

  private feed(b: Uint8Array, at: number): void {
    if (this.containerKind === 'raw') this.run(b, at, at);
    else if (this.containerKind === 'elf') this.feedElf(b, at);
    else this.feedLime(b, at);
  }

  private feedElf(b: Uint8Array, at: number): void {
    const end = at + b.length;
    const segs = this.segments;
    while (this.segIdx < segs.length && segs[this.segIdx]!.file + segs[this.segIdx]!.length <= at) this.segIdx++;
    for (let j = this.segIdx; j < segs.length && segs[j]!.file < end; j++) {
      const s = segs[j]!;
      const from = Math.max(at, s.file);
      const to = Math.min(end, s.file + s.length);
      if (from < to) this.run(b.subarray(from - at, to - at), s.phys + (from - s.file), from);
    }
  }

  private feedLime(b: Uint8Array, at: number): void {
    let i = 0;
    while (i < b.length && !this.limeStopped) {
      const file = at + i;
      const cur = this.segments[this.segments.length - 1];
      if (cur && file < cur.file + cur.length) {
        const take = Math.min(b.length - i, cur.file + cur.length - file);
        this.run(b.subarray(i, i + take), cur.phys + (file - cur.file), file);
        i += take;
        continue;
      }
      // header bytes
      const take = Math.min(b.length - i, LIME_HEADER_SIZE - this.limeFill);
      this.limeHdr.set(b.subarray(i, i + take), this.limeFill);
      this.limeFill += take;
      i += take;
      if (this.limeFill < LIME_HEADER_SIZE) break;
      const h = parseLimeHeader(this.limeHdr, this.limeNext);
      this.limeFill = 0;
      if ('code' in h) {
        this.result.diagnostics.push(h);
        this.limeStopped = true;
        break;
      }
      const data = this.limeNext + LIME_HEADER_SIZE;
      this.segments.push({ file: data, length: h.length, phys: h.start });
      this.limeNext = data + h.length;
    }
  }

  /** Bytes b hold physical addresses [phys, phys + b.length), from file offset `file`. */
  private run(b: Uint8Array, phys: number, file: number): void {
    const n = b.length;
    let i = 0;
    const into = phys % PAGE;
    if (into !== 0) {
      i = Math.min(PAGE - into, n);
      const p = this.partials.get(phys);
      if (p) {
        this.partials.delete(phys);
        p.buf.set(b.subarray(0, i), p.filled);
        p.filled += i;
        if (file !== p.nextFile) p.split = true;
        if (p.filled === PAGE) this.page(p.buf, p.phys, p.file, p.split, true);
        else {
          p.nextFile = file + i;
          this.partials.set(phys + i, p);
        }
      }
    }
    const kinds = this.kinds;
    for (; i + PAGE <= n; i += PAGE) {
      this.result.counts.pages++;
      if (kinds.has((b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0)) this.page(b.subarray(i, i + PAGE), phys + i, file + i, false, false);
    }
    if (i < n) {
      const rem = n - i;
      if (rem >= 4 && !kinds.has(u32(b, i))) {
        this.result.counts.pages++;
        return;
      }
      const buf = new Uint8Array(PAGE);
      buf.set(b.subarray(i));
      this.partials.set(phys + n, { buf, filled: rem, phys: phys + i, file: file + i, nextFile: file + n, split: false });
    }
  }

  private page(page: Uint8Array, phys: number, file: number, split: boolean, assembled: boolean): void {
    if (assembled) this.result.counts.pages++;
    const dword0 = u32(page, 0);
    const kind = this.kinds.get(dword0);
    if (!kind) return;
    const counts = this.result.counts;
    counts.candidates++;
    const revision = kind.format === 'evmcs' ? dword0 : dword0 & 0x7fffffff;
    const base = { offset: file, phys, dword0, revision, shadow: kind.format !== 'evmcs' && (dword0 & SHADOW) !== 0, format: kind.format, ...(split ? { split: true } : {}) };
    if ('known' in kind) {
      counts.noLayout++;
      if (this.keepRejected && this.result.noLayout.length < this.maxKept) {
        this.result.noLayout.push({ ...base, layout: kind.known, status: 'no-layout', score: 0, checks: [], reason: 'no layout profile for this revision: no field is read', fields: [], key: NO_KEY });
      }
      return;
    }
    const r = readRegion(page, 'profile' in kind ? { profile: kind.profile } : {});
    const values = new Map<number, bigint>();
    for (const f of r.fields) values.set(f.encoding, f.value);
    const checks = runChecks(u32(page, 4), values);
    const failed = checks.filter((c) => c.status === 'fail');
    const passed = checks.filter((c) => c.status === 'pass').length;
    let status: CandidateStatus = 'region';
    let reason: string | undefined;
    if (failed.length > 0) {
      status = 'rejected';
      reason = failed.map((c) => c.detail).join('; ');
    } else if (passed < 3) {
      status = 'rejected';
      reason = `only ${passed} of the checks could be evaluated and passed; at least 3 are needed`;
    }
    const c: Candidate = { ...base, layout: r.description, status, score: scoreOf(checks), checks, fields: r.fields, key: keyOf(values) };
    if (reason !== undefined) c.reason = reason;
    if (status === 'region') {
      counts.regions++;
      if (this.result.regions.length >= this.maxKept) {
        if (counts.regions === this.maxKept + 1) this.result.diagnostics.push({ code: 'too-many-regions', args: { kept: this.maxKept } });
        return;
      }
      if (this.keepBytes) c.bytes = page.slice();
      this.result.regions.push(c);
    } else {
      counts.rejected++;
      if (this.keepRejected && this.result.rejected.length < this.maxKept) this.result.rejected.push(c);
    }
  }
}

function concat(parts: Uint8Array[], len: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Scan a whole image held in memory (tests, small images); the CLI streams with Scanner. */
export function scanBytes(image: Uint8Array, options: ScanOptions = {}, chunkSize = 1 << 20): ScanResult {
  const s = new Scanner(options);
  for (let o = 0; o < image.length; o += chunkSize) s.push(image.subarray(o, Math.min(image.length, o + chunkSize)));
  return s.end();
}

/** VMs as Rekall groups them: one hypervisor per HOST_RIP, one VM per EPTP under it. */
export interface VmGroup {
  hostRip: bigint | null;
  eptp: bigint | null;
  /** Indexes into the regions given. */
  regions: number[];
}

/** Regions grouped by VM: those that share a host RIP and EPT pointer, as indexes into `regions`. */
export function groupVms(regions: readonly Candidate[]): VmGroup[] {
  const map = new Map<string, VmGroup>();
  regions.forEach((r, i) => {
    const k = `${r.key.hostRip ?? '-'}/${r.key.eptp ?? '-'}`;
    let g = map.get(k);
    if (!g) map.set(k, (g = { hostRip: r.key.hostRip, eptp: r.key.eptp, regions: [] }));
    g.regions.push(i);
  });
  const cmp = (a: bigint | null, b: bigint | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return [...map.values()].sort((a, b) => cmp(a.hostRip, b.hostRip) || cmp(a.eptp, b.eptp));
}
