import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTemplate, proveTemplate, templateValues, MODES } from '../dist/template/template.js';
import { profiles, profileCaps, findProfile } from '../dist/caps/profiles.js';
import { parseCaps } from '../dist/caps/parse.js';
import { annotate } from '../dist/annotate/index.js';
import { checkDump } from '../dist/check/check.js';
import { fieldByEncoding } from '../dist/table/table.js';

const BIN = new URL('../bin/vmcs.js', import.meta.url).pathname;
const run = (args, input) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
const dir = mkdtempSync(join(tmpdir(), 'vmcs-template-'));
const OPTION_SETS = [{}, { ept: true, vpid: true, msrBitmaps: true }];

// What a rule may still need after the template, and why that is expected.
const EXPECTED_NOT_EVALUATED = {
  'PT-02': 'a PAE guest without EPT: the CPU reads the PDPTEs from guest memory at GUEST_CR3, which a VMCS does not hold',
};

test('every built-in profile x every mode: the template passes check with the same caps', () => {
  let built = 0;
  let refused = 0;
  for (const p of profiles) {
    const caps = profileCaps(p);
    for (const mode of MODES) {
      for (const opts of OPTION_SETS) {
        const t = buildTemplate({ caps, mode, ...opts });
        if (!t.ok) {
          // Refused only with a named reason: a control this CPU cannot set.
          assert.ok(t.diagnostics.some((d) => d.code === 'control-not-allowed'), `${p.name} ${mode}`);
          refused++;
          continue;
        }
        built++;
        const proof = proveTemplate(t, caps);
        assert.deepEqual(proof.failed.map((r) => `${r.id}: ${r.message}`), [], `${p.name} ${mode} ${JSON.stringify(opts)}`);
        for (const r of proof.notEvaluated) {
          assert.ok(EXPECTED_NOT_EVALUATED[r.id], `${p.name} ${mode}: ${r.id} not evaluated, needs ${JSON.stringify(r.needs)}`);
          assert.ok(r.needs, r.id);
        }
      }
    }
  }
  assert.ok(built > 400, `built ${built}`);
  // The old QEMU models (no EPT) cannot do real mode or --ept: refused, never wrong.
  assert.ok(refused > 0 && refused < built);
});

test('the template is minimal: nothing beyond what the CPU forces and the options ask', () => {
  const caps = profileCaps(findProfile('i7-9750h'));
  const v = templateValues(buildTemplate({ caps, mode: 'long' }));
  // TRUE MSRs: default-1 bits the CPU lets go are clear (CR3-load/store exiting, save/load debug controls).
  assert.equal(v.get(0x4002), 0x04006172n, 'primary controls = TRUE_PROCBASED_CTLS allowed-0');
  assert.equal(v.get(0x400c), 0x00036dfbn | (1n << 9n), 'exit controls: forced + host address-space size');
  assert.equal(v.get(0x4012), 0x000011fbn | (1n << 9n), 'entry controls: forced + IA-32e mode guest');
  assert.equal(v.has(0x401e), false, 'no secondary controls without options');
});

test('real mode with a CPU without unrestricted guest: a clear error, exit 1', () => {
  const caps = parseCaps(readFileSync(new URL('./fixtures/caps/real-nested-guest.vmxcap.txt', import.meta.url), 'utf8'), 'x').caps;
  const t = buildTemplate({ caps, mode: 'real' });
  assert.equal(t.ok, false);
  assert.deepEqual(t.diagnostics.filter((d) => d.severity === 'error').map((d) => d.args.name), ['unrestricted guest']);
  const r = run(['template', '--caps', new URL('./fixtures/caps/real-nested-guest.vmxcap.txt', import.meta.url).pathname, '--mode', 'real']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot set SECONDARY_VM_EXEC_CONTROL bit 7 \(unrestricted guest\): its allowed-1 bit in IA32_VMX_PROCBASED_CTLS2 is 0/);
  assert.equal(r.stdout, '');
});

