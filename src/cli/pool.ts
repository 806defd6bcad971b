/**
 * A pool of worker threads that turns batches of dumps into output text, handing the results
 * back in the order the batches were given, whichever worker finishes first. The main thread
 * keeps reading and framing the input (so the first dump of a long log is printed before its
 * end is read) while the workers do the per-dump work (rules, JSON text) on the other cores.
 * At most `limit` batches are in flight: `room()` waits for one to come back, so memory stays
 * flat however long the input, and a slow reader of standard output slows the reading down
 * (the results are written to Out, whose back-pressure feed() waits for).
 */
import { Worker } from 'node:worker_threads';

export class OrderedPool<In, Out> {
  private readonly workers: Worker[] = [];
  private readonly busy: number[] = [];
  private sent = 0;
  private handed = 0;
  private readonly done = new Map<number, Out>();
  private waiters: Array<() => void> = [];
  private failure: Error | null = null;
  private closing = false;
  /** Called once when the pool closes or fails (workers waiting on each other stop waiting). */
  onStop: (() => void) | null = null;

  constructor(
    script: URL,
    workerData: unknown,
    size: number,
    private readonly onResult: (result: Out) => void,
    private readonly limit = 2 * size,
  ) {
    for (let i = 0; i < size; i++) {
      // a small young generation: a worker's heap holds one batch at a time
      const w = new Worker(script, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      w.on('message', (m: { seq: number; result: Out }) => this.receive(i, m.seq, m.result));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.closing) this.fail(new Error(`worker thread exited with status ${code}`));
      });
      this.workers.push(w);
      this.busy.push(0);
    }
  }

  /**
   * Worker threads to start: VMCS_WORKERS=N says; none otherwise. Measured on an idle 2-core
   * machine (check --json --caps of 2,000 KVM dumps), one worker took 6.0-6.5 s of wall against
   * 4.6-4.7 s in one thread and 206 MB against 129-155 MB: handing each dump to a worker
   * (a structured clone of its fields and diagnostics) cost more than its rules. Dumps now go as
   * typed arrays of their values and come back as bytes (check-worker.ts). On the shared machine
   * of that change (load 9-10 on 2 cores: no wall time could be judged), callgrind counted for
   * 1,000 KVM dumps with one worker 2.67 G instructions in the main thread (start-up included),
   * 1.20 G in the worker and 1.87 G in V8's own threads (GC, compiler), which share the same two
   * cores. Until that is measured on an idle machine (npm run bench), threads stay an opt-in.
   */
  static size(env: NodeJS.ProcessEnv): number {
    const asked = env.VMCS_WORKERS;
    if (asked !== undefined && /^\d+$/.test(asked)) return Math.min(8, Number(asked));
    return 0;
  }

  /** Hand a batch to the least busy worker (the buffers in `transfer` go with it, not copied). */
  submit(batch: In, transfer: ArrayBuffer[] = []): void {
    if (this.failure) throw this.failure;
    let k = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[k]!) k = i;
    this.busy[k]!++;
    this.workers[k]!.postMessage({ seq: this.sent++, batch }, transfer);
  }

  /** Resolves when fewer than `limit` batches are in flight. */
  async room(): Promise<void> {
    while (!this.failure && this.sent - this.handed >= this.limit) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  /** Every batch handed back; then the workers stop. */
  async drain(): Promise<void> {
    while (!this.failure && this.handed < this.sent) await new Promise<void>((r) => this.waiters.push(r));
    await this.close();
    if (this.failure) throw this.failure;
  }

  /** Resolves when every batch given so far has been handed back (the workers stay). */
  async settle(): Promise<void> {
    while (!this.failure && this.handed < this.sent) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.stop();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private receive(worker: number, seq: number, result: Out): void {
    this.busy[worker]!--;
    this.done.set(seq, result);
    // in order: a batch waits for those given before it
    for (let r = this.done.get(this.handed); r !== undefined || this.done.has(this.handed); r = this.done.get(this.handed)) {
      this.done.delete(this.handed);
      this.handed++;
      this.onResult(r as Out);
    }
    this.wake();
  }

  private stop(): void {
    const f = this.onStop;
    this.onStop = null;
    f?.();
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    this.stop();
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
