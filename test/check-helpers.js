// Shared by the test/check-*.test.js files: the known-good 64-bit VMCS state
// (test/fixtures/check/good-64bit.txt) and a way to run one rule over it with some fields
// changed. Each rule's passing and failing cases are one line each in its group's table.
import { readFileSync } from 'node:fs';
import { annotate, checkFields, encode, findProfile, profileCaps } from '../dist/index.js';

const text = readFileSync(new URL('./fixtures/check/good-64bit.txt', import.meta.url), 'utf8');
const [dump] = annotate(text, { bits: false }).dumps;
export const GOOD = new Map(dump.fields.map((f) => [f.encoding, f.value]));

export const caps9750h = () => profileCaps(findProfile('i7-9750h'));

function encodingOf(name) {
  const r = encode(name);
  if (!r.ok) throw new Error(`unknown field in a test: ${name}`);
  return r.encoding;
}

/**
 * The good state with `changes` applied: { GUEST_CR0: 0x80000031n, ... }; a value of null
 * removes the field (the dump did not print it). Numbers are accepted for small values.
 */
export function state(changes = {}) {
  const values = new Map(GOOD);
  for (const [name, v] of Object.entries(changes)) {
    const enc = encodingOf(name);
    if (v === null) values.delete(enc);
    else values.set(enc, BigInt(v));
  }
  return values;
}

/**
 * Run one rule over the good state with changes.
 * options: { caps: false | Caps (default: the i7-9750H profile), facts: {...} }
 * Returns the rule's result: { status, message, needs, fields, ... }.
 */
export function run(id, changes = {}, options = {}) {
  const caps = options.caps === false ? undefined : (options.caps ?? caps9750h());
  const report = checkFields(state(changes), { caps, facts: options.facts, only: [id] });
  if (report.results.length !== 1) throw new Error(`no rule ${id}`);
  return report.results[0];
}

/** Every rule over the good state (with changes). */
export function runAll(changes = {}, options = {}) {
  const caps = options.caps === false ? undefined : (options.caps ?? caps9750h());
  return checkFields(state(changes), { caps, facts: options.facts });
}
