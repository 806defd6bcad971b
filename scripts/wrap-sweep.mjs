// The wrap property (test/fuzz/wrap.js) swept, not sampled: every fixture (test/fixtures/samples
// and constructed) whole, hard-wrapped at every width from..to (step), with each continuation
// style ('' , '  ', '> ', its kernel prefix, records, its log prefix). Prints each distinct
// failure (a value neither read nor reported, a phantom field, another value) with how many wraps
// give it and the first few (width/style), then the totals; exit 1 if any. For audits (issue 10):
//   npm run build && node scripts/wrap-sweep.mjs [FILE-REGEX] [FROM-TO] [STEP] [STYLES]
//   node scripts/wrap-sweep.mjs 'bareflank|11[123]-' 20-120 1
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEPT, checkWrap } from '../test/fuzz/wrap.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const re = new RegExp(process.argv[2] ?? '.');
const [from, to] = (process.argv[3] ?? '20-120').split('-').map(Number);
const step = Number(process.argv[4] ?? 1);
const styles = (process.argv[5] ?? ',  ,> ,kernel,records,log').split(',');
const files = ['test/fixtures/samples', 'test/fixtures/constructed'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.txt') && re.test(f)).map((f) => join(ROOT, d, f)));
const fails = new Map();
let runs = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const which = KEPT.push({ n: file.split('/').pop().slice(0, 40), lines, whole: null }) - 1;
  for (let width = from; width <= to; width += step) {
    for (const prefix of styles) {
      runs++;
      try {
        checkWrap({ which, start: 0, length: lines.length, width, prefix, quote: '', cutFirst: 0 });
      } catch (e) {
        const key = e.message.split(' (width')[0];
        if (!fails.has(key)) fails.set(key, []);
        fails.get(key).push(`${width}/${JSON.stringify(prefix)}`);
      }
    }
  }
}
for (const [key, at] of fails) console.log(`${key} [${at.length}] ${at.slice(0, 6).join(' ')}`);
console.log(`${runs} wraps of ${files.length} files: ${fails.size} distinct failures in ${[...fails.values()].reduce((n, a) => n + a.length, 0)} wraps`);
process.exit(fails.size ? 1 : 0);
