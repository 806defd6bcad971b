/** Loading what options name in files (Node I/O): --layout profiles and --caps sources. */
import { safeText } from '../render/messages.js';
import type { Style } from '../render/style.js';
import { readAll, readError, readFileBounded, type CliIO } from './io.js';

const MAX_CAPS_DIAGNOSTICS = 1000;

/** Read a --layout profile; an error is reported and undefined returned as `null`. */
export async function readLayout(file: string, cmd: string, e: Style, io: CliIO): Promise<import('../regions/types.js').LayoutProfile | null> {
  const { parseProfile } = await import('../regions/hardware.js');
  let text: string;
  try {
    text = await readFileBounded(file, 16 * 1024 * 1024);
  } catch (err) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read layout profile '${safeText(file)}': ${readError(err)}\n`);
    return null;
  }
  const p = parseProfile(text);
  if ('error' in p) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: layout profile '${safeText(file)}': ${safeText(p.error)}\n`);
    return null;
  }
  return p;
}

/** `--caps local` or `local:N`: the running CPU (N, default 0); a file of that name is `./local`. */
export const LOCAL_CAPS = /^local(?::(\d+))?$/;

/**
 * The running CPU's capability MSRs (/dev/cpu/N/msr, src/cli/local-msr.ts), as `caps --local` and
 * `--caps local` read them. An error is one line on stderr, `what` naming the option; null returned.
 */
export async function loadLocalCaps(
  cpu: number,
  what: string,
  cmd: string,
  e: Style,
  io: Pick<CliIO, 'env' | 'stderr'>,
  dev?: import('./local-msr.js').MsrDevice,
): Promise<import('../caps/types.js').Caps | null> {
  const { readLocalMsrs } = await import('./local-msr.js');
  const r = readLocalMsrs(cpu, io.env, dev);
  if ('error' in r) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: ${what}: ${r.error}\n`);
    return null;
  }
  const { parseCaps } = await import('../caps/parse.js');
  const p = parseCaps(r.text, `CPU ${cpu} (${r.device})`);
  if ('error' in p) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: ${what}: ${p.error}\n`);
    return null;
  }
  return p.caps;
}

/**
 * Capabilities from a built-in profile name, `local` (the running CPU), a file, or "-" (standard
 * input). Errors are one line on stderr; null means the source could not be used.
 */
export async function loadCaps(spec: string, cmd: string, e: Style, io: CliIO): Promise<import('../caps/types.js').Caps | null> {
  const local = LOCAL_CAPS.exec(spec);
  if (local) return loadLocalCaps(Number(local[1] ?? 0), cmd === 'caps' ? spec : `--caps ${spec}`, cmd, e, io);
  const { findProfile, profileCaps } = await import('../caps/profiles.js');
  const profile = findProfile(spec);
  if (profile && !(spec.includes('/') || spec.includes('.'))) return profileCaps(profile);
  let text: string;
  try {
    if (spec === '-' && io.stdin.isTTY) io.stderr.write(`vmcs ${cmd}: reading capability MSRs from the terminal; end them with Ctrl-D\n`);
    text = spec === '-' ? await readAll(io.stdin) : await readFileBounded(spec);
  } catch (err) {
    if (profile) return profileCaps(profile);
    const { suggestProfiles } = await import('../caps/profiles.js');
    const near = suggestProfiles(spec);
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file, and no built-in profile of that name (vmcs caps --list shows them)${near.length ? `; did you mean ${near.join(', ')}?` : ''}` : readError(err);
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read capabilities '${safeText(spec)}': ${why}\n`);
    return null;
  }
  const { parseCaps } = await import('../caps/parse.js');
  const source = spec === '-' ? '<stdin>' : spec;
  const r = parseCaps(text, source);
  if ('error' in r) {
    const why = r.error.startsWith(`${source}: `) ? r.error.slice(source.length + 2) : r.error;
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: ${safeText(source)}: ${safeText(why)}\n`);
    return null;
  }
  const { capsDiagnosticLine } = await import('../render/caps.js');
  // Notes (severity info) say what a source leaves out; `vmcs caps` shows them, `check` does not.
  // At most MAX_CAPS_DIAGNOSTICS lines, as annotate caps its own: junk appended to a source
  // is not a million lines on the terminal.
  const shown = r.diagnostics.filter((d) => d.severity !== 'info' || cmd === 'caps');
  for (const d of shown.slice(0, MAX_CAPS_DIAGNOSTICS)) io.stderr.write(capsDiagnosticLine(e, d, source) + '\n');
  if (shown.length > MAX_CAPS_DIAGNOSTICS) io.stderr.write(`vmcs: ${safeText(source)}: ${e.warning('warning')}: ${shown.length - MAX_CAPS_DIAGNOSTICS} more diagnostics not shown\n`);
  return r.caps;
}