test('a partial source (/proc/cpuinfo): the template is built, and check evaluates what it can', () => {
  const caps = parseCaps(readFileSync(new URL('./fixtures/caps/real-qemu-guest.cpuinfo.txt', import.meta.url), 'utf8'), 'cpuinfo').caps;
  const t = buildTemplate({ caps, mode: 'long', ept: true });
  assert.equal(t.ok, true);
  const proof = proveTemplate(t, caps);
  assert.deepEqual(proof.failed, []);
  assert.ok(proof.notEvaluated.some((r) => r.needs.kind === 'msr'), 'rules needing unknown MSR bits are listed');
});

// Dump output: annotate reads every field back, check passes it (CLI), --set replaces placeholders.
const CLI = [
  // [args, expected exit, stdout pattern, stderr pattern]
  [['template', '--caps', 'qemu:Icelake-Server', '--mode', 'long', '--ept', '--vpid'], 0, /^VIRTUAL_PROCESSOR_ID +=  ?0x0001$/m, /^$/],
  [['template', '--caps', 'i7-9750h', '--mode', 'v86', '--set', 'HOST_RIP=0xffffffff81234560'], 0, /^HOST_RIP += 0xffffffff81234560$/m, /^$/],
  [['template', '--caps', 'i7-9750h', '--mode', 'long', '--set', 'HOST_RIPP=1'], 2, /^$/, /unknown field 'HOST_RIPP'; did you mean HOST_RIP/],
  [['template', '--caps', 'i7-9750h', '--mode', 'long', '--set', 'GUEST_CS_SELECTOR=0x12345'], 2, /^$/, /wider than GUEST_CS_SELECTOR, a 16-bit field/],
  [['template', '--caps', 'i7-9750h', '--mode', 'long', '--set', 'GUEST_RFLAGS=0x0'], 1, /GUEST_RFLAGS/, /the template fails R-/],
  [['template', '--caps', 'i7-9750h'], 2, /^$/, /--mode/],
  [['template', '--caps', 'qemu:Icelake-Sever', '--mode', 'long'], 2, /^$/, /did you mean qemu:Icelake-Server/],
  [['template', '--caps', 'qemu:Conroe', '--mode', 'long', '--ept'], 1, /^$/, /cannot set SECONDARY_VM_EXEC_CONTROL bit 1 \(enable EPT\)/],
];
for (const [args, status, out, err] of CLI) {
  test(`vmcs ${args.join(' ')} -> exit ${status}`, () => {
    const r = run(args);
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stdout, out);
    assert.match(r.stderr, err);
  });
}

test('dump output: annotate reads every field back in one dump, and check with the same caps passes it', () => {
  for (const [caps, mode] of [['qemu:SierraForest', 'protected-pae'], ['i5-4600u', 'real'], ['qemu:GraniteRapids', 'v86']]) {
    const r = run(['template', '--caps', caps, '--mode', mode, '--ept', '--vpid']);
    assert.equal(r.status, 0, r.stderr);
    const fieldLines = r.stdout.split('\n').filter((l) => /^[A-Z]/.test(l)).length;
    const a = annotate(r.stdout);
    assert.equal(a.dumps.length, 1);
    assert.equal(a.dumps[0].fields.length, fieldLines);
    assert.deepEqual(a.dumps[0].diagnostics, []);
    const report = checkDump(a.dumps[0], { caps: profileCaps(findProfile(caps)), facts: { lma: true } });
    assert.equal(report.counts.fail, 0);
    const file = join(dir, `${mode}.txt`);
    writeFileSync(file, r.stdout);
    const c = run(['check', '--caps', caps, '--cpu', 'lma=1', file]);
    assert.equal(c.status, 0, c.stdout);
  }
});

test('JSON output: fields with why and placeholder, the self-check with what the not-evaluated rules need', () => {
  const j = JSON.parse(run(['template', '--caps', 'i7-9750h', '--mode', 'protected-pae', '--json']).stdout);
  assert.equal(j.mode, 'protected-pae');
  assert.deepEqual(j.check.failed, []);
  assert.deepEqual(j.check.notEvaluated.map((r) => [r.id, r.needs.kind]), [['PT-02', 'memory']]);
  const rip = j.fields.find((f) => f.name === 'HOST_RIP');
  assert.equal(rip.placeholder, 'VMEXIT_HANDLER');
  assert.ok(j.placeholders.some((p) => p.name === 'VMEXIT_HANDLER' && p.field === 'HOST_RIP'));
});

