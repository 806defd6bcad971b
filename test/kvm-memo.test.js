// The KVM/Xen reader remembers the lines of a dump it has read (src/dialects/kvm-xen.ts,
// parseLineMemo) and check remembers each rule's result with the field values it read
// (src/check/check.ts). Neither may change an answer: a dump read after others (whose lines and
// values it repeats, in other sections, other contexts, other orders) must read and check as it
// does alone, where nothing is remembered yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotate, checkDump, findProfile, profileCaps } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'test', 'fixtures', 'samples');

/** A small seeded generator (mulberry32): the same variants every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sample 02's dump as sections of lines without their timestamps. */
const body = readFileSync(join(SAMPLES, '02-kvm-5.x-dosemu2-core2duo-dmesg.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.length > 0)
  .map((l) => l.replace(/^\[[^\]]*\] /, ''));
const sections = [];
for (const l of body) {
  if (/^\*\*\* \w+ State \*\*\*$/.test(l)) sections.push({ header: l, lines: [] });
  else sections.at(-1).lines.push(l);
}

/**
 * A variant of the dump: its lines shuffled within their sections, some moved to another
 * section (the same text read in another section: guest and host both print `EFER = … PAT = …`
 * and `RIP`/`RSP`), some values changed, a context line's pairs split over two lines (`limit=`
 * after `CS:`/`DS:`), a chatter line or a blank inside.
 */
function variant(r, change = 0.1) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const out = [];
  for (const s of sections) {
    const lines = [...s.lines];
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    out.push(s.header);
    for (let l of lines) {
      const dice = r();
      if (r() < change) l = l.replace(/(=\s*(?:0x)?)([0-9a-f]+)/g, (_m, eq, v) => (r() < 0.5 ? eq + v : eq + v.replace(/[0-9a-f]/g, (c) => (r() < 0.2 ? pick('0123456789abcdef') : c))));
      if (dice < 0.05) l = pick(pick(sections).lines);
      else if (dice < 0.12 && /^[A-Z]{2,4}: +sel=/.test(l)) {
        const cut = l.indexOf(' limit=');
        out.push(l.slice(0, cut));
        l = l.slice(cut + 1);
      } else if (dice < 0.14) out.push('usb 1-1: new high-speed USB device number 3 using xhci_hcd');
      else if (dice < 0.15) out.push('EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro');
      out.push(l);
    }
  }
  return out;
}

/** Lines with kernel timestamps, from time t on. */
const stamp = (lines, t) => lines.map((l, i) => `[${(t + i * 0.000013).toFixed(6).padStart(12)}] ${l}`);

/** What a dump holds, its line numbers made relative to where it starts in its input. */
function shape(d, first) {
  const rel = (n) => (n === undefined ? null : n - first);
  return {
    format: d.format,
    fields: d.fields.map((f) => [f.encoding, f.value.toString(16), rel(f.line), f.flags.join(',')]),
    notes: (d.notes ?? []).map((n) => [rel(n.line), n.label, n.value, n.what]),
    diagnostics: d.diagnostics.map((x) => [rel(x.line), x.code, JSON.stringify(x.args)]),
  };
}

test('200 shuffled KVM dumps in one log read as each does alone (parseLineMemo)', () => {
  const r = rng(17);
  const dumps = [];
  for (let i = 0; i < 200; i++) dumps.push(variant(r, i % 2 ? 0.05 : 0.3));
  let all = [];
  const starts = [];
  for (const d of dumps) {
    starts.push(all.length + 1);
    all = all.concat(stamp(d, 100 + all.length));
  }
  const together = annotate(all.join('\n') + '\n', { bits: false }).dumps;
  // (a variant may read as several dumps: a line moved to another section can start one)
  assert.ok(together.length >= dumps.length);
  for (let i = 0; i < dumps.length; i++) {
    const from = starts[i];
    const to = starts[i + 1] ?? all.length + 1;
    // alone: the same lines, the same timestamps, at the same line numbers (blank lines before)
    const alone = annotate('\n'.repeat(from - 1) + all.slice(from - 1, to - 1).join('\n') + '\n', { bits: false }).dumps;
    const mine = together.filter((d) => d.firstLine >= from && d.firstLine < to);
    assert.deepEqual(mine.map((d) => shape(d, from)), alone.map((d) => shape(d, from)), `variant ${i}`);
  }
});

test('check of 200 dumps with shared values gives each dump the report it gets alone (rule results remembered)', () => {
  const r = rng(33);
  const caps = profileCaps(findProfile('i7-9750h'));
  assert.ok(caps.msrs.size > 10);
  const texts = [];
  for (let i = 0; i < 200; i++) texts.push(stamp(variant(r, 0.3), 100).join('\n') + '\n');
  const read = texts.map((t) => annotate(t, { bits: false }).dumps[0]);
  const options = { caps };
  const together = read.map((d) => checkDump(d, options));
  for (let i = 0; i < read.length; i++) {
    // alone: in a fresh option object (the memo is kept per caps, facts and memory: a new one clears it)
    const alone = checkDump(read[i], { caps: { ...caps } });
    const strip = (rep) => JSON.stringify(rep, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v));
    assert.equal(strip(together[i]), strip(alone), `dump ${i}`);
  }
});

// Results decided after the rules ran (QEMU's II=1 with HLT for A-03) change a copy: the rule's
// remembered result is shared with every later dump of the same values.
test('a result decided from a dump\'s notes is that dump\'s own, never the remembered one', () => {
  const qemu = (ii) => `KVM: entry failed, hardware error 0x80000021\nEIP=0000fff0 EFL=00000202 [-------] CPL=0 II=${ii} A20=1 SMM=0 HLT=1\n`;
  const a03 = (ii) => {
    const r = checkDump(annotate(qemu(ii)).dumps[0]);
    const x = r.results.find((y) => y.id === 'A-03');
    return [x.status, r.counts.fail + r.counts.pass + r.counts.notEvaluated === r.results.length];
  };
  for (const [ii, want] of [[1, 'fail'], [0, 'not-evaluated'], [1, 'fail'], [1, 'fail'], [0, 'not-evaluated']]) {
    assert.deepEqual(a03(ii), [want, true], `II=${ii}`);
  }
});
