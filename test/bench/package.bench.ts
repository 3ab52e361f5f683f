/**
 * Package benchmarks (figures, not assertions on time):
 * 1. A 10 GB zip package (sparse file: stored WAVs whose samples are holes,
 *    ZIP64) inspected: bytes read and time.
 * 2. A batch of 200 small deliveries in worker threads at --jobs 1 and 2.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { newClip, newSession, newTrack, type Session } from '../../src/model/session.js';
import { readPackage } from '../../src/package/index.js';
import { FileSource } from '../../src/node/file-source.js';
import { findDeliveries, runBatch } from '../../src/node/batch.js';
import { layoutZip, wavHeader, writeZip, type ZipWriterEntry } from '../support/zip-writer.js';

const te = new TextEncoder();
const dir = mkdtempSync(join(tmpdir(), 'package-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A model view with `tracks` tracks of `clips` clips each, referencing `files`. */
function modelView(name: string, files: string[], tracks: number, clips: number): Uint8Array {
  const s: Session = newSession({ path: `${name}.session.json`, format: 'model', formatVersion: null, application: null }, name, 48000);
  s.mediaFiles = files.map((f, i) => ({
    id: `m${i}`, name: f, path: `file:///c%3a/Sessions/${name}/Audio%20Files/${encodeURIComponent(f)}`, embedded: false, online: true,
    channels: 1, sampleRate: 48000, bitDepth: 24, length: null, format: 'wav',
  }));
  for (let t = 0; t < tracks; t++) {
    const track = newTrack(`t${t}`, `es-ES_CHARACTER${t}`);
    track.playlists = [{
      name: `es-ES_CHARACTER${t}.01`, active: true,
      clips: Array.from({ length: clips }, (_, c) => newClip({
        name: `es-ES_CHARACTER${t}_${c}`, position: 172800000 + c * 48000, length: 24000,
        mediaFileId: `m${(t * clips + c) % Math.max(1, files.length)}`,
      })),
    }];
    s.tracks.push(track);
  }
  for (const k of Object.keys(s.coverage)) s.coverage[k] = 'decoded';
  return te.encode(JSON.stringify(s));
}