/** A compiler on PATH, or where rustup puts it; null when the machine has none (the test says so and skips). */
function tool(name) {
  for (const cand of [name, join(process.env.HOME ?? '/root', '.cargo', 'bin', name), join('/root/.cargo/bin', name)]) {
    const r = spawnSync(cand, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return cand;
  }
  return null;
}

test('C output compiles with cc -Wall -Werror -c; Rust output with rustc --crate-type lib', (t) => {
  const cc = tool('cc');
  const rustc = tool('rustc');
  if (!cc || !rustc) {
    t.skip(`no ${!cc ? 'cc' : 'rustc'} on this machine`);
    return;
  }
  const from = new URL('./fixtures/samples/17-xen-4.13-quoted-hardwrapped-date-prefix.txt', import.meta.url).pathname;
  // [caps, name of the output files, options] (the last: started from a real dump, with its fix comments)
  const cases = [['qemu:SapphireRapids', 'long', ['--mode', 'long', '--ept', '--vpid', '--msr-bitmaps']], ['i7-9750h', 'real', ['--mode', 'real']], ['qemu:Haswell', 'protected-pae', ['--mode', 'protected-pae', '--ept']], ['i7-9750h', 'from', ['--from', from]]];
  for (const [caps, mode, opts] of cases) {
    const c = run(['template', '--caps', caps, ...opts, '--format', 'c']);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, mode === 'from' ? /vmwrite\(GUEST_PENDING_DBG_EXCEPTIONS, 0x4000ull\); \/\* the dump.s value 0x0, fixed: PD-02 / : /vmwrite\(GUEST_CR0, 0x[0-9a-f]+ull\); \/\* CR0: /);
    const cfile = join(dir, `${mode}.c`);
    writeFileSync(cfile, c.stdout);
    const ccr = spawnSync(cc, ['-Wall', '-Werror', '-c', cfile, '-o', join(dir, `${mode}.o`)], { encoding: 'utf8' });
    assert.equal(ccr.status, 0, ccr.stderr);
    const rs = run(['template', '--caps', caps, ...opts, '--format', 'rust']);
    assert.equal(rs.status, 0, rs.stderr);
    const rfile = join(dir, `${mode}.rs`);
    writeFileSync(rfile, rs.stdout);
    const rc = spawnSync(rustc, ['--crate-type', 'lib', '--edition', '2021', '-o', join(dir, `lib${mode}.rlib`), rfile], { encoding: 'utf8' });
    assert.equal(rc.status, 0, rc.stderr);
  }
});

// template --from DUMP: every dump of every real sample, started from with every built-in
// profile, passes check with that profile, or is refused with a named control the CPU lacks.
test('template --from: every real dump x every built-in profile passes check with the same caps (or is refused by name)', async () => {
  const { buildTemplateFrom } = await import('../dist/template/template.js');
  const { readdirSync } = await import('node:fs');
  const dirS = new URL('./fixtures/samples/', import.meta.url);
  const dumps = readdirSync(dirS)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => annotate(readFileSync(new URL(f, dirS), 'utf8')).dumps.filter((d) => d.fields.some((x) => x.name)).map((d) => [f, new Map(d.fields.filter((x) => x.name).map((x) => [x.encoding, x.value]))]));
  assert.ok(dumps.length >= 45, `${dumps.length} dumps`);
  let built = 0;
  let fixed = 0;
  for (const p of profiles) {
    const caps = profileCaps(p);
    for (const [f, values] of dumps) {
      const t = buildTemplateFrom({ caps, from: values });
      if (!t.ok) {
        assert.ok(t.diagnostics.some((d) => d.code === 'control-not-allowed' || d.code === 'ept-unsupported'), `${p.name} ${f}`);
        continue;
      }
      built++;
      const proof = proveTemplate(t, caps);
      assert.deepEqual(proof.failed.map((r) => `${r.id}: ${r.message}`), [], `${p.name} ${f}`);
      // a rule may stay not evaluated for a field neither the dump nor the template has (VM_FUNCTION_CONTROL of a dump that enables VM functions): the output lists it with what it needs
      for (const r of proof.notEvaluated) if (r.needs.kind === 'field') assert.ok(!t.fields.some((x) => x.encoding === r.needs.encoding), `${p.name} ${f}: ${r.id}`);
      // the dump's values are kept unless a fix changed them (the controls the options need may be added)
      for (const x of t.fields) if (x.origin === 'dump') assert.equal(x.value, values.get(x.encoding), `${p.name} ${f} ${x.name}`);
      fixed += t.fields.filter((x) => x.origin === 'fixed').length;
      assert.ok(t.fields.every((x) => fieldByEncoding(x.encoding)?.type !== 'exit-info'), 'no read-only field');
    }
  }
  assert.ok(built > 2000, `built ${built}`);
  assert.ok(fixed > 1000, `fixed ${fixed}`);
});

