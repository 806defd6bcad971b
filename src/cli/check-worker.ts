/**
 * The worker thread of `vmcs check --json` / `--ndjson` on long inputs (see ./pool.ts): it
 * runs the rules over each dump the main thread framed (its values, see CheckJob) and returns
 * the dumps' JSON text as bytes, as the main thread would have written it, with the counts the
 * summary and the exit status need.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeSync } from 'node:fs';
import { checkDump } from '../check/check.js';
import { jsonCheckChunks } from '../render/check.js';
import type { Dump } from '../annotate/index.js';
import type { Caps, CpuFacts } from '../caps/types.js';
import type { RuleResult } from '../check/types.js';
import type { Memory } from '../check/memory.js';
import { SVM_HOST_NOTE } from '../dialects/types.js';

/**
 * Dumps as the worker needs them: what each dump's JSON says besides the rule results (`heads`,
 * the batch's as one JSON text: a structured clone of an object per dump, and of each of its
 * diagnostics, cost the main thread more than the rules it handed off), and the values of their
 * named fields in two typed arrays handed over without a copy. A dump with a value wider than 64
 * bits (flagged, never checked as such) goes whole, structured-cloned, in `whole`.
 */
export interface CheckJob {
  index: number;
  head: Pick<Dump, 'format' | 'description' | 'source' | 'firstLine' | 'lastLine' | 'diagnostics'>;
  /** its fields: encodings and values [from, to) of the batch's arrays */
  from: number;
  to: number;
  /** QEMU's report of the failed entry, the one note check reads */
  notes?: Dump['notes'];
}
export interface CheckBatch {
  /** JSON text of the CheckJob[] */
  heads: string;
  /** dumps that go whole, by their position in heads */
  whole: Array<[number, Dump]>;
  encodings: Int32Array;
  values: BigUint64Array;
}
export interface CheckDone {
  /**
   * Each dump's JSON text, as UTF-8 bytes (transferred, not copied); none when the worker wrote
   * them to standard output itself (WorkerSetup.fd).
   */
  bytes: Uint8Array[];
  pass: number;
  fail: number;
  notEvaluated: number;
  dumps: number;
}

/** What every worker is started with (workerData). */
export interface WorkerSetup {
  caps?: Caps;
  facts?: CpuFacts;
  memory?: Memory;
  only: RuleResult['status'][] | null;
  ndjson: boolean;
  /**
   * Standard output when it is a regular file or /dev/null (written synchronously, as the main
   * thread writes it, src/cli/io.ts Out.fileFd): the workers write their text there themselves,
   * in batch order (`turn`), and hand back only the counts. Else null: the text goes back as bytes.
   */
  fd: number | null;
  /**
   * Shared by the workers and the main thread (Int32Array): [0] the batch whose text is to be
   * written next, [1] 1 once a write failed (from then on every text goes back as bytes, for the
   * main thread to write and fail on as it would have), [2] 1 when the pool closes.
   */
  turn: SharedArrayBuffer | null;
}

const M64 = (1n << 64n) - 1n;

/** A batch being filled (in the main thread): the values go straight into typed arrays. */
export class BatchBuilder {
  private jobs: CheckJob[] = [];
  private whole: Array<[number, Dump]> = [];
  private encodings = new Int32Array(1024);
  private values = new BigUint64Array(1024);
  private n = 0;
  get size(): number {
    return this.jobs.length;
  }
  add(dump: Dump, index: number): void {
    const from = this.n;
    const fields = dump.fields;
    if (from + fields.length > this.encodings.length) this.grow(from + fields.length);
    const encodings = this.encodings;
    const values = this.values;
    let n = from;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.name === null) continue;
      if (f.value > M64 || f.value < 0n) {
        this.whole.push([this.jobs.length, dump]);
        this.jobs.push({ index, head: { format: dump.format, diagnostics: [] }, from, to: from });
        return;
      }
      encodings[n] = f.encoding;
      values[n] = f.value;
      n++;
    }
    this.n = n;
    const head: CheckJob['head'] = { format: dump.format, diagnostics: dump.diagnostics };
    if (dump.description !== undefined) head.description = dump.description;
    if (dump.source !== undefined) head.source = dump.source;
    if (dump.firstLine !== undefined) head.firstLine = dump.firstLine;
    if (dump.lastLine !== undefined) head.lastLine = dump.lastLine;
    const job: CheckJob = { index, head, from, to: n };
    // the notes checkDump reads (src/check/check.ts): QEMU's hardware error and II=, KVM's failed nested check, an AMD host's
    const read = dump.notes?.filter((x) => x.label === 'KVM: entry failed, hardware error' || x.label === 'II' || x.label === 'kvm_nested_vmenter_failed' || x.label === SVM_HOST_NOTE);
    if (read?.length) job.notes = read;
    this.jobs.push(job);
  }
  private grow(need: number): void {
    let size = this.encodings.length * 2;
    while (size < need) size *= 2;
    const e = new Int32Array(size);
    e.set(this.encodings.subarray(0, this.n));
    const v = new BigUint64Array(size);
    v.set(this.values.subarray(0, this.n));
    this.encodings = e;
    this.values = v;
  }
  /** The batch, and the buffers to transfer with it; the builder starts afresh. */
  take(): [CheckBatch, ArrayBuffer[]] {
    // copies of the filled part only (the arrays are reused): ~8 KB a dump
    const batch: CheckBatch = { heads: JSON.stringify(this.jobs), whole: this.whole, encodings: this.encodings.slice(0, this.n), values: this.values.slice(0, this.n) };
    this.jobs = [];
    this.whole = [];
    this.n = 0;
    return [batch, [batch.encodings.buffer as ArrayBuffer, batch.values.buffer as ArrayBuffer]];
  }
}

