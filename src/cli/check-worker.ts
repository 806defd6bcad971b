/**
 * The worker thread of `vmcs check --json` / `--ndjson` on long inputs (see ./pool.ts): it
 * runs the rules over each dump the main thread framed and returns the dump's JSON text, as
 * the main thread would have written it, with the counts the summary and the exit status need.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkDump } from '../check/check.js';
import { jsonCheckText } from '../render/check.js';
import type { Dump } from '../annotate/index.js';
import type { Caps, CpuFacts } from '../caps/types.js';
import type { RuleResult } from '../check/types.js';
import type { Memory } from '../check/memory.js';

export interface CheckJob {
  dump: Dump;
  index: number;
}
export interface CheckDone {
  text: string;
  pass: number;
  fail: number;
  notEvaluated: number;
  dumps: number;
}

const { caps, facts, memory, only, ndjson } = workerData as { caps?: Caps; facts?: CpuFacts; memory?: Memory; only: RuleResult['status'][] | null; ndjson: boolean };
const keep = only ? new Set(only) : null;
const options = { ...(caps ? { caps } : {}), ...(facts ? { facts } : {}), ...(memory ? { memory } : {}) };

/** The text check.ts writes for one checked dump in JSON (as its emit does in the main thread). */
function checkText(dump: Dump, index: number): { text: string; report: ReturnType<typeof checkDump> } {
  const report = checkDump(dump, options);
  const shown = keep ? { ...report, results: report.results.filter((r) => keep.has(r.status)) } : report;
  const x = { dump, index, report: shown };
  return { text: jsonCheckText(x, ndjson), report };
}

parentPort!.on('message', (m: { seq: number; batch: CheckJob[] }) => {
  const done: CheckDone = { text: '', pass: 0, fail: 0, notEvaluated: 0, dumps: 0 };
  for (const { dump, index } of m.batch) {
    const { text, report } = checkText(dump, index);
    done.text += text;
    done.dumps++;
    done.pass += report.counts.pass;
    done.fail += report.counts.fail;
    done.notEvaluated += report.counts.notEvaluated;
  }
  parentPort!.postMessage({ seq: m.seq, result: done });
});
