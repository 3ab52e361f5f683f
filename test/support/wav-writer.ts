/**
 * The project's own WAV writer, for tests, samples and benchmarks: RIFF /
 * RF64 / BW64, PCM / IEEE float / EXTENSIBLE, bext (v0–2), iXML, extra
 * chunks, and knobs to write malformed files on purpose.
 */
import { open } from 'node:fs/promises';

export type WavEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64';

export type BextSpec = {
  description?: string;
  originator?: string;
  originatorReference?: string;
  originationDate?: string;
  originationTime?: string;
  timeReference?: number;
  version?: number;
  umid?: Uint8Array;
  loudness?: { value: number; range: number; maxTruePeak: number; maxMomentary: number; maxShortTerm: number };
  codingHistory?: string;
};

export type ExtraChunk = { id: string; data: Uint8Array; /** after the data chunk instead of before */ after?: boolean };

export type WavSpec = {
  container?: 'RIFF' | 'RF64' | 'BW64';
  encoding?: WavEncoding;
  /** Write WAVE_FORMAT_EXTENSIBLE with the PCM/float SubFormat. */
  extensible?: boolean;
  /** wValidBitsPerSample for EXTENSIBLE (defaults to the container width). */
  validBits?: number;
  sampleRate?: number;
  channelCount: number;
  frames: number;
  bext?: BextSpec | null;
  ixml?: string | null;
  /** Size of a JUNK chunk placed first (Pro Tools / recorders reserve one for RF64 promotion). */
  junk?: number;
  extra?: ExtraChunk[];
  // Malformations, on purpose:
  /** Write this value in the RIFF size field. */
  riffSizeField?: number;
  /** Write this value in the data chunk's size field (the real audio is written as given). */
  dataSizeField?: number;
  /** RF64/BW64 without the ds64 chunk. */
  omitDs64?: boolean;
  /** Bytes of audio actually written (cut short); default all. */
  truncateDataTo?: number;
  /** Write this as the fmt chunk's payload instead of a proper one. */
  fmtPayload?: Uint8Array;
};

/** Samples of channel `ch` for frames [start, start + count). */
export type SampleSource = (ch: number, start: number, count: number) => Float64Array;

const enc = new TextEncoder();

export function bytesPer(e: WavEncoding): number {
  return e === 'u8' ? 1 : e === 's16' ? 2 : e === 's24' ? 3 : e === 's32' || e === 'f32' ? 4 : 8;
}

function chunk(id: string, payload: Uint8Array, sizeField = payload.length): Uint8Array {
  const out = new Uint8Array(8 + payload.length + (payload.length & 1));
  out.set(enc.encode(id.padEnd(4, ' ').slice(0, 4)), 0);
  new DataView(out.buffer).setUint32(4, sizeField >>> 0, true);
  out.set(payload, 8);
  return out;
}

function fixedAscii(s: string, n: number): Uint8Array {
  const b = new Uint8Array(n);
  b.set(enc.encode(s).subarray(0, n));
  return b;
}

/** The bext payload (602-byte fixed part + coding history). */
export function bextPayload(b: BextSpec): Uint8Array {
  const history = enc.encode(b.codingHistory ?? '');
  const out = new Uint8Array(602 + history.length);
  const v = new DataView(out.buffer);
  out.set(fixedAscii(b.description ?? '', 256), 0);
  out.set(fixedAscii(b.originator ?? '', 32), 256);
  out.set(fixedAscii(b.originatorReference ?? '', 32), 288);
  out.set(fixedAscii(b.originationDate ?? '', 10), 320);
  out.set(fixedAscii(b.originationTime ?? '', 8), 330);
  const tr = b.timeReference ?? 0;
  v.setUint32(338, tr % 0x1_0000_0000, true);
  v.setUint32(342, Math.floor(tr / 0x1_0000_0000), true);
  v.setUint16(346, b.version ?? 1, true);
  if (b.umid) out.set(b.umid.subarray(0, 64), 348);
  if (b.loudness) {
    v.setInt16(412, Math.round(b.loudness.value * 100), true);
    v.setInt16(414, Math.round(b.loudness.range * 100), true);
    v.setInt16(416, Math.round(b.loudness.maxTruePeak * 100), true);
    v.setInt16(418, Math.round(b.loudness.maxMomentary * 100), true);
    v.setInt16(420, Math.round(b.loudness.maxShortTerm * 100), true);
  }
  out.set(history, 602);
  return out;
}

