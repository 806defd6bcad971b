// Property tests (fast-check) for `check` and `caps`: any VMCS state, any capability values and
// any CPU facts give a result for every rule (never a throw), results are consistent with
// what was given, and the parsers of capability sources and --cpu never throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import './property-seed.js';
import { checkFields, rules, fields, parseCaps, decodeCaps, diffCaps, findProfile, profileCaps, MSR } from '../dist/index.js';
import { parseFacts } from '../dist/caps/facts.js';
import { GOOD } from './check-helpers.js';

const RUNS = { numRuns: 300 };
const ENCODINGS = fields.map((f) => f.encoding);
const MASK64 = (1n << 64n) - 1n;

const value = fc.oneof(
  fc.bigInt({ min: 0n, max: MASK64 }),
  fc.constantFrom(0n, 1n, 0xffffffffn, MASK64, 0x80000021n, 0xfffffffffffffff0n),
  fc.integer({ min: 0, max: 63 }).map((b) => 1n << BigInt(b)),
);
/** A state: the good one with some fields changed or removed, or arbitrary fields. */
const state = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom(...ENCODINGS), fc.option(value, { nil: null })), { maxLength: 30 }).map((changes) => {
    const m = new Map(GOOD);
    for (const [e, v] of changes) v === null ? m.delete(e) : m.set(e, v);
    return m;
  }),
  fc.array(fc.tuple(fc.constantFrom(...ENCODINGS), value), { maxLength: 80 }).map((pairs) => new Map(pairs)),
);
const caps = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('i7-9750h', 'i9-9980xe', 'i5-4600u').map((n) => profileCaps(findProfile(n))),
  fc.dictionary(fc.constantFrom(...Object.keys(MSR)), fc.bigInt({ min: 0n, max: MASK64 })).map((d) => ({
    source: 'random',
    msrs: new Map(Object.entries(d).map(([k, v]) => [MSR[k], v])),
    facts: {},
  })),
);
const facts = fc.record(
  { paw: fc.integer({ min: 32, max: 52 }), linearWidth: fc.constantFrom(48, 57), lma: fc.boolean(), smm: fc.boolean(), x2apic: fc.boolean(), rtm: fc.boolean(), sgx: fc.boolean(), lam: fc.boolean(), gpCounters: fc.integer({ min: 0, max: 8 }), fixedCounters: fc.integer({ min: 0, max: 4 }) },
  { requiredKeys: [] },
);

test('property: any state, caps and facts: every rule gives a result, never a throw, and the counts add up', () => {
  fc.assert(
    fc.property(state, caps, facts, (values, c, f) => {
      const r = checkFields(values, { caps: c, facts: f });
      assert.equal(r.results.length, rules.length);
      assert.equal(r.counts.pass + r.counts.fail + r.counts.notEvaluated, rules.length);
      for (const x of r.results) {
        if (x.status === 'fail') assert.equal(typeof x.message, 'string');
        if (x.status === 'not-evaluated') assert.ok(x.needs);
        // a rule only reports the fields it read, and it can only read what the state holds
        for (const fv of x.fields) assert.equal(values.get(fv.encoding), fv.value);
        if (x.needs?.kind === 'field') assert.equal(values.has(x.needs.encoding), false);
        if (x.needs?.kind === 'msr' && c && /^IA32_VMX_[A-Z0-9_]+$/.test(x.needs.name)) assert.equal(c.msrs.has(x.needs.index), false);
      }
      assert.equal(r.predicted === null, r.counts.fail === 0);
    }),
    RUNS,
  );
});

test('property: giving more (caps and facts) never turns a failure into a pass', () => {
  fc.assert(
    fc.property(state, facts, (values, f) => {
      const c = profileCaps(findProfile('i7-9750h'));
      const without = checkFields(values, {});
      const withAll = checkFields(values, { caps: c, facts: f });
      for (let i = 0; i < rules.length; i++) {
        if (without.results[i].status === 'fail') assert.equal(withAll.results[i].status, 'fail', without.results[i].id);
      }
    }),
    RUNS,
  );
});

test('property: parseCaps of any text never throws; decodeCaps and diffCaps of what it reads never throw', () => {
  const line = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.tuple(fc.integer({ min: 0x47f, max: 0x494 }), fc.bigInt({ min: 0n, max: MASK64 })).map(([m, v]) => `0x${m.toString(16)} 0x${v.toString(16)}`),
    fc.constantFrom('Basic VMX Information', '  Hex: 0xda040000000004', 'pin-based controls', '  External interrupt exiting               yes', 'HM: MSR_IA32_VMX_BASIC                 = 0x00da040000000004', 'paw 39', 'la57 1'),
  );
  const base = profileCaps(findProfile('i7-9750h'));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
      const r = parseCaps(lines.join('\n'), 'random');
      if ('error' in r) assert.equal(typeof r.error, 'string');
      else {
        decodeCaps(r.caps);
        diffCaps(r.caps, base);
      }
    }),
    RUNS,
  );
});

test('property: parseFacts of any text never throws; what it accepts is in range', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      const r = parseFacts(text);
      if ('facts' in r) {
        if (r.facts.paw !== undefined) assert.ok(r.facts.paw >= 32 && r.facts.paw <= 52);
        if (r.facts.linearWidth !== undefined) assert.ok([48, 57].includes(r.facts.linearWidth));
      } else assert.equal(typeof r.error, 'string');
    }),
    RUNS,
  );
});
