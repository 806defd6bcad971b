// The CLI loads only the module of the command being run; `vmcs --help` lists the others from
// src/cli/commands/index.ts. Each entry there must say what its module registers.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { Command, Help } from 'commander';
import { COMMANDS } from '../dist/cli/commands/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

const vmcs = (...args) => spawnSync(process.execPath, [join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

// Which modules a run loads, seen through a loader hook that logs every dist/ URL it resolves.
function loaded(...args) {
  const hook = `data:text/javascript,${encodeURIComponent(
    `export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/dist/')) process.stderr.write('LOADED ' + r.url.split('/dist/')[1] + '\\n'); return r; }`,
  )}`;
  const reg = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hook)});`)}`;
  const r = spawnSync(process.execPath, ['--import', reg, join(root, 'bin', 'vmcs.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return new Set([...r.stderr.matchAll(/^LOADED (.*)$/gm)].map((m) => m[1]));
}

test('a command loads its own module only: annotate never loads scan or generate', () => {
  const mods = loaded('annotate', join(root, 'examples', 'pairs.log'));
  assert.ok(mods.has('cli/commands/annotate.js'), [...mods].join(' '));
  for (const m of mods) assert.doesNotMatch(m, /^(scan|generate)\/|commands\/(scan|generate|check|caps)\.js/);
});

test('--help lists every command without loading any command module', () => {
  const mods = loaded('--help');
  for (const m of mods) assert.doesNotMatch(m, /commands\/(?!index)/);
  const out = vmcs('--help').stdout;
  for (const entry of COMMANDS) assert.match(out, new RegExp(`^  ${entry.name} `, 'm'));
});
