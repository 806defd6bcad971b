// The longer fuzz: `npm run fuzz -- --seconds 60 [--seed N] [--only readers,caps,wrap]`. Runs the
// properties of test/fuzz/readers.js and test/fuzz/wrap.js (real dumps cut and hard-wrapped) in
// batches until the budget is spent; prints the failing input (seed, path, counterexample) and
// exits 1 on the first failure.
// (scripts/wrap-sweep.mjs sweeps the wrap property over every fixture, width and continuation style.)
import fc from 'fast-check';
import { readersProperty, capsProperty } from '../test/fuzz/readers.js';
import { wrapProperty } from '../test/fuzz/wrap.js';

const args = process.argv.slice(2);
const opt = (k, d) => (args.includes(k) ? Number(args[args.indexOf(k) + 1]) : d);
const seconds = opt('--seconds', 60);
let seed = opt('--seed', Date.now() % 2 ** 31);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const props = [['readers', readersProperty], ['caps', capsProperty], ['wrap', wrapProperty]].filter(([name]) => !only || only.includes(name));
const end = Date.now() + seconds * 1000;
let runs = 0;
while (Date.now() < end) {
  for (const [name, prop] of props) {
    const r = fc.check(prop(), { numRuns: 200, seed });
    runs += r.numRuns;
    if (r.failed) {
      console.error(`fuzz: ${name} failed (seed ${seed}, path ${r.counterexamplePath}):`);
      console.error(fc.defaultReportMessage(r));
      process.exit(1);
    }
  }
  seed = (seed + 1) % 2 ** 31;
}
console.log(`fuzz: ${runs} runs in ${seconds} s, no failure`);
