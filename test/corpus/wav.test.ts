/**
 * Every WAV of the shared corpus against ffprobe / ffmpeg astats / ffmpeg
 * ebur128 and the expected models (the 2.4 GB RF64 has its own file,
 * wav-rf64.test.ts).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readWav, dumpWav } from '../../src/formats/wav/index.js';
import { FileSource } from '../../src/node/file-source.js';
import { CORPUS, HAVE_CORPUS, corpusPath } from '../support/corpus.js';

const dir = corpusPath('wav');
const files = HAVE_CORPUS ? readdirSync(dir).filter((f) => /\.wav$/i.test(f)) : [];

type Probe = {
  streams: Array<{ codec_name: string; channels: number; sample_rate: string; bits_per_sample: number; duration_ts: number }>;
  format: { tags?: Record<string, string> };
};

function probe(file: string): Probe {
  return JSON.parse(readFileSync(corpusPath('wav', 'expected', `${file}.ffprobe.json`), 'utf8')) as Probe;
}

/** Per-channel "Peak level dB" from astats; null for -inf. */
function astatsPeaks(file: string): Array<number | null> {
  const text = readFileSync(corpusPath('wav', 'expected', `${file}.ffmpeg-astats.txt`), 'utf8');
  return [...text.matchAll(/Peak level dB: (\S+)/g)].map((m) => (m[1] === '-inf' ? null : Number(m[1])));
}

function astatsRms(file: string): Array<number | null> {
  const text = readFileSync(corpusPath('wav', 'expected', `${file}.ffmpeg-astats.txt`), 'utf8');
  return [...text.matchAll(/RMS level dB: (\S+)/g)].map((m) => (m[1] === '-inf' ? null : Number(m[1])));
}

/** ffmpeg ebur128 true peak (max over channels), null for -inf. */
function ebur128Peak(file: string): number | null {
  const text = readFileSync(corpusPath('wav', 'expected', `${file}.ffmpeg-ebur128.txt`), 'utf8');
  const m = /True peak:\s*\n\s*Peak:\s*(\S+)/.exec(text);
  if (!m) throw new Error(`no true peak in ${file}`);
  return m[1] === '-inf' ? null : Number(m[1]);
}

async function read(file: string) {
  const src = await FileSource.open(corpusPath('wav', file));
  try {
    return await readWav(src, { path: file });
  } finally {
    await src.close();
  }
}

const codecOf: Record<string, { formatTag: string; bits: number }> = {
  pcm_s24le: { formatTag: 'PCM', bits: 24 },
  pcm_s16le: { formatTag: 'PCM', bits: 16 },
  pcm_f32le: { formatTag: 'IEEE_FLOAT', bits: 32 },
};

