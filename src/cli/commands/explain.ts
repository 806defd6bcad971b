/** `vmcs explain FIELD VALUE`: one value bit by bit. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, type CommonOptions, type Ctx } from '../io.js';
import { fitter } from '../width.js';

const EXAMPLES = `
Examples:
  $ vmcs explain EXIT_REASON 0x80000021           VM-entry failure, invalid guest state
  $ vmcs explain GUEST_CS_AR_BYTES a09b           a 64-bit code segment
  $ vmcs explain EXIT_QUALIFICATION 0x83 --reason 48
  $ vmcs explain CPU_BASED_VM_EXEC_CONTROL b5986dfa --all
  $ vmcs explain --json VMX_INSTRUCTION_INFO 0x20000000 --reason VMREAD
  $ vmcs explain VM_EXIT_INTR_ERROR_CODE 0x18 --vector 13   an error code, by its event's vector
  $ vmcs explain EPT_ENTRY 0x800000010f3c9077     also MSR_ENTRY, PI_DESC, PID_POINTER_ENTRY, VE_INFO
  $ vmcs explain VMX_PREEMPTION_TIMER_VALUE 0x1000 --caps rdmsr.txt   the count in TSC ticks`;

export function register(r: Registry): void {
  r.common(
    r.program
      .command('explain')
      .description('one field\'s value, bit by bit, in the SDM\'s words')
      .argument('<field>', 'name, alias, title or encoding (EXIT_REASON, "guest cr0", 0x4402)')
      .argument('<value>', 'the value in hex, 0x optional, as dumps print it ("-": read it from standard input)')
      .option('--reason <reason>', 'exit reason, for the exit qualification and instruction information: 48, 0x30, EPT_VIOLATION, "EPT violation"')
      .option('--vector <n>', 'vector of the exiting event, for the qualification of exception exits (reason 0): 1 (#DB) or 14 (#PF)')
      .option('--all', 'also list the bits that are clear')
      .option('--caps <source>', 'capability MSRs (file, built-in profile, local, - for stdin): the preemption timer also in TSC ticks (IA32_VMX_MISC[4:0])')
      .addHelpText('after', EXAMPLES),
  ).action(async (fieldText: string, valueText: string, o: CommonOptions & { reason?: string; vector?: string; all?: boolean; caps?: string }) => {
    r.setCode(await explainCommand(fieldText, valueText, o, r.ctx));
  });
}

export async function explainCommand(
  fieldText: string,
  valueText: string,
  o: CommonOptions & { reason?: string; vector?: string; all?: boolean; caps?: string },
  ctx: Ctx,
): Promise<number> {
  const { explain } = await import('../../bits/explain.js');
  const { formatMessage } = await import('../../render/messages.js');
  const { c, e } = await ctx.styles(o);
  if (valueText === '-') {
    // the value from standard input (`... | vmcs explain EXIT_QUALIFICATION - --reason 48`): its words, lines joined
    if (o.caps === '-') {
      ctx.io.stderr.write(`vmcs explain: ${e.error('error')}: standard input ("-") can be given only once\n`);
      return EXIT_USAGE;
    }
    const { readAll } = await import('../io.js');
    valueText = (await readAll(ctx.io.stdin)).trim().split(/\s+/).join(' ');
  }
  let vector: number | undefined;
  if (o.vector !== undefined) {
    vector = /^0x/i.test(o.vector) ? parseInt(o.vector, 16) : Number(o.vector);
    if (!Number.isInteger(vector) || vector < 0 || vector > 255) {
      ctx.io.stderr.write(`vmcs explain: ${e.error('error')}: --vector '${o.vector}' is not a vector (0-255)\n`);
      return EXIT_USAGE;
    }
  }
  let caps: import('../../caps/types.js').Caps | undefined;
  if (o.caps !== undefined) {
    const { loadCaps } = await import('../load.js');
    const loaded = await loadCaps(o.caps, 'explain', e, ctx.io);
    if (loaded === null) return EXIT_USAGE;
    caps = loaded;
  }
  const r = explain(fieldText, valueText, { reason: o.reason, vector, all: o.all, caps });
  if (o.json) {
    const { jsonExplain } = await import('../../render/json.js');
    ctx.out.write(JSON.stringify({ schema: 'vmcs/explain/v1', ...jsonExplain(r, { field: fieldText, value: valueText }) }, null, 2) + '\n');
  } else if (r.ok) {
    const { renderExplain } = await import('../../render/human.js');
    ctx.out.write((await fitter(o, ctx.io))(renderExplain(c, r)));
  }
  ctx.out.flush();
  if (!r.ok) {
    ctx.io.stderr.write(`vmcs explain: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
    return EXIT_INVALID;
  }
  for (const d of r.diagnostics) ctx.io.stderr.write(`vmcs explain: ${e.warning('warning')}: ${formatMessage(d)}\n`);
  return EXIT_OK;
}