export function fmtPayload(spec: WavSpec): Uint8Array {
  const e = spec.encoding ?? 's24';
  const width = bytesPer(e);
  const isFloat = e === 'f32' || e === 'f64';
  const out = new Uint8Array(spec.extensible ? 40 : 16);
  const v = new DataView(out.buffer);
  const rate = spec.sampleRate ?? 48000;
  v.setUint16(0, spec.extensible ? 0xfffe : isFloat ? 3 : 1, true);
  v.setUint16(2, spec.channelCount, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * width * spec.channelCount, true);
  v.setUint16(12, width * spec.channelCount, true);
  v.setUint16(14, width * 8, true);
  if (spec.extensible) {
    v.setUint16(16, 22, true);
    v.setUint16(18, spec.validBits ?? width * 8, true);
    v.setUint32(20, spec.channelCount === 1 ? 0x4 : spec.channelCount === 2 ? 0x3 : 0, true);
    out.set([isFloat ? 3 : 1, 0, 0, 0, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 24);
  }
  return out;
}

/** Interleave and quantise frames [start, start+count) into bytes. */
export function encodeFrames(spec: WavSpec, source: SampleSource, start: number, count: number): Uint8Array {
  const e = spec.encoding ?? 's24';
  const width = bytesPer(e);
  const n = spec.channelCount;
  const out = new Uint8Array(count * width * n);
  const v = new DataView(out.buffer);
  for (let ch = 0; ch < n; ch++) {
    const x = source(ch, start, count);
    let p = ch * width;
    const stride = width * n;
    for (let i = 0; i < count; i++, p += stride) {
      const s = x[i];
      switch (e) {
        case 'u8': out[p] = quant(s, 8) + 128; break;
        case 's16': v.setInt16(p, quant(s, 16), true); break;
        case 's24': {
          const q = quant(s, 24);
          out[p] = q & 0xff; out[p + 1] = (q >> 8) & 0xff; out[p + 2] = (q >> 16) & 0xff;
          break;
        }
        case 's32': v.setInt32(p, quant(s, 32), true); break;
        case 'f32': v.setFloat32(p, s, true); break;
        case 'f64': v.setFloat64(p, s, true); break;
      }
    }
  }
  return out;
}

/** Round to a `bits`-bit integer sample, clipped to the format's range. */
export function quant(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(x * full)));
}

function ds64Payload(riffSize: number, dataSize: number, frames: number): Uint8Array {
  const out = new Uint8Array(28);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(riffSize), true);
  v.setBigUint64(8, BigInt(dataSize), true);
  v.setBigUint64(16, BigInt(frames), true);
  v.setUint32(24, 0, true);
  return out;
}

/** Everything before the audio and everything after it, for a given spec. */
function layout(spec: WavSpec): { head: Uint8Array; tail: Uint8Array; dataBytes: number } {
  const container = spec.container ?? 'RIFF';
  const width = bytesPer(spec.encoding ?? 's24');
  const dataBytes = spec.frames * width * spec.channelCount;
  const before: Uint8Array[] = [];
  if (spec.junk) before.push(chunk('JUNK', new Uint8Array(spec.junk)));
  if (spec.bext) before.push(chunk('bext', bextPayload(spec.bext)));
  if (spec.ixml != null) before.push(chunk('iXML', enc.encode(spec.ixml)));
  before.push(chunk('fmt ', spec.fmtPayload ?? fmtPayload(spec)));
  for (const x of spec.extra ?? []) if (!x.after) before.push(chunk(x.id, x.data));
  const after = (spec.extra ?? []).filter((x) => x.after).map((x) => chunk(x.id, x.data));
  const rf64 = container !== 'RIFF';
  const ds64Size = rf64 && !spec.omitDs64 ? 36 : 0;
  const beforeBytes = before.reduce((s, b) => s + b.length, 0);
  const afterBytes = after.reduce((s, b) => s + b.length, 0);
  const written = spec.truncateDataTo ?? dataBytes;
  const riffSize = 4 + ds64Size + beforeBytes + 8 + dataBytes + (dataBytes & 1) + afterBytes;
  const head = new Uint8Array(12 + ds64Size + beforeBytes + 8);
  const hv = new DataView(head.buffer);
  head.set(enc.encode(container), 0);
  hv.setUint32(4, spec.riffSizeField ?? (rf64 ? 0xffffffff : riffSize), true);
  head.set(enc.encode('WAVE'), 8);
  let p = 12;
  if (ds64Size) {
    head.set(chunk('ds64', ds64Payload(riffSize, dataBytes, spec.frames)), p);
    p += ds64Size;
  }
  for (const b of before) {
    head.set(b, p);
    p += b.length;
  }
  head.set(enc.encode('data'), p);
  hv.setUint32(p + 4, spec.dataSizeField ?? (rf64 ? 0xffffffff : dataBytes), true);
  const tailParts = written === dataBytes ? [(dataBytes & 1) ? new Uint8Array(1) : new Uint8Array(0), ...after] : [];
  const tail = new Uint8Array(tailParts.reduce((s, b) => s + b.length, 0));
  let q = 0;
  for (const b of tailParts) {
    tail.set(b, q);
    q += b.length;
  }
  return { head, tail, dataBytes: written };
}

/** Samples given per channel as arrays. */
export function arraySource(channels: ArrayLike<number>[]): SampleSource {
  return (ch, start, count) => Float64Array.from({ length: count }, (_, i) => channels[ch][start + i] ?? 0);
}

/** A whole WAV file in memory (small files). */
export function buildWav(spec: WavSpec, source: SampleSource = () => new Float64Array(spec.frames)): Uint8Array {
  const { head, tail, dataBytes } = layout(spec);
  const audio = encodeFrames(spec, source, 0, spec.frames).subarray(0, dataBytes);
  const out = new Uint8Array(head.length + audio.length + tail.length);
  out.set(head, 0);
  out.set(audio, head.length);
  out.set(tail, head.length + audio.length);
  return out;
}

/** Stream a WAV file to disk, `framesPerWrite` frames at a time (long files for benchmarks). */
export async function writeWavFile(path: string, spec: WavSpec, source: SampleSource, framesPerWrite = 480_000): Promise<number> {
  const { head, tail } = layout(spec);
  const fh = await open(path, 'w');
  try {
    let pos = 0;
    const write = async (b: Uint8Array) => {
      await fh.write(b, 0, b.length, pos);
      pos += b.length;
    };
    await write(head);
    for (let f = 0; f < spec.frames; f += framesPerWrite) {
      await write(encodeFrames(spec, source, f, Math.min(framesPerWrite, spec.frames - f)));
    }
    await write(tail);
    return pos;
  } finally {
    await fh.close();
  }
}
