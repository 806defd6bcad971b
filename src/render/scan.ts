/**
 * Renderers for `vmcs scan`: the human table (with chalk styles), the JSON document, NDJSON
 * lines, and the dump form that `vmcs annotate` reads (the shape of `annotate --json`).
 */
import { fieldByEncoding } from '../table/table.js';
import { CHECK_SDM } from '../scan/checks.js';
import { groupVms, type Candidate, type ScanResult } from '../scan/scanner.js';
import type { Validation } from '../scan/validate.js';
import type { ScanDiagnostic } from '../scan/container.js';
import type { Style } from './style.js';

export interface ScannedImage {
  image: string;
  result: ScanResult;
  validations?: Validation[];
}

/** A problem with an image as the JSON gives it: the shape of every command's diagnostics. */
export interface ScanJsonDiagnostic {
  source: string;
  severity: 'error' | 'warning';
  code: string;
  message: string;
  args?: Record<string, string | number>;
}

/** Whether a scan diagnostic stops the image being read (status 2), or is a warning. */
export function scanSeverity(d: ScanDiagnostic): 'error' | 'warning' {
  return d.code === 'bad-elf' || d.code === 'bad-lime-header' ? 'error' : 'warning';
}

/** A scan diagnostic of `image` in the JSON's shape ({source, severity, code, message, args}). */
export function scanJsonDiagnostic(image: string, d: ScanDiagnostic): ScanJsonDiagnostic {
  return { source: image, severity: scanSeverity(d), code: d.code, message: scanDiagnosticText(d), args: d.args };
}

const hx = (v: number | bigint | null, pad = 0): string => (v === null ? '-' : '0x' + v.toString(16).padStart(pad, '0'));

export const STALE_NOTE = 'A region holds what the CPU last wrote back to memory: a VMCS in use may be newer on chip until VMCLEAR (SDM Vol. 3C 25.11).';

function regionJson(r: Candidate, v?: Validation): Record<string, unknown> {
  const o: Record<string, unknown> = {
    offset: hx(r.offset),
    phys: hx(r.phys),
    revision: hx(r.revision, 2),
    shadow: r.shadow,
    format: r.format,
    layout: r.layout,
    status: r.status,
    score: r.score,
  };
  if (r.reason !== undefined) o.reason = r.reason;
  if (r.split) o.split = true;
  for (const k of ['eptp', 'guestCr3', 'guestRip', 'hostCr3', 'hostRip', 'link'] as const) o[k] = r.key[k] === null ? null : hx(r.key[k]);
  o.checks = r.checks.map((c) => ({ id: c.id, status: c.status, detail: c.detail, sdm: CHECK_SDM[c.id] }));
  if (v) o.validation = { status: v.status, detail: v.detail, ...(v.virtual !== undefined ? { virtual: hx(v.virtual) } : {}) };
  return o;
}

function imageJson(s: ScannedImage, all: boolean): Record<string, unknown> {
  const r = s.result;
  return {
    image: s.image,
    container: { kind: r.container.kind, segments: r.container.segments.length },
    regions: r.regions.map((x, i) => regionJson(x, s.validations?.[i])),
    vms: groupVms(r.regions).map((g) => ({ hostRip: hx(g.hostRip), eptp: hx(g.eptp), regions: g.regions.map((i) => hx(r.regions[i]!.offset)) })),
    ...(all ? { rejected: r.rejected.map((x) => regionJson(x)), noLayout: r.noLayout.map((x) => regionJson(x)) } : {}),
    counts: r.counts,
    diagnostics: r.diagnostics.map((d) => scanJsonDiagnostic(s.image, d)),
  };
}

/** `vmcs scan --json` (schema `vmcs/scan/v1`); `diagnostics` holds what belongs to no image read (an image that cannot be read). */
export function scanJson(images: ScannedImage[], all: boolean, diagnostics: ScanJsonDiagnostic[] = []): string {
  return JSON.stringify({ schema: 'vmcs/scan/v1', images: images.map((s) => imageJson(s, all)), notes: [{ code: 'may-be-stale', message: STALE_NOTE }], diagnostics }, null, 1) + '\n';
}

/** The lines of `vmcs scan --ndjson` for one image: one per region (schema `vmcs/scan-record/v1`, `"type": "region"`). */
export function scanNdjson(s: ScannedImage, all: boolean): string {
  const lines: string[] = [];
  const line = (o: Record<string, unknown>): number => lines.push(JSON.stringify({ schema: 'vmcs/scan-record/v1', type: 'region', image: s.image, ...o }));
  s.result.regions.forEach((r, i) => line(regionJson(r, s.validations?.[i])));
  if (all) for (const r of [...s.result.rejected, ...s.result.noLayout]) line(regionJson(r));
  return lines.map((l) => l + '\n').join('');
}

/** The last line of `vmcs scan --ndjson`: the counts of every image and the diagnostics (`"type": "summary"`). */
export function scanNdjsonSummary(images: ScannedImage[], diagnostics: ScanJsonDiagnostic[]): string {
  const counts = { images: images.length, regions: 0, rejected: 0, noLayout: 0 };
  for (const s of images) {
    counts.regions += s.result.counts.regions;
    counts.rejected += s.result.counts.rejected;
    counts.noLayout += s.result.counts.noLayout;
  }
  const all = [...images.flatMap((s) => s.result.diagnostics.map((d) => scanJsonDiagnostic(s.image, d))), ...diagnostics];
  return JSON.stringify({ schema: 'vmcs/scan-record/v1', type: 'summary', counts, diagnostics: all }) + '\n';
}

