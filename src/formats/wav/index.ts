/**
 * WAV / Broadcast WAV / RF64 / BW64 reader: the chunk walk, `fmt `, `bext`,
 * `iXML`, cue markers, and (unless `measureAudio: false`) the audio
 * measurements streamed from the `data` chunk. A WAV becomes a session of one
 * track with one clip spanning the audio at the bext time reference.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { readExact } from '../../io/byte-source.js';
import { FormatError, isFormatError } from '../../io/errors.js';
import { checkLimit, Deadline, resolveLimits, type Limits } from '../../io/limits.js';
import {
  channelFormatFor, newClip, newSession, newTrack,
  type AudioInfo, type Bext, type Diagnostic, type FrameRate, type Ixml, type Marker, type Session,
} from '../../model/session.js';
import { frameRate, samplesToTimecode } from '../../model/timecode.js';
import { measurePcm, type Measurement } from '../../audio/measure.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { parseBext } from './bext.js';
import { applyAdtl, parseCue, type CuePoint } from './cue.js';
import { parseFmt, type WaveFormat } from './fmt.js';
import { parseIxml } from './ixml.js';
import { findChunk, walkRiff, type RiffChunk, type RiffLayout } from './riff.js';

export type { WaveFormat } from './fmt.js';
export type { RiffLayout, RiffChunk } from './riff.js';

/** Everything the header chunks say, before any audio is measured. */
export type WavHeader = {
  layout: RiffLayout;
  fmt: WaveFormat;
  data: RiffChunk;
  /** Whole frames in the data chunk. */
  frames: number;
  bext: Bext | null;
  ixml: Ixml | null;
  cues: CuePoint[];
  diagnostics: Diagnostic[];
};

/**
 * Chunks a WAV reader meets in delivered files and may skip silently: filler
 * (JUNK/PAD/FLLR), RIFF metadata (LIST/INFO, cue, smpl, inst, acid, fact, ID3),
 * ADM and Dolby metadata (axml, chna, dbmd), recorder and DAW leftovers
 * (umid, minf, elm1, regn, iXTC, ovwf, DGDA, PEAK, levl, _PMX). Others are
 * listed as info diagnostics.
 */
const FAMILIAR_CHUNKS = new Set([
  'fmt ', 'data', 'bext', 'iXML', 'ds64', 'JUNK', 'junk', 'PAD ', 'FLLR', 'LIST', 'cue ', 'smpl', 'inst', 'acid',
  'fact', 'ID3 ', 'id3 ', 'axml', 'chna', 'dbmd', 'umid', 'minf', 'elm1', 'regn', 'iXTC', 'ovwf', 'DGDA', 'PEAK',
  'levl', '_PMX', 'cart', 'mext', 'aXML', 'SyLp', 'DISP', 'labl', 'note', 'ltxt', 'plst', 'wavl', 'slnt',
]);

/** Largest fmt payload read: WAVE_FORMAT_EXTENSIBLE needs 40; codec extras beyond are not used. */
const MAX_FMT_BYTES = 4096;

