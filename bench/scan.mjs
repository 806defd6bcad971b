// npm run build && node bench/scan.mjs [--gib=1] [--keep]
// `vmcs scan` over sparse raw images of N GiB and 4N GiB (truncate + planted pages), against
// `cat IMAGE > /dev/null` on the same file in the same run; peak RSS of each scan, which must
// not grow with the image. The size is a parameter: this is a shared machine, run it rarely.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync, ftruncateSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vmcs12Page, hardwarePage, loadBuiltinProfile } from '../test/scan-helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(root, '.bench');
mkdirSync(work, { recursive: true });
const arg = (k, d) => process.argv.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3) ?? d;
const gib = Number(arg('gib', 1));
const bin = join(root, 'bin', 'vmcs.js');
const rss = join(root, 'bench', 'report-rss.mjs');
const prof = loadBuiltinProfile('haswell-skylake.json');

function make(path, bytes) {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  // one region every 256 MiB, alternating vmcs12 and hardware revision 4
  let n = 0;
  for (let o = 0x1000; o < bytes; o += 256 * 1024 * 1024, n++) writeSync(fd, n % 2 ? hardwarePage(prof, 4) : vmcs12Page(), 0, 4096, o);
  closeSync(fd);
  return n;
}

function time(cmd, args, opts = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', opts.stdout ?? 'pipe', 'pipe'], encoding: 'utf8', shell: opts.shell ?? false, maxBuffer: 1 << 26 });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  const m = /maxrss-kb=(\d+)/.exec(r.stderr ?? '');
  return { s, status: r.status, stdout: r.stdout, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

for (const size of [gib, 4 * gib]) {
  const path = join(work, `scan-${size}g.raw`);
  const bytes = size * 1024 ** 3;
  const planted = make(path, bytes);
  // a first cat fills the page cache (a new sparse file reads slowly once); then cat before and
  // after the scan (machine noise), the faster counts
  time('sh', ['-c', `cat '${path}' > /dev/null`]);
  const cat1 = time('sh', ['-c', `cat '${path}' > /dev/null`]);
  const scan = time(process.execPath, ['--import', rss, bin, 'scan', '--json', path]);
  const cat2 = time('sh', ['-c', `cat '${path}' > /dev/null`]);
  const cat = cat1.s < cat2.s ? cat1 : cat2;
  const found = JSON.parse(scan.stdout).images[0].regions.length;
  const mib = bytes / 1048576;
  console.log(
    `${size} GiB sparse: cat ${cat.s.toFixed(2)} s (${(mib / cat.s).toFixed(0)} MiB/s; runs ${cat1.s.toFixed(2)}, ${cat2.s.toFixed(2)} s)   vmcs scan ${scan.s.toFixed(2)} s (${(mib / scan.s).toFixed(0)} MiB/s, ${(cat.s / scan.s).toFixed(2)}x cat)   peak RSS ${scan.rssMb.toFixed(0)} MiB   regions ${found}/${planted} (exit ${scan.status})`,
  );
  if (!process.argv.includes('--keep')) rmSync(path);
}
