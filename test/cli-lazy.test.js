// Start-up: bin/vmcs.js runs the CLI from one bundle (dist/cli/bundle/main.js; explain, annotate
// and check from a bundle of their own; plain `encode` and `decode` from dist/cli/bundle/fast.js) with a V8 code cache per command, and each ES module of dist/
// becomes a function in the bundle that runs on its first import: running one command must not
// run the other commands' code. Which module functions ran is read off V8's coverage of the bundle.
// `vmcs --help` lists the commands from src/cli/commands/index.ts: each entry there must say what
// its module registers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Command, Help } from 'commander';
import { COMMANDS } from '../dist/cli/commands/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_V8_COVERAGE;
delete env.VMCS_NO_BUNDLE;

for (const entry of COMMANDS) {
  test(`commands/index.ts: ${entry.name} is listed with the term and description its module registers`, async () => {
    const real = new Command('vmcs');
    (await entry.load()).register({ program: real, ctx: null, common: (c) => c.option('--json'), colorOptions: (c) => c, quiet: (c) => c, withInputs: () => async () => {}, setCode: () => {} });
    const stub = new Command('vmcs');
    const cmd = stub.command(entry.name).description(entry.description);
    if (!entry.noOptions) cmd.option('--json');
    if (entry.args) cmd.arguments(entry.args);
    const help = new Help();
    const [r] = real.commands;
    const [s] = stub.commands;
    assert.equal(help.subcommandTerm(s), help.subcommandTerm(r));
    assert.equal(s.description(), r.description());
  });
}

test('bin/vmcs.js names every command of commands/index.ts (one code cache each)', () => {
  const m = /const COMMANDS = \[([^\]]*)\]/.exec(readFileSync(join(root, 'bin', 'vmcs.js'), 'utf8'));
  assert.ok(m, 'no COMMANDS list in bin/vmcs.js');
  assert.deepEqual([...m[1].matchAll(/'([a-z]+)'/g)].map((x) => x[1]), COMMANDS.map((e) => e.name));
});

const vmcs = (...args) => spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env });

/** The modules whose code ran, per bundle ('main', 'encode'), from V8's coverage of a run. */
function ran(...args) {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-cov-'));
  try {
    const r = spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env: { ...env, NODE_V8_COVERAGE: dir } });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const out = new Map();
    for (const f of readdirSync(dir)) {
      for (const script of JSON.parse(readFileSync(join(dir, f), 'utf8')).result) {
        const m = /\/dist\/cli\/bundle\/(\w+)\.js$/.exec(script.url);
        if (!m) continue;
        const source = readFileSync(fileURLToPath(script.url), 'latin1');
        const mods = new Set();
        // esbuild's wrapper of each module: "dist/table/table.js"() { ... } or "node_modules/...js"(exports, module) { ... }
        for (const fn of script.functions) {
          const at = fn.ranges[0];
          const w = /^"((?:dist|node_modules)\/[^"]+)"\(/.exec(source.slice(at.startOffset, at.startOffset + 200));
          if (w && at.count > 0) mods.add(w[1]);
        }
        out.set(m[1], mods);
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a command runs its own modules only: annotate never runs scan, generate, check or caps code', () => {
  const mods = ran('annotate', join(root, 'examples', 'pairs.log')).get('annotate');
  assert.ok(mods, 'the annotate bundle did not run');
  assert.ok(mods.has('dist/cli/commands/annotate.js'), [...mods].join(' '));
  assert.ok(mods.has('dist/annotate/index.js'));
  for (const m of mods) assert.doesNotMatch(m, /^dist\/(scan|generate|check|caps|template|diff)\/|commands\/(?!annotate|index)/);
  // its own bundle holds no other command
  const own = readFileSync(join(root, 'dist', 'cli', 'bundle', 'annotate.js'), 'latin1');
  assert.ok(own.includes('"dist/cli/commands/annotate.js"'));
  for (const other of ['check', 'explain', 'caps', 'scan', 'encode']) assert.ok(!own.includes(`"dist/cli/commands/${other}.js"`), other);
});

