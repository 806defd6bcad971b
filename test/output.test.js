// Output for its three uses (issue 12): colour and quiet, width at a terminal, NDJSON and schemas
// in pipes and CI. CLI tests spawn bin/vmcs.js with NO_COLOR=1 unless a case sets the colour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// ---------------------------------------------------------------------------------------
// width: human output fits the terminal

const { fitText, visibleWidth } = await import('../dist/render/wrap.js');
const strip = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
const widest = (s) => Math.max(0, ...strip(s).split('\n').map((l) => l.replace(/\r$/, '').length));

test('fitText: lines that fit are untouched; longer ones break at spaces under their column', () => {
  // [input, width, expected]
  const cases = [
    ['short line', 80, 'short line'],
    ['a b c', Infinity, 'a b c'],
    ['a b c', 0, 'a b c'],
    ['one two three four five six seven', 20, 'one two three four\n    five six seven'],
    ['  x  name  value  ' + 'word '.repeat(12).trim(), 40, '  x  name  value  word word word word\n     word word word word word word word\n     word'],
    ['x', 5, 'x'],
    ['abcdefghijklmnopqrstuvwxyzabcdefghij', 20, 'abcdefghijklmnopqrst\n    uvwxyzabcdefghij'],
    ['col1  col2  ' + 'long words in the last column that goes on '.repeat(2).trim(), 60, 'col1  col2  long words in the last column that goes on long\n            words in the last column that goes on'],
  ];
  for (const [input, width, expected] of cases) assert.equal(fitText(input, width), expected, JSON.stringify(input));
});

