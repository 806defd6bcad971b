// npm run bench [-- --quick] [--instructions] [--runs=N] [--rounds=N] [--lines=N] [--dumps=N] [--only=startup,pairs,kvm] [--repeat=N]
// --repeat=N: the whole bench N times in a row, then one table of every figure in each run and
// whether its target held in all N (issue 17: "the targets hold in three runs in a row").
// Every target of issue 17, each printed with its target and PASS/FAIL. All figures are ratios
// against baselines run round-robin in the same run (A B A B ...), so that the load of a shared
// machine hits both sides; the judged figure is the median of the per-round ratios of WALL time,
// CPU time (user + sys of the children, from getrusage: bench/measure.py) is shown beside it.
// Why wall and not CPU: on the VM this was tuned on, CPU accounting is broken (getrusage reports
// a single-threaded shell loop at 1.9x its wall time, and `node -e 0` at ~400 ms of CPU in 84 ms
// of wall on 2 cores), so CPU ratios there measure the hypervisor's bookkeeping, not the
// program; and a worker thread that uses the second core is a gain in wall time only.
// Start-up is timed here directly (spawn to exit); --instructions also counts the instructions of
// one run of each command with valgrind's callgrind (next to no noise from other processes, ~100x
// slower) and prints their ratio beside the wall ratio.
// NODE_EXTRA_CA_CERTS is unset for every command (Node 20 parses that bundle eagerly at start-up,
// ~75 ms that would hide vmcs's own start-up). Peak memory is measured writing to a file and
// through a slow pipe (bench/slow-reader.py), at 1x and 4x the input: it must stay under 200 MB
// and flat. bench/naive.py is the straightforward Python script a user would write instead.
// The load average is printed before and after each workload: the machine may be shared.
// Speed is measured here, never in a timed test. --quick: small inputs, for a shared machine.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { once } from 'node:events';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
{
  const repeat = Number(process.argv.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 1);
  if (repeat > 1) {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vmcs-bench-'));
    const rest = process.argv.slice(2).filter((a) => !a.startsWith('--repeat='));
    const runsOut = [];
    for (let i = 1; i <= repeat; i++) {
      console.log(`=== run ${i} of ${repeat} (${new Date().toISOString()}) ===`);
      const file = join(dir, `run${i}.json`);
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...rest, `--results=${file}`], { stdio: 'inherit' });
      if (r.status !== 0 || !existsSync(file)) {
        console.error(`bench run ${i} failed (exit ${r.status})`);
        process.exit(1);
      }
      runsOut.push(JSON.parse(readFileSync(file, 'utf8')));
      console.log();
    }
    rmSync(dir, { recursive: true, force: true });
    console.log(`=== ${repeat} runs in a row ===`);
    let held = 0;
    for (const [k, first] of runsOut[0].entries()) {
      const all = runsOut.map((rs) => rs[k]);
      const ok = all.every((x) => x && x.name === first.name && x.pass);
      if (ok) held++;
      console.log(`${ok ? 'HELD' : 'FAIL'}  ${first.name.padEnd(50)} ${all.map((x) => (x ? x.value : '-').padStart(8)).join(' ')}  target ${first.target}`);
    }
    console.log(`${held} of ${runsOut[0].length} targets held in all ${repeat} runs`);
    process.exit(held === runsOut[0].length ? 0 : 1);
  }
}
// --bin=PATH: measure another build (a checkout of main, for before/after figures).
const bin = process.argv.find((a) => a.startsWith('--bin='))?.slice(6) ?? join(root, 'bin', 'vmcs.js');
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
const node = process.execPath;
const argv = process.argv.slice(2);
const arg = (k, d) => {
  const a = argv.find((x) => x.startsWith(`--${k}=`));
  return a === undefined ? d : a.slice(k.length + 3);
};
const quick = argv.includes('--quick');
const runs = Number(arg('runs', quick ? 15 : 40)); // start-up rounds (each runs every command once)
const rounds = Number(arg('rounds', quick ? 1 : 3)); // throughput rounds
const lines = Number(arg('lines', quick ? 100_000 : 1_000_000));
const dumps = Number(arg('dumps', quick ? 1_000 : 10_000));
const only = new Set(arg('only', 'startup,pairs,kvm').split(','));
const python = arg('python', 'python3');
const sample = join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt');

