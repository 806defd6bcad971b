/** Loading what options name in files (Node I/O): --layout profiles and --caps sources. */
import { readFileSync } from 'node:fs';
import type { Style } from '../render/style.js';
import { readAll, readError, type CliIO } from './io.js';

/** Read a --layout profile; an error is reported and undefined returned as `null`. */
export async function readLayout(file: string, cmd: string, e: Style, io: CliIO): Promise<import('../regions/types.js').LayoutProfile | null> {
  const { parseProfile } = await import('../regions/hardware.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read layout profile '${file}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}\n`);
    return null;
  }
  const p = parseProfile(text);
  if ('error' in p) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: layout profile '${file}': ${p.error}\n`);
    return null;
  }
  return p;
}

/**
 * Capabilities from a built-in profile name, a file, or "-" (standard input). Errors are
 * one line on stderr; null means the source could not be used.
 */
export async function loadCaps(spec: string, cmd: string, e: Style, io: CliIO): Promise<import('../caps/types.js').Caps | null> {
  const { findProfile, profileCaps } = await import('../caps/profiles.js');
  const profile = findProfile(spec);
  if (profile && !(spec.includes('/') || spec.includes('.'))) return profileCaps(profile);
  let text: string;
  try {
    text = spec === '-' ? await readAll(io.stdin) : readFileSync(spec, 'utf8');
  } catch (err) {
    if (profile) return profileCaps(profile);
    const { suggestProfiles } = await import('../caps/profiles.js');
    const near = suggestProfiles(spec);
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file, and no built-in profile of that name (vmcs caps --list shows them)${near.length ? `; did you mean ${near.join(', ')}?` : ''}` : readError(err);
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: cannot read capabilities '${spec}': ${why}\n`);
    return null;
  }
  const { parseCaps } = await import('../caps/parse.js');
  const source = spec === '-' ? '<stdin>' : spec;
  const r = parseCaps(text, source);
  if ('error' in r) {
    io.stderr.write(`vmcs ${cmd}: ${e.error('error')}: ${source}: ${r.error}\n`);
    return null;
  }
  const { capsDiagnosticLine } = await import('../render/caps.js');
  // Notes (severity info) say what a source leaves out; `vmcs caps` shows them, `check` does not.
  for (const d of r.diagnostics) if (d.severity !== 'info' || cmd === 'caps') io.stderr.write(capsDiagnosticLine(e, d, source) + '\n');
  return r.caps;
}