test('fitText: colour escapes take no width, and the colour in force goes on after a break', () => {
  const red = (s) => `\u001b[31m${s}\u001b[39m`;
  const text = `one ${red('two three four five six seven')} eight`;
  const out = fitText(text, 20);
  for (const line of out.split('\n')) assert.ok(visibleWidth(line) <= 20, line);
  assert.equal(strip(out).replace(/\s+/g, ' '), strip(text));
  // the second line starts red again, and the broken line resets
  assert.match(out.split('\n')[1], /^ +\u001b\[31m/);
  assert.match(out.split('\n')[0], /\u001b\[0m$/);
});

/** Runs bin/vmcs.js on a pseudo-terminal `cols` wide (test/pty-run.py), colour on. */
function onTerminal(cols, args, env = {}) {
  const e = { ...process.env, ...env };
  delete e.NO_COLOR;
  delete e.FORCE_COLOR;
  delete e.COLUMNS;
  const p = spawnSync('python3', ['test/pty-run.py', String(cols), process.execPath, 'bin/vmcs.js', ...args], { cwd: ROOT, encoding: 'utf8', env: e, timeout: 30000 });
  assert.equal(p.error, undefined, String(p.error));
  return { code: p.status, stdout: p.stdout };
}

const WIDE = [
  ['annotate', SAMPLE],
  ['annotate', '--brief', SAMPLE],
  ['check', SAMPLE],
  ['check', '--verbose', SAMPLE],
  ['caps', 'i7-9750h'],
  ['explain', 'VM_ENTRY_CONTROLS', '0x1d3ff'],
];

test('on a terminal of 80 and 120 columns no line of annotate, check, caps or explain is wider', () => {
  for (const cols of [80, 120])
    for (const args of WIDE) {
      const r = onTerminal(cols, args);
      assert.ok(r.code === 0 || r.code === 1, args.join(' '));
      assert.match(r.stdout, /\u001b\[/, 'coloured on a terminal');
      assert.ok(widest(r.stdout) <= cols, `${args.join(' ')} at ${cols}: ${widest(r.stdout)} columns`);
      assert.ok(widest(r.stdout) > cols - 20, `${args.join(' ')} at ${cols} uses the width`);
    }
});

test('on a terminal of 80 columns diff, template, caps --brief, check --list and every --help fit too', () => {
  const XEN = 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt';
  const cases = [
    ['diff', '--check', '--dumps', '1,1', SAMPLE, XEN],
    ['template', '--mode', 'long', '--caps', 'i7-9750h'],
    ['caps', '--brief', 'i7-9750h'],
    ['check', '--list'],
    ['--help'],
    ...['annotate', 'check', 'caps', 'explain', 'diff', 'template', 'scan', 'generate'].map((c) => [c, '--help']),
  ];
  for (const args of cases) {
    const r = onTerminal(80, args);
    assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')}: ${r.code}`);
    assert.ok(widest(r.stdout) <= 80, `${args.join(' ')} at 80: ${widest(r.stdout)} columns`);
  }
  // in a pipe they are whole lines, and the template's fitted comments stay comments (it is still a dump)
  assert.ok(widest(vmcs(['diff', '--dumps', '1,1', SAMPLE, XEN]).stdout) > 200);
  const fitted = strip(onTerminal(80, ['template', '--mode', 'long', '--caps', 'i7-9750h']).stdout).replace(/\r/g, '');
  assert.ok(widest(vmcs(['template', '--mode', 'long', '--caps', 'i7-9750h']).stdout) > 120);
  const checked = vmcs(['check', '--caps', 'i7-9750h', '--cpu', 'lma=1', '-'], { input: fitted });
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /0 failed, 200 passed/);
});

test('--width 0 on a terminal, and a pipe (whatever COLUMNS says), print whole lines; --width N fits a pipe', () => {
  assert.ok(widest(onTerminal(80, ['annotate', '--width', '0', SAMPLE]).stdout) > 200);
  assert.ok(widest(vmcs(['annotate', SAMPLE], { env: { COLUMNS: '80' } }).stdout) > 200);
  // [args, width]
  for (const [args, width] of [
    [['annotate', '--width', '60', SAMPLE], 60],
    [['check', '--width=100', SAMPLE], 100],
    [['caps', '--width', '72', 'i7-9750h'], 72],
    [['list', '--columns', '50', 'cr0'], 50],
  ]) {
    const r = vmcs(args);
    assert.ok(widest(r.stdout) <= width && widest(r.stdout) > width - 15, `${args.join(' ')}: ${widest(r.stdout)}`);
  }
  // list's own --width still filters by field width
  assert.match(vmcs(['list', '--width', 'natural', 'cr0']).stdout, /GUEST_CR0/);
  assert.equal(vmcs(['annotate', '--width', 'wide', SAMPLE]).code, 2);
});

test('annotate at 80 columns: one row per field, titles cut with an ellipsis, the words of the decodings kept', () => {
  const narrow = strip(vmcs(['annotate', '--width', '80', SAMPLE]).stdout);
  const wide = strip(vmcs(['annotate', SAMPLE]).stdout);
  assert.match(narrow, /^  0x00000000  VIRTUAL_PROCESSOR_ID +0x0003 +Virtual-proces…$/m);
  assert.match(narrow, /Activate\n +VMX-preemption timer/);
  assert.equal(narrow.split('\n').filter((l) => /^  0x/.test(l)).length, wide.split('\n').filter((l) => /^  0x/.test(l)).length);
});

// ---------------------------------------------------------------------------------------
// annotate: what matters first

const { annotate } = await import('../dist/index.js');
const { dumpOverview } = await import('../dist/annotate/overview.js');

test('dumpOverview: the guest mode from CR0, CR4, IA32_EFER (or the IA-32e entry control), CS access rights and RFLAGS.VM', () => {
  // [fields "NAME=value" lines, mode, paging, smm]
  const cases = [
    ['GUEST_CR0=0x50032', 'real', 'none', null],
    ['GUEST_CR0=0x11', 'protected', 'none', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x0', 'protected', '32-bit', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x20\nGUEST_IA32_EFER=0', 'protected', 'pae', null],
    ['GUEST_CR0=0x11\nGUEST_RFLAGS=0x20002', 'virtual-8086', 'none', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x20\nGUEST_IA32_EFER=0x500\nGUEST_CS_AR_BYTES=0xa09b', 'ia32e-64bit', '4-level', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x1020\nGUEST_IA32_EFER=0x500\nGUEST_CS_AR_BYTES=0xa09b', 'ia32e-64bit', '5-level', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x20\nGUEST_IA32_EFER=0x500\nGUEST_CS_AR_BYTES=0xc09b', 'ia32e-compatibility', '4-level', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x20\nVM_ENTRY_CONTROLS=0x13ff\nGUEST_CS_AR_BYTES=0xa09b', 'ia32e-64bit', '4-level', null],
    ['GUEST_CR0=0x80000011\nGUEST_CR4=0x20\nVM_ENTRY_CONTROLS=0x5ff', 'protected', 'pae', true],
  ];
  for (const [text, mode, paging, smm] of cases) {
    const o = dumpOverview(annotate(text.replace(/=/g, ' = ')).dumps[0]);
    assert.deepEqual([o.guest.mode, o.guest.paging, o.guest.smm], [mode, paging, smm], text);
  }
  assert.equal(dumpOverview(annotate('GUEST_RIP = 0x1000').dumps[0]).guest, null);
});

test('dumpOverview: exit reason, entry failure and VM-instruction error', () => {
  // [text, exit basic or null, entryFailure, instructionError, entryFailed]
  const cases = [
    ['VM_EXIT_REASON = 0x80000021', 33, true, null, true],
    ['VM_EXIT_REASON = 0x30', 48, false, null, false],
    ['VM_EXIT_REASON = 0x30\nVM_INSTRUCTION_ERROR = 7', 48, false, 7, true],
    ['VM_INSTRUCTION_ERROR = 0\nGUEST_RIP = 1', null, null, null, false],
  ];
  for (const [text, basic, failure, error, failed] of cases) {
    const o = dumpOverview(annotate(text).dumps[0]);
    assert.equal(o.exit?.basic ?? null, basic, text);
    assert.equal(o.exit?.entryFailure ?? null, failure, text);
    assert.equal(o.instructionError, error, text);
    assert.equal(o.entryFailed, failed, text);
  }
});

test('annotate opens a dump with the failed entry, the guest mode and the check hint; shows set default-1 controls; masks by their clear bits', () => {
  const r = vmcs(['annotate', SAMPLE]);
  const head = r.stdout.split('\n').slice(0, 5).join('\n');
  assert.match(head, /^  VM entry failed: exit reason 0x80000021, VM-entry failure due to invalid guest state$/m);
  assert.match(head, /^  Guest in real-address mode, paging off /m);
  assert.match(head, new RegExp(`^  Which check fails: vmcs check ${SAMPLE}$`, 'm'));
  assert.match(r.stdout, /VM_ENTRY_CONTROLS +0x0000d1ff .*\n +Load debug controls · Load IA32_PAT · Load IA32_EFER\n/);
  assert.match(r.stdout, /VM_EXIT_CONTROLS .*\n +Save debug controls · /);
  assert.match(r.stdout, /CR0_GUEST_HOST_MASK .*\n +host owns all but TS\n/);
  assert.doesNotMatch(r.stdout, /reserved bits? [0-9:, ]+ set/);
  // a plain exit: no hint; the failed entry is highlighted when coloured
  const plain = vmcs(['annotate'], { input: 'VM_EXIT_REASON = 0x30\nGUEST_CR0 = 0x80000031\n' }).stdout;
  assert.match(plain, /^  Exit reason 48 EPT violation \(0x00000030\)$/m);
  assert.doesNotMatch(plain, /vmcs check/);
  assert.match(vmcs(['annotate', '--color=always', SAMPLE]).stdout, /\u001b\[31m\u001b\[1mVM entry failed/);
});

// ---------------------------------------------------------------------------------------
// caps --brief and --local

test("caps --brief: vmxcap's view, named bits with yes/no/default/forced, no reserved rows, provenance on one line", () => {
  const r = vmcs(['caps', '--brief', 'i7-9750h']);
  assert.equal(r.code, 0);
  const lines = r.stdout.split('\n');
  assert.match(lines[0], /^VMX capabilities · profile i7-9750h · Intel Core i7-9750H · /);
  assert.match(lines[1], /^Basic VMX Information$/);
  // [row, word]
  for (const [name, word] of [
    ['External-interrupt exiting', 'yes'],
    ['Process posted interrupts', 'no'],
    ['CR3-load exiting', 'default'],
    ['Revision', '4'],
  ])
    assert.match(r.stdout, new RegExp(`^  ${name} +${word}$`, 'm'), name);
  assert.doesNotMatch(r.stdout, /Reserved|must be|can be/);
  for (const l of lines.slice(1)) if (l.startsWith('  ')) assert.match(l, /^  \S.{38}.* (yes|no|default|forced|unknown|\d+)$/, l);
  assert.ok(lines.length < 160, `${lines.length} lines`);
});

const { rmSync, mkdirSync } = await import('node:fs');

test('caps --local reads the capability MSRs from the msr device; clear one-line errors otherwise', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-local-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const report = JSON.parse(vmcs(['caps', '--json', 'i7-9750h']).stdout);
  // the msr driver: an 8-byte little-endian value at the MSR's index (a pread at offset = index)
  const values = new Map(report.msrs.filter((m) => m.value !== null).map((m) => [m.index, BigInt(m.value)]));
  const reads = [];
  const device = {
    open: () => 3,
    read: (_fd, msr, into) => {
      reads.push(msr);
      if (!values.has(msr)) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      new DataView(into.buffer).setBigUint64(0, values.get(msr), true);
      return 8;
    },
    close: () => {},
  };
  const list = [...values].map(([i, v]) => `0x${i.toString(16)} 0x${v.toString(16).padStart(16, '0')}\n`).join('');
  mkdirSync(join(dir, 'cpu0'));
  writeFileSync(join(dir, 'cpu0', 'msr'), '');
  writeFileSync(join(dir, 'msrs.txt'), list);
  const intel = join(dir, 'intel'), amd = join(dir, 'amd'), novmx = join(dir, 'novmx');
  writeFileSync(intel, 'vendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse vmx sse\n');
  writeFileSync(amd, 'vendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n');
  writeFileSync(novmx, 'vendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse sse\n');
  const env = (cpuinfo) => ({ VMCS_CPUINFO: cpuinfo, VMCS_MSR_DEVICE: join(dir, 'cpu{cpu}', 'msr') });

  const { readLocalMsrs } = await import('../dist/cli/local-msr.js');
  const r = readLocalMsrs(0, env(intel), device);
  assert.deepEqual(reads, Array.from({ length: 20 }, (_, i) => 0x480 + i), 'every capability MSR is read');
  assert.equal(r.text, list);
  assert.equal(r.device, join(dir, 'cpu0', 'msr'));
  assert.match(readLocalMsrs(0, env(intel), { ...device, read: () => { throw Object.assign(new Error('EIO'), { code: 'EIO' }); } }).error, /no IA32_VMX_BASIC/);
  // the CLI on an empty device file: the file opens, and IA32_VMX_BASIC is not there
  assert.match(vmcs(['caps', '--local'], { env: env(intel) }).stderr, /^vmcs caps: error: --local: .*gave no IA32_VMX_BASIC \(0x480\): this CPU has no VMX\n$/);

  // [args, cpuinfo, stderr]
  const cases = [
    [['caps', '--local'], amd, /--local: this CPU is not Intel \(AuthenticAMD\)/],
    [['caps', '--local'], novmx, /--local: this CPU does not report VMX/],
    [['caps', '--local', '--cpu-index', '3'], intel, /--local: no CPU 3 /],
    [['caps', '--cpu-index', '1', 'i7-9750h'], intel, /--cpu-index goes with --local/],
  ];
  for (const [args, cpuinfo, stderr] of cases) {
    const r = vmcs(args, { env: env(cpuinfo) });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  mkdirSync(join(dir, 'cpu1'));
  writeFileSync(join(dir, 'cpu1', 'cpuid'), '');
  assert.match(vmcs(['caps', '--local', '--cpu-index', '1'], { env: env(intel) }).stderr, /does not exist: load the msr module \(sudo modprobe msr\)/);
});

test('--caps local (local:N): check, diff --check, template, explain and caps read this CPU as caps --local does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-local-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'intel'), 'vendor_id\t: GenuineIntel\nflags\t\t: fpu vmx sse\n');
  writeFileSync(join(dir, 'amd'), 'vendor_id\t: AuthenticAMD\nflags\t\t: fpu svm\n');
  mkdirSync(join(dir, 'cpu0'));
  writeFileSync(join(dir, 'cpu0', 'msr'), '');
  const env = (cpu) => ({ VMCS_CPUINFO: join(dir, cpu), VMCS_MSR_DEVICE: join(dir, 'cpu{cpu}', 'msr') });
  // What --caps local reads, through a stand-in msr driver that holds the i7-9750H's values (a plain
  // file cannot be one: the driver's offsets are MSR indexes, 8 bytes each, so they overlap).
  const report = JSON.parse(vmcs(['caps', '--json', 'i7-9750h']).stdout);
  const values = new Map(report.msrs.filter((m) => m.value !== null).map((m) => [m.index, BigInt(m.value)]));
  const device = {
    open: () => 3,
    read: (_fd, msr, into) => {
      if (!values.has(msr)) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      new DataView(into.buffer).setBigUint64(0, values.get(msr), true);
      return 8;
    },
    close: () => {},
  };
  const { loadLocalCaps, LOCAL_CAPS } = await import('../dist/cli/load.js');
  const { plain } = await import('../dist/render/style.js');
  const lib = await import('../dist/index.js');
  const errors = [];
  const caps = await loadLocalCaps(0, '--caps local', 'check', plain, { env: env('intel'), stderr: { write: (s) => errors.push(s) } }, device);
  assert.deepEqual(errors, []);
  assert.equal(caps.source, `CPU 0 (${join(dir, 'cpu0', 'msr')})`);
  // the MSR values read are the ones the driver gave (the profile also carries CPU facts, the MSRs do not)
  const d = lib.diffCaps(caps, lib.profileCaps(lib.findProfile('i7-9750h')));
  assert.deepEqual([d.msrs, d.basic, d.misc, d.controls.flatMap((c) => c.bits), d.cr0.bits, d.cr4.bits], [[], [], [], [], [], []]);
  assert.deepEqual(['local', 'local:0', 'local:12', 'locale', 'local:x', './local'].map((s) => LOCAL_CAPS.test(s)), [true, true, true, false, false, false]);
  // Through the CLI (the msr device of a test is an empty file: it opens, and holds no IA32_VMX_BASIC),
  // every command that takes --caps goes the same way.
  for (const args of [['check', '--caps', 'local', SAMPLE], ['check', '--caps', 'local:0', SAMPLE], ['template', '--mode', 'long', '--caps', 'local'], ['diff', '--check', '--caps', 'local', '--dumps', '1,1', SAMPLE, SAMPLE], ['explain', '--caps', 'local', 'VMX_PREEMPTION_TIMER_VALUE', '5'], ['caps', 'local']]) {
    const r = vmcs(args, { env: env('intel') });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`^vmcs ${args[0]}: error: ${args[0] === 'caps' ? '' : '--caps '}local(:0)?: .*gave no IA32_VMX_BASIC \\(0x480\\): this CPU has no VMX\n$`), args.join(' '));
  }
  // the errors: one line naming the option, status 2, and the JSON error document
  // [args, cpuinfo, stderr]
  const cases = [
    [['check', '--caps', 'local', SAMPLE], 'amd', /^vmcs check: error: --caps local: this CPU is not Intel \(AuthenticAMD\)/],
    [['check', '--caps', 'local:3', SAMPLE], 'intel', /^vmcs check: error: --caps local:3: no CPU 3 /],
    [['template', '--mode', 'long', '--caps', 'local'], 'amd', /^vmcs template: error: --caps local: this CPU is not Intel/],
    [['diff', '--check', '--caps', 'local', '--dumps', '1,1', SAMPLE, SAMPLE], 'amd', /^vmcs diff: error: --caps local: this CPU is not Intel/],
  ];
  for (const [args, cpu, stderr] of cases) {
    const r = vmcs(args, { env: env(cpu) });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  assert.deepEqual(JSON.parse(vmcs(['check', '--json', '--caps', 'local', SAMPLE], { env: env('amd') }).stdout).error.code, 'usage');
  // This machine, as it is (no VMCS_* variables): either it reads the MSRs (root on an Intel CPU with
  // VMX and the msr module), or it says in one line why not. Which one depends on the machine;
  // both are checked for what they must be.
  const here = vmcs(['check', '--caps', 'local', SAMPLE]);
  if (here.code === 2) {
    assert.match(here.stderr, /^vmcs check: error: --caps local: (this CPU is not Intel|this CPU does not report VMX|.*does not exist: load the msr module|cannot open .*: reading MSRs needs root|.*gave no IA32_VMX_BASIC)/);
    assert.equal(here.stderr.trim().split('\n').length, 1);
  } else assert.match(here.stdout, /capabilities: CPU 0 \(\/dev\/cpu\/0\/msr\)/);
});

test('caps help reads every capability MSR, 0x480 to 0x493', () => {
  const help = vmcs(['caps', '--help']).stdout;
  assert.match(help, /seq 0x480 0x493/);
  assert.match(help, /--local/);
});

// ---------------------------------------------------------------------------------------
// --ndjson and --only

test('--ndjson: one JSON object per dump, then one summary object; each line parses alone', () => {
  // [args, dump lines, summary keys]
  const cases = [
    [['annotate', '--ndjson', 'examples/pairs.log', 'examples/pairs.log'], 2, ['type', 'diagnostics', 'summary']],
    [['annotate', '--ndjson', '--summary', SAMPLE], 0, ['type', 'exits', 'diagnostics', 'summary']],
    [['check', '--ndjson', 'examples/pairs.log', 'examples/pairs.log'], 2, ['type', 'caps', 'diagnostics', 'summary']],
    [['check', '--apply-fixes', '--ndjson', 'examples/pairs.log', 'examples/pairs.log'], 2, ['type', 'caps', 'diagnostics', 'summary']],
  ];
  for (const [args, dumps, keys] of cases) {
    const r = vmcs(args);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, dumps + 1, args.join(' '));
    for (const l of lines.slice(0, -1)) assert.equal(l.type, 'dump');
    assert.deepEqual(Object.keys(lines.at(-1)).filter((k) => k !== 'schema'), keys);
  }
  // the same dump as --json
  const nd = JSON.parse(vmcs(['annotate', '--ndjson', 'examples/pairs.log']).stdout.split('\n')[0]);
  const whole = JSON.parse(vmcs(['annotate', '--json', 'examples/pairs.log']).stdout);
  delete nd.type;
  delete nd.schema;
  assert.deepEqual(nd, whole.dumps[0]);
  // an unreadable file: the summary says so, status 2
  const bad = vmcs(['check', '--ndjson', 'no/such/file']);
  assert.equal(bad.code, 2);
  assert.equal(JSON.parse(bad.stdout.trim()).diagnostics[0].code, 'unreadable');
});

test('--ndjson writes each dump before the input ends (dmesg -w | vmcs annotate --ndjson)', async () => {
  const { spawn } = await import('node:child_process');
  const env = { ...process.env, NO_COLOR: '1' };
  const p = spawn(process.execPath, ['bin/vmcs.js', 'annotate', '--ndjson'], { cwd: ROOT, env });
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stdin.write('GUEST_RIP = 0x1000\nGUEST_RSP = 0x2000\n\n');
  const deadline = Date.now() + 20000;
  while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(JSON.parse(out.split('\n')[0]).type, 'dump', 'the first dump came out while stdin was still open');
  p.stdin.end();
  await new Promise((r) => p.on('close', r));
  assert.equal(JSON.parse(out.trimEnd().split('\n').at(-1)).type, 'summary');
});

test('check --failures-only and --only keep those rule results, in JSON and NDJSON; human output keeps its failures', () => {
  // [args, statuses left in results]
  const cases = [
    [['check', '--json', SAMPLE], ['fail', 'not-evaluated', 'pass']],
    [['check', '--json', '--failures-only', SAMPLE], ['fail']],
    [['check', '--json', '--only', 'fail,not-evaluated', SAMPLE], ['fail', 'not-evaluated']],
    [['check', '--json', '--only=pass', SAMPLE], ['pass']],
  ];
  for (const [args, statuses] of cases) {
    const j = JSON.parse(vmcs(args).stdout);
    assert.deepEqual([...new Set(j.dumps[0].results.map((r) => r.status))].sort(), statuses, args.join(' '));
    assert.deepEqual(j.dumps[0].counts, { pass: 166, fail: 1, notEvaluated: 33 }, 'counts stay whole');
  }
  const full = vmcs(['check', '--json', SAMPLE]).stdout.length;
  const failures = vmcs(['check', '--json', '--failures-only', SAMPLE]).stdout.length;
  assert.ok(failures * 20 < full, `${failures} bytes against ${full}`);
  const nd = JSON.parse(vmcs(['check', '--ndjson', '--failures-only', SAMPLE]).stdout.split('\n')[0]);
  assert.deepEqual(nd.results.map((r) => r.id), ['I-03']);
  const human = vmcs(['check', '--only', 'not-evaluated', SAMPLE]);
  assert.equal(human.code, 1);
  assert.match(human.stdout, /FAIL I-03/);
  assert.match(human.stdout, /Not evaluated\n/);
  assert.doesNotMatch(human.stdout, /Passed\n/);
  // [args, status, stderr]
  for (const [args, stderr] of [
    [['check', '--only', 'failed', SAMPLE], /fail, pass, not-evaluated \(not 'failed'\)/],
    [['check', '--failures-only', '--only', 'pass', SAMPLE], /--failures-only is --only fail/],
  ]) {
    const r = vmcs(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, stderr);
  }
});

// ---------------------------------------------------------------------------------------
// the versioned JSON contract: "schema" in every document, validated against schemas/

const { validate } = await import('./json-schema.js');
const schemaFile = (kind) => JSON.parse(readFileSync(join(ROOT, 'schemas', `${kind}.v1.json`), 'utf8'));

// A memory image with a vmcs12 region and a hardware page of a known revision, for scan.
const SCAN_IMAGE = join(mkdtempSync(join(tmpdir(), 'vmcs-out-')), 'mem.raw');
{
  const h = await import('./scan-helpers.js');
  const img = h.filler(16 * h.PAGE, 3);
  img.set(h.vmcs12Page(), 2 * h.PAGE);
  img.set(h.hardwarePage(h.loadBuiltinProfile('haswell-skylake.json'), 4), 5 * h.PAGE);
  img.set(h.hardwarePage(h.loadBuiltinProfile('haswell-skylake.json'), 4, { VMCS_LINK_POINTER: 0n }), 9 * h.PAGE); // rejected, listed by --all
  writeFileSync(SCAN_IMAGE, img);
}

test('every JSON document names its schema, and real output validates against schemas/<kind>.v1.json', () => {
  // [args, kind, lines (NDJSON)]
  const cases = [
    [['encode', '--json', 'GUEST_RIP', 'guest cr0', 'nosuch'], 'encode'],
    [['decode', '--json', '0x6800', '0x2046', 'zz', '0x6801'], 'decode'],
    [['list', '--json', '--high'], 'list'],
    [['explain', '--json', 'EXIT_REASON', '0x80000021'], 'explain'],
    [['explain', '--json', 'EXIT_QUALIFICATION', '0x83', '--reason', '48'], 'explain'],
    [['explain', '--json', 'NOPE', '1'], 'explain'],
    [['annotate', '--json', SAMPLE, 'examples/pairs.log', 'no/such/file'], 'annotate'],
    [['annotate', '--json', '--summary', SAMPLE], 'annotate'],
    [['annotate', '--json', '--brief', 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt'], 'annotate'],
    [['annotate', '--ndjson', SAMPLE, 'examples/pairs.log'], 'annotate-record', true],
    [['check', '--json', SAMPLE, 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt'], 'check'],
    [['check', '--json', '--caps', 'i7-9750h', SAMPLE], 'check'],
    [['check', '--ndjson', '--failures-only', SAMPLE], 'check-record', true],
    [['check', '--list', '--json'], 'check-rules'],
    [['caps', '--json', 'i7-9750h'], 'caps'],
    [['caps', '--json', 'i5-4600u', 'i9-9980xe'], 'caps'],
    [['caps', '--json', 'test/fixtures/caps/real-xeon-x3430.vmxcap.txt'], 'caps'],
    [['caps', '--json', '--diff', 'i7-9750h', 'i9-9980xe'], 'caps-diff'],
    [['caps', '--json', '--list'], 'caps-profiles'],
    [['diff', '--json', 'test/fixtures/samples/07-kvm-6.9-kvm_intel-prefix-indented-ve.txt', 'test/fixtures/samples/08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt'], 'diff'],
    [['diff', '--json', '--check', '--caps', 'i7-9750h', 'test/fixtures/samples/07-kvm-6.9-kvm_intel-prefix-indented-ve.txt', 'test/fixtures/samples/08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt'], 'diff'],
    [['diff', '--ndjson', '--check', 'test/fixtures/samples/07-kvm-6.9-kvm_intel-prefix-indented-ve.txt', 'test/fixtures/samples/08-kvm-6.x-kvm_intel-prefix-pr_cont-split.txt'], 'diff-record', true],
    [['check', '--apply-fixes', '--json', SAMPLE, 'test/fixtures/samples/09-kvm-5.x-bare-no-prefix-custom-vmm.txt'], 'check-fixes'],
    [['check', '--apply-fixes', '--ndjson', '--caps', 'i7-9750h', SAMPLE], 'check-fixes-record', true],
    [['template', '--json', '--caps', 'qemu:Icelake-Server', '--mode', 'long', '--ept', '--vpid'], 'template'],
    [['template', '--json', '--caps', 'i7-9750h', '--from', 'test/fixtures/samples/17-xen-4.13-quoted-hardwrapped-date-prefix.txt'], 'template'],
    [['scan', '--json', '--all', SCAN_IMAGE, 'no/such/image'], 'scan'],
    [['scan', '--ndjson', '--all', SCAN_IMAGE, 'no/such/image'], 'scan-record', true],
    [['scan', SCAN_IMAGE], 'scan-dump'],
    [['diff', '--json', '--check', '--dumps', '1,1', SAMPLE, 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt'], 'diff'],
    [['diff', '--json', '--dumps', '1,1', SAMPLE, SAMPLE], 'diff'],
    [['template', '--json', '--mode', 'long', '--ept', '--vpid', '--caps', 'i7-9750h'], 'template'],
    [['template', '--json', '--mode', 'unrestricted-real', '--caps', 'i5-4600u'], 'template'],
    [['template', '--json', '--mode', 'long', '--caps', 'i7-9750h', '--set', 'GUEST_RFLAGS=0x0'], 'template'],
    // an error before any output: the same document for every command
    [['caps', '--json', 'nosuch'], 'error'],
    [['check', '--ndjson', '--caps', 'nosuch', SAMPLE], 'error'],
    [['scan', '--json', '--layout', 'no/such.json', SCAN_IMAGE], 'error'],
    [['diff', '--json', 'no/such', SAMPLE], 'error'],
    [['template', '--json', '--mode', 'long', '--caps', 'nosuch'], 'error'],
    [['encode', '--json', '--nosuch'], 'error'],
    [['list', '--json', '--type', 'nosuch'], 'error'],
    [['explain', '--json'], 'error'],
    [['annotate', '--json', '--layout', 'no/such.json', SAMPLE], 'error'],
  ];
  for (const [args, kind, lines] of cases) {
    const r = vmcs(args);
    const schema = schemaFile(kind);
    const docs = lines ? r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)) : [JSON.parse(r.stdout)];
    for (const d of docs) {
      for (const item of Array.isArray(d) ? d : [d]) assert.equal(item.schema, `vmcs/${kind}/v1`, args.join(' '));
      assert.deepEqual(validate(schema, d), [], args.join(' '));
    }
  }
});

test('the validator rejects what the schemas rule out (so the test above can fail)', () => {
  const ok = JSON.parse(vmcs(['check', '--json', SAMPLE]).stdout);
  const schema = schemaFile('check');
  // [change, problem]
  const cases = [
    [(d) => (d.schema = 'vmcs/check/v2'), /is not "vmcs\/check\/v1"/],
    [(d) => delete d.summary, /no key 'summary'/],
    [(d) => (d.dumps[0].results[0].status = 'failed'), /not one of/],
    [(d) => (d.dumps[0].results[0].fields = 'x'), /string where array/],
  ];
  for (const [change, problem] of cases) {
    const d = structuredClone(ok);
    change(d);
    assert.match(validate(schema, d).join('\n'), problem);
  }
});

test('the library and the JSON name a failing rule\'s text the same: message', async () => {
  const { checkDump } = await import('../dist/index.js');
  const dump = annotate(readFileSync(join(ROOT, SAMPLE), 'utf8')).dumps[0];
  const lib = checkDump(dump, {}).results.find((r) => r.status === 'fail');
  const json = JSON.parse(vmcs(['check', '--json', '--failures-only', SAMPLE]).stdout).dumps[0].results[0];
  assert.equal(lib.id, json.id);
  assert.equal(lib.message, json.message);
});

test('the package ships the schemas', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.ok(pkg.files.includes('schemas'));
  for (const kind of ['encode', 'decode', 'list', 'explain', 'annotate', 'annotate-record', 'check', 'check-record', 'check-rules', 'check-fixes', 'check-fixes-record', 'caps', 'caps-diff', 'caps-profiles', 'diff', 'diff-record', 'template'])
    assert.equal(schemaFile(kind).$id.endsWith(`/schemas/${kind}.v1.json`), true);
});

// ---------------------------------------------------------------------------------------
// completion scripts and the man page

/** Completes `words` (the last is the word being completed) with the bash script sourced. */
function bashComplete(script, words) {
  const p = spawnSync('bash', ['-c', 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _vmcs; printf "%s\\n" "${COMPREPLY[@]}"', '_', script, ...words], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  return p.stdout.split('\n').filter(Boolean);
}

test('completion bash: passes bash -n, completes subcommands, options, --format and --caps values', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-completion-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const r = vmcs(['completion', 'bash']);
  assert.equal(r.code, 0);
  const script = join(dir, 'vmcs.bash');
  writeFileSync(script, r.stdout);
  assert.equal(spawnSync('bash', ['-n', script]).status, 0, 'bash -n');
  // [words, expected completions] (bash splits --opt=value at "=")
  const cases = [
    [['vmcs', 'an'], ['annotate']],
    [['vmcs', 'c'], ['check', 'caps', 'completion']],
    [['vmcs', 'annotate', '--for'], ['--format']],
    [['vmcs', 'annotate', '--format', 'k'], ['kvm', 'kvm-exit']],
    [['vmcs', 'check', '--caps', 'i9'], ['i9-9980xe']],
    [['vmcs', 'check', '--color', '=', 'al'], ['always']],
    [['vmcs', 'check', '--fail'], ['--failures-only']],
    [['vmcs', 'caps', '--lo'], ['--local']],
    [['vmcs', 'caps', 'i5'], ['i5-4600u']],
    [['vmcs', 'completion', 'f'], ['fish']],
    [['vmcs', '--color=never', 'list', '--ty'], ['--type']],
  ];
  for (const [words, expected] of cases) assert.deepEqual(bashComplete(script, words), expected, words.join(' '));
  // every profile name is offered for --caps
  const profiles = JSON.parse(vmcs(['caps', '--list', '--json']).stdout).map((p) => p.name);
  const offered = bashComplete(script, ['vmcs', 'check', '--caps', '']);
  for (const p of profiles) assert.ok(offered.includes(p), p);
});

test('completion zsh and fish name every command and option; an unknown shell is a usage error', () => {
  const zsh = vmcs(['completion', 'zsh']).stdout;
  assert.match(zsh, /bashcompinit/);
  assert.match(zsh, /complete -o filenames -F _vmcs vmcs/);
  const fish = vmcs(['completion', 'fish']).stdout;
  // [line]
  for (const re of [/-a annotate -d 'read VMCS dumps/, /from check" -l caps -r -F -a 'local i7-9750h /, /from annotate" -l format -x -a 'auto pairs kvm /, /from caps" -l local -d /, /from completion" -x -a 'bash zsh fish man'/])
    assert.match(fish, re);
  const bad = vmcs(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bash, zsh, fish, man/);
});

test('the man page is built from the same definitions, ships in the package, and documents every command and option', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.man, ['./man/vmcs.1']);
  assert.ok(pkg.files.includes('man'));
  const page = readFileSync(join(ROOT, 'man', 'vmcs.1'), 'utf8');
  assert.match(page, /^\.TH VMCS 1 /m);
  for (const cmd of ['encode', 'decode', 'list', 'explain', 'annotate', 'check', 'caps', 'scan', 'generate', 'completion']) {
    assert.match(page, new RegExp(`^\\.SS "vmcs ${cmd}`, 'm'), cmd);
    const help = vmcs([cmd, '--help']).stdout;
    for (const [, flag] of help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)) if (flag !== '--help') assert.ok(page.includes(flag.replace(/-/g, '\\-')), `${cmd} ${flag}`);
  }
  assert.equal(vmcs(['completion', 'man'], { env: { SOURCE_DATE_EPOCH: '1700000000' } }).stdout.split('\n')[1], `.TH VMCS 1 "2023-11-14" "vmcs ${pkg.version}" "User Commands"`);
});

// ---------------------------------------------------------------------------------------
// "-" is standard input everywhere; a misspelt profile gets a suggestion

test('"-" reads standard input in encode and decode too, where it stands among the arguments', () => {
  // [args, stdin, stdout]
  const cases = [
    [['encode', '-'], 'GUEST_RIP\n# comment\n\nguest cr0\n', '0x0000681e\n0x00006800\n'],
    [['encode', 'GUEST_RSP', '-', 'GUEST_RIP'], 'GUEST_CR3\n', '0x0000681c\n0x00006802\n0x0000681e\n'],
    [['decode', '--json', '-'], '6800\n', null],
    [['annotate', '--brief', '-'], 'GUEST_RIP = 0x1000\n', null],
    [['check', '-q', '-'], readFileSync(join(ROOT, SAMPLE), 'utf8'), ''],
    [['caps', '--brief', '-'], '0x480 0x00da040000000004\n', null],
  ];
  for (const [args, input, stdout] of cases) {
    const r = vmcs(args, { input });
    assert.ok(r.code === 0 || (args[0] === 'check' && r.code === 1), `${args.join(' ')}: ${r.code} ${r.stderr}`);
    if (stdout !== null) assert.equal(r.stdout, stdout, args.join(' '));
  }
  assert.equal(JSON.parse(vmcs(['decode', '--json', '-'], { input: '6800\n' }).stdout)[0].name, 'GUEST_CR0');
  // explain's value, diff's A, scan's image
  assert.equal(vmcs(['explain', 'EXIT_QUALIFICATION', '-', '--reason', '48'], { input: '0x83\n' }).stdout, vmcs(['explain', 'EXIT_QUALIFICATION', '0x83', '--reason', '48']).stdout);
  assert.equal(vmcs(['explain', 'MSR_ENTRY', '-'], { input: '0x600 0\n0xfffffe5926da0000\n' }).stdout, vmcs(['explain', 'MSR_ENTRY', '0x600 0 0xfffffe5926da0000']).stdout);
  assert.equal(vmcs(['explain', '--caps', '-', 'EXIT_REASON', '-'], { input: '' }).code, 2);
  assert.equal(vmcs(['diff', '--dumps', '1,1', '-', SAMPLE], { input: readFileSync(join(ROOT, SAMPLE), 'utf8') }).code, 0);
  const image = readFileSync(SCAN_IMAGE);
  const fromStdin = spawnSync(process.execPath, [join(ROOT, 'bin/vmcs.js'), 'scan', '--json', '-'], { cwd: ROOT, input: image, encoding: 'utf8' });
  const fromFile = JSON.parse(vmcs(['scan', '--json', SCAN_IMAGE]).stdout);
  assert.equal(fromStdin.status, 0, fromStdin.stderr);
  assert.deepEqual(JSON.parse(fromStdin.stdout).images[0].regions, fromFile.images[0].regions);
  assert.equal(JSON.parse(fromStdin.stdout).images[0].image, '<stdin>');
  assert.match(vmcs(['scan', '--validate', '-']).stderr, /--validate reads the image at random places: give a file/);
  assert.match(vmcs(['annotate', '--brief', '-'], { input: 'GUEST_RIP = 0x1000\n' }).stdout, /<stdin>/);
});

test('a misspelt profile name gets "did you mean", in caps and check --caps', async () => {
  const { suggestProfiles } = await import('../dist/caps/profiles.js');
  // [name, suggestions]
  const cases = [
    ['i7-9750', ['i7-9750h']],
    ['I9-9980X', ['i9-9980xe']],
    ['i5-4600', ['i5-4600u']],
    ['i7-9750h', ['i7-9750h']],
    ['xyzzy', []],
  ];
  for (const [name, expected] of cases) assert.deepEqual(suggestProfiles(name), expected, name);
  // [args, stderr]
  for (const [args, stderr] of [
    [['caps', 'i7-9750'], /'i7-9750': no such file, and no built-in profile of that name .*; did you mean i7-9750h\?$/m],
    [['check', '--caps', 'i9-9980x', SAMPLE], /did you mean i9-9980xe\?$/m],
    [['caps', 'xyzzy'], /no built-in profile of that name \(vmcs caps --list shows them\)$/m],
  ]) {
    const r = vmcs(args);
    assert.equal(r.code, 2);
    assert.match(r.stderr, stderr);
  }
});

// ---------------------------------------------------------------------------------------
// the README's library examples compile under tsc --strict and run

test("the README's ```ts blocks compile with tsc --strict against dist and run (those for a browser: compile)", (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(blocks.length >= 4, `${blocks.length} blocks`);
  // inside the package, so `import ... from 'vmcs'` is the package itself (its "exports")
  const dir = join(ROOT, '.readme-test');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const files = blocks.map((code, i) => {
    const f = join(dir, `example${i + 1}.mts`);
    // each block is a module (top-level await allowed)
    writeFileSync(f, code + '\nexport {};\n');
    return f;
  });
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--strict', '--noEmit', 'false', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'false', '--rootDir', dir, '--outDir', join(dir, 'out'), ...files], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  for (let i = 0; i < files.length; i++) {
    // a block that declares what a browser gives it (`declare const file: File`) is compiled only
    if (/^declare /m.test(blocks[i])) continue;
    const run = spawnSync(process.execPath, [join(dir, 'out', `example${i + 1}.mjs`)], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
    assert.equal(run.status, 0, `block ${i + 1}: ${run.stderr}`);
  }
});

test('library results serialise through the *ToJSON functions into the documents the CLI prints', async () => {
  const lib = await import('../dist/index.js');
  const text = readFileSync(join(ROOT, 'examples/pairs.log'), 'utf8');
  const r = lib.annotate(text, { source: 'examples/pairs.log' });
  assert.throws(() => JSON.stringify(r), /BigInt/);
  const mine = JSON.parse(JSON.stringify(lib.annotateToJSON(r)));
  const cli = JSON.parse(vmcs(['annotate', '--json', 'examples/pairs.log']).stdout);
  assert.deepEqual(mine, cli);
  assert.deepEqual(validate(schemaFile('annotate'), mine), []);
  const read = lib.annotate(readFileSync(join(ROOT, SAMPLE), 'utf8'), { source: SAMPLE });
  const dumps = read.dumps.filter((d) => d.fields.length > 0);
  const checked = lib.checkToJSON(dumps.map((dump) => ({ dump, report: lib.checkDump(dump, {}) })), undefined, read.summary);
  assert.deepEqual(JSON.parse(JSON.stringify(checked)), JSON.parse(vmcs(['check', '--json', SAMPLE]).stdout));
  assert.deepEqual(validate(schemaFile('check'), checked), []);
  // with unknown tokens: the counts of annotate's summary (sample 03: Xen, 32 tokens on skipped lines)
  const xen = 'test/fixtures/samples/03-xen-4.12-nested-vmlaunch-error.txt';
  const readXen = lib.annotate(readFileSync(join(ROOT, xen), 'utf8'), { source: xen });
  const xenJson = lib.checkToJSON(readXen.dumps.map((dump) => ({ dump, report: lib.checkDump(dump, {}) })), undefined, readXen.summary);
  assert.deepEqual([xenJson.summary.unknownReported, xenJson.summary.unknownSkipped], [0, 32]);
  assert.deepEqual(xenJson.summary, JSON.parse(vmcs(['check', '--json', xen]).stdout).summary);
  assert.deepEqual(validate(schemaFile('explain'), lib.explainToJSON(lib.explain('EXIT_REASON', '0x80000021'), { field: 'EXIT_REASON', value: '0x80000021' })), []);
  assert.deepEqual(validate(schemaFile('encode'), lib.encodeToJSON([lib.encode('GUEST_RIP'), lib.encode('nosuch')])), []);
  assert.deepEqual(validate(schemaFile('decode'), lib.decodeToJSON([lib.decode('0x6800')])), []);
  // exported for AnnotateOptions.profile and the caps sources
  for (const name of ['parseProfile', 'suggestProfiles', 'profiles', 'parseCaps', 'dumpOverview']) assert.equal(typeof lib[name] === 'function' || Array.isArray(lib[name]), true, name);
});

// A dump with one of firstLine/lastLine and not the other (a library user's own Dump, or one cut
// from a region) is written with the one it has: the JSON stays JSON ("lastLine":undefined was not).
test('annotateToJSON, dumpToJSON and checkToJSON write firstLine and lastLine each only when the dump has it', async () => {
  const lib = await import('../dist/index.js');
  const r = lib.annotate('GUEST_CR0 = 0x80050033\nGUEST_CR4 = 0x2020\n', { source: 'x.log' });
  const [dump] = r.dumps;
  const cases = [
    ['firstLine alone', { ...dump, lastLine: undefined }, { firstLine: 1 }],
    ['lastLine alone', { ...dump, firstLine: undefined }, { lastLine: 2 }],
    ['neither', { ...dump, firstLine: undefined, lastLine: undefined }, {}],
    ['both', dump, { firstLine: 1, lastLine: 2 }],
  ];
  for (const [what, d, lines] of cases) {
    const pick = (o) => Object.fromEntries(['firstLine', 'lastLine'].filter((k) => k in o).map((k) => [k, o[k]]));
    const doc = JSON.parse(JSON.stringify(lib.annotateToJSON({ ...r, dumps: [d] })));
    assert.deepEqual(pick(doc.dumps[0]), lines, what);
    assert.deepEqual(validate(schemaFile('annotate'), doc), [], what);
    assert.deepEqual(pick(JSON.parse(JSON.stringify(lib.dumpToJSON(d)))), lines, what);
    const checked = JSON.parse(JSON.stringify(lib.checkToJSON([{ dump: d, report: lib.checkDump(d) }])));
    assert.deepEqual(pick(checked.dumps[0]), lines, what);
  }
});

test('package.json: repository, homepage and bugs; no script that runs when the package is installed', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/[\w-]+\/vmcs\.git$/);
  assert.match(pkg.homepage, /^https:\/\/github\.com\//);
  assert.match(pkg.bugs.url, /\/issues$/);
  // npm 11 warns about these on every install of the tarball ("install scripts not yet covered by allowScripts")
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(pkg.scripts[s], undefined, s);
  assert.equal(pkg.scripts.prepack, 'npm run build');
});

test('npm pack: the tarball holds the command, the typed library, the man page and every schema, and nothing of the tests', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set(JSON.parse(r.stdout)[0].files.map((f) => f.path));
  const schemas = readdirSync(join(ROOT, 'schemas')).map((f) => `schemas/${f}`);
  for (const f of ['bin/vmcs.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/cli/bundle/main.js', 'dist/cli/bundle/table.dat', 'fields.json', 'man/vmcs.1', 'profiles/index.json', 'LICENSE', 'README.md', ...schemas]) assert.ok(files.has(f), f);
  assert.equal([...files].filter((f) => /^(test|src|bench|web|oracle|examples)\//.test(f)).length, 0);
  // every schema a document names ships: the kinds of schemas/ are those the README lists
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const f of schemas) assert.ok(readme.includes(`](${f})`), `README links ${f}`);
});

// annotate --json writes its JSON as bytes (render/json.ts JsonBytes): each value must come out
// as the bytes of JSON.stringify's text, whatever it holds.
test('JsonBytes writes strings, numbers and flat objects as the UTF-8 of JSON.stringify', async () => {
  const { JsonBytes } = await import('../dist/render/json.js');
  const decode = (w) => new TextDecoder().decode(w.take());
  const strings = ['', 'plain', 'quote " and \\ backslash', 'tab\tnewline\n\u0000\u001f\u007f', 'é€𝄞 \u00a0', '\ud800 lone', 'x'.repeat(70000)];
  for (const s of strings) {
    const w = new JsonBytes(16);
    w.str(s);
    assert.equal(decode(w), JSON.stringify(s), JSON.stringify(s.slice(0, 40)));
    w.text(s);
    assert.deepEqual(w.take(), new TextEncoder().encode(s));
  }
  for (const n of [0, 7, 10, 99, 100, 123456, 2147483647, 2147483648, -1, 1.5, 1e21, NaN, Infinity, -0]) {
    const w = new JsonBytes(4);
    w.num(n);
    assert.equal(decode(w), JSON.stringify(n), String(n));
  }
  const objects = [{}, { bits: '3:0', range: '63:1', field: 'VM_FUNCTION_CONTROL' }, { token: 'GUEST_CRO', suggestions: ['GUEST_CR0', 'GUEST_CR4'] }, { a: undefined, b: 1, c: null, d: 'é"' }, { 1: 'x', b: 2, 0: 'y' }];
  for (const o of objects) {
    const w = new JsonBytes(8);
    w.object(o);
    assert.equal(decode(w), JSON.stringify(o), JSON.stringify(o));
  }
});

// annotate --json writes values as hex digits straight into its bytes (JsonBytes.hex), and the
// messages of a decoded value's diagnostics in their parts (writeBitMessage): each must be what
// formatValue and formatMessage give, plain arguments or not (the fast paths give way).
test('JsonBytes.hex gives v.toString(16).padStart(digits, "0"), and dump JSON messages are formatMessage', async () => {
  const { JsonBytes, jsonDumpText, jsonDiagnostic } = await import('../dist/render/json.js');
  const decode = (w) => new TextDecoder().decode(w.take());
  // [value, digits]
  const cases = [
    [0n, 1], [0n, 4], [0n, 16], [1n, 1], [0xfn, 2], [0x10n, 1], [0xffffn, 4], [0x1_0000n, 4], [0xffff_ffffn, 8], [0xffff_ffffn, 16],
    [0x1_0000_0000n, 1], [0x1_0000_0000n, 16], [0x8000_0000_0000_0000n, 16], [0xffff_ffff_ffff_ffffn, 16], [0x1a96f6500bb9ceb4n, 16],
    [0x1_0000_0000_0000_0000n, 1], [(1n << 127n) + 5n, 1], [0x123n, 8], [0x12345678_9n, 20], [-5n, 4],
  ];
  for (const [v, digits] of cases) {
    const w = new JsonBytes(4);
    w.hex(v, digits);
    assert.equal(decode(w), v.toString(16).padStart(digits, '0'), `${v} ${digits}`);
  }
  const field = { encoding: 0x2018, name: 'VM_FUNCTION_CONTROL', title: 'VM-function controls', width: '64', type: 'control', access: 'full', value: 3n, flags: [] };
  // [code, args]: plain ones, and ones the fast path must leave to formatMessage
  const diags = [
    ['reserved-bit-set', { bits: '3', range: '63:1', field: 'VM_FUNCTION_CONTROL' }],
    ['reserved-bit-set', { bits: '3, 1', range: '63:1', field: 'X' }],
    ['reserved-bit-set', { bits: '63:2', range: '63:1' }],
    ['reserved-bit-set', { bits: '5', range: '63:1', field: '' }],
    ['reserved-bit-set', { bits: '5', range: '63:1', field: 'A"B\u001b[31m' }],
    ['reserved-bit-set', { bits: 'é\u202e', field: 'X' }],
    ['reserved-bit-set', { bits: 5, field: 'X' }],
    ['unknown-bit-set', { bits: '2, 0', field: 'EPT_POINTER' }],
    ['unknown-bit-set', { bits: '2', field: 'EPT_POINTER' }],
    ['unknown-bit-set', { bits: '2:1' }],
    ['unknown-bit-set', { bits: '2:1', field: 'F\\G' }],
    ['unknown-value', { bits: '2:0', name: 'EPT paging-structure memory type', value: '1', field: 'EPT_POINTER' }],
    ['unknown-value', { bits: '2:0', name: 'Type', value: '7' }],
    ['unknown-value', { bits: '2:0', name: 'Ty\npe', value: '7', field: 'F' }],
    ['unknown-value', { bits: '2:0', name: 'Type', value: 7, field: 'F' }],
    ['unknown-value', { bits: '2:0', name: 'Type', value: '7\u0000', field: 'F' }],
    ['unknown-encoding', { encoding: '0x00006c2a' }],
  ];
  const dump = { format: 'pairs', fields: [field], diagnostics: diags.map(([code, args], i) => ({ code, severity: 'warning', args, line: i + 1 })) };
  const doc = JSON.parse(jsonDumpText(dump));
  assert.equal(doc.diagnostics.length, diags.length);
  doc.diagnostics.forEach((d, i) => assert.deepEqual(d, JSON.parse(JSON.stringify(jsonDiagnostic(dump.diagnostics[i]))), JSON.stringify(diags[i])));
  assert.equal(doc.fields[0].value, '0x0000000000000003');
});
