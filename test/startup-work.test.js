// Start-up work avoided without changing any result (issue 17, ARCHITECTURE.md "Start-up"):
// the KVM/Xen reader tests a line shape only when the line starts with that shape's plain text
// (literalLeads), the name index is parsed on its first lookup, the table's longest title is
// counted without splitting by a regular expression, and the region layouts are made on first use.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { literalLeads } from '../dist/dialects/kvm-xen.js';
import { maxTitleWords, fields, fieldsFile } from '../dist/table/table.js';
import { lookupName } from '../dist/index.js';
import { EVMCS_V1, EVMCS_V1_2022 } from '../dist/regions/evmcs.js';
import { VMCS12_CET, VMCS12_PRE_CET, VMCS12_CR3_TARGETS } from '../dist/regions/vmcs12.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('literalLeads: the plain text each match starts with, or null', () => {
  const cases = [
    [/^CR0: actual=0x[0-9a-f]+, shadow=/i, ['cr0: actual=0x']],
    [/^EFER = {5}0x/, ['EFER =']], // the blank before {5} may be repeated: not part of the lead
    [/^PDPT(?:R|E)[0-3]/, ['PDPT']],
    [/^SVI\|RVI = [0-9a-f]{2}/, ['SVI|RVI = ']],
    [/^EFER\((?:VMCS|MSR ?LL)\) = 0x/, ['EFER(']],
    [/^(?:CS|DS|SS):\s+sel=/, ['CS', 'DS', 'SS']],
    [/^(?:PreemptionTimer = 0x|InterruptStatus = [0-9a-f]{4}|SM Base = 0x)/, ['PreemptionTimer = 0x', 'InterruptStatus = ', 'SM Base = 0x']],
    [/^(?:VMEntry|VMExit):/i, ['vmentry', 'vmexit']],
    [/^(?:a[)|]b|c)d/, ['a', 'c']],
    [/^ab+c/, ['ab']],
    [/^ab*c/, ['a']],
    [/^ab?c/, ['a']],
    [/^a\dc/, ['a']],
    [/^\(XEN\) x/, ['(XEN) x']],
    [/^(?:0x)?ab/, null], // an optional group
    [/^(?:a|b)*c/, null],
    [/^(?:a|b){2}c/, null],
    [/^ab|cd/, null], // the anchor is the first alternative's only
    [/^a(?:b|c)|d/, null],
    [/^[ab]c/, null],
    [/^\dx/, null],
    [/ab/, null],
    [/^ab/g, null],
    [/^ab/m, null],
    [/^ab/u, null],
    [/^(ab)c/, null],
    [/^(?=a)b/, null],
  ];
  for (const [re, want] of cases) assert.deepEqual(literalLeads(re), want, String(re));
});

test('literalLeads: no line of the fixtures that a shape of the KVM/Xen reader matches lacks its lead', () => {
  // The shapes as the reader's source writes them (SHAPES and OPEN_SHAPES: `[/^.../flags, [`).
  const source = readFileSync(join(root, 'src', 'dialects', 'kvm-xen.ts'), 'utf8');
  const shapes = [...source.matchAll(/^ {2}\[\/(\^.*?)\/([a-z]*), \[/gm)].map((m) => new RegExp(m[1], m[2]));
  assert.ok(shapes.length >= 60, `${shapes.length} shapes found`);
  assert.ok(shapes.filter((re) => literalLeads(re) !== null).length >= 50, 'most shapes have a lead');
  const lines = new Set();
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.(txt|log)$/.test(e.name)) for (const l of readFileSync(join(dir, e.name), 'latin1').split('\n')) lines.add(l);
    }
  };
  walk(join(root, 'test', 'fixtures'));
  // each line as the reader may see it: whole, without its log prefix, without leading blanks
  const texts = new Set();
  for (const l of lines) {
    texts.add(l);
    texts.add(l.trim());
    texts.add(l.replace(/^[\s>]*(?:\(XEN\)\s*)?(?:\[[^\]]*\]\s*)?(?:\S+:\s+)?/, '').trim());
  }
  let matched = 0;
  for (const re of shapes) {
    const leads = literalLeads(re);
    for (const t of texts) {
      if (!re.test(t)) continue;
      matched++;
      if (leads === null) continue;
      const start = re.ignoreCase ? t.toLowerCase() : t;
      assert.ok(leads.some((l) => start.startsWith(l)), `${re} matches ${JSON.stringify(t)} but its leads are ${JSON.stringify(leads)}`);
    }
  }
  assert.ok(matched > 300, `${matched} matching lines`);
});

test('maxTitleWords is the most words (split at blanks) of any title, high-half title or former title', () => {
  const titles = fieldsFile.fields.flatMap((e) => [e.title, e.high?.title ?? '', ...(e.formerTitles ?? [])]);
  assert.equal(maxTitleWords, Math.max(...titles.map((t) => t.split(/\s+/).length)));
  assert.ok(maxTitleWords >= 5);
});

test('the name index parsed on first use resolves names, aliases, titles and halves', () => {
  const cases = [
    ['GUEST_RIP', 0x681e],
    ['guest rip', 0x681e],
    ['Guest RIP', 0x681e],
    ['VMCS_LINK_POINTER_HIGH', 0x2801],
    ['EXIT_REASON', 0x4402],
    ['NO_SUCH_FIELD', undefined],
  ];
  for (const [name, encoding] of cases) assert.equal(lookupName(name)?.encoding, encoding, name);
  assert.ok(fields.length > 200);
});

test('region layouts made on first use: sorted by offset, the same array every time', () => {
  for (const layout of [EVMCS_V1, EVMCS_V1_2022, VMCS12_CET, VMCS12_PRE_CET, VMCS12_CR3_TARGETS]) {
    const f = layout.fields;
    assert.ok(f.length > 50, layout.id);
    assert.equal(layout.fields, f, layout.id);
    for (let i = 1; i < f.length; i++) assert.ok(f[i - 1].offset <= f[i].offset, `${layout.id} ${f[i].member}`);
    assert.deepEqual(Object.keys(f[0]).sort(), (layout.id.startsWith('evmcs') ? ['clean', 'field', 'member', 'offset', 'size'] : ['field', 'member', 'offset', 'size']).sort());
  }
});
