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

// 2. annotate --json of generated pairs logs against a bare node line copy.
// "realistic": every field of the table in each dump, with the values of a real VM exit (the
// example dump's controls and state; other fields 0) and the exit-specific fields varying
// from dump to dump, as in a log of many exits. "random": every value random, so that nearly
// every control word has reserved bits set and draws a warning: the worst case for decoding.
const { fields } = await import(join(root, 'dist', 'index.js'));
const template = new Map();
for (const line of (await import('node:fs')).readFileSync(join(root, 'examples', 'pairs.log'), 'utf8').split('\n')) {
  const m = /(0x[0-9a-f]{8}) = (0x[0-9a-f]+)/.exec(line);
  if (m) template.set(parseInt(m[1], 16), BigInt(m[2]));
}
const EXITS = [
  [48n, 0x181n], [30n, 0x3f80040n], [28n, 0x4n], [1n, 0n], [12n, 0n], [31n, 0n], [32n, 0n], [10n, 0n], [0x80000021n, 0n],
];
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
async function generate(path, random) {
  if (existsSync(path)) return;
  const ws = createWriteStream(path);
  let n = 0;
  let t = 0;
  for (let dump = 0; n < lines; dump++) {
    for (const f of fields) {
      if (n >= lines) break;
      t += 0.000013;
      const enc = '0x' + f.encoding.toString(16).padStart(8, '0');
      const digits = f.width === '16' ? 4 : f.width === '32' ? 8 : 16;
      const v = '0x' + value(f, n, dump, random).toString(16).padStart(digits, '0');
      const line = n % 7 === 3 ? `[${t.toFixed(6).padStart(12)}] myvmm: ${f.name} = ${v}\n` : `[${t.toFixed(6).padStart(12)}] myvmm: ${enc} = ${v}\n`;
      n++;
      if (!ws.write(line)) await once(ws, 'drain');
    }
  }
  ws.end();
  await once(ws, 'finish');
}

const devnull = openSync('/dev/null', 'w');
for (const kind of ['realistic', 'random']) {
  const log = join(work, `pairs-${kind}-${lines}.log`);
  await generate(log, kind === 'random');
  const copy = [];
  const ann = [];
  const rss = [];
  for (let i = 0; i < 3; i++) {
    copy.push(time(node, [join(root, 'bench', 'line-copy.mjs'), log], { stdout: devnull }).ms);
    const r = time(node, ['--import', join(root, 'bench', 'report-rss.mjs'), bin, 'annotate', '--json', log], { stdout: devnull, allowFail: true });
    ann.push(r.ms);
    rss.push(r.rssMb);
  }
  const ratio = median(ann) / median(copy);
  console.log(
    `annotate   ${kind.padEnd(9)} ${lines} lines: line copy ${median(copy).toFixed(0)} ms   vmcs annotate --json ${median(ann).toFixed(0)} ms   ratio ${ratio.toFixed(2)}${kind === 'realistic' ? ' (target <= 4)' : ' (stress, no target)'}   ` +
      `${((lines / median(ann)) * 1000 / 1e6).toFixed(2)} M lines/s   peak memory ${Math.max(...rss).toFixed(0)} MB (target < 200)`,
  );
}
closeSync(devnull);

// 3. annotate of a kernel log: 10,000 KVM dumps (sample 02's dump, its timestamps and values
// varied) with unrelated kernel lines between them; dumps per second and peak memory.
{
  const dumps = Number(args.find((a) => a.startsWith('--dumps='))?.slice(8) ?? 10_000);
  const log = join(work, `kvm-${dumps}.log`);
  if (!existsSync(log)) {
    const { readFileSync } = await import('node:fs');
    const sample = readFileSync(join(root, 'test', 'fixtures', 'samples', '02-kvm-5.x-dosemu2-core2duo-dmesg.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => l.replace(/^\[[^\]]*\] /, ''));
    const ws = createWriteStream(log);
    let t = 100;
    for (let d = 0; d < dumps; d++) {
      const chatter = [
        `usb 1-1: new high-speed USB device number ${d % 128} using xhci_hcd`,
        `EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro`,
        `audit: type=1400 audit(${d}.123:42): apparmor="DENIED" operation="open"`,
      ];
      let text = '';
      for (const c of chatter) text += `[${(t += 0.5).toFixed(6).padStart(12)}] ${c}\n`;
      for (const l of sample) {
        const line = l.replace(/RIP = 0x[0-9a-f]{16}/, `RIP = 0x${(0xffffffff81000000n + BigInt(d * 16)).toString(16)}`);
        text += `[${(t += 0.000013).toFixed(6).padStart(12)}] ${line}\n`;
      }
      if (!ws.write(text)) await once(ws, 'drain');
    }
    ws.end();
    await once(ws, 'finish');
  }
  const devnull = openSync('/dev/null', 'w');
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(time(node, ['--import', join(root, 'bench', 'report-rss.mjs'), bin, 'annotate', '--json', log], { stdout: devnull }));
  closeSync(devnull);
  const ms = median(runs.map((r) => r.ms));
  console.log(
    `annotate   kvm log   ${dumps} dumps: vmcs annotate --json ${ms.toFixed(0)} ms   ${((dumps / ms) * 1000).toFixed(0)} dumps/s   peak memory ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB (flat: compare --dumps=40000)`,
  );
  // 4. check of the same log: all 200 VM-entry rules over each dump, with a CPU profile.
  const devnull2 = openSync('/dev/null', 'w');
  const checks = [];
  for (let i = 0; i < 3; i++) checks.push(time(node, ['--import', join(root, 'bench', 'report-rss.mjs'), bin, 'check', '--json', '--caps', 'i7-9750h', log], { stdout: devnull2, allowFail: true }));
  closeSync(devnull2);
  const cms = median(checks.map((r) => r.ms));
  console.log(
    `check      kvm log   ${dumps} dumps: vmcs check --json --caps i7-9750h ${cms.toFixed(0)} ms   ${((dumps / cms) * 1000).toFixed(0)} dumps/s   peak memory ${Math.max(...checks.map((r) => r.rssMb)).toFixed(0)} MB`,
  );
}
