/**
 * Media facts from a file SourceMob's EssenceDescriptor: sample rate, bit
 * depth, channels and length (SoundDescriptor properties, or the WAVE/AIFC
 * Summary header the descriptor carries), and the external locator.
 */
import { PID } from './ids.js';
import type { AafObject, Rational } from './object-model.js';

export type MediaFacts = {
  sampleRate: number | null;
  bitDepth: number | null;
  channels: number | null;
  length: number | null;
  format: string | null;
  url: string | null;
};

/** The descriptor that describes sound: the descriptor itself, or the first sound one of a MultipleDescriptor. */
export function soundDescriptor(d: AafObject): AafObject {
  if (d.className !== 'MultipleDescriptor') return d;
  for (const sub of d.refs(PID.MultipleDescriptor_FileDescriptors)) {
    if (sub.isA('SoundDescriptor') || sub.isA('WAVEDescriptor') || sub.isA('AIFCDescriptor')) return sub;
  }
  return d;
}

function rateValue(r: Rational | null): number | null {
  if (!r || r.den === 0 || r.num <= 0) return null;
  const v = r.num / r.den;
  return Number.isInteger(v) ? v : Math.round(v * 1000) / 1000;
}

/** Facts of one descriptor (and its locators). */
export function mediaFacts(desc: AafObject): MediaFacts {
  const d = soundDescriptor(desc);
  const facts: MediaFacts = { sampleRate: null, bitDepth: null, channels: null, length: null, format: null, url: null };
  if (d.className === 'WAVEDescriptor') {
    takeKnown(facts, wavSummary(d.bytes(PID.WAVEDescriptor_Summary)));
    facts.format = 'wav';
  } else if (d.className === 'AIFCDescriptor') {
    takeKnown(facts, aifcSummary(d.bytes(PID.AIFCDescriptor_Summary)));
    facts.format = 'aiff';
  } else if (d.isA('PCMDescriptor')) {
    facts.format = 'pcm';
  }
  facts.sampleRate ??= rateValue(d.rational(PID.SoundDescriptor_AudioSamplingRate)) ?? rateValue(d.rational(PID.FileDescriptor_SampleRate));
  facts.channels ??= d.u32(PID.SoundDescriptor_Channels);
  facts.bitDepth ??= d.u32(PID.SoundDescriptor_QuantizationBits);
  const len = d.i64(PID.FileDescriptor_Length) ?? desc.i64(PID.FileDescriptor_Length);
  // The WAVE/AIFC summary describes the file as written; the descriptor's Length is the writer's idea of it.
  if (facts.length === null && len !== null && len >= 0n) {
    // Length counts edit units of the descriptor's SampleRate; audio descriptors use the audio rate.
    const er = rateValue(d.rational(PID.FileDescriptor_SampleRate));
    const length = er && facts.sampleRate && er !== facts.sampleRate ? Math.round((Number(len) * facts.sampleRate) / er) : Number(len);
    // A damaged Length past 2^53 is unknown, not an inexact number.
    facts.length = Number.isSafeInteger(length) ? length : null;
  }
  for (const holder of d === desc ? [desc] : [d, desc]) {
    for (const loc of holder.refs(PID.EssenceDescriptor_Locator)) {
      const u = loc.str(PID.NetworkLocator_URLString) ?? loc.str(PID.TextLocator_Name);
      if (u) {
        facts.url = u;
        break;
      }
    }
    if (facts.url) break;
  }
  const ext = facts.url ? extensionOf(facts.url) : null;
  if (ext === 'mxf') facts.format = 'mxf';
  else if (ext && (!facts.format || facts.format === 'pcm' || d.className === 'SoundDescriptor')) facts.format = normaliseExt(ext);
  return facts;
}

/** The facts a WAVE or AIFC summary header gives (those it leaves out or null stay as they are). */
function takeKnown(facts: MediaFacts, s: Partial<MediaFacts>): void {
  if (s.sampleRate != null) facts.sampleRate = s.sampleRate;
  if (s.bitDepth != null) facts.bitDepth = s.bitDepth;
  if (s.channels != null) facts.channels = s.channels;
  if (s.length != null) facts.length = s.length;
}

