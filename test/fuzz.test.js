// A few seconds of fuzzing every reader (the longer run: npm run fuzz -- --seconds N).
import { test } from 'node:test';
import fc from 'fast-check';
import './property-seed.js';
import { readersProperty, capsProperty } from './fuzz/readers.js';

test('fuzz: every reader, arbitrary bytes and mutated real dumps, in random chunks: no throw, same result, lines named', () => {
  fc.assert(readersProperty(), { numRuns: 300 });
});

test('fuzz: capability sources (rdmsr, vmxcap, VBox.log) mutated: no throw', () => {
  fc.assert(capsProperty(), { numRuns: 300 });
});
