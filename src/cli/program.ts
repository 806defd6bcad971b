/**
 * Every command but the fast path of main.ts goes through commander here: the program, the
 * options every command shares, and one register() per command (./commands/). Only the module
 * of the command being run is loaded; the others are listed for help from ./commands/index.ts.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { safeText } from '../render/messages.js';
import { EXIT_OK, EXIT_USAGE, Out, inputsFrom, version, type CommonOptions, type Ctx } from './io.js';
import { withJsonErrors } from './json-errors.js';
import { COMMANDS } from './commands/index.js';

/** What a command's register() gets. */
export interface Registry {
  program: Command;
  ctx: Ctx;
  /** Adds --json, --color=WHEN, --no-color and --width N (--columns N for list, whose --width filters fields). */
  common(cmd: Command, widthFlag?: '--width' | '--columns'): Command;
  /** Adds --color=WHEN and --no-color (for a command that does not take common()). */
  colorOptions(cmd: Command): Command;
  /** Adds -q/--quiet: nothing on standard output, the exit status is the answer. */
  quiet(cmd: Command, what?: string): Command;
  /** An action over arguments, or standard input lines when there are none. */
  withInputs(run: (inputs: AsyncIterable<string[]>, o: CommonOptions, ctx: Ctx) => Promise<number>): (items: string[], o: CommonOptions, cmd: Command) => Promise<void>;
  setCode(code: number): void;
}

/** `--color=auto|always|never` (ripgrep's and git's spelling) and `--no-color`. */
export function colorOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--color <when>', 'colour: auto (on a terminal), always or never').choices(['auto', 'always', 'never']))
    .option('--no-color', 'never use colour (also NO_COLOR=1; same as --color=never)');
}

function parseWidth(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('a number of columns (0: no wrapping)');
  return Number(v);
}

export async function runProgram(argv: string[], ctx0: Ctx): Promise<number> {
  return withJsonErrors(argv, ctx0, (ctx) => runCommander(argv, ctx));
}

async function runCommander(argv: string[], ctx: Ctx): Promise<number> {
  const { io, out } = ctx;
  // wrap.js is loaded only on a terminal: in a pipe help is printed whole, as any output
  const helpFit = io.stdout.isTTY ? await (await import('./width.js')).fitter({}, io) : (s: string): string => s;
  let code = EXIT_OK;
  const commonOptions = (cmd: InstanceType<typeof Command>, widthFlag: '--width' | '--columns' = '--width') =>
    colorOptions(cmd.option('--json', 'print JSON (stable shapes, see the README)')).addOption(
      new Option(`${widthFlag} <n>`, 'wrap human output to N columns (0: never; default: the terminal width, no wrapping off a terminal)')
        .argParser(parseWidth),
    );
  const quiet = (cmd: InstanceType<typeof Command>, what = 'the exit status is the answer') =>
    cmd.option('-q, --quiet', `print nothing on standard output: ${what} (messages on standard error stay)`);
  // -q: the command writes into nothing; its exit status is the same.
  const quietOut = new Out({ write: () => true } as unknown as NodeJS.WritableStream);

  const program = new Command('vmcs')
    .description('Intel VT-x VMCS fields: encode names, decode encodings, annotate dumps (SDM Vol. 3, Appendix B).')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      // help is human output too: fitted to the terminal (its examples and notes are hand-written lines)
      writeOut: (s) => io.stdout.write(helpFit(s)),
      writeErr: (s) => io.stderr.write(s),
      // One line per error: commander's "(Did you mean --json?)" joins the message line.
      outputError: (s, write) => write('vmcs: ' + safeText(s.trimEnd().replace(/\n+/g, ' ')) + '\n'),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 done; 1 some input could not be resolved or was invalid (check: a rule fails); 2 usage error or
unreadable file; 3 (annotate, check) no VMCS field to read or no rule to evaluate. The README lists them per command.
Colour only on a terminal; --color=auto|always|never, --no-color, NO_COLOR and FORCE_COLOR are honoured.`,
    )
    .hook('preAction', (_, action) => {
      if (action.opts().quiet === true) ctx.out = quietOut;
    });

  const withInputs =
    (run: (inputs: AsyncIterable<string[]>, o: CommonOptions, ctx: Ctx) => Promise<number>) =>
    async (items: string[], o: CommonOptions, cmd: InstanceType<typeof Command>) => {
      const inputs = inputsFrom(items, io);
      if (inputs === null) {
        cmd.outputHelp({ error: true });
        code = EXIT_USAGE;
        return;
      }
      code = await run(inputs, o, ctx);
    };

  const r: Registry = {
    program,
    ctx,
    common: commonOptions,
    quiet,
    colorOptions,
    withInputs,
    setCode: (c) => {
      code = c;
    },
  };
  // The command being run: the first word that is not an option (commander's own rule, as the
  // program has no option taking a value), or the one `help` names.
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const wanted = words[0] === 'help' ? words[1] : words[0];
  // `completion` (and the man page built from it) reads every command's options off commander.
  const all = wanted === 'completion';
  for (const entry of COMMANDS) {
    if (all || entry.name === wanted) (await entry.load()).register(r);
    // Listed for help only: the same term and description, never run.
    else {
      const stub = program.command(entry.name).description(entry.description);
      if (!entry.noOptions) stub.option('--json');
      if (entry.args) stub.arguments(entry.args);
    }
  }

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      out.flush();
      // --help and --version succeed; help shown because no command was given is a usage error.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      // commander already printed its one-line message
      return EXIT_USAGE;
    }
    throw e;
  }
  out.flush();
  return code;
}