function normaliseExt(ext: string): string {
  if (ext === 'wave' || ext === 'bwf') return 'wav';
  if (ext === 'aif' || ext === 'aifc') return 'aiff';
  return ext;
}

function extensionOf(url: string): string | null {
  const base = url.split(/[\\/]/).pop() ?? '';
  const i = base.lastIndexOf('.');
  return i < 0 ? null : base.slice(i + 1).toLowerCase();
}

/** A RIFF/WAVE header as stored in WAVEDescriptor.Summary: the `fmt ` chunk. */
export function wavSummary(b: Uint8Array | null): Partial<MediaFacts> {
  if (!b || b.length < 12) return {};
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 12;
  const out: Partial<MediaFacts> = {};
  let guard = 0;
  while (pos + 8 <= b.length && guard++ < 64) {
    const id = String.fromCharCode(b[pos], b[pos + 1], b[pos + 2], b[pos + 3]);
    const size = v.getUint32(pos + 4, true);
    if (id === 'fmt ' && pos + 8 + 16 <= b.length) {
      out.channels = v.getUint16(pos + 10, true);
      out.sampleRate = v.getUint32(pos + 12, true);
      out.bitDepth = v.getUint16(pos + 22, true);
    } else if (id === 'data' && out.channels && out.bitDepth && size > 0 && size !== 0xffffffff) {
      out.length = Math.floor(size / (out.channels * Math.ceil(out.bitDepth / 8)));
    }
    pos += 8 + size + (size & 1);
  }
  return out;
}

/** An AIFF/AIFC header as stored in AIFCDescriptor.Summary: the COMM chunk (big-endian). */
export function aifcSummary(b: Uint8Array | null): Partial<MediaFacts> {
  if (!b || b.length < 12) return {};
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 12;
  let guard = 0;
  while (pos + 8 <= b.length && guard++ < 64) {
    const id = String.fromCharCode(b[pos], b[pos + 1], b[pos + 2], b[pos + 3]);
    const size = v.getUint32(pos + 4, false);
    if (id === 'COMM' && pos + 8 + 18 <= b.length) {
      return {
        channels: v.getUint16(pos + 8, false),
        // Writers leave numSampleFrames at 0 in the summary; the descriptor's Length then counts.
        length: v.getUint32(pos + 10, false) || null,
        bitDepth: v.getUint16(pos + 14, false),
        sampleRate: extended80(b, pos + 16),
      };
    }
    pos += 8 + size + (size & 1);
  }
  return {};
}

/** IEEE 754 80-bit extended (AIFF sample rate). */
function extended80(b: Uint8Array, at: number): number | null {
  const exp = ((b[at] & 0x7f) << 8) | b[at + 1];
  let mant = 0;
  for (let i = 0; i < 8; i++) mant = mant * 256 + b[at + 2 + i];
  if (exp === 0 && mant === 0) return 0;
  const v = mant * 2 ** (exp - 16383 - 63);
  return Number.isFinite(v) ? Math.round(v * 1000) / 1000 : null;
}

/**
 * A file path from a locator URL: `file:///c%3a/Users/x.wav` → `c:/Users/x.wav`,
 * `file://localhost/Volumes/x.wav` → `/Volumes/x.wav`; other strings are
 * percent-decoded as they are.
 */
export function pathFromUrl(url: string): string {
  let s = url.trim();
  const m = /^file:(\/\/([^/]*))?(\/.*)?$/i.exec(s);
  if (m) {
    const host = m[2] ?? '';
    s = m[3] ?? '';
    if (host && host.toLowerCase() !== 'localhost') s = `//${host}${s}`;
  }
  let decoded = s;
  try {
    decoded = decodeURIComponent(s);
  } catch {
    decoded = s.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  // "/c:/Users" → "c:/Users"
  if (/^\/[a-z]:[\\/]/i.test(decoded)) decoded = decoded.slice(1);
  return decoded;
}

/** The file name at the end of a path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
