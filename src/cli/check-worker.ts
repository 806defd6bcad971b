/**
 * The worker thread of `vmcs check --json` / `--ndjson` on long inputs (see ./pool.ts): it
 * runs the rules over each dump the main thread framed (its values, see CheckJob) and returns
 * the dumps' JSON text as bytes, as the main thread would have written it, with the counts the
 * summary and the exit status need.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDump } from '../check/check.js';
import { jsonCheckChunks } from '../render/check.js';
import type { Dump } from '../annotate/index.js';
import type { Caps, CpuFacts } from '../caps/types.js';
import type { RuleResult } from '../check/types.js';
import type { Memory } from '../check/memory.js';

/**
 * Dumps as the worker needs them: what each dump's JSON says besides the rule results, and the
 * values of their named fields, all the batch's in two typed arrays handed over without a copy
 * (a structured clone of the parsed dumps, an object per field, cost the main thread more than
 * the rules it handed off). A dump with a value wider than 64 bits (flagged, never checked as
 * such) goes whole.
 */
export interface CheckJob {
  index: number;
  head: Pick<Dump, 'format' | 'description' | 'source' | 'firstLine' | 'lastLine' | 'diagnostics'>;
  /** its fields: encodings and values [from, to) of the batch's arrays */
  from: number;
  to: number;
  /** QEMU's report of the failed entry, the one note check reads */
  notes?: Dump['notes'];
  dump?: Dump;
}
export interface CheckBatch {
  jobs: CheckJob[];
  encodings: Int32Array;
  values: BigUint64Array;
}
export interface CheckDone {
  /** each dump's JSON text, as UTF-8 bytes (transferred, not copied) */
  bytes: Uint8Array[];
  pass: number;
  fail: number;
  notEvaluated: number;
  dumps: number;
}

const M64 = (1n << 64n) - 1n;

/** A batch being filled (in the main thread). */
export class BatchBuilder {
  private jobs: CheckJob[] = [];
  private encodings: number[] = [];
  private values: bigint[] = [];
  get size(): number {
    return this.jobs.length;
  }
  add(dump: Dump, index: number): void {
    const from = this.encodings.length;
    for (const f of dump.fields) {
      if (f.name === null) continue;
      if (f.value > M64 || f.value < 0n) {
        this.encodings.length = this.values.length = from;
        this.jobs.push({ index, head: dump, from, to: from, dump });
        return;
      }
      this.encodings.push(f.encoding);
      this.values.push(f.value);
    }
    const head: CheckJob['head'] = { format: dump.format, diagnostics: dump.diagnostics };
    if (dump.description !== undefined) head.description = dump.description;
    if (dump.source !== undefined) head.source = dump.source;
    if (dump.firstLine !== undefined) head.firstLine = dump.firstLine;
    if (dump.lastLine !== undefined) head.lastLine = dump.lastLine;
    const job: CheckJob = { index, head, from, to: this.encodings.length };
    // the notes checkDump reads (src/check/check.ts): QEMU's hardware error and II=, KVM's failed nested check
    const read = dump.notes?.filter((n) => n.label === 'KVM: entry failed, hardware error' || n.label === 'II' || n.label === 'kvm_nested_vmenter_failed');
    if (read?.length) job.notes = read;
    this.jobs.push(job);
  }
  /** The batch, and the buffers to transfer with it; the builder starts afresh. */
  take(): [CheckBatch, ArrayBuffer[]] {
    const batch: CheckBatch = { jobs: this.jobs, encodings: Int32Array.from(this.encodings), values: BigUint64Array.from(this.values) };
    this.jobs = [];
    this.encodings = [];
    this.values = [];
    return [batch, [batch.encodings.buffer as ArrayBuffer, batch.values.buffer as ArrayBuffer]];
  }
}

/** A dump again (as much of it as check and its JSON read). */
function dumpOf(job: CheckJob, batch: CheckBatch): Dump {
  if (job.dump) return job.dump;
  const fields: Dump['fields'] = [];
  for (let i = job.from; i < job.to; i++) fields.push({ encoding: batch.encodings[i]!, name: '', value: batch.values[i]! } as Dump['fields'][number]);
  const d: Dump = { ...job.head, fields };
  if (job.notes) d.notes = job.notes;
  return d;
}

const { caps, facts, memory, only, ndjson } = (workerData ?? { only: null, ndjson: false }) as { caps?: Caps; facts?: CpuFacts; memory?: Memory; only: RuleResult['status'][] | null; ndjson: boolean };
const keep = only ? new Set(only) : null;
const options = { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}), ...(memory ? { memory } : {}) };

/**
 * A dump's text in one buffer of its own (never a slice of Node's shared pool: it is handed over
 * without a copy). One per dump, not one per batch: a buffer of a few hundred KB comes from the
 * C heap and goes back to it, where one of megabytes is mapped and unmapped each time.
 */
function joined(pieces: Array<string | Uint8Array>): Uint8Array {
  const parts = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p));
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

parentPort?.on('message', (m: { seq: number; batch: CheckBatch }) => {
  const done = { pass: 0, fail: 0, notEvaluated: 0, dumps: 0 };
  const bytes: Uint8Array[] = [];
  for (const job of m.batch.jobs) {
    const dump = dumpOf(job, m.batch);
    const report = checkDump(dump, options);
    const shown = keep ? { ...report, results: report.results.filter((r) => keep.has(r.status)) } : report;
    bytes.push(joined(jsonCheckChunks({ dump, index: job.index, report: shown }, ndjson)));
    done.dumps++;
    done.pass += report.counts.pass;
    done.fail += report.counts.fail;
    done.notEvaluated += report.counts.notEvaluated;
  }
  const result: CheckDone = { bytes, ...done };
  parentPort!.postMessage({ seq: m.seq, result }, bytes.map((b) => b.buffer as ArrayBuffer));
});
