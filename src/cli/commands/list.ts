/** `vmcs list [PATTERN]`: the field table, filtered. */
import { Option } from 'commander';
import type { Registry } from '../program.js';
import { EXIT_INVALID, type CommonOptions } from '../io.js';
import { fitter } from '../width.js';

const EXAMPLES = `
Examples:
  $ vmcs list                       every field
  $ vmcs list cr0                   fields whose name, alias or title mentions CR0
  $ vmcs list --type host --width natural
  $ vmcs list --high --json         also the high halves of 64-bit fields`;

export function register(r: Registry): void {
  r.common(
    r.program
      .command('list')
      .description('the field table, filtered')
      .argument('[pattern]', 'keep fields whose name, an alias or the title contains this (case and punctuation ignored)')
      .addOption(new Option('--type <type>', 'only fields of this type').choices(['control', 'exit-info', 'guest', 'host']))
      .addOption(new Option('--width <width>', 'only fields of this width').choices(['16', '32', '64', 'natural']))
      .option('--high', 'also list the high halves of 64-bit fields')
      .addHelpText('after', EXAMPLES),
    '--columns',
  ).action(async (pattern: string | undefined, o: CommonOptions & { type?: string; width?: string; high?: boolean; columns?: number }) => {
    const { list } = await import('../../table/fields.js');
    const entries = list({ pattern, type: o.type as never, width: o.width as never, high: o.high });
    const { c } = await r.ctx.styles(o);
    if (o.json) {
      const { withHexEncoding } = await import('../../render/json.js');
      r.ctx.out.write(JSON.stringify(entries.map((e) => ({ schema: 'vmcs/list/v1', ...withHexEncoding(e) })), null, 2) + '\n');
    }
    else {
      const { renderList } = await import('../../render/human.js');
      r.ctx.out.write((await fitter({ columns: o.columns }, r.ctx.io))(renderList(c, entries)));
    }
    r.ctx.out.flush();
    if (entries.length === 0 && pattern !== undefined) r.setCode(EXIT_INVALID);
  });
}