function baseName(path: string): string {
  const file = path.split(/[\\/!]/).pop() ?? path;
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

function fileName(path: string): string {
  return path.split(/[\\/!]/).pop() ?? path;
}

async function chunkBytes(src: ByteSource, c: RiffChunk, max: number, what: string): Promise<Uint8Array> {
  return readExact(src, c.dataOffset, Math.min(c.size, max), 'wav', what);
}

function requireChunk(layout: RiffLayout, id: string, src: ByteSource): RiffChunk {
  const c = findChunk(layout, id);
  if (c) return c;
  const end = layout.chunks.length ? layout.chunks[layout.chunks.length - 1].offset : 12;
  throw new FormatError({
    code: id === 'data' ? 'TRUNCATED' : 'BAD_MAGIC', format: 'wav', offset: end, path: src.name,
    message: `WAVE file without a '${id.trim()}' chunk (chunks: ${layout.chunks.map((x) => x.id.trim()).join(', ') || 'none'})`,
  });
}

async function readBext(src: ByteSource, layout: RiffLayout, limits: Limits, diagnostics: Diagnostic[]): Promise<Bext | null> {
  const c = findChunk(layout, 'bext');
  if (!c) return null;
  const max = 602 + limits.maxStringBytes;
  if (c.size > max) {
    diagnostics.push({ code: 'wav/bext-too-large', severity: 'warning', offset: c.offset, message: `bext chunk of ${c.size} bytes: coding history read up to maxStringBytes` });
  }
  const bext = parseBext(await chunkBytes(src, c, max, 'bext chunk'), c.dataOffset, src.name, diagnostics);
  if (!Number.isSafeInteger(bext.timeReference)) {
    // Past 2^53 samples (5 million years at 48 kHz) the chunk is damaged: no rule may compute with it.
    diagnostics.push({ code: 'wav/time-reference', severity: 'warning', offset: c.dataOffset + 338, message: `bext time reference ${bext.timeReference} is not an exact sample count; the bext chunk is ignored` });
    return null;
  }
  return bext;
}

async function readIxmlChunk(src: ByteSource, layout: RiffLayout, limits: Limits, diagnostics: Diagnostic[]): Promise<Ixml | null> {
  const c = findChunk(layout, 'iXML');
  if (!c) return null;
  if (c.size > limits.maxStringBytes) {
    diagnostics.push({ code: 'wav/ixml-too-large', severity: 'warning', offset: c.offset, message: `iXML chunk of ${c.size} bytes exceeds maxStringBytes=${limits.maxStringBytes}; not read` });
    return null;
  }
  return parseIxml(await chunkBytes(src, c, c.size, 'iXML chunk'), c.dataOffset, diagnostics, limits.maxEntries);
}

async function readCues(src: ByteSource, layout: RiffLayout, limits: Limits, diagnostics: Diagnostic[]): Promise<CuePoint[]> {
  const c = findChunk(layout, 'cue ');
  if (!c) return [];
  const max = Math.min(limits.maxStructureBytes, 4 + 24 * limits.maxEntries);
  const cues = parseCue(await chunkBytes(src, c, max, 'cue chunk'), c.dataOffset, src.name, limits.maxEntries, diagnostics);
  for (const list of layout.chunks.filter((x) => x.id === 'LIST' && x.size <= limits.maxStringBytes)) {
    const b = await chunkBytes(src, list, list.size, 'LIST chunk');
    try {
      applyAdtl(b, list.dataOffset, src.name, cues);
    } catch (e) {
      if (!isFormatError(e)) throw e;
      diagnostics.push({ code: 'wav/adtl', severity: 'warning', offset: e.offset, message: `cue labels not fully read: ${e.detail}` });
    }
  }
  return cues;
}

/** Walk the chunks and decode fmt/bext/iXML/cue; no audio is read. */
export async function readWavHeader(src: ByteSource, opts: ReadOptions = {}): Promise<WavHeader> {
  const limits = resolveLimits(opts.limits);
  const deadline = new Deadline(limits, 'wav');
  const diagnostics: Diagnostic[] = [];
  const layout = await walkRiff(src, limits, diagnostics, deadline);
  const fmtChunk = requireChunk(layout, 'fmt ', src);
  const fmt = parseFmt(await chunkBytes(src, fmtChunk, MAX_FMT_BYTES, 'fmt chunk'), fmtChunk.dataOffset, src.name);
  const data = requireChunk(layout, 'data', src);
  if (layout.chunks.filter((c) => c.id === 'data').length > 1) {
    diagnostics.push({ code: 'wav/several-data', severity: 'warning', offset: data.offset, message: 'more than one data chunk: the first is read' });
  }
  const frames = Math.floor(data.size / fmt.blockAlign);
  if (data.size % fmt.blockAlign !== 0) {
    diagnostics.push({
      code: 'wav/partial-frame', severity: 'warning', offset: data.dataOffset + frames * fmt.blockAlign,
      message: `data chunk of ${data.size} bytes is not a whole number of ${fmt.blockAlign}-byte frames; the last ${data.size % fmt.blockAlign} bytes are ignored`,
    });
  }
  if (layout.ds64 && layout.ds64.sampleCount !== 0 && layout.ds64.sampleCount !== frames && fmt.encoding) {
    diagnostics.push({ code: 'wav/ds64-sample-count', severity: 'info', offset: 12, message: `ds64 sampleCount ${layout.ds64.sampleCount} differs from the data size (${frames} frames)` });
  }
  for (const c of layout.chunks) {
    if (!FAMILIAR_CHUNKS.has(c.id)) {
      diagnostics.push({ code: 'wav/unknown-chunk', severity: 'info', offset: c.offset, message: `chunk '${c.id}' (${c.size} bytes) is kept by name, not interpreted` });
    }
  }
  const bext = await readBext(src, layout, limits, diagnostics);
  const ixml = await readIxmlChunk(src, layout, limits, diagnostics);
  const cues = await readCues(src, layout, limits, diagnostics);
  deadline.check();
  return { layout, fmt, data, frames, bext, ixml, cues, diagnostics };
}

function frameRateOf(ixml: Ixml | null, diagnostics: Diagnostic[]): FrameRate | null {
  if (!ixml?.timecodeRate) return null;
  const fr = frameRate(ixml.timecodeRate, ixml.timecodeFlag === 'DF');
  if (!fr) diagnostics.push({ code: 'wav/timecode-rate', offset: null, severity: 'warning', message: `iXML TIMECODE_RATE '${ixml.timecodeRate}' is not a known frame rate` });
  return fr;
}

function crossCheck(h: WavHeader): void {
  const ts = h.ixml?.timestampSamplesSinceMidnight;
  if (h.bext && ts != null && ts !== h.bext.timeReference) {
    h.diagnostics.push({ code: 'wav/timestamp-mismatch', offset: null, severity: 'warning', message: `iXML TIMESTAMP_SAMPLES_SINCE_MIDNIGHT ${ts} differs from the bext time reference ${h.bext.timeReference}` });
  }
  const rate = h.ixml?.fileSampleRate;
  if (rate != null && rate !== h.fmt.sampleRate) {
    h.diagnostics.push({ code: 'wav/sample-rate-mismatch', offset: null, severity: 'info', message: `iXML FILE_SAMPLE_RATE ${rate} differs from the fmt sample rate ${h.fmt.sampleRate}` });
  }
}

function markersOf(cues: CuePoint[], start: number): Marker[] {
  return cues
    .map((c) => ({ name: c.label ?? `Cue ${c.id}`, position: start + c.sampleOffset, length: c.length, comment: c.note ?? '' }))
    .sort((a, b) => a.position - b.position);
}

async function measure(src: ByteSource, h: WavHeader, opts: ReadOptions): Promise<Measurement | null> {
  if (opts.measureAudio === false) return null;
  if (!h.fmt.encoding) {
    h.diagnostics.push({ code: 'wav/not-measured', offset: null, severity: 'warning', message: `${h.fmt.formatTag} audio is not decoded: levels and true peak are not measured` });
    return null;
  }
  const fmtChunk = findChunk(h.layout, 'fmt ');
  checkLimit(resolveLimits(opts.limits), 'maxChannels', h.fmt.channels, 'wav', fmtChunk ? fmtChunk.dataOffset + 2 : null, 'channels to measure');
  return measurePcm({
    src, dataOffset: h.data.dataOffset, frames: h.frames, channels: h.fmt.channels, blockAlign: h.fmt.blockAlign,
    encoding: h.fmt.encoding, silenceThresholdDbfs: opts.silenceThresholdDbfs, signal: opts.signal, onProgress: opts.onProgress,
  });
}

/** The session model of a WAV header plus its measurements. */
function sessionOf(h: WavHeader, m: Measurement | null, path: string): Session {
  const { fmt, bext, ixml } = h;
  const name = baseName(path);
  const s = newSession({
    path, format: 'wav',
    formatVersion: bext ? `BWF v${bext.version}` : null,
    application: bext?.originator ? { name: bext.originator, version: null } : null,
  }, name, fmt.sampleRate);
  s.diagnostics = h.diagnostics;
  // A non-PCM fmt may declare 0 bits per sample: unknown, not a depth of 0.
  const bitDepth = fmt.validBits > 0 ? fmt.validBits : null;
  s.bitDepth = bitDepth;
  s.frameRate = frameRateOf(ixml, s.diagnostics);
  const timeReference = bext && Number.isSafeInteger(bext.timeReference) ? bext.timeReference : null;
  s.start = timeReference;
  s.startTimecode = s.start !== null && s.frameRate ? samplesToTimecode(s.start, s.frameRate, fmt.sampleRate) : null;
  const position = timeReference ?? 0;

  s.mediaFiles.push({
    id: 'm1', name: fileName(path), path, embedded: false, online: true,
    channels: fmt.channels, sampleRate: fmt.sampleRate, bitDepth, length: h.frames, format: 'wav',
  });
  const track = newTrack('t1', name, 'audio');
  track.channels = fmt.channels;
  track.channelFormat = channelFormatFor(fmt.channels);
  track.active = true;
  track.hidden = false;
  track.muted = false;
  track.solo = false;
  track.playlists.push({
    name, active: true,
    clips: [newClip({
      name, position, length: h.frames, sourceOffset: 0, mediaFileId: 'm1', channel: null,
      muted: false, gain: { db: 0, envelope: null },
    })],
  });
  s.tracks.push(track);
  s.markers = markersOf(h.cues, position);

  const audio: AudioInfo = {
    container: h.layout.container,
    formatTag: fmt.formatTag,
    bext,
    ixml,
    channels: m ? m.channels : [],
    sampleCount: h.frames,
    levelOffsetDb: m ? m.levelOffsetDb : null,
    chunks: h.layout.chunks.map((c) => ({ id: c.id, offset: c.offset, size: c.size })),
  };
  s.audio = audio;

  // A WAV file has no mixer, groups, automation, plug-ins, sends, VCAs, clip gain or fades:
  // those lists are empty because the format cannot hold them, which is what 'decoded' with
  // an empty list means. Markers are the cue points (none when there is no cue chunk).
  for (const f of ['tracks', 'trackKinds', 'playlists', 'inserts', 'sends', 'automation', 'groups', 'vcas', 'clipGain', 'fades', 'markers', 'mediaFiles'] as const) {
    s.coverage[f] = 'decoded';
  }
  if (!bext) {
    s.coverage.timecode = 'partial';
    s.diagnostics.push({ code: 'wav/no-bext', offset: null, severity: 'info', message: 'no bext chunk: the file has no time reference; its clip is placed at 0' });
  } else if (!s.frameRate) {
    s.coverage.timecode = 'partial';
    s.diagnostics.push({ code: 'wav/no-frame-rate', offset: null, severity: 'info', message: 'no iXML TIMECODE_RATE: the time reference is known in samples but the frame rate is not stated' });
  } else {
    s.coverage.timecode = 'decoded';
  }
  s.coverage.audio = m ? 'decoded' : 'unsupported';
  crossCheck(h);
  return s;
}

/**
 * Read a WAV/BWF/RF64/BW64 file into the session model. Measures the audio
 * (streamed, honouring `opts.signal` and reporting `opts.onProgress`) unless
 * `opts.measureAudio === false`.
 */
export async function readWav(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  try {
    const h = await readWavHeader(src, opts);
    const m = await measure(src, h, opts);
    return sessionOf(h, m, path);
  } catch (e) {
    if (e instanceof FormatError) throw e.withPath(path);
    throw e;
  }
}

function hex(n: number, width = 8): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}

