// node bench/threads.mjs LOG [--bin=PATH] [--workers=N] [-- check --json --caps i7-9750h]
// What a worker thread gains, in instructions per thread (valgrind's callgrind with
// --separate-threads=yes, fixed --hash-seed and --random-seed), for a machine whose wall time
// cannot be judged (shared, loaded): the command once in one thread (VMCS_WORKERS=0) and once
// with workers (VMCS_WORKERS=N, default 1), standard output to /dev/null (written as to a file).
// For each run: the main thread, each worker thread, and the rest (V8's GC and compiler threads).
// The estimate of the wall time with two cores is max(main, each worker, all threads / 2), set
// against the one-thread run's own estimate, max(main, all / 2), and against all of its threads
// (the figure issue 17's work2 brief asked for). Counts exclude the kernel (reads, writes, page
// faults) and waiting: a lower bound of what the threads cost, not a wall time.
// Slow: ~100x the run's own time. Use a log of 1,000-10,000 dumps (.bench/kvm-N.log from npm run bench).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const command = dash >= 0 ? argv.slice(dash + 1) : ['check', '--json', '--caps', 'i7-9750h'];
const log = own.find((a) => !a.startsWith('--'));
if (!log) {
  console.error('usage: node bench/threads.mjs LOG [--bin=PATH] [--workers=N] [-- COMMAND...]');
  process.exit(2);
}
const bin = own.find((a) => a.startsWith('--bin='))?.slice(6) ?? join(root, 'bin', 'vmcs.js');
const workers = Number(own.find((a) => a.startsWith('--workers='))?.slice(10) ?? 1);

/** Instructions per thread of one run: [main, ...others in thread order]. */
function threads(n) {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-threads-'));
  const env = { ...process.env, VMCS_WORKERS: String(n), NO_COLOR: '1' };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync('valgrind', ['--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'cg.%p')}`, process.execPath, '--hash-seed=1', '--random-seed=1', bin, ...command, log], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`callgrind run failed (${r.status}): ${r.stderr.slice(-400)}`);
  const counts = [];
  for (const f of readdirSync(dir)) {
    const m = /-(\d+)$/.exec(f);
    const total = /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(dir, f), 'utf8'));
    if (m && total) counts.push({ thread: Number(m[1]), ir: Number(total[1]) });
  }
  rmSync(dir, { recursive: true, force: true });
  counts.sort((a, b) => a.thread - b.thread);
  return counts;
}

const g = (x) => `${(x / 1e9).toFixed(2)} G`;
const one = threads(0);
const par = threads(workers);
const sum = (c) => c.reduce((s, x) => s + x.ir, 0);
// the worker threads: the threads that run JavaScript, told apart from V8's by being started
// after them (Node starts its platform's threads first); the largest `workers` of those
const oneAll = sum(one);
const oneMain = one[0].ir;
const oneEst = Math.max(oneMain, oneAll / 2);
const late = par.slice(1).filter((x) => x.thread > one[one.length - 1].thread);
const ws = late.sort((a, b) => b.ir - a.ir).slice(0, workers);
const parAll = sum(par);
const parMain = par[0].ir;
const parEst = Math.max(parMain, ...ws.map((w) => w.ir), parAll / 2);
console.log(`${command.join(' ')} ${log}`);
console.log(`one thread:  main ${g(oneMain)}, V8 threads ${g(oneAll - oneMain)}, all ${g(oneAll)}; estimate max(main, all/2) ${g(oneEst)}`);
console.log(`${workers} worker(s): main ${g(parMain)}, worker ${ws.map((w) => g(w.ir)).join(', ')}, V8 threads ${g(parAll - parMain - sum(ws))}, all ${g(parAll)}; estimate max(main, worker, all/2) ${g(parEst)}`);
console.log(`estimate with workers / one thread's estimate: ${(parEst / oneEst).toFixed(2)}; / one thread's all threads: ${(parEst / oneAll).toFixed(2)}; CPU with workers / one thread: ${(parAll / oneAll).toFixed(2)}`);
