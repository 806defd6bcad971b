import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { profiles, findProfile, profileCaps, suggestProfiles } from '../dist/caps/profiles.js';
import { parseCaps } from '../dist/caps/parse.js';
import { decodeCaps } from '../dist/caps/decode.js';
import { MSR } from '../dist/caps/types.js';

const BIN = new URL('../bin/vmcs.js', import.meta.url).pathname;
const run = (args) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const qemu = profiles.filter((p) => p.kind === 'qemu');
const caps = (name) => profileCaps(findProfile(name));
const msr = (name, key) => caps(name).msrs.get(MSR[key]);
const bit = (v, n) => ((v >> BigInt(n)) & 1n) === 1n;

test('the QEMU models with VMX feature words are all there, labelled as nested guests', () => {
  for (const m of ['Skylake-Server', 'Cascadelake-Server', 'Icelake-Server', 'SapphireRapids', 'GraniteRapids', 'SierraForest', 'Snowridge', 'Haswell', 'Conroe']) {
    const p = findProfile(`qemu:${m}`);
    assert.ok(p, m);
    assert.match(p.cpu, /not real silicon/);
    assert.match(p.citation, /QEMU 10\.0\.50/);
  }
  assert.ok(qemu.length >= 40);
});

test('every QEMU profile is self-consistent: default-1 bits, fixed CRs, host bits unknown', () => {
  const DEFAULT1 = { TRUE_PINBASED_CTLS: 0x16n, TRUE_PROCBASED_CTLS: 0x0401e172n, TRUE_EXIT_CTLS: 0x36dffn, TRUE_ENTRY_CTLS: 0x11ffn };
  for (const p of qemu) {
    const c = profileCaps(p);
    for (const [k, d] of Object.entries(DEFAULT1)) {
      const v = c.msrs.get(MSR[k]);
      if (v === undefined) {
        assert.equal(bit(c.msrs.get(MSR.BASIC), 55), false, `${p.name}: TRUE MSRs absent only without BASIC bit 55`);
        continue;
      }
      const low = v & 0xffffffffn;
      assert.equal(low & ~d, 0n, `${p.name} ${k}: only default-1 bits may be forced`);
      assert.equal((v >> 32n) & d, d, `${p.name} ${k}: every default-1 bit may be 1`);
      const plain = c.msrs.get(MSR[k.replace('TRUE_', '')]);
      assert.equal(plain, v | d, `${p.name}: the non-TRUE MSR forces every default-1 bit`);
    }
    assert.equal(c.msrs.get(MSR.CR0_FIXED0), 0x80000021n);
    assert.equal(c.msrs.get(MSR.CR4_FIXED0), 0x2000n);
    assert.equal(c.known.get(MSR.BASIC) & 0x7fffffffn, 0n, `${p.name}: the VMCS revision comes from the host`);
    assert.deepEqual(decodeCaps(c).problems.map((x) => x.code), [], p.name);
  }
});

// One line per model: a fact of QEMU's model table that the profile must show.
const FACTS = [
  ['qemu:GraniteRapids', 'EPT_VPID_CAP', 7, true, '5-level EPT (vmx-page-walk-5)'],
  ['qemu:SierraForest', 'EPT_VPID_CAP', 7, false, 'no 5-level EPT'],
  ['qemu:Icelake-Server', 'PROCBASED_CTLS2', 32 + 17, false, 'v1: no PML'],
  ['qemu:Icelake-Server-v4', 'PROCBASED_CTLS2', 32 + 17, true, 'v4 turns vmx-pml on'],
  ['qemu:Icelake-Server', 'VMFUNC', 0, false, 'v1: VM functions allowed, EPTP switching not'],
  ['qemu:Icelake-Server-v4', 'VMFUNC', 0, true, 'v4 turns vmx-eptp-switching on'],
  ['qemu:SapphireRapids', 'PINBASED_CTLS', 32 + 7, true, 'posted interrupts'],
  ['qemu:Conroe', 'PINBASED_CTLS', 32 + 7, false, 'no posted interrupts'],
  ['qemu:Skylake-Server', 'TRUE_EXIT_CTLS', 32 + 9, true, 'host address-space size, from CPUID LM'],
  ['qemu:Skylake-Server', 'PROCBASED_CTLS2', 32 + 10, false, 'QEMU never offers PAUSE-loop exiting'],
];
for (const [name, key, n, want, why] of FACTS) {
  test(`${name} ${key} bit ${n}: ${why}`, () => assert.equal(bit(msr(name, key), n), want));
}