function describeFmt(f: WaveFormat): string[] {
  const lines = [
    `fmt: ${f.formatTag} (tag 0x${f.tag.toString(16).padStart(4, '0')}), ${f.channels} ch, ${f.sampleRate} Hz, ${f.bitsPerSample} bits` +
      `${f.validBits !== f.bitsPerSample ? ` (${f.validBits} valid)` : ''}, block align ${f.blockAlign}, byte rate ${f.byteRate}`,
  ];
  if (f.subFormat) lines.push(`  SubFormat ${f.subFormat}, channel mask 0x${(f.channelMask ?? 0).toString(16)}`);
  if (!f.encoding) lines.push('  (samples not decoded by this reader)');
  return lines;
}

function describeBext(b: Bext): string[] {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `bext: version ${b.version}`,
    `  description ${q(b.description)}`,
    `  originator ${q(b.originator)}, reference ${q(b.originatorReference)}`,
    `  origination ${b.originationDate} ${b.originationTime}`,
    `  time reference ${b.timeReference}`,
  ];
  if (b.umid) lines.push(`  UMID ${b.umid}`);
  if (b.loudness) lines.push(`  loudness ${JSON.stringify(b.loudness)}`);
  if (b.codingHistory) lines.push(`  coding history ${q(b.codingHistory)}`);
  return lines;
}

