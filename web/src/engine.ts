/**
 * Where a run happens. The page's one script is also its worker: the page hands its own text
 * to a Worker made from a Blob (Chromium, Firefox and Safari allow that from file:// too), so
 * the library is in the page once. When no worker can be made, the same Session runs on the
 * page in slices that yield to the event loop, so the tab never freezes either way.
 */
import { loadOptions, Session, type DumpSummary, type DumpView, type RunEnd, type RunOptions } from './session.js';

/** Bytes per Annotator.write: small enough for smooth progress, large enough to cost nothing. */
const CHUNK = 256 * 1024;
/** How often a run reports progress (and, on the page, yields to the event loop), in ms. */
const SLICE = 50;

export type ToWorker = { type: 'run'; id: number; bytes: Uint8Array; options: RunOptions } | { type: 'view'; id: number; index: number };
export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number; summaries: DumpSummary[] }
  | { type: 'end'; id: number; summaries: DumpSummary[]; end: RunEnd }
  | { type: 'error'; id: number; message: string }
  | { type: 'view'; id: number; view: DumpView | undefined };

export interface Progress {
  done: number;
  total: number;
  summaries: DumpSummary[];
}

/** Run a session over the bytes, reporting every SLICE ms; `pause` lets the page breathe between slices. */
export async function drive(
  bytes: Uint8Array,
  options: RunOptions,
  progress: (p: Progress) => void,
  pause?: () => Promise<void>,
  cancelled: () => boolean = () => false,
): Promise<{ session: Session; summaries: DumpSummary[]; end: RunEnd } | { error: string }> {
  const opts = loadOptions(options);
  if (typeof opts === 'string') return { error: opts };
  const session = new Session(options, opts);
  let batch: DumpSummary[] = [];
  let last = Date.now();
  for (let off = 0; off < bytes.length; off += CHUNK) {
    for (const s of session.write(bytes.subarray(off, Math.min(bytes.length, off + CHUNK)))) batch.push(s);
    if (Date.now() - last >= SLICE) {
      progress({ done: Math.min(bytes.length, off + CHUNK), total: bytes.length, summaries: batch });
      batch = [];
      if (pause) await pause();
      if (cancelled()) return { error: 'stopped' };
      last = Date.now();
    }
  }
  const r = session.end();
  return { session, summaries: [...batch, ...r.summaries], end: r.end };
}

/** The worker's side: one session at a time, kept for the views the page asks for. */
export function workerMain(scope: { postMessage(m: FromWorker): void; onmessage: ((e: { data: ToWorker }) => void) | null }): void {
  let session: Session | undefined;
  scope.onmessage = (e) => {
    const m = e.data;
    if (m.type === 'view') {
      scope.postMessage({ type: 'view', id: m.id, view: session?.view(m.index) });
      return;
    }
    session = undefined;
    void drive(m.bytes, m.options, (p) => scope.postMessage({ type: 'progress', id: m.id, ...p })).then(
      (r) => {
        if ('error' in r) scope.postMessage({ type: 'error', id: m.id, message: r.error });
        else {
          session = r.session;
          scope.postMessage({ type: 'end', id: m.id, summaries: r.summaries, end: r.end });
        }
      },
      (err: unknown) => scope.postMessage({ type: 'error', id: m.id, message: `internal error: ${String(err)}` }),
    );
  };
}

export interface Engine {
  readonly kind: 'worker' | 'page';
  run(bytes: Uint8Array, options: RunOptions, progress: (p: Progress) => void): Promise<{ summaries: DumpSummary[]; end: RunEnd } | { error: string }>;
  view(index: number): Promise<DumpView | undefined>;
  /** Stop a run under way (the worker is replaced). */
  stop(): void;
}

/** A worker made from the page's own script text; undefined when the browser will not make one. */
export function workerEngine(source: string): Engine | undefined {
  let url: string;
  let worker: Worker;
  const make = (): Worker => new Worker(url);
  try {
    url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    worker = make();
  } catch {
    return undefined;
  }
  let next = 0;
  const waiting = new Map<number, (m: FromWorker) => void>();
  const listen = (w: Worker): void => {
    w.onmessage = (e: MessageEvent<FromWorker>) => waiting.get(e.data.id)?.(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      for (const [id, f] of waiting) f({ type: 'error', id, message: `the worker failed: ${e.message}` });
    };
  };
  listen(worker);
  return {
    kind: 'worker',
    run(bytes, options, progress) {
      const id = ++next;
      return new Promise((resolve) => {
        waiting.set(id, (m) => {
          if (m.type === 'progress') progress(m);
          else if (m.type === 'end' || m.type === 'error') {
            waiting.delete(id);
            resolve(m.type === 'end' ? { summaries: m.summaries, end: m.end } : { error: m.message });
          }
        });
        // The bytes are moved, not copied.
        worker.postMessage({ type: 'run', id, bytes, options } satisfies ToWorker, [bytes.buffer]);
      });
    },
    view(index) {
      const id = ++next;
      return new Promise((resolve) => {
        waiting.set(id, (m) => {
          waiting.delete(id);
          resolve(m.type === 'view' ? m.view : undefined);
        });
        worker.postMessage({ type: 'view', id, index } satisfies ToWorker);
      });
    },
    stop() {
      worker.terminate();
      for (const [id, f] of waiting) f({ type: 'error', id, message: 'stopped' });
      waiting.clear();
      worker = make();
      listen(worker);
    },
  };
}

/** The same work on the page itself, in slices. */
export function pageEngine(): Engine {
  let session: Session | undefined;
  let run = 0;
  const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
  return {
    kind: 'page',
    async run(bytes, options, progress) {
      const id = ++run;
      session = undefined;
      const r = await drive(bytes, options, progress, pause, () => id !== run);
      if ('error' in r) return r;
      session = r.session;
      return { summaries: r.summaries, end: r.end };
    },
    async view(index) {
      return session?.view(index);
    },
    stop() {
      run++;
    },
  };
}
