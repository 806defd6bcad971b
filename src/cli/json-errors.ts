/**
 * With --json (--ndjson, --format json), the last error line is kept: an error before any output
 * (a usage error, an unusable --caps, --cpu or --layout) still prints valid JSON,
 * {"schema": "vmcs/error/v1", "error": {code, message}}. Shared by commander's way
 * (./program.ts) and the plain annotate and check of ./main.ts, which load no commander.
 */
import { EXIT_USAGE, type CliIO, type Ctx } from './io.js';

export async function withJsonErrors(argv: string[], ctx0: Ctx, run: (ctx: Ctx) => Promise<number>): Promise<number> {
  const args = argv.slice(2);
  const json = args.some((a, i) => a === '--json' || a === '--ndjson' || a === '--format=json' || a === '--format=ndjson' || (a === '--format' && /^(nd)?json$/.test(args[i + 1] ?? '')));
  let lastError = '';
  const stderr0 = ctx0.io.stderr;
  const stderr = json
    ? (Object.assign(Object.create(stderr0) as NodeJS.WritableStream, {
        write: (s: string | Uint8Array, ...rest: unknown[]): boolean => {
          if (typeof s === 'string' && / error: /.test(s)) lastError = s;
          return (stderr0.write as (...a: unknown[]) => boolean).call(stderr0, s, ...rest);
        },
      }) as CliIO['stderr'])
    : stderr0;
  // (not a spread of ctx0.io: that would build standard input through its getter)
  const io0 = ctx0.io;
  const ctx: Ctx = json
    ? {
        ...ctx0,
        io: {
          get stdin() {
            return io0.stdin;
          },
          stdout: io0.stdout,
          stderr,
          env: io0.env,
        },
      }
    : ctx0;
  const code = await run(ctx);
  if (json && code === EXIT_USAGE && ctx.out.written === 0) {
    // eslint-disable-next-line no-control-regex
    const message = lastError.replace(/\u001b\[[0-9;]*m/g, '').replace(/^vmcs(?: \w+)?: (?:error: )?/, '').trim() || 'usage error';
    ctx.out.write(JSON.stringify({ schema: 'vmcs/error/v1', error: { code: /cannot read|cannot write|cannot open|larger than/.test(message) ? 'unreadable' : 'usage', message } }) + '\n');
    ctx.out.flush();
  }
  return code;
}
