// How well `vmcs annotate` reads the real public pastes of test/fixtures/samples/16-105 and 111-129, against
// the tables of test/realdumps-expected.js: fields right / fields present, fields read wrong or
// from nowhere, phantom dumps, and values right but on another line. Run after `npm run build`:
//   node bench/real-pastes.mjs [--verbose]
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { annotate } from '../dist/index.js';
import { EXPECTED } from '../test/realdumps-expected.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLES = join(ROOT, 'test', 'fixtures', 'samples');
const verbose = process.argv.includes('--verbose');
const files = readdirSync(SAMPLES);

function rows(text) {
  return text.trim().split('\n').filter((l) => l.trim()).map((l) => {
    const [line, name, value] = l.trim().split(/\s+/);
    const [a, b = a] = line.split('-').map(Number);
    // `!value`: printed but damaged in the paste (counted as present, never as read)
    return { from: a, to: b, name, value: value.startsWith('!') ? -1n : BigInt('0x' + value) };
  });
}

let present = 0, right = 0, wrongLine = 0, wrong = 0, extra = 0, phantom = 0;
for (const [n, dumps] of Object.entries(EXPECTED)) {
  const file = files.find((f) => f.startsWith(n + '-'));
  const r = annotate(readFileSync(join(SAMPLES, file)), { bits: false });
  const out = r.dumps.map((d) => ({ d, used: false }));
  let sRight = 0, sPresent = 0, sWrong = 0, sLine = 0;
  const missing = [];
  for (const [format, table] of dumps) {
    const want = rows(table);
    sPresent += want.length;
    if (want.length === 0) {
      // a dump of notes alone (no field): the first unused one of its format with no field
      const o = out.find((x) => !x.used && x.d.format === format && x.d.fields.length === 0);
      if (o) o.used = true;
      continue;
    }
    // the output dump that matches most of this dump's values
    let best = null, bestScore = -1;
    for (const o of out) {
      if (o.used) continue;
      const score = want.filter((w) => o.d.fields.some((f) => f.name === w.name && f.value === w.value)).length;
      if (score > bestScore) { best = o; bestScore = score; }
    }
    if (!best || bestScore === 0) { missing.push(...want.map((w) => `${w.name}@${w.from}`)); continue; }
    best.used = true;
    for (const w of want) {
      const f = best.d.fields.find((x) => x.name === w.name);
      if (f && f.value === w.value) {
        sRight++;
        if (f.line !== undefined && (f.line < w.from || f.line > w.to)) sLine++;
      } else if (f) { sWrong++; missing.push(`${w.name}@${w.from}=0x${f.value.toString(16)}(want 0x${w.value.toString(16)})`); }
      else missing.push(`${w.name}@${w.from}`);
    }
    extra += best.d.fields.filter((f) => !want.some((w) => w.name === f.name)).length;
  }
  const ph = out.filter((o) => !o.used);
  phantom += ph.length;
  extra += ph.reduce((a, o) => a + o.d.fields.length, 0);
  present += sPresent; right += sRight; wrong += sWrong; wrongLine += sLine;
  if (verbose || sRight < sPresent || ph.length) {
    console.log(`${file}: ${sRight}/${sPresent} right${sLine ? `, ${sLine} on another line` : ''}${ph.length ? `, ${ph.length} phantom dump(s)` : ''}`);
    if (verbose && missing.length) console.log('   missing/wrong: ' + missing.slice(0, 12).join(' ') + (missing.length > 12 ? ' ...' : ''));
  }
}
console.log(`\nfields right / present: ${right}/${present} (${((100 * right) / present).toFixed(1)}%); read wrong: ${wrong}; right value, other line: ${wrongLine}; fields not in the paste: ${extra}; phantom dumps: ${phantom}`);