/** The regions as `vmcs annotate` reads them (the shape of `annotate --json`): one dump per region. */
export function scanDump(images: ScannedImage[]): string {
  const dumps = [];
  for (const s of images) {
    for (const r of s.result.regions) {
      dumps.push({
        format: r.format,
        source: `${s.image}@${hx(r.offset)} (phys ${hx(r.phys)})`,
        description: r.layout,
        fields: r.fields.map((f) => ({ encoding: hx(f.encoding, 8), name: fieldByEncoding(f.encoding)?.name ?? null, value: hx(f.value) })),
      });
    }
  }
  return JSON.stringify({ schema: 'vmcs/scan-dump/v1', dumps }, null, 1) + '\n';
}

function table(rows: string[][], c: Style): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r, j) => {
    const line = r.map((cell, i) => cell.padEnd(i === r.length - 1 ? 0 : w[i]!)).join('  ').trimEnd();
    return (j === 0 ? c.note(line) : line) + '\n';
  }).join('');
}

export function renderScan(c: Style, s: ScannedImage, all: boolean): string {
  const r = s.result;
  const segs = r.container.segments.length;
  let out = `${c.heading(s.image)} · ${r.container.kind}${r.container.kind === 'raw' ? '' : `, ${segs} range${segs === 1 ? '' : 's'}`} · ${(r.counts.bytes / 1048576).toFixed(1)} MiB · ${r.counts.candidates} candidate page${r.counts.candidates === 1 ? '' : 's'}\n`;
  const head = ['OFFSET', 'PHYS', 'REVISION', 'FORMAT', 'SCORE', 'EPTP', 'GUEST_CR3', 'GUEST_RIP', 'HOST_CR3', 'HOST_RIP', 'LINK'];
  const row = (x: Candidate, i?: number): string[] => {
    const v = i === undefined ? undefined : s.validations?.[i];
    return [
      hx(x.offset) + (x.split ? '*' : ''),
      hx(x.phys),
      hx(x.revision, 8) + (x.shadow ? ' shadow' : ''),
      x.format,
      String(x.score) + (v ? ` ${v.status}` : ''),
      hx(x.key.eptp),
      hx(x.key.guestCr3),
      hx(x.key.guestRip),
      hx(x.key.hostCr3),
      hx(x.key.hostRip),
      x.key.link === 0xffffffffffffffffn ? '~0' : hx(x.key.link),
    ];
  };
  if (r.regions.length > 0) {
    out += table([head, ...r.regions.map((x, i) => row(x, i))], c);
    if (r.regions.some((x) => x.split)) out += c.note('  * the page lies across two ranges of the file (physically contiguous)\n');
    const groups = groupVms(r.regions);
    out += `VMs, grouped by (HOST_RIP, EPTP):\n`;
    for (const g of groups) {
      out += `  host RIP ${hx(g.hostRip)}  EPTP ${hx(g.eptp)}  ${g.regions.length} VMCS: ${g.regions.map((i) => hx(r.regions[i]!.offset)).join(', ')}\n`;
    }
  } else out += 'No VMCS region found.\n';
  if (s.validations) {
    s.validations.forEach((v, i) => {
      if (v.status !== 'mapped') out += c.note(`  ${hx(r.regions[i]!.offset)}: --validate ${v.status}: ${v.detail}\n`);
    });
  }
  if (all && r.rejected.length + r.noLayout.length > 0) {
    out += 'Candidates that are not regions:\n';
    for (const x of [...r.rejected, ...r.noLayout].sort((a, b) => a.offset - b.offset)) {
      out += `  ${hx(x.offset)}  phys ${hx(x.phys)}  ${hx(x.revision, 8)} ${x.format}  ${x.status}: ${x.reason ?? ''}\n`;
    }
  }
  const n = r.counts;
  const parts = [`${n.regions} region${n.regions === 1 ? '' : 's'}`];
  if (n.rejected) parts.push(`${n.rejected} candidate${n.rejected === 1 ? '' : 's'} rejected by the checks${all ? '' : ' (--all lists them)'}`);
  if (n.noLayout) parts.push(`${n.noLayout} with a known revision but no layout${all ? '' : ' (--all)'}`);
  out += parts.join(', ') + '\n';
  return out;
}

/** One line of English for a scan diagnostic (after "IMAGE: "). */
export function scanDiagnosticText(d: ScanDiagnostic): string {
  const a = d.args;
  const at = (o: unknown): string => (typeof o === 'number' ? hx(o) : String(o));
  switch (d.code) {
    case 'bad-lime-header':
      return `LiME range header at offset ${at(a.offset)}: ${a.reason}; the rest of the image is not scanned`;
    case 'bad-elf':
      return `not a usable ELF core: ${a.reason}`;
    case 'elf-segment-skipped':
      return `${a.segments} PT_LOAD segment(s) skipped: ${a.reason}`;
    case 'truncated-image':
      return `the candidate page at offset ${at(a.offset)} (phys ${at(a.phys)}) has only ${a.bytes} bytes: ${a.reason}`;
    case 'too-many-regions':
      return `more than ${a.kept} regions: the rest are counted, not listed`;
  }
}