test('versions: a noTSX version has no RTM; an alias names the version', () => {
  assert.equal(caps('qemu:Skylake-Server').facts.rtm, true);
  assert.equal(caps('qemu:Skylake-Server-noTSX-IBRS').facts.rtm, false);
  assert.equal(caps('qemu:Icelake-Server').facts.linearWidth, 57);
});

test('a misspelt profile gets "did you mean", on stderr, exit 2', () => {
  assert.deepEqual(suggestProfiles('qemu:icelake-sever').slice(0, 1), ['qemu:Icelake-Server']);
  assert.deepEqual(suggestProfiles('i7-9759h').slice(0, 1), ['i7-9750h']);
  const r = run(['caps', 'qemu:Sapphirerapid']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /did you mean qemu:SapphireRapids/);
});

test('caps --list shows every profile with its provenance', () => {
  const r = run(['caps', '--list']);
  assert.equal(r.status, 0);
  for (const p of profiles) assert.ok(r.stdout.includes(p.name), p.name);
  assert.match(r.stdout, /QEMU CPU models: what a nested guest of the model sees, not real silicon/);
  assert.match(r.stdout, /source: VirtualBox 6\.1\.16/);
  const j = JSON.parse(run(['caps', '--list', '--json']).stdout);
  assert.equal(j.length, profiles.length);
  assert.equal(j.find((p) => p.name === 'qemu:SierraForest').kind, 'qemu');
});

test('/proc/cpuinfo: the vmx flags are known allowed-1 bits, the rest unknown; facts from flags and address sizes', () => {
  const text = readFileSync(new URL('./fixtures/caps/real-qemu-guest.cpuinfo.txt', import.meta.url), 'utf8');
  const r = parseCaps(text, 'cpuinfo');
  assert.equal(r.format, 'cpuinfo');
  const c = r.caps;
  assert.deepEqual(c.facts, { paw: 40, linearWidth: 48, rtm: false, sgx: false });
  const proc2 = c.msrs.get(MSR.PROCBASED_CTLS2);
  assert.equal(bit(proc2, 32 + 14), true, 'shadow_vmcs');
  assert.equal(bit(c.known.get(MSR.PROCBASED_CTLS2), 32 + 17), false, 'pml not shown: unknown, not 0');
  assert.equal(c.known.get(MSR.PROCBASED_CTLS2) & 0xffffffffn, 0n, 'allowed-0 never shown');
  assert.equal(c.msrs.has(MSR.BASIC), false);
  // The cross-check: what this QEMU guest shows, qemu:Icelake-Server allows.
  const ice = caps('qemu:Icelake-Server');
  for (const [idx, v] of c.msrs) assert.equal(v & ~ice.msrs.get(idx), 0n, `MSR 0x${idx.toString(16)}`);
  const out = run(['caps', new URL('./fixtures/caps/real-qemu-guest.cpuinfo.txt', import.meta.url).pathname]);
  assert.equal(out.status, 0);
  assert.match(out.stderr, /shows only some allowed-1 bits/);
});

test('/proc/cpuinfo: an unknown flag is a warning and the rest is read', () => {
  const r = parseCaps('flags\t: vmx lm\nvmx flags\t: ept frobnicate vpid\n', 'x');
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['cpuinfo-partial', 'cpuinfo-unknown-flag']);
  assert.equal(r.caps.msrs.get(MSR.PROCBASED_CTLS2), (1n << 33n) | (1n << 37n));
});
