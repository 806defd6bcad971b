/** `vmcs completion bash|zsh|fish|man`: shell completion scripts and the manual page, from the command definitions. */
import { Argument, type Command } from 'commander';
import type { Registry } from '../program.js';
import { EXIT_OK, version } from '../io.js';
import type { ProgramModel } from '../../completion/index.js';

const EXAMPLES = `
Examples:
  $ source <(vmcs completion bash)                      in ~/.bashrc
  $ vmcs completion bash | sudo tee /etc/bash_completion.d/vmcs
  $ source <(vmcs completion zsh)                       in ~/.zshrc
  $ vmcs completion fish > ~/.config/fish/completions/vmcs.fish
  $ vmcs completion man | man -l -                      the manual page (installed with the package as vmcs(1))`;

export function register(r: Registry): void {
  r.program
    .command('completion')
    .description('print a shell completion script (bash, zsh, fish), or the manual page (man)')
    .addArgument(new Argument('<shell>', 'bash, zsh, fish, or man').choices(['bash', 'zsh', 'fish', 'man']))
    .addHelpText('after', EXAMPLES)
    .action(async (shell: 'bash' | 'zsh' | 'fish' | 'man') => {
      const { bashCompletion, zshCompletion, fishCompletion, manPage } = await import('../../completion/index.js');
      const model = await programModel(r.program);
      // the man page's date is the package's version date when SOURCE_DATE_EPOCH says so (reproducible builds)
      const epoch = Number(r.ctx.io.env.SOURCE_DATE_EPOCH);
      const date = (Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
      r.ctx.out.write(shell === 'bash' ? bashCompletion(model) : shell === 'zsh' ? zshCompletion(model) : shell === 'fish' ? fishCompletion(model) : manPage(model, date));
      r.ctx.out.flush();
      r.setCode(EXIT_OK);
    });
}

/** The command line as plain data, read from commander's definitions. */
export async function programModel(program: Command): Promise<ProgramModel> {
  const { profiles } = await import('../../caps/profiles.js');
  return {
    name: program.name(),
    version: version(),
    description: program.description(),
    profiles: ['local', ...profiles.flatMap((p) => [p.name, ...p.aliases])],
    exitStatus:
      '0 done; 1 some input could not be resolved or was invalid (check: a rule fails; scan: no region found; caps -q --diff: the two differ); 2 usage error or an input that cannot be read; 70 internal error.',
    commands: program.commands.map((c) => ({
      name: c.name(),
      description: c.description(),
      args: c.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' '),
      files: c.registeredArguments.some((a) => /^(files|sources|images)$/.test(a.name())),
      ...(c.registeredArguments[0]?.argChoices ? { values: c.registeredArguments[0].argChoices } : {}),
      options: c.options
        .filter((o) => !o.hidden)
        .map((o) => {
          const value = /<[^>]+>|\[[^\]]+\]/.exec(o.flags)?.[0];
          const m: ProgramModel['commands'][number]['options'][number] = { description: o.description };
          if (o.long) m.long = o.long;
          if (o.short) m.short = o.short;
          if (value) m.value = value;
          if (o.argChoices) m.choices = o.argChoices;
          if (o.long === '--caps') m.complete = 'caps';
          else if (o.long === '--layout' || o.long === '--extract' || o.long === '--out' || o.long === '--output') m.complete = 'file';
          return m;
        }),
    })),
  };
}
