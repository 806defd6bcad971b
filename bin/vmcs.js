#!/usr/bin/env node
// The `vmcs` command. npm run build bundles the command line into one script,
// dist/cli/bundle/main.js, explain, annotate and check each into one of their own
// (dist/cli/bundle/<command>.js), and plain `vmcs encode NAME...` and `vmcs decode ENC...` into a
// small one, dist/cli/bundle/fast.js (scripts/bundle-cli.mjs); the bundles read the table's parts
// from dist/cli/bundle/table.dat as they need them. This file compiles the one a run needs with
// node:vm and the V8 code cache of the command being run (dist/cli/bundle/cache/: bytecode, so that
// nothing is parsed or compiled again): one file read instead of ~100 ES modules resolved, read and
// compiled (ARCHITECTURE.md, "Start-up"). Without the bundles (a build by tsc alone), or with
// VMCS_NO_BUNDLE=1, it imports dist/cli/main.js.
// This file is CommonJS (bin/package.json): Node starts a CommonJS main module for a tenth of a
// start-up less than an ES module.
'use strict';
const fs = require('node:fs');
const vm = require('node:vm');
const { join } = require('node:path');

/** The commands of src/cli/commands/index.ts, each with a code cache of its own (test/cli-lazy.test.js checks). */
const COMMANDS = ['encode', 'decode', 'list', 'explain', 'annotate', 'check', 'caps', 'diff', 'template', 'scan', 'generate', 'completion'];

/** The commands with a bundle of their own, dist/cli/bundle/<command>.js (scripts/bundle-cli.mjs). */
const APART = ['explain', 'annotate', 'check'];

/** Which code cache a run uses: its command (plain `encode NAME...` and `decode ENC...` apart, as main.ts runs them apart), or help. */
function cacheName(args) {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  if (!COMMANDS.includes(name)) return 'help';
  return (name === 'encode' || name === 'decode') && args[0] === name && args.length > 1 && words.length === args.length ? `${name}-plain` : name;
}

const dir = join(__dirname, '..', 'dist', 'cli');

/**
 * A bundle's exports, run with the code cache `cache`, and a function that saves that cache
 * when there was none; null without the bundle.
 */
function bundle(name, cache) {
  if (process.env.VMCS_NO_BUNDLE) return null;
  const filename = join(dir, 'bundle', `${name}.js`);
  let source;
  try {
    source = fs.readFileSync(filename, 'latin1');
  } catch {
    return null;
  }
  // The bundle's first line is `// <16 hex digits naming the build>`: a cache is for one build only.
  const cacheDir = join(dir, 'bundle', 'cache');
  const cacheFile = join(cacheDir, `${cache}-${source.slice(3, 19)}-${process.version}-${process.arch}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet: this run writes it
  }
  const script = new vm.Script(source, { filename, cachedData });
  const module = { exports: {} };
  // The bundle is one function expression: (function (exports, require, module, __filename, __dirname, __vmcs_cli) {...});
  // __vmcs_cli(rel) is the file: URL of dist/cli/<rel> (a module's import.meta.url), node:url loaded on first use only.
  const url = (rel) => new URL(rel, require('node:url').pathToFileURL(dir + '/')).href;
  script.runInThisContext()(module.exports, require, module, filename, dir, url);
  // A cache V8 rejects (other V8 flags) is left alone; a missing one is written once, whole or not at all.
  const save = () => {
    if (cachedData !== undefined) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
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

// A reader that goes away (`| head`) ends the command quietly; any other write error (a full
// disk, EIO) is one line on stderr and status 2, never a stack trace.
let writeFailure;
const onWriteError = (e) => {
  if (e && e.code === 'EPIPE') process.exit(0);
  process.stderr.write(writeFailure(e) + '\n');
  process.exit(2);
};

/**
 * Standard output when it is a file or /dev/null: written with fs.writeSync, as Node's own
 * stream for a file writes it (synchronously, in order), but without building that stream, which
 * loads Node's stream modules (~10 % of a start-up). A terminal, a pipe or another device:
 * process.stdout. A write error goes to onWriteError, as the stream's 'error' event does.
 */
function fileStdout() {
  try {
    const st = fs.fstatSync(1);
    if (!st.isFile() && !(st.isCharacterDevice() && st.rdev === fs.statSync('/dev/null').rdev)) return null;
  } catch {
    return null;
  }
  const stdout = {
    fd: 1,
    writableNeedDrain: false,
    // written before write() returns: a caller may reuse the bytes it gave (src/cli/io.ts, Out.writeBytes)
    sync: true,
    write(chunk, encoding, cb) {
      try {
        const b = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : chunk;
        for (let at = 0; at < b.length; ) at += fs.writeSync(1, b, at);
      } catch (e) {
        onWriteError(e);
      }
      const done = typeof encoding === 'function' ? encoding : cb;
      if (typeof done === 'function') process.nextTick(done);
      return true;
    },
    // never 'drain' (never full), never 'error' (onWriteError ends the process)
    on: () => stdout,
    once: () => stdout,
    off: () => stdout,
    removeListener: () => stdout,
  };
  return stdout;
}
const file = fileStdout();
const stdout = file ?? process.stdout;
if (!file) stdout.on('error', onWriteError);

async function main() {
  const args = process.argv.slice(2);
  const cache = cacheName(args);
  if (cache === 'encode-plain' || cache === 'decode-plain') {
    // Every name in the build's index (every encoding valid, off a terminal): answered here.
    // Anything else goes the full way: messages, suggestions, colour.
    const fast = bundle('fast', `${cache}-fast`);
    const text = cache === 'encode-plain' ? fast?.plainEncode(args.slice(1)) : fast?.plainDecode(args.slice(1), stdout, process.env);
    if (typeof text === 'string') {
      writeFailure = fast.writeFailure;
      stdout.write(text);
      fast.save();
      return;
    }
  }
  // explain, annotate and check have a bundle of their own (APART in scripts/bundle-cli.mjs): the
  // CLI with that command only. A build without them runs main.js.
  const own = APART.includes(cache) ? bundle(cache, cache) : null;
  const cli = own ?? bundle('main', cache) ?? { ...(await import('../dist/cli/main.js')), save: () => {} };
  writeFailure = cli.writeFailure;
  try {
    process.exitCode = await cli.runCli(process.argv, cli.processIO(stdout));
    cli.save();
  } catch (e) {
    if (e && typeof e === 'object' && e.syscall === 'write') onWriteError(e);
    process.stderr.write(`vmcs: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70;
  }
}

main();
