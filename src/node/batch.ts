/**
 * Batch inspection: walk a tree of deliveries (zips, session folders, WAVs,
 * session files), classify each, and run a caller's function on each in
 * worker threads (`jobs` at a time). A delivery that fails, throws, crashes
 * its worker or runs out of time is recorded as failed; the batch goes on.
 */
import { availableParallelism } from 'node:os';
import { opendir, open, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { sniff, extensionOf } from '../detect.js';
import { isFormatError } from '../io/errors.js';
import { checkLimit, resolveLimits, type Limits } from '../io/limits.js';
import type { ReadOptions } from '../formats/types.js';
import type { Session } from '../model/session.js';
import { readPackage } from '../package/index.js';
import { readSession } from '../read.js';
import { FileSource, relativeOpener } from './file-source.js';
import { readFolderPackage } from './folder.js';

/** zip: a zip package; folder: a session folder; wav: a WAV/BWF file; session: a session file (.ptx/.ptf/.pts, .aaf, Session Info as Text, *.session.json). */
export type DeliveryKind = 'zip' | 'folder' | 'wav' | 'session';

export type Delivery = {
  kind: DeliveryKind;
  /** Absolute path. */
  path: string;
  /** Path relative to the walked root ('.' for the root itself), '/'-separated. */
  relativePath: string;
  /** File size in bytes; null for folders. */
  size: number | null;
};

export type SkippedFile = { path: string; reason: string };

export type FindOptions = { limits?: Partial<Limits> };

const SESSION_FILE_EXTENSIONS = new Set(['ptx', 'ptf', 'pts', 'aaf']);
const WAV_EXTENSIONS = new Set(['wav', 'wave', 'bwf', 'rf64']);
const AUDIO_FILES = 'Audio Files';

function isHidden(name: string): boolean {
  return name.startsWith('.') || name === '__MACOSX' || name === 'Thumbs.db' || name === 'desktop.ini';
}

type Child = { name: string; dir: boolean; file: boolean };

async function children(dir: string): Promise<Child[]> {
  const out: Child[] = [];
  for await (const d of await opendir(dir)) out.push({ name: d.name, dir: d.isDirectory(), file: d.isFile() });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A folder is one delivery when it has an `Audio Files` folder or exactly one Pro Tools session. */
function isSessionFolder(list: Child[]): boolean {
  if (list.some((c) => c.dir && c.name === AUDIO_FILES)) return true;
  return list.filter((c) => c.file && ['ptx', 'ptf', 'pts'].includes(extensionOf(c.name))).length === 1;
}

async function isSessionText(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return sniff(head.subarray(0, bytesRead), path) === 'session-text';
  } finally {
    await fh.close();
  }
}

/** The kind of delivery a single file is, or why it is not one. */
async function classifyFile(path: string): Promise<DeliveryKind | string> {
  const ext = extensionOf(path);
  if (ext === 'zip') return 'zip';
  if (WAV_EXTENSIONS.has(ext)) return 'wav';
  if (SESSION_FILE_EXTENSIONS.has(ext) || path.toLowerCase().endsWith('.session.json')) return 'session';
  if (ext === 'txt') return (await isSessionText(path)) ? 'session' : 'text file that is not a Session Info as Text export';
  return `not a delivery (.${ext || 'no extension'})`;
}

/**
 * Every delivery under `root` (or `root` itself when it is one): zips, session
 * folders (not descended into), WAV files and session files; other files are
 * listed as skipped. Sorted by path.
 */
export async function findDeliveries(root: string, opts: FindOptions = {}): Promise<{ deliveries: Delivery[]; skipped: SkippedFile[] }> {
  const limits = resolveLimits(opts.limits);
  const top = resolve(root);
  const deliveries: Delivery[] = [];
  const skipped: SkippedFile[] = [];
  const rel = (p: string): string => relative(top, p).split(sep).join('/') || '.';
  const add = (kind: DeliveryKind, path: string, size: number | null): void => {
    checkLimit(limits, 'maxEntries', deliveries.length + 1, 'folder', null, 'deliveries in the tree');
    deliveries.push({ kind, path, relativePath: rel(path), size });
  };
  const unreadable = (path: string, e: unknown): void => {
    skipped.push({ path: rel(path), reason: `cannot be read: ${(e as Error).message}` });
  };
  const visitFile = async (path: string): Promise<void> => {
    try {
      const kind = await classifyFile(path);
      if (kind === 'zip' || kind === 'wav' || kind === 'session' || kind === 'folder') add(kind, path, (await stat(path)).size);
      else skipped.push({ path: rel(path), reason: kind });
    } catch (e) {
      if (isFormatError(e)) throw e;
      unreadable(path, e);
    }
  };
  const visitDir = async (dir: string, depth: number): Promise<void> => {
    checkLimit(limits, 'maxDepth', depth, 'folder', null, `folder depth at '${dir}'`);
    let list: Child[];
    try {
      list = await children(dir);
    } catch (e) {
      // A folder the walk cannot open is listed, not the end of the batch.
      if (dir === top) throw e;
      unreadable(dir, e);
      return;
    }
    if (isSessionFolder(list)) {
      add('folder', dir, null);
      return;
    }
    for (const c of list) {
      if (isHidden(c.name)) continue;
      const p = join(dir, c.name);
      if (c.dir) await visitDir(p, depth + 1);
      else if (c.file) await visitFile(p);
    }
  };
  const st = await stat(top);
  if (st.isDirectory()) await visitDir(top, 0);
  else await visitFile(top);
  deliveries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { deliveries, skipped };
}

/** Read one delivery into its Session (zip and folder packages, WAVs and session files), read-only. */
export async function readDelivery(d: Delivery, opts: ReadOptions = {}): Promise<Session> {
  if (d.kind === 'folder') return readFolderPackage(d.path, { ...opts, path: opts.path ?? d.path });
  const src = await FileSource.open(d.path);
  try {
    if (d.kind === 'zip') return await readPackage(src, { ...opts, path: opts.path ?? d.path });
    return await readSession(src, { openRelative: relativeOpener(d.path), ...opts, path: opts.path ?? d.path });
  } finally {
    await src.close();
  }
}

/** A failure, as plain data (it crosses thread boundaries). */
export type BatchError = {
  name: string;
  message: string;
  /** FormatError code, or TIMEOUT / WORKER_EXIT / TASK for batch-level failures. */
  code: string | null;
  format?: string | null;
  offset?: number | null;
  path?: string | null;
  limit?: string | null;
};

export type BatchOutcome<R> =
  | { delivery: Delivery; ok: true; value: R; ms: number }
  | { delivery: Delivery; ok: false; error: BatchError; ms: number };

export type BatchProgress<R> = { done: number; total: number; failed: number; last: BatchOutcome<R>; /** Position of `last` in the deliveries given. */ index: number };

/**
 * The function run per delivery, in worker threads: a module (path or file
 * URL, plain JavaScript that Node can load) whose export `exportName`
 * (default `inspectDelivery`) is `(delivery, options) => result`; the result
 * must be structured-cloneable.
 */
export type WorkerTask = { module: string | URL; exportName?: string; options?: unknown };
/** The function run per delivery in this thread (tests, or I/O-bound work). */
export type InlineTask<R> = (delivery: Delivery, options: unknown) => Promise<R> | R;

export type BatchOptions<R> = {
  /** Deliveries at once; default: the CPU count. */
  jobs?: number;
  task: WorkerTask | InlineTask<R>;
  /** For inline tasks (worker tasks carry theirs). */
  options?: unknown;
  /**
   * With a worker task: the same task as a function, run in the calling
   * thread as one of the `jobs` lanes (so `jobs` 2 is this thread and one
   * worker). Small deliveries then gain from a second job instead of paying
   * a second worker's start-up.
   */
  inlineTask?: InlineTask<R>;
  onProgress?: (p: BatchProgress<R>) => void;
  /** A delivery taking longer fails with code TIMEOUT (its worker is ended). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Memory bounds for each worker thread. */
  resourceLimits?: ResourceLimits;
};

export type BatchSummary<R> = {
  /** In the order of the deliveries given. */
  outcomes: BatchOutcome<R>[];
  ok: number;
  failed: number;
  jobs: number;
  ms: number;
};

/** Plain-data form of anything thrown. */
export function toBatchError(e: unknown): BatchError {
  if (isFormatError(e)) {
    return { name: 'FormatError', message: e.message, code: e.code, format: e.format, offset: e.offset, path: e.path, limit: e.limit ?? null };
  }
  if (e instanceof Error) return { name: e.name, message: e.message, code: (e as { code?: string }).code ?? 'TASK' };
  return { name: 'Error', message: String(e), code: 'TASK' };
}

// Runs inside each worker (eval'd CommonJS, so no build step is needed for it):
// loads the task module once, then runs the deliveries it is sent one after
// the other (a second one may wait in line while the first runs) and answers
// each with a message: 'start' when it begins, then the result.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let task = null;
const load = () => task ??= import(workerData.module).then((m) => {
  const f = m[workerData.exportName] ?? (workerData.exportName === 'default' ? m.default : undefined);
  if (typeof f !== 'function') throw new Error('task module ' + workerData.module + ' has no function export ' + workerData.exportName);
  return f;
});
const plain = (e) => e && typeof e === 'object'
  ? { name: e.name || 'Error', message: String(e.message), code: e.code ?? 'TASK', format: e.format ?? null, offset: e.offset ?? null, path: e.path ?? null, limit: e.limit ?? null }
  : { name: 'Error', message: String(e), code: 'TASK' };
let line = Promise.resolve();
const run = async ({ id, delivery }) => {
  const t0 = performance.now();
  parentPort.postMessage({ id, start: true });
  try {
    const value = await (await load())(delivery, workerData.options);
    try { parentPort.postMessage({ id, ok: true, value, ms: performance.now() - t0 }); }
    catch (e) { parentPort.postMessage({ id, ok: false, error: plain(e), ms: performance.now() - t0 }); }
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: plain(e), ms: performance.now() - t0 });
  }
};
parentPort.on('message', (m) => { line = line.then(() => run(m)); });
`;

function moduleUrl(m: string | URL): string {
  if (m instanceof URL) return m.href;
  return /^(file|data|node):/.test(m) ? m : pathToFileURL(resolve(m)).href;
}

function defaultJobs(): number {
  return typeof availableParallelism === 'function' ? availableParallelism() : 1;
}

/** A delivery sent to a worker: `started` once the worker says it began (its time limit runs from then). */
type InFlight = { index: number; started: number | null; timer: NodeJS.Timeout | null };
type Slot = { worker: Worker | null; inFlight: InFlight[] };

/**
 * Deliveries sent to a worker at once: the next one waits in the worker
 * while the current one runs, so a worker never idles while this thread is
 * busy (with its own delivery, or with reports) and cannot answer at once.
 */
const PIPELINE = 2;

/** The deliveries not yet started, shared by every lane; `giveBack` returns one a stopped worker never began. */
type Queue = { take(): number | null; giveBack(index: number): void };

function queueOf(n: number, signal?: AbortSignal): Queue {
  let next = 0;
  const returned: number[] = [];
  return {
    take: () => {
      if (signal?.aborted) return null;
      if (returned.length) return returned.pop()!;
      return next < n ? next++ : null;
    },
    giveBack: (index) => {
      returned.push(index);
    },
  };
}

/** Lets this thread answer worker messages between deliveries run here. */
const yieldToEvents = (): Promise<void> => new Promise((r) => setImmediate(r));

async function runInline<R>(deliveries: Delivery[], task: InlineTask<R>, lanes: number, opts: BatchOptions<R>, record: (i: number, o: BatchOutcome<R>) => void, queue: Queue, yieldBetween: boolean): Promise<void> {
  const lane = async (): Promise<void> => {
    for (let i = queue.take(); i !== null; i = queue.take()) {
      const d = deliveries[i];
      const t0 = performance.now();
      try {
        const value = await task(d, opts.options);
        record(i, { delivery: d, ok: true, value, ms: performance.now() - t0 });
      } catch (e) {
        record(i, { delivery: d, ok: false, error: toBatchError(e), ms: performance.now() - t0 });
      }
      // Reads of local files complete without waiting for the event loop: without a turn of it
      // here, workers' results (and so their next deliveries) would queue until this lane ran dry.
      if (yieldBetween) await yieldToEvents();
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, deliveries.length) }, lane));
}

function runInWorkers<R>(deliveries: Delivery[], task: WorkerTask, jobs: number, opts: BatchOptions<R>, record: (i: number, o: BatchOutcome<R>) => void, queue: Queue): Promise<void> {
  const workerData = { module: moduleUrl(task.module), exportName: task.exportName ?? 'inspectDelivery', options: task.options };
  return new Promise<void>((resolveAll) => {
    const slots: Slot[] = [];
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      for (const s of slots) void s.worker?.terminate();
      resolveAll();
    };
    const started = (slot: Slot, f: InFlight): void => {
      f.started = performance.now();
      if (opts.timeoutMs) {
        f.timer = setTimeout(() => fail(slot, { name: 'Error', message: `no result after ${opts.timeoutMs} ms`, code: 'TIMEOUT' }), opts.timeoutMs);
      }
    };
    const settle = (slot: Slot, f: InFlight, o: BatchOutcome<R>): void => {
      if (f.timer) clearTimeout(f.timer);
      slot.inFlight.splice(slot.inFlight.indexOf(f), 1);
      record(f.index, o);
      feed(slot);
    };
    /** The worker is ended: the delivery it was running fails, the ones waiting in it go back to the queue. */
    const fail = (slot: Slot, error: BatchError): void => {
      const running = slot.inFlight.find((f) => f.started !== null) ?? slot.inFlight[0];
      if (!running) return;
      const w = slot.worker;
      slot.worker = null;
      void w?.terminate();
      for (const f of slot.inFlight) {
        if (f === running) continue;
        if (f.timer) clearTimeout(f.timer);
        queue.giveBack(f.index);
      }
      slot.inFlight = [running];
      settle(slot, running, { delivery: deliveries[running.index], ok: false, error, ms: performance.now() - (running.started ?? performance.now()) });
    };
    const spawn = (slot: Slot): Worker => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData, resourceLimits: opts.resourceLimits });
      w.on('message', (m: { id: number; start?: true; ok: boolean; value?: R; error?: BatchError; ms: number }) => {
        if (slot.worker !== w) return;
        const f = slot.inFlight.find((x) => x.index === m.id);
        if (!f) return;
        if (m.start) {
          started(slot, f);
          return;
        }
        const d = deliveries[f.index];
        settle(slot, f, m.ok ? { delivery: d, ok: true, value: m.value as R, ms: m.ms } : { delivery: d, ok: false, error: m.error!, ms: m.ms });
      });
      w.on('error', (e) => {
        if (slot.worker === w) fail(slot, { ...toBatchError(e), code: 'WORKER_EXIT' });
      });
      w.on('exit', (code) => {
        if (slot.worker === w) fail(slot, { name: 'Error', message: `the worker exited with code ${code}`, code: 'WORKER_EXIT' });
      });
      return w;
    };
    const feed = (slot: Slot): void => {
      while (slot.inFlight.length < PIPELINE) {
        const index = queue.take();
        if (index === null) break;
        slot.worker ??= spawn(slot);
        slot.inFlight.push({ index, started: null, timer: null });
        slot.worker.postMessage({ id: index, delivery: deliveries[index] });
      }
      if (slot.inFlight.length === 0) {
        if (slot.worker) {
          const w = slot.worker;
          slot.worker = null;
          void w.terminate();
        }
        if (slots.every((s) => s.inFlight.length === 0)) finish();
      }
    };
    const n = Math.min(jobs, deliveries.length);
    for (let i = 0; i < n; i++) slots.push({ worker: null, inFlight: [] });
    if (n === 0) finish();
    for (const slot of slots) if (!finished) feed(slot);
  });
}

/**
 * Run `task` on every delivery, `jobs` at a time. Never throws for a
 * delivery: each gives an outcome, ok or failed (FormatError code, TASK,
 * WORKER_EXIT, TIMEOUT). Deliveries not started when `signal` aborts are left out.
 */
export async function runBatch<R>(deliveries: Delivery[], opts: BatchOptions<R>): Promise<BatchSummary<R>> {
  const jobs = Math.max(1, Math.floor(opts.jobs ?? defaultJobs()));
  const t0 = performance.now();
  const outcomes: Array<BatchOutcome<R> | undefined> = new Array(deliveries.length);
  let done = 0;
  let failed = 0;
  const record = (i: number, o: BatchOutcome<R>): void => {
    outcomes[i] = o;
    done++;
    if (!o.ok) failed++;
    try {
      opts.onProgress?.({ done, total: deliveries.length, failed, last: o, index: i });
    } catch {
      // A progress callback's failure is not a delivery's.
    }
  };
  const queue = queueOf(deliveries.length, opts.signal);
  if (typeof opts.task === 'function') await runInline(deliveries, opts.task, jobs, opts, record, queue, false);
  else if (opts.inlineTask && jobs > 1) {
    await Promise.all([
      runInline(deliveries, opts.inlineTask, 1, opts, record, queue, true),
      runInWorkers(deliveries, opts.task, jobs - 1, opts, record, queue),
    ]);
  } else await runInWorkers(deliveries, opts.task, jobs, opts, record, queue);
  const list = outcomes.filter((o): o is BatchOutcome<R> => o !== undefined);
  return { outcomes: list, ok: list.length - failed, failed, jobs, ms: performance.now() - t0 };
}

/** Find the deliveries under `root` and run `task` on each (see `findDeliveries`, `runBatch`). */
export async function inspectTree<R>(root: string, opts: BatchOptions<R> & FindOptions): Promise<BatchSummary<R> & { skipped: SkippedFile[] }> {
  const { deliveries, skipped } = await findDeliveries(root, opts);
  return { ...(await runBatch(deliveries, opts)), skipped };
}

