/**
 * The `fmt ` chunk: WAVEFORMATEX and WAVE_FORMAT_EXTENSIBLE (SubFormat GUID
 * checked, not just the tag: a 24-bit mono deliverable can legally be
 * EXTENSIBLE).
 */
import { FormatError } from '../../io/errors.js';
import { fixedLayout, Parser } from '../../io/fixed.js';
import type { SampleEncoding } from '../../audio/pcm.js';

export type WaveFormat = {
  /** wFormatTag as stored (1 PCM, 3 IEEE float, 0xFFFE EXTENSIBLE ...). */
  tag: number;
  /** The model's name: PCM | IEEE_FLOAT | EXTENSIBLE(PCM) | EXTENSIBLE(IEEE_FLOAT) | ALAW | MULAW | ... */
  formatTag: string;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** wValidBitsPerSample (EXTENSIBLE), else bitsPerSample. */
  validBits: number;
  channelMask: number | null;
  /** SubFormat GUID in registry form (EXTENSIBLE only). */
  subFormat: string | null;
  /** How samples decode for measurement; null when this reader cannot decode them. */
  encoding: SampleEncoding | null;
};

type FmtBase = { tag: number; channels: number; sampleRate: number; byteRate: number; blockAlign: number; bitsPerSample: number };
type FmtExt = { cbSize: number; validBits: number; channelMask: number; guid: number[] };

const FMT_BASE = fixedLayout<FmtBase>('wav', 'fmt chunk', 16, new Parser()
  .uint16le('tag').uint16le('channels').uint32le('sampleRate').uint32le('byteRate')
  .uint16le('blockAlign').uint16le('bitsPerSample'));

const FMT_EXTENSIBLE = fixedLayout<FmtExt>('wav', 'WAVE_FORMAT_EXTENSIBLE extension', 24, new Parser()
  .uint16le('cbSize').uint16le('validBits').uint32le('channelMask')
  .array('guid', { type: 'uint8', length: 16 }));

const TAG_NAMES: Record<number, string> = {
  0x0001: 'PCM', 0x0002: 'ADPCM', 0x0003: 'IEEE_FLOAT', 0x0006: 'ALAW', 0x0007: 'MULAW',
  0x0011: 'IMA_ADPCM', 0x0050: 'MPEG', 0x0055: 'MPEGLAYER3', 0x0092: 'DOLBY_AC3_SPDIF',
};

/** Bytes 4..15 shared by every KSDATAFORMAT_SUBTYPE that wraps a wave format tag (…-0000-0010-8000-00AA00389B71). */
const SUBFORMAT_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function guidString(b: number[]): string {
  const h = (i: number) => b[i].toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${[10, 11, 12, 13, 14, 15].map(h).join('')}`.toUpperCase();
}

function tagName(tag: number): string {
  return TAG_NAMES[tag] ?? `0x${tag.toString(16).padStart(4, '0').toUpperCase()}`;
}

/** Which integer/float layout the samples have, when this reader can decode them. */
function encodingFor(baseTag: number, containerBytes: number, bits: number): SampleEncoding | null {
  if (baseTag === 1 && containerBytes >= 1 && containerBytes <= 4 && bits <= containerBytes * 8) {
    return containerBytes === 1 ? 'u8' : containerBytes === 2 ? 's16' : containerBytes === 3 ? 's24' : 's32';
  }
  if (baseTag === 3 && containerBytes === 4 && bits === 32) return 'f32';
  if (baseTag === 3 && containerBytes === 8 && bits === 64) return 'f64';
  return null;
}

/** Decode a `fmt ` payload. `offset` is the payload's absolute offset (for errors). */
export function parseFmt(bytes: Uint8Array, offset: number, path: string | null): WaveFormat {
  if (bytes.length < 16) {
    throw new FormatError({ code: 'TRUNCATED', format: 'wav', offset, path, message: `fmt chunk is ${bytes.length} bytes; it needs at least 16` });
  }
  const b = FMT_BASE.parse(bytes, offset, path);
  if (b.channels === 0) throw new FormatError({ code: 'UNSUPPORTED', format: 'wav', offset: offset + 2, path, message: 'fmt chunk declares 0 channels' });
  if (b.sampleRate === 0) throw new FormatError({ code: 'UNSUPPORTED', format: 'wav', offset: offset + 4, path, message: 'fmt chunk declares a sample rate of 0' });
  if (b.blockAlign === 0) throw new FormatError({ code: 'UNSUPPORTED', format: 'wav', offset: offset + 12, path, message: 'fmt chunk declares a block align of 0' });
  let formatTag = tagName(b.tag);
  let baseTag = b.tag;
  let validBits = b.bitsPerSample;
  let channelMask: number | null = null;
  let subFormat: string | null = null;
  if (b.tag === 0xfffe) {
    if (bytes.length < 40) {
      throw new FormatError({ code: 'TRUNCATED', format: 'wav', offset, path, message: `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${bytes.length} bytes; it needs 40` });
    }
    const e = FMT_EXTENSIBLE.parse(bytes.subarray(16), offset + 16, path);
    channelMask = e.channelMask;
    subFormat = guidString(e.guid);
    validBits = e.validBits || b.bitsPerSample;
    const standard = e.guid[2] === 0 && e.guid[3] === 0 && SUBFORMAT_TAIL.every((v, i) => e.guid[4 + i] === v);
    baseTag = standard ? e.guid[0] | (e.guid[1] << 8) : -1;
    formatTag = standard ? `EXTENSIBLE(${tagName(baseTag)})` : `EXTENSIBLE(${subFormat})`;
  }
  const containerBytes = b.blockAlign / b.channels;
  let encoding: SampleEncoding | null = null;
  if (Number.isInteger(containerBytes)) encoding = encodingFor(baseTag, containerBytes, b.bitsPerSample);
  if ((baseTag === 1 || baseTag === 3) && encoding === null) {
    throw new FormatError({
      code: 'UNSUPPORTED', format: 'wav', offset: offset + 12, path,
      message: `${formatTag} with ${b.channels} channels, block align ${b.blockAlign} and ${b.bitsPerSample} bits per sample is not a consistent PCM layout`,
    });
  }
  return {
    tag: b.tag, formatTag, channels: b.channels, sampleRate: b.sampleRate, byteRate: b.byteRate,
    blockAlign: b.blockAlign, bitsPerSample: b.bitsPerSample, validBits, channelMask, subFormat, encoding,
  };
}
