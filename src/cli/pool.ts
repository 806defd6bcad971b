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
   * Worker threads to start: VMCS_WORKERS=N says; none otherwise. Dumps go to a worker as typed
   * arrays of their values and one JSON text of their heads per batch (check-worker.ts); the
   * worker writes the text itself when standard output is a file, else hands it back as bytes.
   * Counted per thread by callgrind (bench/threads.mjs; check --json --caps of KVM dumps,
   * standard output /dev/null, written as a file; README "Both cores"): 10,000 dumps take 19.0 G instructions in the
   * main thread of one thread and 7.6 G in V8's own threads (GC and the optimizing compiler,
   * on the second core meanwhile); with one worker, 11.2 G in the main thread, 8.4 G in the
   * worker and 5.5 G in V8's threads: max(main, worker, all / 2) is 0.66 of the one thread's
   * max(main, all / 2). On 2,000 dumps it is 0.90: the worker's start (~0.44 G) and its JIT's
   * warm-up make the threads together ~20 % more than one thread, and on two cores that total
   * bounds the wall time. A worker gains only while the second core is otherwise idle, so
   * threads stay an opt-in until an idle-machine bench (npm run bench) confirms the gain.
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
