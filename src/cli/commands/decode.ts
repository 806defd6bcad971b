/** `vmcs decode ENCODING...`: encodings to names, widths, types. */
import type { Registry } from '../program.js';
import { EXIT_INVALID, EXIT_OK, JsonArrayWriter, type CommonOptions, type Ctx } from '../io.js';
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

export async function decodeCommand(inputs: AsyncIterable<string[]>, o: CommonOptions, ctx: Ctx): Promise<number> {
  const { decode } = await import('../../table/fields.js');
  const { c, e } = await ctx.styles(o);
  const { formatMessage } = await import('../../render/messages.js');
  // one batch of lines at a time (INPUT_BATCH of stdin), each answered before the next is read
  const json = o.json ? new JsonArrayWriter(ctx.out) : null;
  const { jsonDecode } = o.json ? await import('../../render/json.js') : { jsonDecode: null };
  const { renderDecode } = o.json ? { renderDecode: null } : await import('../../render/human.js');
  const fit = o.json ? null : await fitter(o, ctx.io);
  let failures = 0;
  for await (const batch of inputs) {
    const results = batch.map(decode);
    if (json) for (const r of results) json.item({ schema: 'vmcs/decode/v1', ...jsonDecode!(r) });
    else ctx.out.write(fit!(renderDecode!(c, results)));
    ctx.out.flush();
    for (const r of results) {
      if (r.ok) continue;
      failures++;
      ctx.io.stderr.write(`vmcs decode: ${e.error('error')}: ${formatMessage(r.diagnostic)}\n`);
    }
    await ctx.out.ready();
  }
  json?.end();
  ctx.out.flush();
  return failures === 0 ? EXIT_OK : EXIT_INVALID;
}
