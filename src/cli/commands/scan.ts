/**
 * `vmcs scan IMAGE...`: Node I/O around the scanner (../../scan/). Each image is read in 1 MiB
 * pieces into one reused buffer (FileHandle.read), never loaded whole; --validate reads page
 * tables the same way, at random.
 *
 * Exit codes: 0 at least one region found; 1 none found; 2 trouble (usage, an image that cannot
 * be read or whose container is broken, a layout that cannot be used).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseProfile } from '../../regions/hardware.js';
import type { LayoutProfile } from '../../regions/types.js';
import { Scanner } from '../../scan/scanner.js';
import { validateRegions } from '../../scan/validate.js';
import { renderScan, scanDiagnosticText, scanDump, scanJson, scanNdjson, scanNdjsonSummary, scanSeverity, STALE_NOTE, type ScanJsonDiagnostic, type ScannedImage } from '../../render/scan.js';
import type { Style } from '../../render/style.js';
import { safeText } from '../../render/messages.js';
import { readError } from '../io.js';

export interface ScanCliOptions {
  json?: boolean;
  ndjson?: boolean;
  format?: string;
  all?: boolean;
  validate?: boolean;
  extract?: string;
  layout?: string[];
}

export interface ScanIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** for the image "-" */
  stdin?: NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
  write(s: string): void;
  flush(): void;
}

const PROFILES_DIR = new URL('../../../profiles/', import.meta.url);

/** The built-in database (profiles/index.json) and the --layout files: revision -> profile. */
export function loadProfiles(layouts: string[], fail: (msg: string) => void): Map<number, LayoutProfile> | null {
  const map = new Map<number, LayoutProfile>();
  try {
    const index = JSON.parse(readFileSync(new URL('index.json', PROFILES_DIR), 'utf8')) as { revisions: Array<{ revision: string; profile: string | null }> };
    const cache = new Map<string, LayoutProfile>();
    for (const e of index.revisions) {
      if (e.profile === null) continue;
      let p = cache.get(e.profile);
      if (!p) {
        const r = parseProfile(readFileSync(new URL(e.profile, PROFILES_DIR), 'utf8'));
        if ('error' in r) throw new Error(`profiles/${e.profile}: ${r.error}`);
        cache.set(e.profile, (p = r));
      }
      map.set(Number.parseInt(e.revision, 16), { ...p, revision: Number.parseInt(e.revision, 16) });
    }
  } catch (e) {
    fail(`the built-in layout database cannot be read: ${(e as Error).message}`);
    return null;
  }
  for (const file of layouts) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      fail(`cannot read layout profile '${safeText(file)}': ${readError(e)}`);
      return null;
    }
    const r = parseProfile(text);
    if ('error' in r) {
      fail(`layout profile '${safeText(file)}': ${safeText(r.error)}`);
      return null;
    }
    map.set(r.revision, r);
  }
  return map;
}


