/** `vmcs encode NAME...`: field names to encodings. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, type CommonOptions, type Ctx } from '../io.js';

const EXAMPLES = `
Examples:
  $ vmcs encode GUEST_CR0                 0x00006800
  $ vmcs encode "guest cr0" Guest-RIP     names, aliases and SDM titles, any case
  $ vmcs encode EPT_POINTER_HIGH          the high half of a 64-bit field
  $ vmcs encode --json VMCS_64BIT_GUEST_LINK_POINTER
  $ printf 'GUEST_RSP\\nGUEST_RIP\\n' | vmcs encode`;

export function register(r: Registry): void {
  r.quiet(
    r.common(
      r.program
      .command('encode')
      .description('field names (SDM titles, or Linux, Xen, Bochs, ia32-doc, VirtualBox, rust x86 ... identifiers) to 32-bit encodings')
      .argument('[names...]', 'field names; read from standard input, one per line, when none are given')
      .addHelpText('after', EXAMPLES),
    ),
    'the exit status says whether every input is valid',
  ).action(r.withInputs(encodeCommand));
}

/** Unknown names that get suggestions, per run. */
const SUGGESTIONS = 1000;

export async function encodeCommand(inputs: string[], o: CommonOptions, ctx: Ctx): Promise<number> {
  if (!o.json) {
    // The hot path of scripts: the build's name index alone, no table parsed. Any name it does
    // not know goes the full way below, for the same output and the suggestions.
    const { plainEncode } = await import('../fast.js');
    const text = plainEncode(inputs);
    if (text !== null) {
      ctx.out.write(text);
      ctx.out.flush();
      return EXIT_OK;
    }
  }
  const { encode } = await import('../../table/fields.js');
  // "Did you mean" for the first SUGGESTIONS unknown names; past them, the names are still reported.
  let budget = SUGGESTIONS;
  const results = inputs.map((name) => {
    const r = encode(name, { suggest: budget > 0 });
    if (!r.ok) budget--;
    return r;
  });
  if (o.json) {
    const { jsonEncode } = await import('../../render/json.js');
    ctx.out.write(JSON.stringify(results.map((r) => ({ schema: 'vmcs/encode/v1', ...jsonEncode(r) })), null, 2) + '\n');
  } else {
    // One encoding per line: nothing to load a renderer for (this is the hot path of scripts).
    for (const r of results) if (r.ok) ctx.out.write(r.encoding + '\n');
  }
  ctx.out.flush();
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return EXIT_OK;
  const { e } = await ctx.styles(o);
  const { formatMessage } = await import('../../render/messages.js');
  for (const r of failed) if (!r.ok) ctx.io.stderr.write(`vmcs encode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
  return EXIT_INVALID;
}

