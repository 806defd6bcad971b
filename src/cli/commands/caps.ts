/** `vmcs caps [SOURCE...]`: VMX capability MSRs decoded, or two compared. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CommonOptions, type Ctx } from '../io.js';
import { loadCaps } from '../load.js';
import { fitter } from '../width.js';

export type CapsCliOptions = CommonOptions & { diff?: boolean; list?: boolean };

const EXAMPLES = `
SOURCE: a built-in profile (i7-9750h, ...; --list shows them), a file of "MSR VALUE" lines
(rdmsr-style), the output of QEMU's vmxcap, or a VirtualBox log; "-" or nothing: stdin.

Examples:
  $ vmcs caps i7-9750h
  $ for m in 0x480 0x481 0x482; do echo $m $(rdmsr -x $m); done | vmcs caps
  $ vmcs caps --diff i7-9750h i9-9980xe      what one CPU allows that the other does not
  $ vmcs caps --json VBox.log`;

export function register(r: Registry): void {
  const cmd = r.common(
    r.program
      .command('caps')
      .description('decode VMX capability MSRs (IA32_VMX_BASIC 0x480 to IA32_VMX_EXIT_CTLS2 0x493), like vmxcap')
      .argument('[sources...]', 'a built-in profile, a file of MSR values, vmxcap output or a VirtualBox log; "-" or nothing for standard input')
      .option('--diff', 'compare two sources: what each allows that the other does not')
      .option('--list', 'list the built-in CPU profiles')
      .addHelpText('after', EXAMPLES),
  );
  r.quiet(cmd, 'with --diff, the exit status is 1 when the two differ, as git diff --quiet');
  cmd.action(async (sources: string[], o: CapsCliOptions) => {
    r.setCode(await capsCommand(sources, o, r.ctx));
  });
}

export async function capsCommand(sources: string[], o: CapsCliOptions, ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  const { c, e } = await ctx.styles(o);
  const fit = await fitter(o, io);
  if (o.list) {
    const { profiles } = await import('../../caps/profiles.js');
    if (o.json) out.write(JSON.stringify(profiles.map((p) => ({ name: p.name, aliases: p.aliases, cpu: p.cpu, citation: p.citation, ...(p.assumed ? { assumed: p.assumed } : {}) })), null, 2) + '\n');
    else for (const p of profiles) out.write(fit(`${c.name(p.name.padEnd(12))}  ${p.cpu}${p.aliases.length ? c.note(` (also: ${p.aliases.join(', ')})`) : ''}\n`));
    out.flush();
    return EXIT_OK;
  }
  if (sources.length === 0) {
    if (io.stdin.isTTY) {
      io.stderr.write(`vmcs caps: ${e.error('error')}: give a source (a profile, a file, or "-" for standard input); vmcs caps --list shows the profiles\n`);
      return EXIT_USAGE;
    }
    sources = ['-'];
  }
  if (o.diff && sources.length !== 2) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: --diff compares two sources, got ${sources.length}\n`);
    return EXIT_USAGE;
  }
  if (sources.filter((s) => s === '-').length > 1) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: standard input can be only one of the sources\n`);
    return EXIT_USAGE;
  }
  const loaded: import('../../caps/types.js').Caps[] = [];
  for (const s of sources) {
    const caps = await loadCaps(s, 'caps', e, io);
    if (!caps) return EXIT_USAGE;
    loaded.push(caps);
  }
  const { decodeCaps, diffCaps } = await import('../../caps/decode.js');
  const render = await import('../../render/caps.js');
  if (o.diff) {
    const d = diffCaps(loaded[0]!, loaded[1]!);
    out.write(o.json ? JSON.stringify(render.jsonCapsDiff(d), null, 2) + '\n' : fit(render.renderCapsDiff(c, d)));
    out.flush();
    // as git diff --quiet: the status says whether they differ
    if (o.quiet && !d.same) return EXIT_INVALID;
  } else if (o.json) {
    const reports = loaded.map((x) => render.jsonCaps(decodeCaps(x)));
    out.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  } else out.write(fit(loaded.map((x) => render.renderCaps(c, decodeCaps(x))).join('\n')));
  out.flush();
  return EXIT_OK;
}
