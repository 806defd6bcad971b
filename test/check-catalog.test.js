// The rules against the catalog they restate (test/fixtures/vmentry-checks.md, a copy of the
// project's research): every SDM rule of the catalog is implemented under its ID, with the
// catalog's failure, and no rule exists that the catalog does not have. Also the MSR-loading
// rules (SDM 27.4), whose area is in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rules, checkFields } from '../dist/index.js';
import { run, state } from './check-helpers.js';

const catalog = readFileSync(new URL('./fixtures/vmentry-checks.md', import.meta.url), 'utf8');
// "**E-01 Pin-based reserved bits.**": the SDM rules of §1.1-1.6 (P-nn are pre-checks on the
// processor, K-nn and B-nn what only KVM or Bochs check: not SDM rules).
const ids = [...catalog.matchAll(/^\*\*([A-Z]{1,2}-\d\d) /gm)].map((m) => m[1]);

test('the catalog lists 200 SDM rules, and each is implemented once', () => {
  assert.equal(ids.length, 200);
  const have = rules.map((r) => r.id);
  assert.equal(new Set(have).size, have.length, 'no ID twice');
  assert.deepEqual([...have].sort(), [...ids].sort());
});

const FAILURE_BY_PREFIX = { E: 'vmfail-7', X: 'vmfail-7', N: 'vmfail-7', H: 'vmfail-8', G: 'exit-33', S: 'exit-33', D: 'exit-33', R: 'exit-33', A: 'exit-33', I: 'exit-33', PD: 'exit-33', L: 'exit-33', PT: 'exit-33', M: 'exit-34' };
// SDM Vol. 3C sections of the October 2025 edition (chapter 28; chapter 27 in 2022-2024 editions)
const SECTION_BY_PREFIX = { E: '28.2.1.1', X: '28.2.1.2', N: '28.2.1.3', G: '28.3.1.1', S: '28.3.1.2', D: '28.3.1.3', R: '28.3.1.4', A: '28.3.1.5', I: '28.3.1.5', PD: '28.3.1.5', L: '28.3.1.5', PT: '28.3.1.6', M: '28.4' };

for (const r of rules) {
  test(`${r.id}: failure ${FAILURE_BY_PREFIX[r.id.split('-')[0]]}, SDM ${r.section}, a title`, () => {
    const prefix = r.id.split('-')[0];
    assert.equal(r.failure, FAILURE_BY_PREFIX[prefix]);
    if (prefix === 'H') assert.match(r.section, /^28\.2\.[234]$/);
    else assert.equal(r.section, SECTION_BY_PREFIX[prefix]);
    assert.ok(r.title.length > 10);
    if (/\[verify\]/.test(catalog.split(`**${r.id} `)[1]?.split('\n\n')[0] ?? '')) assert.ok(r.decision, `${r.id} is [verify] in the catalog: its decision is stated`);
  });
}

// [id, what, changes, status, needs.kind]
const MSR_LOAD = [];
for (const id of ['M-01', 'M-02', 'M-03', 'M-04', 'M-05', 'M-06']) {
  MSR_LOAD.push(
    [id, 'no entries to load', { VM_ENTRY_MSR_LOAD_COUNT: 0 }, 'pass'],
    [id, 'two entries: their contents are in memory', { VM_ENTRY_MSR_LOAD_COUNT: 2, VM_ENTRY_MSR_LOAD_ADDR: 0x10a3b7000 }, 'not-evaluated', 'memory'],
    [id, 'the count not in the dump', { VM_ENTRY_MSR_LOAD_COUNT: null }, 'not-evaluated', 'field'],
  );
}
for (const [id, what, changes, status, kind] of MSR_LOAD) {
  test(`${id} ${what}: ${status}`, () => {
    const r = run(id, changes);
    assert.equal(r.status, status);
    if (kind) assert.equal(r.needs.kind, kind);
    assert.equal(r.failure, 'exit-34');
  });
}

test('a state whose MSR-load area cannot be read does not hide the other failures', () => {
  const r = checkFields(state({ VM_ENTRY_MSR_LOAD_COUNT: 1, VM_ENTRY_MSR_LOAD_ADDR: 0x10a3b7000, GUEST_RFLAGS: 0x244 }), { only: ['M-01', 'R-03'] });
  assert.deepEqual(r.results.map((x) => [x.id, x.status]), [['R-03', 'fail'], ['M-01', 'not-evaluated']]);
  assert.equal(r.predicted, 'exit-33');
});
