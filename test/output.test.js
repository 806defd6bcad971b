// Output for its three uses (issue 12): colour and quiet, width at a terminal, NDJSON and schemas
// in pipes and CI. CLI tests spawn bin/vmcs.js with NO_COLOR=1 unless a case sets the colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ANSI = /\u001b\[/;
const SAMPLE = 'test/fixtures/samples/01-kvm-5.15-proxmox-syslog.txt';

function vmcs(args, { input = '', env: extra = {} } = {}) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.COLUMNS;
  Object.assign(env, extra);
  const p = spawnSync(process.execPath, ['bin/vmcs.js', ...args], { cwd: ROOT, input, encoding: 'utf8', env, timeout: 20000 });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout, stderr: p.stderr };
}

// ---------------------------------------------------------------------------------------
// colour: --color=auto|always|never

test('--color: always colours off a terminal (even under NO_COLOR), never and --no-color win over FORCE_COLOR, auto is the default', () => {
  // [args, env, coloured]
  const cases = [
    [['list', 'cr0', '--color=always'], {}, true],
    [['list', 'cr0', '--color', 'always'], {}, true],
    [['list', 'cr0', '--color=auto'], {}, false],
    [['list', 'cr0', '--color=auto'], { FORCE_COLOR: '1' }, true],
    [['list', 'cr0', '--color=never'], { FORCE_COLOR: '1' }, false],
    [['list', 'cr0', '--no-color'], { FORCE_COLOR: '1' }, false],
    [['decode', '--color=always', '0x6800'], {}, true],
    [['annotate', '--color=always', 'examples/pairs.log'], {}, true],
    [['check', '--color=always', SAMPLE], {}, true],
    [['caps', '--color=always', 'i7-9750h'], {}, true],
    [['explain', '--color=always', 'EXIT_REASON', '0x80000021'], {}, true],
  ];
  for (const [args, env, coloured] of cases) {
    const r = vmcs(args, { env });
    assert.ok(r.code === 0 || r.code === 1, args.join(' ') + r.stderr);
    assert.equal(ANSI.test(r.stdout), coloured, args.join(' '));
  }
});

test('--color with another word is a usage error naming the choices', () => {
  const r = vmcs(['list', '--color=sometimes', 'cr0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /auto, always, never/);
  assert.equal(r.stdout, '');
});

test('--json stays plain under --color=always', () => {
  const r = vmcs(['decode', '--json', '--color=always', '0x6800']);
  assert.doesNotMatch(r.stdout, ANSI);
  JSON.parse(r.stdout);
});

// ---------------------------------------------------------------------------------------
// -q/--quiet: nothing on stdout, the status is the answer

test('-q prints nothing on stdout and keeps the exit status', () => {
  // [args, status]
  const cases = [
    [['check', '-q', SAMPLE], 1],
    [['check', '--quiet', 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt'], 0],
    [['annotate', '-q', 'examples/pairs.log'], 0],
    [['encode', '-q', 'GUEST_RIP'], 0],
    [['encode', '-q', 'GUEST_RIPX'], 1],
    [['decode', '-q', '0x6800'], 0],
    [['decode', '-q', '0x6801'], 1],
    [['caps', '-q', '--diff', 'i7-9750h', 'i9-9980xe'], 1],
    [['caps', '-q', '--diff', 'i7-9750h', 'i7-9750h'], 0],
    [['check', '-q', 'no/such/file'], 2],
  ];
  for (const [args, status] of cases) {
    const r = vmcs(args);
    assert.equal(r.code, status, args.join(' ') + '\n' + r.stderr);
    assert.equal(r.stdout, '', args.join(' '));
  }
});

test('caps --diff without -q still exits 0 when the sources differ', () => {
  assert.equal(vmcs(['caps', '--diff', 'i7-9750h', 'i9-9980xe']).code, 0);
});