describe('package benchmarks', () => {
  it.each([
    [100, 100_000_000],
    [1000, 10_000_000],
  ])('inspects a 10 GB package of %i WAVs of %i bytes reading a small fraction of it', async (wavs, bytesPerWav) => {
    const frames = Math.floor((bytesPerWav - 44) / 3);
    const names = Array.from({ length: wavs }, (_, i) => `es-ES_LINE_${String(i).padStart(4, '0')}.wav`);
    const entries: ZipWriterEntry[] = [
      { name: 'Show.session.json', data: modelView('Show', names, 40, 50), method: 'deflated' },
      { name: 'Audio Files/', directory: true },
      ...names.map((n): ZipWriterEntry => ({ name: `Audio Files/${n}`, data: wavHeader({ frames }), sparseSize: 44 + frames * 3 })),
    ];
    const t0 = performance.now();
    const layout = layoutZip(entries);
    const file = join(dir, `Show_PKG1_101_es-ES_LocalizedEditProject_24_v${wavs}.zip`);
    const fd = openSync(file, 'w');
    for (const p of layout.pieces) writeSync(fd, p.bytes, 0, p.bytes.length, p.offset);
    ftruncateSync(fd, layout.size);
    closeSync(fd);
    const buildMs = performance.now() - t0;

    const runs: Array<{ ms: number; bytesRead: number; headers: string }> = [];
    for (let i = 0; i < 3; i++) {
      const src = await FileSource.open(file);
      const t1 = performance.now();
      const s = await readPackage(src);
      runs.push({ ms: performance.now() - t1, bytesRead: src.bytesRead, headers: String(s.coverage.audioHeaders) });
      await src.close();
      expect(s.package?.entries.length).toBe(wavs + 2);
      expect(s.mediaFiles.filter((m) => m.online).length).toBe(Math.min(wavs, 2000));
    }
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    console.log(
      `[bench] 10 GB package: ${layout.size} bytes (${(layout.size / 1e9).toFixed(2)} GB, sparse, built in ${buildMs.toFixed(0)} ms), ` +
        `1 deflated model view (40 tracks x 50 clips) + ${wavs} stored WAVs of ${bytesPerWav} bytes, ZIP64: ` +
        `read ${best.bytesRead} bytes = ${((best.bytesRead / layout.size) * 100).toFixed(5)}% of the package; ` +
        `times ${runs.map((r) => `${r.ms.toFixed(0)} ms`).join(', ')} (best ${best.ms.toFixed(0)} ms); audio headers ${best.headers}; ` +
        `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    );
  });

  it('scales a batch of 200 small deliveries with jobs', async () => {
    const dist = new URL('../../dist/node/index.js', import.meta.url);
    if (!existsSync(fileURLToPath(dist))) throw new Error('run `npm run bench` (it builds dist/ first): the worker task imports dist/node/index.js');
    const tree = join(dir, 'tree');
    const count = 200;
    for (let i = 0; i < count; i++) {
      const ep = String(101 + i);
      const names = Array.from({ length: 8 }, (_, k) => `es-ES_LINE_${k}.wav`);
      const zip = writeZip([
        { name: 'Show.session.json', data: modelView('Show', names, 24, 40), method: 'deflated' },
        ...names.map((n): ZipWriterEntry => ({ name: `Audio Files/${n}`, data: wavHeader({ frames: 1000 }), sparseSize: 44 + 3000 })),
      ]);
      mkdirSync(join(tree, `ep${ep}`), { recursive: true });
      writeFileSync(join(tree, `ep${ep}`, `Show_PKG1_${ep}_es-ES_LocalizedEditProject_24_v1.zip`), zip);
    }
    writeFileSync(join(tree, 'ep100_broken.zip'), new Uint8Array(100));
    const task = join(dir, 'task.mjs');
    writeFileSync(task, [
      `import { readDelivery } from ${JSON.stringify(dist.href)};`,
      'export async function inspectDelivery(d) {',
      '  const s = await readDelivery(d);',
      '  return { name: s.name, tracks: s.tracks.length, clips: s.tracks.reduce((n, t) => n + t.playlists[0].clips.length, 0), online: s.mediaFiles.filter((m) => m.online).length };',
      '}',
    ].join('\n'));
    const { deliveries } = await findDeliveries(tree);
    const results: Record<number, number> = {};
    for (const jobs of [1, 2, 1, 2]) {
      const cpu0 = process.cpuUsage();
      const summary = await runBatch(deliveries, { jobs, task: { module: task } });
      const cpu = process.cpuUsage(cpu0);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      expect(summary.ok).toBe(count);
      expect(summary.failed).toBe(1);
      results[jobs] = Math.min(results[jobs] ?? Infinity, summary.ms);
      console.log(
        `[bench] batch of ${deliveries.length} deliveries (${count} zips + 1 broken), jobs ${jobs}: ${summary.ms.toFixed(0)} ms wall, ` +
          `${cpuMs.toFixed(0)} ms CPU (${(cpuMs / summary.ms).toFixed(2)} cores busy on average), load average ${loadavg()[0].toFixed(1)}`,
      );
    }
    console.log(
      `[bench] batch speed-up jobs 2 vs 1: ${(results[1] / results[2]).toFixed(2)}x (best of 2: ${results[1].toFixed(0)} ms vs ${results[2].toFixed(0)} ms; ` +
        `each delivery: a deflated model view of 24 tracks x 40 clips + 8 stored WAVs, read with readDelivery in worker threads; ` +
        `${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`,
    );

    // The same tree through the CLI, as a studio runs it: each delivery read, checked against its
    // detected profile and reported (JSON). --jobs 1 runs in the calling thread; --jobs 2 is the
    // calling thread and one worker sharing the queue.
    const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const cliBest: Record<number, number> = {};
    for (const jobs of [1, 2, 1, 2, 1, 2]) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [cli, 'check', tree, '--jobs', String(jobs), '--no-hash', '--format', 'json', '-q'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const ms = performance.now() - t0;
      const report = JSON.parse(r.stdout) as { reports: unknown[] };
      expect(report.reports.length).toBe(count + 1);
      cliBest[jobs] = Math.min(cliBest[jobs] ?? Infinity, ms);
      console.log(`[bench] CLI check of the tree (${count} zips + 1 broken), --jobs ${jobs}: ${ms.toFixed(0)} ms wall for the whole process (exit ${r.status}), load average ${loadavg()[0].toFixed(1)}`);
    }
    console.log(
      `[bench] CLI batch speed-up --jobs 2 vs 1: ${(cliBest[1] / cliBest[2]).toFixed(2)}x (best of 3: ${cliBest[1].toFixed(0)} ms vs ${cliBest[2].toFixed(0)} ms, ` +
        `node ${process.version}, ${cpus().length} CPUs)`,
    );
  });
});
