// npm run bench: start-up time and annotate throughput, against bare node baselines.
// Speed is measured here, never in a timed test.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { once } from 'node:events';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'vmcs.js');
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
const node = process.execPath;
const args = process.argv.slice(2);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 40);
const lines = Number(args.find((a) => a.startsWith('--lines='))?.slice(8) ?? 1_000_000);

function time(cmd, argv, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', opts.stdout ?? 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rss = /maxrss-kb=(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

// 1. Start-up: `vmcs encode GUEST_RIP` against `node -e 0`, interleaved so that machine noise hits both.
const base = [];
const enc = [];
for (let i = 0; i < runs; i++) {
  base.push(time(node, ['-e', '0']).ms);
  enc.push(time(node, [bin, 'encode', 'GUEST_RIP']).ms);
}
const startRatio = median(enc) / median(base);
console.log(`start-up   node -e 0: ${median(base).toFixed(1)} ms   vmcs encode GUEST_RIP: ${median(enc).toFixed(1)} ms   ratio ${startRatio.toFixed(2)} (target <= 1.5; medians of ${runs} runs)`);

// 2. annotate --json of a generated pairs log against a bare node line copy.
const { fields } = await import(join(root, 'dist', 'index.js'));
const log = join(work, `pairs-${lines}.log`);
if (!existsSync(log)) {
  const ws = createWriteStream(log);
  let n = 0;
  let t = 0;
  while (n < lines) {
    for (const f of fields) {
      if (n >= lines) break;
      t += 0.000013;
      const enc = '0x' + f.encoding.toString(16).padStart(8, '0');
      const bits = f.width === '16' ? 4 : f.width === '32' ? 8 : 16;
      const value = '0x' + ((n * 2654435761) >>> 0).toString(16).padStart(bits, '0').slice(-bits);
      const line = n % 7 === 3 ? `[${t.toFixed(6).padStart(12)}] myvmm: ${f.name} = ${value}\n` : `[${t.toFixed(6).padStart(12)}] myvmm: ${enc} = ${value}\n`;
      n++;
      if (!ws.write(line)) await once(ws, 'drain');
    }
  }
  ws.end();
  await once(ws, 'finish');
}
const devnull = openSync('/dev/null', 'w');
const copy = [];
const ann = [];
const rss = [];
for (let i = 0; i < 3; i++) {
  copy.push(time(node, [join(root, 'bench', 'line-copy.mjs'), log], { stdout: devnull }).ms);
  const r = time(node, ['--import', join(root, 'bench', 'report-rss.mjs'), bin, 'annotate', '--json', log], { stdout: devnull });
  ann.push(r.ms);
  rss.push(r.rssMb);
}
closeSync(devnull);
const annRatio = median(ann) / median(copy);
console.log(
  `annotate   ${lines} lines: line copy ${median(copy).toFixed(0)} ms   vmcs annotate --json ${median(ann).toFixed(0)} ms   ratio ${annRatio.toFixed(2)} (target <= 4)   ` +
    `${((lines / median(ann)) * 1000 / 1e6).toFixed(2)} M lines/s   peak memory ${Math.max(...rss).toFixed(0)} MB (target < 200)`,
);