const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;
delete env.FORCE_COLOR;

/** One run through bench/measure.py: { wall (s), cpu (s), rssMb, code }. */
function measure(cmd, { stdout = '/dev/null', pipe, ok = [0] } = {}) {
  // The output file of the run before is removed first, outside the timed run: measure.py
  // truncates it when it opens it, and truncating the 4 GB a 4x check run leaves behind cost the
  // next timed command seconds (pairs random read 12.6x the line copy instead of 7.9x).
  if (stdout !== '/dev/null') rmSync(stdout, { force: true });
  const spec = JSON.stringify({ cmd, stdout, ...(pipe ? { pipe } : {}) });
  const r = spawnSync(python, [join(root, 'bench', 'measure.py'), spec], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`measure.py failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (!ok.includes(m.code)) throw new Error(`${cmd.join(' ')} exited ${m.code}: ${m.stderr}`);
  return m;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const results = [];
function report(name, value, target, pass, detail) {
  results.push({ name, value, target, pass });
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(44)} ${value.padStart(10)}  target ${target.padEnd(10)} ${detail}`);
}

/**
 * Round-robin: each round runs every command once, in order. Returns per command the runs, and
 * per command after the first the median of its per-round wall-time ratio to the first (the
 * baseline), and the same of CPU time (shown, not judged).
 */
function roundRobin(cmds, n) {
  const out = cmds.map(() => []);
  for (let i = 0; i < n; i++) cmds.forEach((c, j) => out[j].push(measure(c.cmd, c)));
  return out.map((rs, j) => ({
    runs: rs,
    cpu: median(rs.map((r) => r.cpu)),
    wall: median(rs.map((r) => r.wall)),
    rssMb: Math.max(...rs.map((r) => r.rssMb)),
    ratio: j === 0 ? 1 : median(rs.map((r, i) => r.wall / out[0][i].wall)),
    cpuRatio: j === 0 ? 1 : median(rs.map((r, i) => r.cpu / out[0][i].cpu)),
  }));
}
const ms = (s) => `${(s * 1000).toFixed(0)} ms`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

console.log(`vmcs bench: node ${process.version}, ${quick ? 'quick' : 'full'} (${runs} start-up runs, ${rounds} rounds, ${lines} pair lines, ${dumps} KVM dumps); NODE_EXTRA_CA_CERTS unset`);
console.log('ratios: median of per-round WALL-time ratios against the baseline run beside it (CPU-time ratio in brackets, not judged)');
console.log(`load average (1, 5, 15 min): ${load()}\n`);

