// The bound on the heap while a long log is read (src/cli/io.ts, HeapBound; issue 17): feed()
// collects when the old generation has grown by GC_SLACK since the last collection it made,
// and, since it grows from what is left after each collection, data that is really alive never
// makes it collect at every look. No timing here: peak memory is measured by npm run bench.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapBound, GC_SLACK, oldGeneration } from '../dist/cli/io.js';

const MB = 1024 * 1024;

// One row per run: the old generation (MB) at each look, what a collection leaves of it (MB,
// by look), and the looks (from 0) at which a collection is made. The first look only records.
const ROWS = [
  ['grows, never past the slack', [10, 12, 17, 18], {}, []],
  ['past the slack twice (dead objects promoted)', [10, 19, 15, 20, 19], { 1: 11, 3: 12 }, [1, 3]],
  ['exactly the slack: not past it', [10, 18, 18], {}, []],
  ['live data grows: once per slack, not at every look', [10, 19, 20, 26, 28, 29], { 1: 19, 4: 28 }, [1, 4]],
  ['the first look sets the base, however high', [40, 45, 48, 50], { 3: 41 }, [3]],
];

for (const [name, looks, after, expected] of ROWS) {
  test(`HeapBound: ${name}`, () => {
    assert.equal(GC_SLACK, 8 * MB);
    let retained = 0;
    let i = 0;
    const collected = [];
    const b = new HeapBound(
      () => {
        collected.push(i);
        retained = (after[i] ?? retained / MB) * MB;
      },
      () => retained,
    );
    for (i = 0; i < looks.length; i++) {
      retained = looks[i] * MB;
      assert.equal(b.look(), expected.includes(i), `look ${i}`);
    }
    assert.deepEqual(collected, expected);
    assert.equal(b.collections, expected.length);
  });
}

test('oldGeneration: every space of the heap but the young generation', () => {
  const spaces = [
    ['read_only_space', 1],
    ['new_space', 100],
    ['old_space', 20],
    ['code_space', 3],
    ['new_large_object_space', 50],
    ['large_object_space', 4],
    ['code_large_object_space', 5],
  ].map(([space_name, n]) => ({ space_name, space_used_size: n * MB }));
  assert.equal(oldGeneration(spaces), 33 * MB);
});
