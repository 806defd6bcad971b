/** `vmcs decode ENCODING...`: encodings to names, widths, types. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, type CommonOptions, type Ctx } from '../io.js';
import { fitter } from '../width.js';

const EXAMPLES = `
Examples:
  $ vmcs decode 0x6800 4402 0x2001
  $ vmcs decode --json 0x0000681e
  $ vmcs encode GUEST_RIP | vmcs decode`;

export function register(r: Registry): void {
  r.quiet(
    r.common(
      r.program
      .command('decode')
      .description('32-bit encodings (hex, 0x optional) to name, title, width, type, index and access')
      .argument('[encodings...]', 'encodings; read from standard input, one per line, when none are given')
      .addHelpText('after', EXAMPLES),
    ),
    'the exit status says whether every input is valid',
  ).action(r.withInputs(decodeCommand));
}

export async function decodeCommand(inputs: string[], o: CommonOptions, ctx: Ctx): Promise<number> {
  const { decode } = await import('../../table/fields.js');
  const results = inputs.map(decode);
  const { c, e } = await ctx.styles(o);
  if (o.json) {
    const { jsonDecode } = await import('../../render/json.js');
    ctx.out.write(JSON.stringify(results.map((r) => ({ schema: 'vmcs/decode/v1', ...jsonDecode(r) })), null, 2) + '\n');
  } else {
    const { renderDecode } = await import('../../render/human.js');
    ctx.out.write((await fitter(o, ctx.io))(renderDecode(c, results)));
  }
  ctx.out.flush();
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return EXIT_OK;
  const { formatMessage } = await import('../../render/messages.js');
  for (const r of failed) if (!r.ok) ctx.io.stderr.write(`vmcs decode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
  return EXIT_INVALID;
}

