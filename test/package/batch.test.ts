import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newSession } from '../../src/model/session.js';
import { readSession } from '../../src/read.js';
import { findDeliveries, readDelivery, runBatch, inspectTree, type BatchProgress, type Delivery } from '../../src/node/batch.js';
import { wavFile, writeZip } from '../support/zip-writer.js';

const te = new TextEncoder();
const TASK = new URL('./fixtures/batch-task.mjs', import.meta.url);
const WAV_READER = await readSession(wavFile({ frames: 10 }), { path: 'probe.wav', measureAudio: false }).then(() => true, () => false);

function model(name: string): Uint8Array {
  return te.encode(JSON.stringify(newSession({ path: `${name}.session.json`, format: 'model', formatVersion: null, application: null }, name, 48000)));
}

const root = mkdtempSync(join(tmpdir(), 'batch-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, data: Uint8Array | string = ''): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, data);
}

const goodZip = writeZip([{ name: 'Show.session.json', data: model('Show'), method: 'deflated' }, { name: 'Audio Files/a.wav', data: wavFile({ frames: 48 }) }]);
put('ep101/Show_PKG1_101_es-ES_LocalizedEditProject_24_v1.zip', goodZip);
put('ep102/Show_PKG1_102_es-ES_LocalizedEditProject_24_v1.zip', goodZip.subarray(0, goodZip.length - 30)); // cut: no end record
put('ep103/Show_session/Show.session.json', model('Show'));
put('ep103/Show_session/Audio Files/a.wav', wavFile({ frames: 48 }));
put('ep103/Show_session/Session File Backups/Show.bak.session.json', model('Old'));
put('premix/PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav', wavFile({ frames: 48 }));
put('sessions/a.session.json', model('A'));
put('sessions/b.session.json', model('B'));
put('sessions/info.txt', 'SESSION NAME:\tShow\nSAMPLE RATE:\t48000.000000\n');
put('sessions/readme.txt', 'not a session export');
put('notes.pdf', '%PDF-1.4');
put('.hidden/x.zip', goodZip);
put('__MACOSX/ep101/._x.zip', 'apple double');

const rel = (ds: Delivery[]): string[] => ds.map((d) => `${d.kind} ${d.relativePath}`);

describe('findDeliveries', () => {
  it('classifies zips, session folders, WAVs and session files, and lists what it skips', async () => {
    const { deliveries, skipped } = await findDeliveries(root);
    expect(rel(deliveries)).toEqual([
      'zip ep101/Show_PKG1_101_es-ES_LocalizedEditProject_24_v1.zip',
      'zip ep102/Show_PKG1_102_es-ES_LocalizedEditProject_24_v1.zip',
      'folder ep103/Show_session',
      'wav premix/PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav',
      'session sessions/a.session.json',
      'session sessions/b.session.json',
      'session sessions/info.txt',
    ]);
    expect(deliveries[0].size).toBe(goodZip.length);
    expect(deliveries[2].size).toBeNull();
    expect(skipped.map((s) => s.path).sort()).toEqual(['notes.pdf', 'sessions/readme.txt']);
  });

  it('takes a session folder or a single file given as the root as one delivery', async () => {
    expect(rel((await findDeliveries(join(root, 'ep103/Show_session'))).deliveries)).toEqual(['folder .']);
    expect(rel((await findDeliveries(join(root, 'premix/PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav'))).deliveries)).toEqual(['wav .']);
  });
});

describe('runBatch', () => {
  it('reads every delivery in this thread; the broken one fails, the batch goes on', async () => {
    const { deliveries } = await findDeliveries(root);
    const progress: Array<BatchProgress<unknown>> = [];
    const summary = await runBatch(deliveries, {
      jobs: 3,
      task: async (d) => {
        const s = await readDelivery(d);
        return { format: s.source.format, name: s.name, sources: (s.sources ?? []).length };
      },
      onProgress: (p) => progress.push(p),
    });
    expect(summary.outcomes.map((o) => o.delivery)).toEqual(deliveries);
    const byPath = new Map(summary.outcomes.map((o) => [o.delivery.relativePath, o]));
    const broken = byPath.get('ep102/Show_PKG1_102_es-ES_LocalizedEditProject_24_v1.zip')!;
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.error).toMatchObject({ name: 'FormatError', code: 'BAD_MAGIC', format: 'zip' });
    expect(byPath.get('ep101/Show_PKG1_101_es-ES_LocalizedEditProject_24_v1.zip')).toMatchObject({ ok: true, value: { format: 'zip', name: 'Show', sources: 1 } });
    expect(byPath.get('ep103/Show_session')).toMatchObject({ ok: true, value: { format: 'folder', name: 'Show', sources: 1 } });
    expect(byPath.get('sessions/a.session.json')).toMatchObject({ ok: true, value: { format: 'model', name: 'A' } });
    expect(byPath.get('premix/PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav')?.ok).toBe(WAV_READER);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress[6].failed).toBe(summary.failed);
    expect(summary.ok + summary.failed).toBe(7);
  });

  it('runs a task module in worker threads, jobs at a time', async () => {
    const { deliveries } = await findDeliveries(root);
    const summary = await runBatch<{ kind: string; head: string; threadId: number; tag: string }>(deliveries, {
      jobs: 2, task: { module: TASK, options: { tag: 'x', delayMs: 150 } },
    });
    expect(summary.jobs).toBe(2);
    const failed = summary.outcomes.filter((o) => !o.ok);
    expect(failed.map((o) => [o.delivery.relativePath, !o.ok && o.error.code])).toEqual([
      ['ep102/Show_PKG1_102_es-ES_LocalizedEditProject_24_v1.zip', 'BAD_MAGIC'],
    ]);
    const values = summary.outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    expect(values.every((v) => v.tag === 'x')).toBe(true);
    expect(new Set(values.map((v) => v.threadId)).size).toBe(2);
    expect(values.find((v) => v.kind === 'wav')?.head).toBe('RIFF');
  });

  it('shares the deliveries between this thread (inlineTask) and the workers, each delivery once', async () => {
    const { deliveries } = await findDeliveries(root);
    const seen: string[] = [];
    const summary = await runBatch<{ threadId: number; tag?: string }>(deliveries, {
      jobs: 2,
      task: { module: TASK, options: { tag: 'worker', delayMs: 100 } },
      inlineTask: async (d) => {
        seen.push(d.relativePath);
        await new Promise((r) => setTimeout(r, 100));
        return { threadId: 0, tag: 'inline' };
      },
    });
    expect(summary.outcomes.map((o) => o.delivery.relativePath).sort()).toEqual(deliveries.map((d) => d.relativePath).sort());
    const values = summary.outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    expect(values.some((v) => v.tag === 'inline')).toBe(true);
    expect(values.some((v) => v.tag === 'worker')).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('a synchronous inline lane leaves the workers busy (it yields between deliveries; workers hold a second one)', async () => {
    const dir = mkdtempSync(join(root, 'many-'));
    for (let i = 0; i < 24; i++) writeFileSync(join(dir, `d${String(i).padStart(2, '0')}.zip`), goodZip);
    const { deliveries } = await findDeliveries(dir);
    const summary = await runBatch<{ tag: string | null }>(deliveries, {
      jobs: 2,
      task: { module: TASK, options: { tag: 'worker' } },
      // Local reads resolve without a turn of the event loop: this lane never waits on its own.
      inlineTask: () => {
        const until = performance.now() + 40;
        while (performance.now() < until);
        return { tag: 'inline' };
      },
    });
    expect(summary.ok).toBe(24);
    const byWorker = summary.outcomes.filter((o) => o.ok && o.value.tag === 'worker').length;
    // Without the turns, the worker got its first deliveries and then nothing until this lane ran dry.
    expect(byWorker).toBeGreaterThanOrEqual(6);
  });

  it('survives a worker that exits and a delivery that hangs', async () => {
    const dir = mkdtempSync(join(root, 'rough-'));
    for (const name of ['a.zip', 'crash.zip', 'hang.zip', 'z.zip']) writeFileSync(join(dir, name), goodZip);
    const summary = await inspectTree(dir, { jobs: 2, task: { module: TASK }, timeoutMs: 3000 });
    expect(summary.outcomes.map((o) => [o.delivery.relativePath, o.ok ? 'ok' : o.error.code])).toEqual([
      ['a.zip', 'ok'], ['crash.zip', 'WORKER_EXIT'], ['hang.zip', 'TIMEOUT'], ['z.zip', 'ok'],
    ]);
  });

  it('fails each delivery, not the batch, when the task module has no such export', async () => {
    const { deliveries } = await findDeliveries(join(root, 'sessions'));
    const summary = await runBatch(deliveries, { jobs: 1, task: { module: TASK, exportName: 'nope' } });
    expect(summary.failed).toBe(deliveries.length);
    expect(summary.outcomes.every((o) => !o.ok && /no function export nope/.test(o.error.message))).toBe(true);
  });

  it('returns at once for no deliveries', async () => {
    const summary = await runBatch([], { task: { module: TASK } });
    expect([summary.ok, summary.failed, summary.outcomes]).toEqual([0, 0, []]);
  });
});
