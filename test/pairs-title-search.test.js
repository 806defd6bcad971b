// The title search of a pairs line (src/dialects/pairs.ts resolveFieldText): the trailing words of
// the text before a separator, split where a regular expression's \s splits (every Unicode blank,
// not only the blanks of a line), each phrase ruled out by its key's first three characters before
// its key is made (a word beyond ASCII keyed as normalizeName keys it: toLowerCase of U+0130 is an
// i and a dot above), a field's text resolved once per line (a garbled last value: invalidValue,
// then pairGroups), punctuation trimmed off a word only where it has some. Each row is a line and
// what parsePairLine gives: the results before these were made faster (same outputs, and kernel
// chatter of a KVM log, the last three text rows, stays no pairs line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePairLine } from '../dist/dialects/pairs.js';

/** What a parsed line says: kind, encoding, token, digits or value (a line of several: each group). */
const shape = (p) => {
  if (p === null) return null;
  const one = (g) => (g.kind === 'field' ? ['field', g.encoding, g.token, g.digits] : g.kind === 'invalid-value' ? ['invalid-value', g.encoding, g.token, g.value] : [g.kind, g.token, g.value]);
  return p.kind === 'fields' ? ['fields', p.known, p.groups.map(one)] : one(p);
};

const ROWS = [
  ["Guest\u2003RIP = 0x1", ['field', 0x681e, "Guest\u2003RIP", '1']],
  ["Guest RIP\u3000= zz", ['invalid-value', 0x681e, "Guest RIP", "zz"]],
  ["Guest R\u0130P = 0x5", ['field', 0x681e, "Guest R\u0130P", '5']],
  ["Guest \u212aernel RIP = 0x5", null],
  ["vmx: Guest\u00a0RSP = 0x10", ['field', 0x681c, "vmx: Guest RSP", '10']],
  ["vmx: Guest\u000bRSP = 0x10", ['field', 0x681c, "vmx: Guest RSP", '10']],
  ["vmx: Guest\u0085RSP = 0x10", ['field', 0x681c, "Guest\u0085RSP", '10']],
  ["vmx: Guest\u180eRSP = 0x10", ['field', 0x681c, "Guest\u180eRSP", '10']],
  ["(Guest RIP) = 0x10", ['field', 0x681e, "(Guest RIP)", '10']],
  ["\"GUEST_RIP\": \"0x10\"", ['invalid-value', 0x681e, "GUEST_RIP", "\"0x10\""]],
  ["\"GUEST_RIP\": zz", ['invalid-value', 0x681e, "GUEST_RIP", "zz"]],
  ["[GUEST_RIP] = 0x10", ['field', 0x681e, "GUEST_RIP", '10']],
  ["Guest RIP=0x1 Guest RSP=zz", ['fields', 2, [['field', 0x681e, "Guest RIP", '1'], ['invalid-value', 0x681c, "Guest RSP", "zz"]]]],
  ["Guest RIP = 0x1, (Guest RSP) = 0x2", ['fields', 2, [['field', 0x681e, "Guest RIP", '1'], ['field', 0x681c, "(Guest RSP)", '2']]]],
  ["x = 0x1 VM-exit qualification = zz", ['fields', 1, [["unknown-name", "x", "0x1"], ['invalid-value', 0x6400, "VM-exit qualification", "zz"]]]],
  ["EPT pointer (EPTP) = zz", ['invalid-value', 0x201a, "EPT pointer (EPTP)", "zz"]],
  ["note: Exit qualification = 0x5 VM-exit reason = zz", ['fields', 2, [['field', 0x6400, "Exit qualification", '5'], ['invalid-value', 0x4402, "VM-exit reason", "zz"]]]],
  ["4402 VM_EXIT_INFO_REASON: 0x30", ['field', 0x4402, "VM_EXIT_INFO_REASON", '30']],
  ["4402 VM_EXIT_INFO_REASON: zz", ['invalid-value', 0x4402, "VM_EXIT_INFO_REASON", "zz"]],
  ["  =  Guest RIP = zz", ['invalid-value', 0x681e, "Guest RIP", "zz"]],
  ["[  101.000000] EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro", null],
  ["[  101.500000] audit: type=1400 audit(7.123:42): apparmor=\"DENIED\" operation=\"open\"", null],
  ["[  101.000000] usb 1-1: new high-speed USB device number 5 using xhci_hcd", null],
  ["ok: Guest-RIP=0x2 Guest\u2028RSP=0x3", ['fields', 2, [['field', 0x681e, "Guest-RIP", '2'], ['field', 0x681c, "Guest\u2028RSP", '3']]]],
  ["Guest\tRIP\t=\tzz", ['invalid-value', 0x681e, "Guest RIP", "zz"]],
  ["Ex\u0130t qualification = 0x2", ['field', 0x6400, "Ex\u0130t qualification", '2']],
  ["\u0130nterruptibility state = zz", null],
  ["vmx: \u212aey Ex\u0130t qualification = 0x2", ['field', 0x6400, "Ex\u0130t qualification", '2']],
  ["G\u00fcest RIP = 0x1", null],
];

test('pairs title search: words split at every \\s blank, keys beyond ASCII, garbled last values, chatter', () => {
  for (const [line, want] of ROWS) assert.deepEqual(shape(parsePairLine(line)), want, JSON.stringify(line));
});

test('pairs title search: a line read twice gives the same (nothing of the last line carried over)', () => {
  for (const [line, want] of ROWS) {
    parsePairLine('Guest RIP = zz');
    assert.deepEqual(shape(parsePairLine(line)), want, JSON.stringify(line));
    assert.deepEqual(shape(parsePairLine(line)), want, JSON.stringify(line));
  }
});
