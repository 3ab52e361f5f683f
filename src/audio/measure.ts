/**
 * Streams the PCM data of a file through the level and true-peak meters in
 * bounded chunks (never the whole data): memory stays flat in file length.
 * The next chunk is requested before the current one is measured, so I/O
 * and arithmetic overlap where the source allows it.
 */
import type { ByteSource } from '../io/byte-source.js';
import { FormatError } from '../io/errors.js';
import type { ChannelMeasurement } from '../model/session.js';
import { bytesPerSample, decodeFrames, decodeScanS24, decodeScanS24Mono, scanBlocks, type SampleEncoding } from './pcm.js';
import { HISTORY, SUB_BLOCK, TAPS, TruePeakMeter, amplitudeDb } from './true-peak.js';
import { LevelMeter, levelOffsetDb } from './levels.js';

/** Bytes per read. */
const CHUNK_BYTES = 2 * 1024 * 1024;
/** Frames decoded at a time: small enough that a channel's block stays in cache. */
const SLICE_FRAMES = 4096;

export type MeasureInput = {
  src: ByteSource;
  /** Absolute offset of the first frame. */
  dataOffset: number;
  frames: number;
  channels: number;
  blockAlign: number;
  encoding: SampleEncoding;
  silenceThresholdDbfs?: number;
  signal?: AbortSignal;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
  /** Read size in bytes (rounded to whole frames). */
  chunkBytes?: number;
  /** false = filter every window (the reference; for the equality benchmark). */
  skipWindows?: boolean;
};

export type Measurement = {
  channels: ChannelMeasurement[];
  levelOffsetDb: number | null;
  /** Sub-blocks filtered vs skipped by the true-peak meters (all channels). */
  truePeakWork: { filtered: number; skipped: number };
};

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The measurement was aborted', 'AbortError');
}

/** Measure every channel: sample peak, true peak, RMS, first sound; L−R offset for stereo. */
export async function measurePcm(input: MeasureInput): Promise<Measurement> {
  const { src, dataOffset, frames, channels, blockAlign, encoding, signal, onProgress } = input;
  const framesPerChunk = Math.max(1, Math.floor((input.chunkBytes ?? CHUNK_BYTES) / blockAlign));
  const levels = Array.from({ length: channels }, () => new LevelMeter(input.silenceThresholdDbfs));
  const peaks = Array.from({ length: channels }, () => new TruePeakMeter(input.skipWindows ?? true));
  const bufs = Array.from({ length: channels }, () => new Float64Array(HISTORY + Math.max(SLICE_FRAMES, TAPS)));
  const width = bytesPerSample(encoding);
  const blockMax = new Float64Array(Math.ceil(SLICE_FRAMES / SUB_BLOCK));
  const totalBytes = frames * blockAlign;
  const readChunk = (frame: number) => {
    const n = Math.min(framesPerChunk, frames - frame);
    return src.read(dataOffset + frame * blockAlign, n * blockAlign);
  };
  let frame = 0;
  let pending: Promise<Uint8Array> | null = frames > 0 ? readChunk(0) : null;
  while (pending) {
    if (signal?.aborted) {
      pending.catch(() => undefined);
      throw abortReason(signal);
    }
    const bytes = await pending;
    const n = Math.min(framesPerChunk, frames - frame);
    if (bytes.length < n * blockAlign) {
      throw new FormatError({
        code: 'TRUNCATED', format: 'wav', offset: dataOffset + frame * blockAlign + bytes.length, path: src.name,
        message: `audio data ends after ${bytes.length} of ${n * blockAlign} bytes read at frame ${frame}`,
      });
    }
    const next = frame + n;
    pending = next < frames ? readChunk(next) : null;
    for (let f = 0; f < n; f += SLICE_FRAMES) {
      const m = Math.min(SLICE_FRAMES, n - f);
      if (encoding !== 's24') decodeFrames(bytes, f * blockAlign, encoding, blockAlign, m, bufs, HISTORY);
      for (let ch = 0; ch < channels; ch++) {
        const x = bufs[ch];
        let sumSq = -1;
        if (encoding === 's24' && channels === 1) sumSq = decodeScanS24Mono(bytes, f * blockAlign, m, x, HISTORY, SUB_BLOCK, blockMax);
        if (sumSq < 0) {
          sumSq = encoding === 's24'
            ? decodeScanS24(bytes, f * blockAlign + ch * width, blockAlign, m, x, HISTORY, SUB_BLOCK, blockMax)
            : scanBlocks(x, HISTORY, m, SUB_BLOCK, blockMax);
        }
        let peak = 0;
        for (let j = 0, nb = Math.ceil(m / SUB_BLOCK); j < nb; j++) if (blockMax[j] > peak) peak = blockMax[j];
        levels[ch].add(x, HISTORY, m, peak, sumSq);
        peaks[ch].process(x, m, blockMax);
        x.copyWithin(0, m, m + HISTORY);
      }
    }
    frame = next;
    onProgress?.({ phase: 'measure', done: frame * blockAlign, total: totalBytes });
  }
  const work = { filtered: 0, skipped: 0 };
  const measured = levels.map((lv, ch): ChannelMeasurement => {
    const tp = peaks[ch].finish(bufs[ch]);
    work.filtered += peaks[ch].filtered;
    work.skipped += peaks[ch].skipped;
    return {
      samplePeakDbfs: lv.peakDbfs,
      truePeakDbtp: amplitudeDb(tp),
      rmsDbfs: lv.rmsDbfs,
      firstSoundSample: lv.firstSound,
    };
  });
  return { channels: measured, levelOffsetDb: levelOffsetDb(levels), truePeakWork: work };
}
