/** `vmcs encode NAME...`: field names to encodings. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, JsonArrayWriter, type CommonOptions, type Ctx } from '../io.js';

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

export async function encodeCommand(inputs: AsyncIterable<string[]>, o: CommonOptions, ctx: Ctx): Promise<number> {
  // "Did you mean" for the first SUGGESTIONS unknown names; past them, the names are still reported.
  let budget = SUGGESTIONS;
  let failures = 0;
  const json = o.json ? new JsonArrayWriter(ctx.out) : null;
  // one batch of lines at a time (INPUT_BATCH of stdin), each answered before the next is read
  for await (const batch of inputs) {
    if (!o.json) {
      // The hot path of scripts: the build's name index alone, no table parsed (./fast.ts, as the
      // small bundle runs it). Any name it does not know goes the full way below, for the same
      // output and the suggestions.
      const text = (await import('../fast.js')).plainEncode(batch);
      if (text !== null) {
        ctx.out.write(text);
        await ctx.out.ready();
        continue;
      }
    }
    const { encode } = await import('../../table/fields.js');
    const results = batch.map((name) => {
      const r = encode(name, { suggest: budget > 0 });
      if (!r.ok) budget--;
      return r;
    });
    if (json) {
      const { jsonEncode } = await import('../../render/json.js');
      for (const r of results) json.item({ schema: 'vmcs/encode/v1', ...jsonEncode(r) });
    } else {
      // One encoding per line: nothing to load a renderer for.
      const { formatEncoding } = await import('../../table/encoding.js');
      for (const r of results) if (r.ok) ctx.out.write(formatEncoding(r.encoding) + '\n');
    }
    ctx.out.flush();
    if (results.some((r) => !r.ok)) {
      const { e } = await ctx.styles(o);
      const { formatMessage } = await import('../../render/messages.js');
      for (const r of results) {
        if (r.ok) continue;
        failures++;
        ctx.io.stderr.write(`vmcs encode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
      }
    }
    await ctx.out.ready();
  }
  json?.end();
  ctx.out.flush();
  return failures === 0 ? EXIT_OK : EXIT_INVALID;
}
