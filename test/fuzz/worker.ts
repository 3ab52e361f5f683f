/**
 * The fuzz worker: runs inputs it is sent through the harness and answers
 * with the outcome. The campaign gives it a heap budget (resourceLimits) and
 * terminates it when an input takes longer than the time budget.
 */
import { parentPort } from 'node:worker_threads';
import { runInput, type RunOptions } from './harness.js';

export type WorkerRequest = { id: number; bytes: Uint8Array; opts: RunOptions };

parentPort?.on('message', (m: WorkerRequest) => {
  void runInput(m.bytes, m.opts).then((outcome) => parentPort?.postMessage({ id: m.id, outcome }));
});