// 1. Start-up.
if (only.has('startup')) {
  const cmds = [
    ['node -e 0', [node, '-e', '0'], 0],
    ['encode GUEST_RIP', [node, bin, 'encode', 'GUEST_RIP'], 1.3],
    ['decode 0x6800', [node, bin, 'decode', '0x6800'], 1.3],
    ['explain EXIT_REASON 0x80000021', [node, bin, 'explain', 'EXIT_REASON', '0x80000021'], 1.6],
    ['annotate one dump', [node, bin, 'annotate', sample], 1.6],
    ['check one dump', [node, bin, 'check', sample], 1.6],
  ];
  // Wall time of one run, spawn to exit, standard output to /dev/null.
  const devnull = openSync('/dev/null', 'w');
  const wall = (cmd) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd.slice(1), { env, stdio: ['ignore', devnull, 'pipe'], encoding: 'utf8' });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr.slice(-300)}`);
    return s;
  };
  for (const [, cmd] of cmds) wall(cmd); // one run each first: files in the page cache, code caches written
  const times = cmds.map(() => []);
  for (let i = 0; i < runs; i++) cmds.forEach(([, cmd], j) => times[j].push(wall(cmd)));
  closeSync(devnull);
  const ratio = (j) => median(times[j].map((t, i) => t / times[0][i]));
  // --instructions: instructions executed (all threads), counted by valgrind's callgrind, one run each.
  let instr = null;
  if (argv.includes('--instructions')) {
    const count = (cmd) => {
      const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...cmd], { env, encoding: 'utf8' });
      const m = /Collected : (\d+)/.exec(r.stderr);
      if (!m) throw new Error(`callgrind failed: ${r.stderr.slice(-300)}`);
      return Number(m[1]);
    };
    instr = cmds.map(([, cmd]) => count(cmd));
  }
  const mi = (j) => (instr ? `; ${(instr[j] / 1e6).toFixed(0)} M instructions${j > 0 ? `, ratio ${(instr[j] / instr[0]).toFixed(2)}` : ''}` : '');
  console.log(`start-up: node -e 0 ${ms(median(times[0]))} wall (median of ${runs} rounds)${mi(0)}`);
  cmds.forEach(([name, , target], j) => {
    if (j === 0) return;
    const r = ratio(j);
    report(`start-up ${name} / node -e 0`, r.toFixed(2), `<= ${target}`, r <= target, `${ms(median(times[j]))} wall${mi(j)}`);
  });
  console.log();
}

// 2. Inputs. Pairs: "realistic": every field of the table in each dump, with the values of a
// real VM exit (examples/pairs.log; other fields 0) and the exit-specific fields varying from
// dump to dump. "random": every value random (masked to the field's width), so that nearly every
// control word has reserved bits set and draws a warning: the worst case for decoding.
const { fields } = await import(join(root, 'dist', 'index.js'));
const template = new Map();
for (const line of readFileSync(join(root, 'examples', 'pairs.log'), 'utf8').split('\n')) {
  const m = /(0x[0-9a-f]{8}) = (0x[0-9a-f]+)/.exec(line);
  if (m) template.set(parseInt(m[1], 16), BigInt(m[2]));
}
const EXITS = [[48n, 0x181n], [30n, 0x3f80040n], [28n, 0x4n], [1n, 0n], [12n, 0n], [31n, 0n], [32n, 0n], [10n, 0n], [0x80000021n, 0n]];
function value(f, n, dump, random) {
  const bits = f.width === '16' ? 16 : f.width === '32' ? 32 : 64;
  if (random) return BigInt.asUintN(bits, BigInt((n * 2654435761) >>> 0) * 0x9e3779b97f4a7c15n);
  const [reason, qual] = EXITS[dump % EXITS.length];
  if (f.encoding === 0x4402) return reason;
  if (f.encoding === 0x6400) return qual;
  if (f.encoding === 0x681e) return 0xffffffff81000000n + BigInt((dump * 7919) % 0x100000);
  if (f.encoding === 0x681c) return 0xffffc90000000000n + BigInt((dump * 104729) % 0x1000000);
  if (f.encoding === 0x2400) return BigInt((dump * 4096) % 0x100000000);
  return template.get(f.encoding) ?? 0n;
}
async function writeLines(path, produce) {
  if (existsSync(path)) return path;
  const ws = createWriteStream(path + '.tmp');
  for (const text of produce()) if (!ws.write(text)) await once(ws, 'drain');
  ws.end();
  await once(ws, 'finish');
  (await import('node:fs')).renameSync(path + '.tmp', path);
  // written back to disk before any timed run: the writeback of a fresh 200 MB input would
  // land on whichever command runs next
  spawnSync('sync');
  return path;
}
const pairsLog = (random, count) =>
  writeLines(join(work, `pairs-${random ? 'random' : 'realistic'}-${count}.log`), function* () {
    let n = 0;
    let t = 0;
    for (let dump = 0; n < count; dump++) {
      let text = '';
      for (const f of fields) {
        if (n >= count) break;
        t += 0.000013;
        const enc = '0x' + f.encoding.toString(16).padStart(8, '0');
        const digits = f.width === '16' ? 4 : f.width === '32' ? 8 : 16;
        const v = '0x' + value(f, n, dump, random).toString(16).padStart(digits, '0');
        text += n % 7 === 3 ? `[${t.toFixed(6).padStart(12)}] myvmm: ${f.name} = ${v}\n` : `[${t.toFixed(6).padStart(12)}] myvmm: ${enc} = ${v}\n`;
        n++;
      }
      yield text;
    }
  });
// KVM: sample 02's dump, its timestamps and RIP varied, with unrelated kernel lines between dumps.
const kvmLog = (count) =>
  writeLines(join(work, `kvm-${count}.log`), function* () {
    const lines = readFileSync(sample, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => l.replace(/^\[[^\]]*\] /, ''));
    let t = 100;
    for (let d = 0; d < count; d++) {
      const chatter = [
        `usb 1-1: new high-speed USB device number ${d % 128} using xhci_hcd`,
        `EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro`,
        `audit: type=1400 audit(${d}.123:42): apparmor="DENIED" operation="open"`,
      ];
      let text = '';
      for (const c of chatter) text += `[${(t += 0.5).toFixed(6).padStart(12)}] ${c}\n`;
      for (const l of lines) {
        const line = l.replace(/RIP = 0x[0-9a-f]{16}/, `RIP = 0x${(0xffffffff81000000n + BigInt(d * 16)).toString(16)}`);
        text += `[${(t += 0.000013).toFixed(6).padStart(12)}] ${line}\n`;
      }
      yield text;
    }
  });

// 3. Throughput: vmcs against the node line copy and against the Python script, same input, same sink.
const lineCopy = (log) => [node, join(root, 'bench', 'line-copy.mjs'), log];
const naive = (log) => [python, join(root, 'bench', 'naive.py'), log];
const outFile = join(work, 'out');
const workloads = [];
if (only.has('pairs')) {
  workloads.push(
    { name: 'pairs realistic annotate --json', log: (k) => pairsLog(false, lines * k), args: ['annotate', '--json'], copy: 2.5, py: true },
    { name: 'pairs random annotate --json', log: (k) => pairsLog(true, lines * k), args: ['annotate', '--json'], copy: 10, py: true },
  );
}
if (only.has('kvm')) {
  workloads.push(
    { name: 'KVM dumps annotate --json', log: (k) => kvmLog(dumps * k), args: ['annotate', '--json'], copy: 8, py: true },
    { name: 'KVM dumps check --json --caps', log: (k) => kvmLog(dumps * k), args: ['check', '--json', '--caps', 'i7-9750h'], copy: 12, py: false, workers: 0.8, streams: true },
  );
}
for (const w of workloads) {
  const log = await w.log(1);
  const vmcs = [node, bin, ...w.args, log];
  const cmds = [{ cmd: lineCopy(log), stdout: outFile }, { cmd: vmcs, stdout: outFile, ok: [0, 1] }];
  if (w.py) cmds.push({ cmd: naive(log), stdout: outFile });
  const before = load();
  const r = roundRobin(cmds, rounds);
  const size = `${(readFileSync(log).length / 1e6).toFixed(0)} MB in`;
  report(`${w.name} / line copy`, r[1].ratio.toFixed(2), `<= ${w.copy}`, r[1].ratio <= w.copy, `vmcs ${ms(r[1].wall)} wall ${ms(r[1].cpu)} CPU, copy ${ms(r[0].wall)} wall ${ms(r[0].cpu)} CPU (CPU ratio ${r[1].cpuRatio.toFixed(2)}); ${size}`);
  if (w.py) {
    const faster = median(r[2].runs.map((p, i) => p.wall / r[1].runs[i].wall));
    const fasterCpu = median(r[2].runs.map((p, i) => p.cpu / r[1].runs[i].cpu));
    report(`${w.name}: Python script / vmcs`, faster.toFixed(2), '>= 1.5', faster >= 1.5, `python ${ms(r[2].wall)} wall ${ms(r[2].cpu)} CPU (CPU ratio ${fasterCpu.toFixed(2)})`);
  }
  if (w.workers) {
    // Both cores: one worker thread (VMCS_WORKERS=1) against one thread (VMCS_WORKERS=0), same
    // input, same sink; a gain only if the worker's share outweighs what handing it work costs.
    // (Instructions per thread, for a machine whose wall time cannot be judged: bench/threads.mjs.)
    const threads = (n) => ['env', `VMCS_WORKERS=${n}`, ...vmcs];
    const t = roundRobin([{ cmd: threads(0), stdout: outFile, ok: [0, 1] }, { cmd: threads(1), stdout: outFile, ok: [0, 1] }], rounds);
    report(`${w.name}: workers / one thread`, t[1].ratio.toFixed(2), `<= ${w.workers}`, t[1].ratio <= w.workers, `1 worker ${ms(t[1].wall)} wall ${ms(t[1].cpu)} CPU ${t[1].rssMb.toFixed(0)} MB, one thread ${ms(t[0].wall)} wall ${ms(t[0].cpu)} CPU ${t[0].rssMb.toFixed(0)} MB`);
  }
  if (w.streams) {
    // Streaming: the first half of the log goes down a pipe and the rest is held back until
    // vmcs has written something (or 30 s have passed), so the first dump's output must come
    // before the last dump is read.
    const text = readFileSync(log);
    const half = text.indexOf(10, text.length >> 1) + 1;
    const child = spawn(node, [bin, ...w.args, '-'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
    const t0 = process.hrtime.bigint();
    child.stdin.on('error', () => {});
    child.stdin.write(text.subarray(0, half));
    // the first dump's record (its rule results), not the array's opening written at start
    const first = await new Promise((resolve) => {
      let seen = '';
      const timer = setTimeout(() => resolve(null), 30000);
      child.stdout.on('data', (c) => {
        if (seen === null) return;
        seen += c.toString('latin1');
        if (seen.includes('"results":')) {
          seen = null;
          clearTimeout(timer);
          resolve(Number(process.hrtime.bigint() - t0) / 1e9);
        } else if (seen.length > 4096) seen = seen.slice(-4096);
      });
    });
    child.stdin.end(text.subarray(half));
    await once(child, 'close');
    report(`${w.name}: first dump before the last is read`, first === null ? 'no' : 'yes', 'yes', first !== null, first === null ? 'no output in 30 s with half the log held back' : `first output after ${ms(first)} wall, the second half of the log held back until then`);
  }
  // Memory: to a file (the runs above) and through a slow pipe, at 1x and 4x the input.
  const log4 = await w.log(4);
  const slow = [python, join(root, 'bench', 'slow-reader.py'), arg('pause', '2')];
  const mem = {
    file1: r[1].rssMb,
    file4: measure([node, bin, ...w.args, log4], { stdout: outFile, ok: [0, 1] }).rssMb,
    pipe1: measure(vmcs, { pipe: slow, ok: [0, 1] }).rssMb,
    pipe4: measure([node, bin, ...w.args, log4], { pipe: slow, ok: [0, 1] }).rssMb,
  };
  const peak = Math.max(...Object.values(mem));
  const flat = Math.max(mem.file4 / mem.file1, mem.pipe4 / mem.pipe1);
  const mb = (x) => `${x.toFixed(0)} MB`;
  report(`${w.name}: peak memory`, mb(peak), '< 200 MB', peak < 200, `file 1x ${mb(mem.file1)} 4x ${mb(mem.file4)}; slow pipe 1x ${mb(mem.pipe1)} 4x ${mb(mem.pipe4)}`);
  report(`${w.name}: memory 4x / 1x`, flat.toFixed(2), '<= 1.25', flat <= 1.25, 'the larger of file and slow pipe');
  console.log(`load average before / after: ${before} / ${load()}`);
  console.log();
}

const failed = results.filter((r) => !r.pass).length;
console.log(`${results.length - failed} of ${results.length} targets met`);
const resultsFile = arg('results', null);
if (resultsFile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(resultsFile, JSON.stringify(results));
}
