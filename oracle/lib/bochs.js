// Build the guest ROM (nasm, once), put a batch of cases into it, run Bochs headless,
// and parse what the guest printed on port 0xE9 together with Bochs's own log lines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROM_SIZE, TABLE_OFFSET, TABLE_END, GUEST_RIP, HOST_RIP, HOST32_RIP } from './layout.js';

const here = dirname(fileURLToPath(import.meta.url));
export const oracleDir = join(here, '..');
const buildDir = join(oracleDir, '.build');

/** Whether the tools are installed: { ok, missing[] }. */
export function toolsAvailable() {
  const missing = [];
  for (const tool of ['bochs', 'nasm']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (r.status !== 0) missing.push(tool);
  }
  return { ok: missing.length === 0, missing };
}

/** Assemble guest.asm into .build/guest.bin when it is missing or older than the source. */
export function buildRom() {
  const src = join(oracleDir, 'guest.asm');
  const out = join(buildDir, 'guest.bin');
  mkdirSync(buildDir, { recursive: true });
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const r = spawnSync('nasm', ['-f', 'bin', '-w-number-overflow', '-o', out, src], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nasm failed: ${r.stderr.trim()}`);
  }
  const rom = readFileSync(out);
  if (rom.length !== ROM_SIZE || rom.toString('latin1', 0, 8) !== 'VMXORACL') throw new Error('guest.bin: unexpected layout');
  const guestRip = rom.readBigUInt64LE(8);
  const hostRip = rom.readBigUInt64LE(16);
  const host32Rip = rom.readBigUInt64LE(32);
  if (guestRip !== GUEST_RIP || hostRip !== HOST_RIP || host32Rip !== HOST32_RIP) throw new Error('guest.bin: entry points differ from layout.js');
  return rom;
}

/**
 * The case table: u32 ncases, 12 bytes 0; per case u32 id, u32 npairs, u32 nmem, u32 flags
 * (bit 0: launch from a 32-bit host), pairs (u32 encoding, u32 0, u64 value), memory writes
 * (u64 address, u64 value).
 * @param {{id:number, pairs:[number, bigint][], mem?:[bigint, bigint][], host32?:boolean}[]} cases
 */
export function encodeTable(cases) {
  let size = 16;
  for (const c of cases) size += 16 + 16 * c.pairs.length + 16 * (c.mem?.length ?? 0);
  const buf = Buffer.alloc(size);
  buf.writeUInt32LE(cases.length, 0);
  let o = 16;
  for (const c of cases) {
    buf.writeUInt32LE(c.id, o);
    buf.writeUInt32LE(c.pairs.length, o + 4);
    buf.writeUInt32LE(c.mem?.length ?? 0, o + 8);
    buf.writeUInt32LE(c.host32 ? 1 : 0, o + 12);
    o += 16;
    for (const [enc, val] of c.pairs) {
      buf.writeUInt32LE(enc, o);
      buf.writeBigUInt64LE(BigInt.asUintN(64, val), o + 8);
      o += 16;
    }
    for (const [addr, val] of c.mem ?? []) {
      buf.writeBigUInt64LE(addr, o);
      buf.writeBigUInt64LE(BigInt.asUintN(64, val), o + 8);
      o += 16;
    }
  }
  return buf;
}

/** How many of these cases fit in one ROM, from the front. */
export function fitting(cases) {
  let size = 16;
  let n = 0;
  for (const c of cases) {
    size += 16 + 16 * c.pairs.length + 16 * (c.mem?.length ?? 0);
    if (TABLE_OFFSET + size > TABLE_END) break;
    n++;
  }
  return n;
}

function bochsrc(romPath, model) {
  return [
    `romimage: file=${romPath}, address=0xfff00000`,
    `cpu: model=${model}, count=1, ips=50000000, reset_on_triple_fault=0, ignore_bad_msrs=0`,
    'memory: guest=32, host=32',
    // Debian's bochs has no "nogui" display; rfb with timeout=0 does not wait for a viewer.
    'display_library: rfb, options="timeout=0"',
    'port_e9_hack: enabled=1',
    // The log shares stdout with port 0xE9, both flushed per line, so the order is kept.
    'log: /dev/stdout',
    'debug: action=ignore',
    'info: action=ignore',
    'error: action=report',
    'panic: action=fatal',
    // Debian's bochs 2.7 aborts in its sound mixer thread unless sound is off.
    'speaker: enabled=0',
    'sound: driver=dummy',
    '',
  ].join('\n');
}

/**
 * Run one batch of cases in Bochs. Resolves to the parsed run (see parseOutput).
 * @param {Buffer} rom  the built ROM
 * @param {object[]} cases
 * @param {{model:string, timeoutMs?:number}} opts
 */
export function runBatch(rom, cases, opts) {
  const dir = mkdtempSync(join(tmpdir(), 'vmcs-oracle-'));
  const image = Buffer.from(rom);
  const table = encodeTable(cases);
  if (TABLE_OFFSET + table.length > TABLE_END) throw new Error('batch too large for the ROM');
  table.copy(image, TABLE_OFFSET);
  const romPath = join(dir, 'rom.bin');
  writeFileSync(romPath, image);
  writeFileSync(join(dir, 'bochsrc'), bochsrc(romPath, opts.model));
  // Debian's bochs is built with the internal debugger: continue, then quit.
  writeFileSync(join(dir, 'dbg.rc'), 'c\nquit\n');
  return new Promise((resolve) => {
    // Node's stdio "pipes" are sockets, which Bochs cannot reopen as /dev/stdout: give it a real pipe.
    const child = spawn('sh', ['-c', 'bochs -f bochsrc -rc dbg.rc 2>/dev/null | cat'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'C' },
      detached: true,
    });
    let out = '';
    let timedOut = false;
    let last = Date.now();
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d) => {
      out += d;
      last = Date.now();
    });
    child.stderr.on('data', () => {});
    // A batch runs hundreds of cases a second: once the guest is READY, a second without output
    // means a guest that entered and never exits (wait-for-SIPI, HLT without the preemption
    // timer) or a CPU in the shutdown state after a VMX abort.
    const idle = setInterval(() => {
      if (Date.now() - last > (opts.idleMs ?? 1000) && out.includes('READY')) kill();
    }, 100);
    const kill = () => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(kill, opts.timeoutMs ?? 30000);
    child.on('close', () => {
      clearTimeout(timer);
      clearInterval(idle);
      if (!process.env.ORACLE_KEEP) rmSync(dir, { recursive: true, force: true });
      resolve({ ...parseOutput(out), timedOut });
    });
  });
}

const logLine = /^\d+([ediep])\[([A-Z0-9 ]+)\] (.*)$/;

/**
 * Parse the guest's protocol and Bochs's log lines.
 * @returns {{msrs: Map<number,bigint>, facts: Record<string,number>, host: Record<string,bigint>,
 *   ready: boolean, done: boolean, cases: Map<number, {writeFails: {encoding:number,error:number}[],
 *   result: null|{kind:string, error?:number, reason?:number, qualification?:bigint}, log: string[]}>,
 *   exception: string|null, raw: string}}
 */
export function parseOutput(out) {
  const msrs = new Map();
  const facts = {};
  const host = {};
  const cases = new Map();
  let current = null;
  let ready = false;
  let done = false;
  let exception = null;
  for (const line of out.split('\n')) {
    const log = logLine.exec(line);
    if (log) {
      if (current && (log[1] === 'e' || log[1] === 'p')) current.log.push(log[3].trim());
      continue;
    }
    const w = line.trim().split(' ');
    switch (w[0]) {
      case 'MSR':
        msrs.set(parseInt(w[1], 16), BigInt('0x' + w[2]));
        break;
      case 'FACT':
        facts[w[1]] = parseInt(w[2], 16);
        break;
      case 'HOST':
        host[w[1]] = BigInt('0x' + w[2]);
        break;
      case 'READY':
        ready = true;
        break;
      case 'DONE':
        done = true;
        current = null;
        break;
      case 'C':
        current = { id: parseInt(w[1], 16), writeFails: [], result: null, exited: false, log: [] };
        cases.set(current.id, current);
        break;
      case 'E':
        if (current) current.exited = true;
        break;
      case 'W':
        if (current) current.writeFails.push({ encoding: parseInt(w[1], 16), error: parseInt(w[2], 16) });
        break;
      case 'R':
        if (!current) break;
        if (w[1] === 'FAILINV') current.result = { kind: 'vmfail-invalid' };
        else if (w[1] === 'FAIL') current.result = { kind: 'vmfail', error: parseInt(w[2], 16) };
        else if (w[1] === 'EXIT') current.result = { kind: 'exit', reason: parseInt(w[2], 16), qualification: BigInt('0x' + w[3]) };
        break;
      case 'X':
        exception = line.trim();
        break;
    }
  }
  return { msrs, facts, host, ready, done, cases, exception, raw: out };
}

export { GUEST_RIP, HOST_RIP };
