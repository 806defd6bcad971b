// Memory of `vmcs ARGS... | a reader that stalls`: spawns the CLI with a stdout pipe that is
// not read for --stall seconds, samples the child's VmRSS (/proc/<pid>/status) meanwhile, then
// drains it. Prints the peak RSS in MB. Usage:
//   node bench/stalled-reader.mjs [--bin bin/vmcs.js] [--stall 3] -- check --json big.log
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs the CLI into a stalled pipe; resolves to { peakKb, code, bytes }. */
export function stalledRun(bin, args, stallMs, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: '1', ...env } });
    child.stdout.pause();
    let peak = 0;
    let bytes = 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssKb(child.pid))), 50);
    setTimeout(() => {
      child.stdout.on('data', (d) => (bytes += d.length));
      child.stdout.resume();
    }, stallMs);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ peakKb: peak, code, bytes });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const opts = argv.slice(0, dash < 0 ? 0 : dash);
  const args = argv.slice(dash + 1);
  const get = (k, d) => (opts.includes(k) ? opts[opts.indexOf(k) + 1] : d);
  const r = await stalledRun(get('--bin', 'bin/vmcs.js'), args, Number(get('--stall', '3')) * 1000);
  console.log(`peak RSS ${(r.peakKb / 1024).toFixed(0)} MB, exit ${r.code}, ${r.bytes} bytes out`);
}
