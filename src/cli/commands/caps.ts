/** `vmcs caps [SOURCE...]`: VMX capability MSRs decoded, or two compared. */
import { InvalidArgumentError } from 'commander';
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CommonOptions, type Ctx } from '../io.js';
import { loadCaps, loadLocalCaps } from '../load.js';
import { fitter } from '../width.js';

export type CapsCliOptions = CommonOptions & { diff?: boolean; list?: boolean; brief?: boolean; local?: boolean; cpuIndex?: number };

const EXAMPLES = `
SOURCE: a built-in profile (i7-9750h, ...; --list shows them), a file of "MSR VALUE" lines
(rdmsr-style), the output of QEMU's vmxcap, or a VirtualBox log; "-" or nothing: stdin.

Examples:
  $ vmcs caps i7-9750h
  $ vmcs caps --brief i7-9750h                vmxcap's view: yes, no, default, forced
  $ sudo vmcs caps --local                    this CPU (/dev/cpu/0/msr; modprobe msr)
  $ for m in $(seq 0x480 0x493); do v=$(sudo rdmsr -x $m 2>/dev/null) && echo $m 0x$v; done | vmcs caps
                                              every capability MSR, through msr-tools
  $ vmcs caps --diff i7-9750h i9-9980xe      what one CPU allows that the other does not
  $ sudo vmcs caps --local --diff i7-9750h   this CPU against a profile
  $ vmcs caps --json VBox.log`;

export function register(r: Registry): void {
  const cmd = r.common(
    r.program
      .command('caps')
      .description('decode VMX capability MSRs (IA32_VMX_BASIC 0x480 to IA32_VMX_EXIT_CTLS2 0x493), like vmxcap')
      .argument('[sources...]', 'a built-in profile, a file of MSR values, vmxcap output or a VirtualBox log; "-" or nothing for standard input')
      .option('--diff', 'compare two sources: what each allows that the other does not')
      .option('--list', 'list the built-in CPU profiles')
      .option('--brief', "named bits only, as QEMU's vmxcap prints them: yes, no, default, forced")
      .option('--local', "read this CPU's capability MSRs from /dev/cpu/N/msr (root, msr module); it comes before any other source")
      .option('--cpu-index <n>', 'with --local: the CPU to read (default 0)', (v: string) => {
        if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a CPU number');
        return Number(v);
      })
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
    if (o.json) out.write(JSON.stringify(profiles.map((p) => ({ schema: 'vmcs/caps-profiles/v1', name: p.name, kind: p.kind ?? 'silicon', aliases: p.aliases, cpu: p.cpu, citation: p.citation, ...(p.assumed ? { assumed: p.assumed } : {}) })), null, 2) + '\n');
    else {
      const { renderProfileList } = await import('../../render/caps.js');
      out.write(fit(renderProfileList(c, profiles)));
    }
    out.flush();
    return EXIT_OK;
  }
  const loaded: import('../../caps/types.js').Caps[] = [];
  if (o.local) {
    const caps = await loadLocalCaps(o.cpuIndex ?? 0, '--local', 'caps', e, io);
    if (!caps) return EXIT_USAGE;
    loaded.push(caps);
  } else if (o.cpuIndex !== undefined) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: --cpu-index goes with --local\n`);
    return EXIT_USAGE;
  }
  if (sources.length === 0 && !o.local) {
    if (io.stdin.isTTY) {
      io.stderr.write(`vmcs caps: ${e.error('error')}: give a source (a profile, a file, or "-" for standard input); vmcs caps --list shows the profiles\n`);
      return EXIT_USAGE;
    }
    sources = ['-'];
  }
  if (o.diff && sources.length + loaded.length !== 2) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: --diff compares two sources, got ${sources.length + loaded.length}\n`);
    return EXIT_USAGE;
  }
  if (sources.filter((s) => s === '-').length > 1) {
    io.stderr.write(`vmcs caps: ${e.error('error')}: standard input can be only one of the sources\n`);
    return EXIT_USAGE;
  }
  for (const s of sources) {
    const caps = await loadCaps(s, 'caps', e, io);
    if (!caps) return EXIT_USAGE;
    loaded.push(caps);
  }
  const { decodeCaps, diffCaps } = await import('../../caps/decode.js');
  const render = await import('../../render/caps.js');
  if (o.diff) {
    const d = diffCaps(loaded[0]!, loaded[1]!);
    out.write(o.json ? JSON.stringify({ schema: 'vmcs/caps-diff/v1', ...render.jsonCapsDiff(d) }, null, 2) + '\n' : fit(render.renderCapsDiff(c, d)));
    out.flush();
    // as git diff --quiet: the status says whether they differ
    if (o.quiet && !d.same) return EXIT_INVALID;
  } else if (o.json) {
    const reports = loaded.map((x) => ({ schema: 'vmcs/caps/v1', ...render.jsonCaps(decodeCaps(x)) }));
    out.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + '\n');
  } else out.write(fit(loaded.map((x) => (o.brief ? render.renderCapsBrief : render.renderCaps)(c, decodeCaps(x))).join('\n')));
  out.flush();
  return EXIT_OK;
}