test('check runs the rules, and no other command', () => {
  const mods = ran('check', join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt')).get('check');
  assert.ok(mods.has('dist/cli/commands/check.js') && mods.has('dist/check/check.js'), [...mods].join(' '));
  for (const m of mods) assert.doesNotMatch(m, /^dist\/(scan|generate|template|diff)\/|commands\/(?!check|index)/);
});

test('--help lists every command without running any command module', () => {
  const mods = ran('--help').get('main');
  for (const m of mods) assert.doesNotMatch(m, /commands\/(?!index)/);
  const out = vmcs('--help').stdout;
  for (const entry of COMMANDS) assert.match(out, new RegExp(`^  ${entry.name} `, 'm'));
});

test('plain encode runs from its own small bundle, and a name not in the index takes the full way', () => {
  const fast = ran('encode', 'GUEST_RIP', 'guest cr0');
  assert.deepEqual([...fast.keys()], ['fast']);
  assert.ok(!fast.get('fast').has('dist/table/fields-data.js'));
  assert.equal(vmcs('encode', 'GUEST_RIP', 'guest cr0').stdout, '0x0000681e\n0x00006800\n');
  const full = ran('encode', 'GUEST_RIPX');
  assert.ok(full.get('main').has('dist/table/fields-data.js'));
  const r = vmcs('encode', 'GUEST_RIPX');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown field name 'GUEST_RIPX'; did you mean GUEST_RIP/);
});

test('plain decode runs from the small bundle, with the output of the full way, for every encoding of the table', () => {
  const table = JSON.parse(readFileSync(join(root, 'fields.json'), 'utf8'));
  const all = table.fields.flatMap((f) => [f.encoding, ...(f.high ? [f.high.encoding] : [])]);
  // and valid encodings no field uses: "(unassigned)"
  const inputs = [...all, '0x6830', '4030', '0x0036'];
  const fast = ran('decode', ...inputs.slice(0, 3));
  assert.deepEqual([...fast.keys()], ['fast']);
  assert.ok(!fast.get('fast').has('dist/table/fields-data.js'));
  const plain = vmcs('decode', ...inputs);
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(plain.stdout, vmcs('decode', '--color=never', ...inputs).stdout);
  assert.equal(plain.stdout.split('\n').length, inputs.length + 1);
  // not an encoding: the full way, its message and status
  const bad = vmcs('decode', '0x6800', 'zz');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^vmcs decode: error: .*zz/m);
  assert.equal(bad.stdout, vmcs('decode', '--color=never', '0x6800').stdout);
});

test('the code cache: written when missing, used, and a damaged one is ignored', () => {
  // A copy of the installed layout: bin/, dist/cli/bundle/ (the bundles and the table they read) and package.json, no cache yet.
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-cache-'));
  try {
    mkdirSync(join(dir, 'dist', 'cli', 'bundle'), { recursive: true });
    cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    for (const f of ['main.js', 'explain.js', 'fast.js', 'table.dat']) cpSync(join(root, 'dist', 'cli', 'bundle', f), join(dir, 'dist', 'cli', 'bundle', f));
    const run = (...args) => spawnSync(process.execPath, [join(dir, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env });
    const want = vmcs('explain', 'EXIT_REASON', '0x80000021').stdout;
    assert.ok(want.length > 0);
    const build = readFileSync(join(dir, 'dist', 'cli', 'bundle', 'explain.js'), 'latin1').slice(3, 19);
    assert.match(build, /^[0-9a-f]{16}$/);
    const cache = join(dir, 'dist', 'cli', 'bundle', 'cache', `explain-${build}-${process.version}-${process.arch}.bin`);
    assert.equal(run('explain', 'EXIT_REASON', '0x80000021').stdout, want);
    assert.ok(readFileSync(cache).length > 1000, 'no cache written');
    assert.equal(run('explain', 'EXIT_REASON', '0x80000021').stdout, want);
    writeFileSync(cache, 'not a V8 code cache');
    const r = run('explain', 'EXIT_REASON', '0x80000021');
    assert.equal(r.stdout, want);
    assert.equal(r.stderr, '');
    assert.equal(readFileSync(cache, 'utf8'), 'not a V8 code cache', 'a rejected cache is left alone');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
