/**
 * The 2.4 GB RF64 of the corpus, kept gzip-compressed: stream-decompressed
 * into a temporary folder, read and measured through a FileSource, deleted.
 */
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav, dumpWav } from '../../src/formats/wav/index.js';
import { FileSource } from '../../src/node/file-source.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';

const GZ = HAVE_CORPUS ? corpusPath('wav', 'rf64_Testfile_SEQ_RF64_Big.wav.gz') : '';
const HAVE_RF64 = HAVE_CORPUS && existsSync(GZ);

describe.skipIf(!HAVE_RF64)('2.4 GB RF64 from the corpus (decompressed to a temporary folder)', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wav-rf64-'));
    file = join(dir, 'rf64_Testfile_SEQ_RF64_Big.wav');
    // 1 MiB stream chunks: half the CPU time of the 16-64 KiB defaults on 2.4 GB.
    await pipeline(createReadStream(GZ, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), createWriteStream(file, { highWaterMark: 8 << 20 }));
  }, 180_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads the ds64 sizes, fmt and bext as ffprobe does, and measures every channel', async () => {
    const probe = JSON.parse(readFileSync(corpusPath('wav', 'expected', 'rf64_Testfile_SEQ_RF64_Big.wav.ffprobe.json'), 'utf8'));
    const src = await FileSource.open(file);
    let progressCalls = 0;
    let last = { done: 0, total: 1 };
    try {
      const s = await readWav(src, { onProgress: (p) => { progressCalls++; last = p; } });
      const a = s.audio!;
      expect(a.container).toBe('RF64');
      expect(src.size).toBe(Number(probe.format.size));
      expect(s.sampleRate).toBe(96000);
      expect(s.bitDepth).toBe(24);
      expect(s.tracks[0].channels).toBe(2);
      expect(a.sampleCount).toBe(probe.streams[0].duration_ts);
      expect(a.chunks![0]).toMatchObject({ id: 'ds64', offset: 12 });
      expect(a.chunks!.find((c) => c.id === 'data')!.size).toBe(a.sampleCount! * 6);
      const tags = probe.format.tags;
      expect(a.bext).toMatchObject({
        timeReference: Number(tags.time_reference), originationDate: tags.date, originationTime: tags.creation_time,
        codingHistory: tags.coding_history,
      });
      expect(s.tracks[0].playlists[0].clips[0]).toMatchObject({ position: Number(tags.time_reference), length: a.sampleCount });
      expect(a.channels).toHaveLength(2);
      // The test file is digital silence (it gzips about 1000:1, gzip's limit for zeros): no level anywhere.
      expect(a.channels).toEqual([0, 1].map(() => ({ samplePeakDbfs: null, truePeakDbtp: null, rmsDbfs: null, firstSoundSample: null })));
      expect(a.levelOffsetDb).toBeNull();
      expect(last.done).toBe(last.total);
      expect(progressCalls).toBeGreaterThan(100);
      // Streamed: every data byte read once, nothing twice.
      expect(src.bytesRead).toBeLessThan(src.size + 1024 * 1024);
      const dump = await dumpWav(src);
      expect(dump).toMatch(/ds64: riffSize \d+, dataSize 2399486814/);
    } finally {
      await src.close();
    }
  }, 180_000);
});