const SAMPLE01 = new URL('./fixtures/samples/01-kvm-5.15-proxmox-syslog.txt', import.meta.url).pathname;
const SAMPLE17 = new URL('./fixtures/samples/17-xen-4.13-quoted-hardwrapped-date-prefix.txt', import.meta.url).pathname;

test('template --from DUMP (CLI): the repaired, completed dump passes check; fixes and intents are said; JSON and C carry them', () => {
  const r = run(['template', '--caps', 'i7-9750h', '--from', SAMPLE17]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# started from .*17-xen.*, xen: \d+ values kept, 3 fixed, \d+ the input lacks taken from the template$/m);
  assert.match(r.stdout, /^#   PD-02: GUEST_PENDING_DBG_EXCEPTIONS 0x0 -> 0x4000, set BS \(bit 14\).*; depends on what you intended: or clear RFLAGS\.TF/m);
  assert.match(r.stdout, /^# left out, read-only VM-exit information: VM_EXIT_REASON/m);
  assert.match(r.stdout, /^HOST_RIP += 0xffff82d080341950$/m, 'the dump\'s own value kept');
  const file = join(dir, 'from17.txt');
  writeFileSync(file, r.stdout);
  const c = run(['check', '--caps', 'i7-9750h', '--cpu', 'lma=1', file]);
  assert.equal(c.status, 0, c.stdout);
  assert.match(c.stdout, /No rule fails/);
  const j = JSON.parse(run(['template', '--caps', 'i7-9750h', '--from', SAMPLE17, '--json']).stdout);
  assert.equal(j.schema, 'vmcs/template/v1');
  assert.deepEqual(j.from, { source: SAMPLE17, dump: 1, format: 'xen', mode: 'long', dropped: j.from.dropped, inferred: ['mode', 'ept', 'vpid', 'unrestricted', 'msr-bitmaps'] });
  const pd = j.fields.find((f) => f.name === 'GUEST_PENDING_DBG_EXCEPTIONS');
  assert.equal(pd.origin, 'fixed');
  assert.equal(pd.fixes[0].rule, 'PD-02');
  assert.match(pd.fixes[0].dependsOnIntent, /RFLAGS\.TF/);
  assert.deepEqual(j.check.failed, []);
  const cc = run(['template', '--caps', 'i7-9750h', '--from', SAMPLE17, '--format', 'c']);
  assert.match(cc.stdout, /^ \* fixed PD-02: GUEST_PENDING_DBG_EXCEPTIONS/m);
});

// template --from: the options the user gave and those taken from the dump are told apart, in every output form
const INFERRED = [
  // [options given, header line (dump, C, Rust), from.inferred (JSON)]
  [[], /--from \S+ --caps/, 'mode long (from the dump), --ept (from the dump), --vpid (from the dump), --unrestricted (from the dump), --msr-bitmaps (from the dump)', ['mode', 'ept', 'vpid', 'unrestricted', 'msr-bitmaps']],
  [['--mode', 'long', '--vpid'], /--mode long --from \S+ --vpid --caps/, '--ept (from the dump), --unrestricted (from the dump), --msr-bitmaps (from the dump)', ['ept', 'unrestricted', 'msr-bitmaps']],
  // --unrestricted given implies EPT: neither is the dump's
  [['--unrestricted', '--msr-bitmaps'], /--from \S+ --ept --unrestricted --msr-bitmaps --caps/, 'mode long (from the dump), --vpid (from the dump)', ['mode', 'vpid']],
];
for (const [given, command, line, inferred] of INFERRED) {
  test(`template --from ${given.join(' ') || '(no options)'}: what the dump gave is marked "(from the dump)" in dump, C, Rust and JSON`, () => {
    const base = ['template', '--caps', 'i7-9750h', '--from', SAMPLE17, ...given];
    const dump = run(base);
    assert.equal(dump.status, 0, dump.stderr);
    assert.match(dump.stdout.split('\n')[0], command);
    assert.ok(dump.stdout.includes(`\n# options not given on the command line: ${line}\n`), dump.stdout.slice(0, 600));
    assert.equal(annotate(dump.stdout).dumps.length, 1, 'the header line does not start a new dump');
    const c = run([...base, '--format', 'c']);
    assert.match(c.stdout.split('\n')[1], command);
    assert.ok(c.stdout.includes(`\n * options not given on the command line: ${line}\n`));
    const rs = run([...base, '--format', 'rust']);
    assert.ok(rs.stdout.includes(`\n//! options not given on the command line: ${line}\n`));
    const j = JSON.parse(run([...base, '--json']).stdout);
    assert.deepEqual(j.from.inferred, inferred);
    assert.deepEqual(j.options, { ept: true, vpid: true, unrestricted: true, msrBitmaps: true }, 'options: all in force, given or inferred');
  });
}

test('template without --from: no "not given" line, every option is the user\'s', () => {
  const r = run(['template', '--caps', 'i7-9750h', '--mode', 'long', '--ept']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^# vmcs template --mode long --ept --caps i7-9750h$/m);
  assert.doesNotMatch(r.stdout, /not given on the command line/);
});

const FROM_TROUBLE = [
  // [args, exit, stderr]
  [['template', '--caps', 'i7-9750h', '--from', SAMPLE01], 2, /holds 2 dumps; say which with --dump N/],
  [['template', '--caps', 'i7-9750h', '--from', SAMPLE01, '--dump', '3'], 2, /--dump 3, but it holds 2/],
  [['template', '--caps', 'i7-9750h', '--from', SAMPLE17, '--mode', 'real'], 2, /is in long mode; leave --mode out or give --mode long/],
  [['template', '--caps', 'i7-9750h', '--dump', '1', '--mode', 'long'], 2, /--dump goes with --from/],
  [['template', '--caps', 'i7-9750h', '--from', 'no/such/file'], 2, /cannot read 'no\/such\/file': no such file/],
  [['template', '--caps', 'qemu:Conroe', '--from', SAMPLE17], 1, /cannot set SECONDARY_VM_EXEC_CONTROL bit 1 \(enable EPT\)/],
];
for (const [args, status, err] of FROM_TROUBLE) {
  test(`vmcs ${args.join(' ').replace(/\S*fixtures\/samples\//g, '')} -> exit ${status}`, () => {
    const r = run(args);
    assert.equal(r.status, status, r.stderr);
    assert.match(r.stderr, err);
    assert.equal(r.stdout, '');
  });
}

test('template --from - reads the dump from standard input; --dump picks one of several', () => {
  const r = run(['template', '--caps', 'i7-9750h', '--from', '-'], readFileSync(SAMPLE17, 'utf8'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /started from <stdin>/);
  const two = run(['template', '--caps', 'i7-9750h', '--from', SAMPLE01, '--dump', '1']);
  assert.equal(two.status, 0, two.stderr);
  assert.match(two.stdout, /^#   I-03: GUEST_RFLAGS 0x2 -> 0x202/m);
});

test('template --from with --mode real: the unrestricted guest and EPT that real mode needs are the user\'s, not "(from the dump)"', () => {
  const real = run(['template', '--caps', 'i7-9750h', '--mode', 'real']);
  assert.equal(real.status, 0, real.stderr);
  const given = JSON.parse(run(['template', '--caps', 'i7-9750h', '--from', '-', '--mode', 'real', '--json'], real.stdout).stdout);
  assert.deepEqual(given.from.inferred, []);
  assert.equal(given.options.unrestricted, true);
  // the same dump with the mode left out: the mode, and so what it implies, come from the dump
  const left = JSON.parse(run(['template', '--caps', 'i7-9750h', '--from', '-', '--json'], real.stdout).stdout);
  assert.deepEqual(left.from.inferred, ['mode', 'ept', 'unrestricted']);
});