describe.skipIf(!HAVE_CORPUS)(`corpus WAV files (${CORPUS})`, () => {
  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of files) {
    describe(file, () => {
      it('has the format, length and bext fields ffprobe reports', async () => {
        const s = await read(file);
        const p = probe(file);
        const st = p.streams[0];
        const tags = p.format.tags ?? {};
        expect(s.sampleRate).toBe(Number(st.sample_rate));
        expect(s.tracks[0].channels).toBe(st.channels);
        expect(s.audio!.sampleCount).toBe(st.duration_ts);
        expect(s.audio!.formatTag).toBe(codecOf[st.codec_name].formatTag);
        expect(s.bitDepth).toBe(codecOf[st.codec_name].bits);
        const bext = s.audio!.bext;
        if (tags.time_reference !== undefined) {
          expect(bext).not.toBeNull();
          expect(bext!.timeReference).toBe(Number(tags.time_reference));
          expect(bext!.originationDate).toBe((tags.date ?? '').replace(/:/g, '-'));
          expect(bext!.originationTime).toBe(tags.creation_time ?? '');
          expect(bext!.originator).toBe(tags.encoded_by ?? '');
          expect(bext!.originatorReference).toBe(tags.originator_reference ?? '');
          expect(bext!.description).toBe(tags.comment ?? '');
          expect(bext!.codingHistory).toBe(tags.coding_history ?? '');
          if (tags.umid) expect(bext!.umid!.toUpperCase().startsWith(tags.umid.slice(2))).toBe(true);
          expect(s.tracks[0].playlists[0].clips[0].position).toBe(Number(tags.time_reference));
          expect(s.start).toBe(Number(tags.time_reference));
        } else {
          expect(bext).toBeNull();
          expect(s.tracks[0].playlists[0].clips[0].position).toBe(0);
        }
      });

      it('measures the sample peak as astats (±0.05 dB) and the true peak within 0.3 dB of ffmpeg', async () => {
        const s = await read(file);
        const ch = s.audio!.channels;
        const peaks = astatsPeaks(file);
        expect(ch.length).toBe(peaks.length);
        ch.forEach((c, i) => {
          if (peaks[i] === null) expect(c.samplePeakDbfs).toBeNull();
          else expect(Math.abs(c.samplePeakDbfs! - peaks[i]!)).toBeLessThanOrEqual(0.05);
        });
        const rms = astatsRms(file);
        ch.forEach((c, i) => {
          if (rms[i] === null) expect(c.rmsDbfs).toBeNull();
          else expect(Math.abs(c.rmsDbfs! - rms[i]!)).toBeLessThanOrEqual(0.05);
        });
        const tp = ebur128Peak(file);
        const ours = ch.map((c) => c.truePeakDbtp).filter((v): v is number => v !== null);
        if (tp === null) expect(ours).toEqual([]);
        else {
          const max = Math.max(...ours);
          // ffmpeg prints one decimal: allow its rounding on top of the 0.3 dB.
          expect(Math.abs(max - tp)).toBeLessThanOrEqual(0.35);
          for (const c of ch) if (c.truePeakDbtp !== null) expect(c.truePeakDbtp).toBeGreaterThanOrEqual(c.samplePeakDbfs!);
        }
      });

      it('matches the expected model', async () => {
        const expPath = corpusPath('expected-model', 'wav', `${file}.json`);
        if (!existsSync(expPath)) throw new Error(`no expected model for ${file}`);
        const exp = JSON.parse(readFileSync(expPath, 'utf8'));
        const s = await read(file);
        expect(s.sampleRate).toBe(exp.sampleRate);
        expect(s.tracks[0].channels).toBe(exp.channels);
        expect(s.bitDepth).toBe(exp.bitDepth);
        expect(s.audio!.sampleCount).toBe(exp.sampleCount);
        if (exp.timeReference !== null) expect(s.audio!.bext!.timeReference).toBe(exp.timeReference);
        expect(s.audio!.container).toBe(exp.oracle.container);
        const clip = s.tracks[0].playlists[0].clips[0];
        const e = exp.tracks[0].clips[0];
        if (e.position !== null) expect(Math.abs(clip.position - e.position)).toBeLessThanOrEqual(exp.tolerance.samples);
        expect(clip.length).toBe(e.length);
        expect(clip.sourceOffset).toBe(e.sourceOffset);
        (exp.samplePeakDbfs as Array<number | null>).forEach((p, i) => {
          const got = s.audio!.channels[i].samplePeakDbfs;
          if (p === null) expect(got).toBeNull();
          else expect(Math.abs(got! - p)).toBeLessThanOrEqual(exp.tolerance.peakDb);
        });
      });

      it('dumps the chunk list with offsets', async () => {
        const src = await FileSource.open(corpusPath('wav', file));
        try {
          const text = await dumpWav(src, { path: file });
          expect(text).toMatch(/'fmt '\s+\d+ bytes/);
          expect(text).toMatch(/'data'\s+\d+ bytes/);
        } finally {
          await src.close();
        }
      });
    });
  }
});