/** Registers `vmcs scan` on the program (src/cli/program.ts). */
export function register(r: import('../program.js').Registry): void {
  const cmd = r.program
    .command('scan')
    .description('find VMCS regions in a memory image (raw, LiME, ELF core): KVM vmcs12, Hyper-V eVMCS, hardware pages of known layouts')
    .argument('<images...>', 'memory images')
    .option('--json', 'print one JSON document')
    .option('--ndjson', 'print one JSON line per region')
    .option('--format <form>', 'table, dump (what vmcs annotate reads; the default when stdout is not a terminal), json or ndjson')
    .option('--all', 'also list the candidates that are not regions, with the reason')
    .option('--validate', 'confirm each region by walking the host page tables from HOST_CR3 (slower)')
    .option('--extract <dir>', 'write each region to DIR (and the layout profile of hardware pages)')
    .option('--layout <file>', 'a layout profile to use besides the built-in ones (repeatable)', (v: string, prev: string[] = []) => [...prev, v]);
  r.colorOptions(cmd);
  r.quiet(cmd, 'the exit status says whether a region was found');
  cmd.action(async (images: string[], o: ScanCliOptions & { color?: boolean | string }) => {
      const { io, out } = r.ctx;
      r.setCode(await scanCommand(images, o, { stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, write: (s) => out.write(s), flush: () => out.flush() }, await r.ctx.styles(o)));
    });
}
export async function scanCommand(images: string[], o: ScanCliOptions, io: ScanIO, styles: { c: Style; e: Style }): Promise<number> {
  const { c, e } = styles;
  const fail = (msg: string): void => void io.stderr.write(`vmcs scan: ${e.error('error')}: ${msg}\n`);
  const format = o.json ? 'json' : o.ndjson ? 'ndjson' : (o.format ?? (io.stdout.isTTY ? 'table' : 'dump'));
  if (!['table', 'dump', 'json', 'ndjson'].includes(format)) {
    fail(`--format '${o.format}': expected table, dump, json or ndjson`);
    return 2;
  }
  if (o.json && o.ndjson) {
    fail('--json and --ndjson exclude each other');
    return 2;
  }
  const profiles = loadProfiles(o.layout ?? [], fail);
  if (!profiles) return 2;
  let trouble = false;
  let found = 0;
  const done: ScannedImage[] = [];
  const unreadable: ScanJsonDiagnostic[] = [];
  if (images.filter((i) => i === '-').length > 1) {
    fail('standard input ("-") can be given only once');
    return 2;
  }
  if (images.includes('-') && o.validate) {
    fail('--validate reads the image at random places: give a file, not standard input');
    return 2;
  }
  for (const given of images) {
    const image = given === '-' ? '<stdin>' : given;
    const scanner = new Scanner({ profiles, keepRejected: o.all === true, keepBytes: o.extract !== undefined });
    if (given === '-') {
      // a raw or LiME image streamed in (`ssh host cat /dev/crash | vmcs scan -`); an ELF core needs its file (its segments are read by offset)
      for await (const chunk of io.stdin ?? []) scanner.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (scanner.kind === 'elf') {
        const message = 'an ELF core cannot be read from standard input (its segments are read by offset): give its file';
        fail(message);
        unreadable.push({ source: '<stdin>', severity: 'error', code: 'unreadable', message });
        trouble = true;
        continue;
      }
    } else try {
      // Raw and LiME images are read whole, in order. An ELF core is read up to its headers, then
      // only the ranges its PT_LOAD segments map (a /proc/kcore file is mostly holes). One buffer
      // is reused for every read: the scanner copies what it keeps.
      const fh = await open(image, 'r');
      try {
        const buf = new Uint8Array(1 << 20);
        let pos = 0;
        for (;;) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) break;
          scanner.push(buf.subarray(0, bytesRead));
          pos += bytesRead;
          if (scanner.kind === 'elf') break;
        }
        for (const r of scanner.rangesToRead() ?? []) {
          scanner.skipTo(r.start);
          for (let p = r.start; p < r.end; ) {
            const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, r.end - p), p);
            if (bytesRead === 0) break;
            scanner.push(buf.subarray(0, bytesRead));
            p += bytesRead;
          }
        }
      } finally {
        await fh.close();
      }
    } catch (err) {
      const message = `cannot read '${safeText(image)}': ${readError(err)}`;
      fail(message);
      unreadable.push({ source: image, severity: 'error', code: 'unreadable', message });
      trouble = true;
      continue;
    }
    const result = scanner.end();
    for (const d of result.diagnostics) {
      const serious = scanSeverity(d) === 'error';
      if (serious) trouble = true;
      io.stderr.write(`vmcs scan: ${serious ? e.error('error') : e.warning('warning')}: ${image}: ${scanDiagnosticText(d)}\n`);
    }
    const s: ScannedImage = { image, result };
    if (o.validate && result.regions.length > 0) {
      const fh = await open(image, 'r');
      try {
        s.validations = await validateRegions(result.regions, result.container.segments, async (offset, length) => {
          const buf = new Uint8Array(length);
          const { bytesRead } = await fh.read(buf, 0, length, offset);
          return buf.subarray(0, bytesRead);
        });
      } finally {
        await fh.close();
      }
    }
    found += result.regions.length;
    if (o.extract !== undefined) {
      try {
        mkdirSync(o.extract, { recursive: true });
        const written = new Set<number>();
        for (const r of result.regions) {
          const name = `${given === '-' ? 'stdin' : basename(image)}-${r.offset.toString(16).padStart(9, '0')}-${r.format}.bin`;
          writeFileSync(join(o.extract, name), r.bytes!);
          if (r.format === 'hardware' && !written.has(r.revision)) {
            written.add(r.revision);
            const p = profiles.get(r.revision)!;
            writeFileSync(join(o.extract, `profile-0x${r.revision.toString(16).padStart(2, '0')}.json`), JSON.stringify({ ...p, revision: '0x' + p.revision.toString(16) }, null, 1) + '\n');
          }
        }
      } catch (err) {
        fail(`--extract ${o.extract}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return 2;
      }
    }
    if (format === 'table') io.write(renderScan(c, s, o.all === true));
    else if (format === 'ndjson') io.write(scanNdjson(s, o.all === true));
    done.push(s);
  }
  if (format === 'json') io.write(scanJson(done, o.all === true, unreadable));
  else if (format === 'ndjson') io.write(scanNdjsonSummary(done, unreadable));
  else if (format === 'dump') io.write(scanDump(done));
  else if (format === 'table' && found > 0) io.write(c.note(STALE_NOTE) + '\n');
  if (o.extract !== undefined && found > 0 && format === 'table') io.write(c.note(`Extracted to ${o.extract}/: vmcs annotate FILE.bin (vmcs12, eVMCS), or --layout ${o.extract}/profile-0xNN.json for hardware pages.`) + '\n');
  io.flush();
  return trouble ? 2 : found > 0 ? 0 : 1;
}