function describeIxml(x: Ixml): string[] {
  const lines = [
    `iXML: project ${JSON.stringify(x.project)}, scene ${JSON.stringify(x.scene)}, take ${JSON.stringify(x.take)}, tape ${JSON.stringify(x.tape ?? null)}`,
    `  timecode ${x.timecodeRate ?? '-'} ${x.timecodeFlag ?? ''}, file rate ${x.fileSampleRate ?? '-'}, timestamp ${x.timestampSamplesSinceMidnight ?? '-'}`,
  ];
  if (x.note) lines.push(`  note ${JSON.stringify(x.note)}`);
  for (const t of x.tracks) lines.push(`  track ${t.index}: ${JSON.stringify(t.name)}${t.function ? ` (${t.function})` : ''}${t.channelIndex != null ? ` channel ${t.channelIndex}` : ''}`);
  return lines;
}

/** A text dump: the RIFF chunks with offsets and sizes, then the decoded fmt, bext, iXML and cues. No audio is read. */
export async function dumpWav(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  const path = opts.path ?? src.name;
  let h: WavHeader;
  try {
    h = await readWavHeader(src, opts);
  } catch (e) {
    if (e instanceof FormatError) throw e.withPath(path);
    throw e;
  }
  const { layout } = h;
  const lines = [`${path}: ${layout.container} WAVE, ${src.size} bytes, RIFF size ${layout.riffSize}`];
  if (layout.ds64) {
    lines.push(`ds64: riffSize ${layout.ds64.riffSize}, dataSize ${layout.ds64.dataSize}, sampleCount ${layout.ds64.sampleCount}` +
      `${layout.ds64.table.length ? `, table ${layout.ds64.table.map((t) => `${t.id}=${t.size}`).join(' ')}` : ''}`);
  }
  lines.push('chunks:');
  for (const c of layout.chunks) lines.push(`  ${hex(c.offset)}  '${c.id}'  ${c.size} bytes`);
  lines.push(...describeFmt(h.fmt));
  lines.push(`data: ${h.data.size} bytes at ${hex(h.data.dataOffset)}, ${h.frames} frames (${(h.frames / h.fmt.sampleRate).toFixed(3)} s)`);
  lines.push(...(h.bext ? describeBext(h.bext) : ['bext: none']));
  lines.push(...(h.ixml ? describeIxml(h.ixml) : ['iXML: none']));
  for (const c of h.cues) lines.push(`cue ${c.id}: sample ${c.sampleOffset}${c.label ? ` ${JSON.stringify(c.label)}` : ''}`);
  for (const d of h.diagnostics) lines.push(`diagnostic ${d.code}${d.offset != null ? ` at ${hex(d.offset)}` : ''}: ${d.message}`);
  return `${lines.join('\n')}\n`;
}
