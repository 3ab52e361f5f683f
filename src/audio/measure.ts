/**
 * Streams the PCM data of a file through the level and true-peak meters in
 * bounded chunks (never the whole data): memory stays flat in file length.
 * The next chunk is requested before the current one is measured, so I/O
 * and arithmetic overlap where the source allows it.
 */
import type { ByteSource } from '../io/byte-source.js';
import { FormatError } from '../io/errors.js';
import { readCapacity, readView } from '../io/read-placement.js';
import type { ChannelMeasurement } from '../model/session.js';
import {
  bytesPerSample, decodeFrames, decodeScanS24, decodeScanS24Mono, decodeScanS24Stereo, scanBlocks, type SampleEncoding,
} from './pcm.js';
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

/**
 * Decode `m` frames at `byteOffset` into bufs[ch][HISTORY ..], with each
 * channel's sum of squares in `sums` and its per-SUB_BLOCK maxima in
 * `blockMax`: the word-wise 24-bit paths where they apply, else the generic ones.
 */
function decodeSlice(
  bytes: Uint8Array, byteOffset: number, m: number, encoding: SampleEncoding, blockAlign: number, width: number,
  bufs: Float64Array[], blockMax: Float64Array[], sums: Float64Array,
): void {
  const channels = bufs.length;
  if (encoding === 's24') {
    if (channels === 1) {
      const sum = decodeScanS24Mono(bytes, byteOffset, m, bufs[0], HISTORY, SUB_BLOCK, blockMax[0]);
      if (sum >= 0) {
        sums[0] = sum;
        return;
      }
    } else if (channels === 2 && decodeScanS24Stereo(bytes, byteOffset, m, bufs[0], bufs[1], HISTORY, SUB_BLOCK, blockMax[0], blockMax[1], sums)) {
      return;
    }
    for (let ch = 0; ch < channels; ch++) {
      sums[ch] = decodeScanS24(bytes, byteOffset + ch * width, blockAlign, m, bufs[ch], HISTORY, SUB_BLOCK, blockMax[ch]);
    }
    return;
  }
  decodeFrames(bytes, byteOffset, encoding, blockAlign, m, bufs, HISTORY);
  for (let ch = 0; ch < channels; ch++) sums[ch] = scanBlocks(bufs[ch], HISTORY, m, SUB_BLOCK, blockMax[ch]);
}

/** Measure every channel: sample peak, true peak, RMS, first sound; L−R offset for stereo. */
export async function measurePcm(input: MeasureInput): Promise<Measurement> {
  const { src, dataOffset, frames, channels, blockAlign, encoding, signal, onProgress } = input;
  const framesPerChunk = Math.max(1, Math.floor((input.chunkBytes ?? CHUNK_BYTES) / blockAlign));
  const levels = Array.from({ length: channels }, () => new LevelMeter(input.silenceThresholdDbfs));
  const peaks = Array.from({ length: channels }, () => new TruePeakMeter(input.skipWindows ?? true));
  const bufs = Array.from({ length: channels }, () => new Float64Array(HISTORY + Math.max(SLICE_FRAMES, TAPS)));
  const width = bytesPerSample(encoding);
  const blockMax = Array.from({ length: channels }, () => new Float64Array(Math.ceil(SLICE_FRAMES / SUB_BLOCK)));
  const sums = new Float64Array(channels);
  const totalBytes = frames * blockAlign;
  // With readInto, two buffers are reused (one being filled while the other is measured): memory stays
  // flat. A plain read allocates per call, and the garbage waits for the garbage collector.
  const readInto = src.readInto?.bind(src);
  const chunkBytes = framesPerChunk * blockAlign;
  const spare = readInto ? [new Uint8Array(readCapacity(chunkBytes)), new Uint8Array(readCapacity(chunkBytes))] : null;
  let turn = 0;
  const readChunk = (frame: number): Promise<Uint8Array> => {
    const n = Math.min(framesPerChunk, frames - frame);
    const offset = dataOffset + frame * blockAlign;
    if (!readInto || !spare) return src.read(offset, n * blockAlign);
    // Placed off the source's place in a page (see readView): the copy from the page cache is faster.
    const target = readView(spare[turn], offset, n * blockAlign);
    turn ^= 1;
    return readInto(offset, target).then((got) => target.subarray(0, got));
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
      decodeSlice(bytes, f * blockAlign, m, encoding, blockAlign, width, bufs, blockMax, sums);
      const nb = Math.ceil(m / SUB_BLOCK);
      for (let ch = 0; ch < channels; ch++) {
        const x = bufs[ch];
        const bm = blockMax[ch];
        let peak = 0;
        for (let j = 0; j < nb; j++) if (bm[j] > peak) peak = bm[j];
        levels[ch].add(x, HISTORY, m, peak, sums[ch]);
        peaks[ch].process(x, m, bm);
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