/** A dump again (as much of it as check and its JSON read). */
function dumpOf(job: CheckJob, batch: CheckBatch): Dump {
  const fields: Dump['fields'] = [];
  for (let i = job.from; i < job.to; i++) fields.push({ encoding: batch.encodings[i]!, name: '', value: batch.values[i]! } as Dump['fields'][number]);
  const d: Dump = { ...job.head, fields };
  if (job.notes) d.notes = job.notes;
  return d;
}

const setup = (workerData ?? { only: null, ndjson: false, fd: null, turn: null }) as WorkerSetup;
const { caps, facts, memory, only, ndjson } = setup;
const keep = only ? new Set(only) : null;
const options = { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}), ...(memory ? { memory } : {}) };
const turn = setup.turn ? new Int32Array(setup.turn) : null;

/**
 * The text being made, in one buffer reused from batch to batch (a fresh buffer per dump was
 * zeroed and faulted in anew: ~40 % of the worker's time with check's ~110 KB a dump).
 */
let buf = Buffer.allocUnsafeSlow(1 << 20);
let at = 0;
function put(piece: string | Uint8Array): void {
  const most = typeof piece === 'string' ? piece.length * 3 : piece.length;
  if (at + most > buf.length) {
    let size = buf.length * 2;
    while (size < at + most) size *= 2;
    const b = Buffer.allocUnsafeSlow(size);
    buf.copy(b, 0, 0, at);
    buf = b;
  }
  if (typeof piece === 'string') at += buf.write(piece, at);
  else {
    buf.set(piece, at);
    at += piece.length;
  }
}

/** Buffer past which text is written out when it is this worker's turn. */
const WRITE_AT = 1 << 18;
/** Whether the worker writes the text itself (see WorkerSetup.fd); false once a write failed. */
function writing(): boolean {
  return setup.fd !== null && turn !== null && Atomics.load(turn, 1) === 0;
}
/** Waits until batch `seq` is the next to write; false when the pool closed meanwhile. */
function waitTurn(seq: number): boolean {
  for (;;) {
    const now = Atomics.load(turn!, 0);
    if (now === seq) return true;
    if (Atomics.load(turn!, 2) !== 0) return false;
    Atomics.wait(turn!, 0, now, 100);
  }
}
/** Writes buf[0, at) to standard output; on failure, flags it and leaves the rest in buf. */
function writeOut(): void {
  let done = 0;
  try {
    while (done < at) done += writeSync(setup.fd!, buf, done, at - done);
    at = 0;
  } catch {
    // the main thread writes the rest, and fails as it would have (bin/vmcs.js, onWriteError)
    Atomics.store(turn!, 1, 1);
    buf.copy(buf, 0, done, at);
    at -= done;
  }
}
function release(seq: number): void {
  Atomics.store(turn!, 0, seq + 1);
  Atomics.notify(turn!, 0);
}

parentPort?.on('message', (m: { seq: number; batch: CheckBatch }) => {
  const done = { pass: 0, fail: 0, notEvaluated: 0, dumps: 0 };
  const bytes: Uint8Array[] = [];
  const jobs = JSON.parse(m.batch.heads) as CheckJob[];
  let w = m.batch.whole.length > 0 ? 0 : -1;
  // with the text written here: at once while it is this batch's turn, else when it comes
  let mine = writing() && Atomics.load(turn!, 0) === m.seq;
  for (let j = 0; j < jobs.length; j++) {
    const job = jobs[j]!;
    let dump: Dump;
    if (w >= 0 && m.batch.whole[w]![0] === j) {
      dump = m.batch.whole[w]![1];
      w = w + 1 < m.batch.whole.length ? w + 1 : -1;
    } else dump = dumpOf(job, m.batch);
    const report = checkDump(dump, options);
    const shown = keep ? { ...report, results: report.results.filter((r) => keep.has(r.status)) } : report;
    for (const piece of jsonCheckChunks({ dump, index: job.index, report: shown }, ndjson)) put(piece);
    if (!writing()) {
      // one buffer of its own per dump, handed over without a copy (never a view of Node's shared pool)
      const b = new Uint8Array(Buffer.allocUnsafeSlow(at).buffer, 0, at);
      b.set(buf.subarray(0, at));
      bytes.push(b);
      at = 0;
    } else if (at >= WRITE_AT && (mine ||= Atomics.load(turn!, 0) === m.seq)) writeOut();
    done.dumps++;
    done.pass += report.counts.pass;
    done.fail += report.counts.fail;
    done.notEvaluated += report.counts.notEvaluated;
  }
  if (turn !== null && setup.fd !== null) {
    // the turn moves only forward: released once this batch's turn came (a write that failed
    // meanwhile stops every wait: from then on nothing is written here)
    if (writing() && waitTurn(m.seq) && writing() && at > 0) writeOut();
    if (at > 0) {
      // a write failed: the rest goes back as bytes
      bytes.push(Uint8Array.from(buf.subarray(0, at)));
      at = 0;
    }
    release(m.seq);
  }
  const result: CheckDone = { bytes, ...done };
  parentPort!.postMessage({ seq: m.seq, result }, bytes.map((b) => b.buffer as ArrayBuffer));
});
