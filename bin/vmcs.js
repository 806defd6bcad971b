#!/usr/bin/env node
// The `vmcs` command. npm run build bundles the command line into one script, dist/cli/bundle.js
// (scripts/bundle-cli.mjs), which this file compiles with node:vm and the V8 code cache of the
// command being run (dist/cli/cache/: bytecode, so nothing is parsed or compiled twice): one file
// read instead of ~100 ES modules resolved, read and compiled (ARCHITECTURE.md, "Start-up").
// Without the bundle, or on a Node without process.getBuiltinModule, it imports dist/cli/main.js.
// No `import` statement here: an ES module facade of node:fs costs more than the rest of encode.

/** The commands of src/cli/commands/index.ts, each with a code cache of its own (test/cli-lazy.test.js checks). */
const COMMANDS = ['encode', 'decode', 'list', 'explain', 'annotate', 'check', 'caps', 'diff', 'template', 'scan', 'generate', 'completion'];

/** Which code cache a run uses: its command (plain `encode NAME...` and `decode ENC...` apart, as main.ts runs them apart), or help. */
function cacheName(args) {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  if (!COMMANDS.includes(name)) return 'help';
  return (name === 'encode' || name === 'decode') && args[0] === name && args.length > 1 && words.length === args.length ? `${name}-plain` : name;
}

/** runCli and writeFailure from the bundle, and a function that saves its code cache when there was none. */
async function load() {
  const builtin = process.getBuiltinModule;
  const cli = new URL('../dist/cli/', import.meta.url);
  let source;
  try {
    if (builtin) source = builtin('node:fs').readFileSync(new URL('bundle.js', cli), 'latin1');
  } catch {
    // no bundle (a build by tsc alone): the modules themselves
  }
  if (source === undefined || process.env.VMCS_NO_BUNDLE) return { ...(await import('../dist/cli/main.js')), save: () => {} };
  const fs = builtin('node:fs');
  const vm = builtin('node:vm');
  const { fileURLToPath } = builtin('node:url');
  const cacheFile = new URL(`cache/${cacheName(process.argv.slice(2))}-${process.version}-${process.arch}.bin`, cli);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet: this run writes it
  }
  const filename = fileURLToPath(new URL('bundle.js', cli));
  const script = new vm.Script(source, { filename, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, builtin, module, filename, fileURLToPath(cli), cli.href);
  // A cache V8 rejects (other V8 flags) is left alone; a missing one is written once, whole or not at all.
  const save = () => {
    if (cachedData !== undefined) return;
    const tmp = fileURLToPath(cacheFile) + `.${process.pid}.tmp`;
    try {
      fs.mkdirSync(new URL('cache/', cli), { recursive: true });
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // a read-only install: no cache, the same output
      try {
        fs.unlinkSync(tmp);
      } catch {
        // never written
      }
    }
  };
  return { ...module.exports, save };
}

const { runCli, writeFailure, save } = await load();

// A reader that goes away (`| head`) ends the command quietly; any other write error (a full
// disk, EIO) is one line on stderr and status 2, never a stack trace.
const onWriteError = (e) => {
  if (e && e.code === 'EPIPE') process.exit(0);
  process.stderr.write(writeFailure(e) + '\n');
  process.exit(2);
};
process.stdout.on('error', onWriteError);
try {
  process.exitCode = await runCli(process.argv);
  save();
} catch (e) {
  if (e && typeof e === 'object' && e.syscall === 'write') onWriteError(e);
  process.stderr.write(`vmcs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
