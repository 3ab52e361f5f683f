/**
 * Seed inputs per format: files the project's writers make, the project's
 * samples/, and the shared corpus (read in place, never copied).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Gunzip } from 'fflate';
import { CORPUS, HAVE_CORPUS } from '../support/corpus.js';
import { writePtx, type WriterSession as PtxSession } from '../support/ptx-writer/index.js';
import { UNKNOWN_OPS, writeAaf, type AafSpec } from '../support/aaf-writer/index.js';
import { buildWav } from '../support/wav-writer.js';
import { wavFile, writeZip } from '../support/zip-writer.js';
import { sessionTextBytes, type WriterSession as TextSession } from '../support/session-text-writer.js';
import { makeSeed, type Seed } from './mutators.js';
import type { FuzzFormat } from './structure.js';

/** The repository root (scripts/fuzz.mjs sets FUZZ_ROOT; under vitest the cwd is the root). */
export const REPO_ROOT = process.env.FUZZ_ROOT ?? process.cwd();

const te = new TextEncoder();

/**
 * Corpus seeds larger than this are read only in the campaign (`corpus: 'all'`).
 * Text exports are parsed line by line whole, so the fixed-seed pass keeps the short ones.
 */
const SMALL_SEED: Record<FuzzFormat, number> = { ptx: 320 * 1024, aaf: 320 * 1024, wav: 320 * 1024, zip: 320 * 1024, model: 320 * 1024, 'session-text': 32 * 1024 };

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) continue;
    if (test(name)) out.push(p);
  }
  return out;
}

function readSeed(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

// ---------------------------------------------------------------- writer-made seeds

const PTX_BASE: PtxSession = {
  version: 12, sampleRate: 48000, bitDepth: 24, timecode: { code: 2, startFrames: 86400 },
  files: [{ name: 'es-ES_MARIA_01.wav', length: 480000 }, { name: 'b.aif', length: 96000, type: 'AIFF' }],
  tracks: [
    { name: 'es-ES_MARIA', channels: [{ clips: [{ name: 'r1', file: 0, position: 0, length: 48000, fadeIn: 480 }, { name: 'r2', file: 0, position: 96000, length: 1000, sourceOffset: 500 }] }] },
    { name: 'Stereo', channels: [{ clips: [{ name: 'l', file: 1, position: 10, length: 100 }] }, { clips: [{ name: 'r', file: 1, position: 10, length: 100 }] }] },
  ],
  markers: [{ name: 'M1', position: 48000 }, { name: 'Range', position: 96000, end: 144000 }],
  groups: [{ name: 'G', members: [0, 1] }],
};

function ptxWriterSeeds(): Seed[] {
  return [
    makeSeed('writer-pt12.ptx', 'ptx', writePtx(PTX_BASE)),
    makeSeed('writer-pt8.ptf', 'ptx', writePtx({ ...PTX_BASE, version: 8, tracks: PTX_BASE.tracks.map((t) => ({ ...t, channels: t.channels.map((c) => ({ clips: c.clips.map(({ fadeIn, ...x }) => x) })) })) })),
    makeSeed('writer-pt5-be.pts', 'ptx', writePtx({ ...PTX_BASE, version: 5, bigEndian: true, tracks: [PTX_BASE.tracks[0]].map((t) => ({ ...t, channels: t.channels.map((c) => ({ clips: c.clips.map(({ fadeIn, ...x }) => x) })) })) })),
  ];
}

const AAF_BASE: AafSpec = {
  name: 'Fuzz', editRate: [25, 1], timecode: { start: 90000, fps: 25 },
  media: [
    { name: 'dialog.wav', length: 480000, url: 'file:///c%3a/Audio%20Files/dialog%20one.wav' },
    { name: 'embedded', length: 4800, embedded: { size: 2048 } },
  ],
  tracks: [{
    name: 'Dialog', trackFormat: 1, mute: false, solo: true, volume: [1, 0.5],
    clips: [
      { position: 25, length: 50, media: 0, gain: { db: -6 }, fadeIn: 5, fadeOut: 5 },
      { position: 100, length: 25, media: 1, gain: { envelope: [[0, 1], [1, 0.5]] }, muted: true },
      { position: 200, length: 25, sourceOffset: 10, media: 0, channels: 2 },
    ],
  }],
  markers: [{ name: 'M1', position: 50, comment: 'c' }],
  identification: { company: 'Avid', product: 'Pro Tools', version: '23.12' },
};

function aafWriterSeeds(): Seed[] {
  return [
    makeSeed('writer-basic.aaf', 'aaf', writeAaf(AAF_BASE)),
    makeSeed('writer-4k.aaf', 'aaf', writeAaf({
      ...AAF_BASE, extraComposition: true, timecode: { start: 0, fps: 30, drop: true },
      // Operations readers do not know, around the slot and a clip (one with a parameter that changes over time).
      tracks: AAF_BASE.tracks.map((t) => ({
        ...t, effect: { op: UNKNOWN_OPS[0], values: [1] },
        clips: t.clips.map((c, i) => (i === 0 ? { ...c, effect: { op: UNKNOWN_OPS[1], values: [0.2, 0.9] } } : c)),
      })),
    }, { sectorSize: 4096, reverseChains: true })),
    // A clip that plays a nested sequence of two clips with volume automation (mapped as a track for what it hides).
    makeSeed('writer-nested.aaf', 'aaf', writeAaf({
      ...AAF_BASE,
      extraComposition: { clips: [{ position: 0, length: 50, media: 0, gain: { db: -3 } }, { position: 60, length: 40, media: 1 }], volume: [1, 0.5, 1] },
      tracks: AAF_BASE.tracks.map((t) => ({ ...t, clips: [...t.clips, { position: 300, length: 25, media: 0, composition: true }] })),
    })),
    // A NestedScope whose output plays part of the slot before it through a ScopeReference in a gain group (clips cut to its span).
    makeSeed('writer-scope.aaf', 'aaf', writeAaf({
      ...AAF_BASE,
      tracks: AAF_BASE.tracks.map((t) => ({ ...t, nested: { window: [50, 100], gainDb: -4 } })),
    })),
  ];
}

const TEXT_BASE: TextSession = {
  name: 'Show_ep101', sampleRate: 48000, bitDepth: '24-bit', fps: '23.976', start: '00:59:50:00',
  files: [{ name: 'es-ES_MARIA_01.wav', location: 'Macintosh HD:Show:Audio Files:' }, { name: 'gone.wav', location: 'X:', online: false }],
  clips: [{ name: 'es-ES_MARIA_01', file: 'es-ES_MARIA_01.wav' }],
  plugins: [{ manufacturer: 'Avid', name: 'EQ3 7-Band', version: '20.0', format: 'AAX Native', stems: 'Mono / Mono', instances: '1' }],
  tracks: [
    { name: 'es-ES_MARIA', comments: 'a\ttab', plugins: ['EQ3 7-Band (mono)'], clips: [{ name: 'es-ES_MARIA_01', start: 172_800_000, end: 172_848_000, fadeIn: 480 }] },
    { name: 'Stereo', channels: 2, states: ['Inactive'], clips: [{ name: 'x', start: 172_900_000, end: 172_901_000, muted: true }] },
  ],
  markers: [{ name: 'M1', position: 172_800_000, comment: 'note' }],
};

function textWriterSeeds(): Seed[] {
  return [
    makeSeed('writer-tc.txt', 'session-text', sessionTextBytes(TEXT_BASE)),
    makeSeed('writer-samples-crlf.txt', 'session-text', sessionTextBytes(TEXT_BASE, { timeFormat: 'samples', lineEnding: '\r\n', encoding: 'utf-8-bom' })),
    makeSeed('writer-bars-mac.txt', 'session-text', sessionTextBytes({ ...TEXT_BASE, fps: '29.97', dropFrame: true }, { timeFormat: 'barsbeats', encoding: 'macintosh', lineEnding: '\r' })),
    makeSeed('writer-feet-minsec.txt', 'session-text', sessionTextBytes(TEXT_BASE, { timeFormat: 'feetframes', subframes: true, extraSection: { title: 'ODD SECTION', lines: ['a\tb'] } })),
  ];
}

function wavWriterSeeds(): Seed[] {
  const ixml = '<?xml version="1.0"?><BWFXML><IXML_VERSION>1.5</IXML_VERSION><PROJECT>Show</PROJECT><SCENE>1</SCENE><TAKE>2</TAKE>'
    + '<SPEED><TIMECODE_RATE>24000/1001</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG></SPEED>'
    + '<TRACK_LIST><TRACK_COUNT>2</TRACK_COUNT><TRACK><CHANNEL_INDEX>1</CHANNEL_INDEX><NAME>Boom</NAME></TRACK><TRACK><CHANNEL_INDEX>2</CHANNEL_INDEX><NAME>Lav</NAME></TRACK></TRACK_LIST></BWFXML>';
  const tone = (ch: number, start: number, count: number) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = 0.5 * Math.sin((start + i) * 0.05 * (ch + 1));
    return out;
  };
  const cue = new Uint8Array(4 + 24);
  new DataView(cue.buffer).setUint32(0, 1, true);
  new DataView(cue.buffer).setUint32(4 + 20, 100, true);
  return [
    makeSeed('writer-bwf.wav', 'wav', buildWav({ encoding: 's24', channelCount: 2, frames: 2000, sampleRate: 48000, bext: { description: 'd', originator: 'o', timeReference: 172_800_000, version: 2, codingHistory: 'A=PCM,F=48000\r\n' }, ixml, extra: [{ id: 'cue ', data: cue }] }, tone)),
    makeSeed('writer-rf64-float.wav', 'wav', buildWav({ container: 'RF64', encoding: 'f32', extensible: true, channelCount: 6, frames: 500, junk: 28 }, tone)),
    makeSeed('writer-u8-mono.wav', 'wav', buildWav({ encoding: 'u8', channelCount: 1, frames: 3000, bext: null }, tone)),
    makeSeed('writer-bw64-s16.wav', 'wav', buildWav({ container: 'BW64', encoding: 's16', channelCount: 2, frames: 1000 }, tone)),
  ];
}

function zipWriterSeeds(textSeed: Uint8Array, ptxSeed: Uint8Array): Seed[] {
  const folder = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1';
  return [
    makeSeed('writer-package.zip', 'zip', writeZip([
      { name: `${folder}/`, directory: true },
      { name: `${folder}/Show_ep101.txt`, data: textSeed, method: 'deflated' },
      { name: `${folder}/Show_ep101.ptx`, data: ptxSeed },
      { name: `${folder}/Audio Files/`, directory: true },
      { name: `${folder}/Audio Files/es-ES_MARIA_01.wav`, data: wavFile({ frames: 400 }), method: 'deflated', dataDescriptor: true },
      { name: `${folder}/Audio Files/b.wav`, data: wavFile({ frames: 100, channels: 2 }) },
    ])),
    makeSeed('writer-zip64.zip', 'zip', writeZip([
      { name: 'Show.txt', data: textSeed, method: 'deflated', zip64: true },
      { name: 'Audio Files/ÿ.wav', data: wavFile({ frames: 50 }), zip64: true, utf8: false },
      { name: '../evil.wav', data: wavFile({ frames: 10 }) },
    ], { zip64: true, comment: 'c' })),
  ];
}

// ---------------------------------------------------------------- project samples and corpus

function sampleSeeds(format: FuzzFormat): Seed[] {
  const dir = resolve(REPO_ROOT, 'samples');
  if (format === 'model') return filesUnder(join(dir, 'localized-edit'), (n) => n.endsWith('.session.json')).map((p) => makeSeed(`samples/${p.split('/').pop()}`, 'model', readSeed(p)));
  if (format === 'session-text') return filesUnder(join(dir, 'session-text', 'Show_ep101'), (n) => n.endsWith('.txt')).map((p) => makeSeed(`samples/${p.split('/').pop()}`, format, readSeed(p)));
  if (format === 'ptx') return filesUnder(join(dir, 'session-text', 'Show_ep101'), (n) => n.endsWith('.ptx')).map((p) => makeSeed(`samples/${p.split('/').pop()}`, format, readSeed(p)));
  return [];
}

function corpusSeeds(format: FuzzFormat, all: boolean): Seed[] {
  if (!HAVE_CORPUS) return [];
  const fits = (p: string) => all || statSync(p).size <= SMALL_SEED[format];
  const from = (sub: string, test: (n: string) => boolean) =>
    filesUnder(join(CORPUS, sub), test).filter(fits).map((p) => makeSeed(`corpus/${sub}/${p.split('/').pop()}`, format, readSeed(p)));
  switch (format) {
    case 'ptx': return from('ptx', (n) => /\.pt[xfs]$/i.test(n));
    case 'aaf': return from('aaf/files', (n) => n.endsWith('.aaf'));
    case 'session-text': return from('session-text', (n) => n.endsWith('.txt'));
    case 'wav': {
      const seeds = from('wav', (n) => /\.wav$/i.test(n));
      const big = join(CORPUS, 'wav', 'rf64_Testfile_SEQ_RF64_Big.wav.gz');
      // The 2.4 GB RF64: only its head (ds64 + chunk headers) is a useful seed.
      if (all && existsSync(big)) seeds.push(makeSeed('corpus/wav/rf64 head', 'wav', gunzipHead(new Uint8Array(readFileSync(big)), 256 * 1024)));
      return seeds;
    }
    default: return [];
  }
}

function gunzipHead(gz: Uint8Array, bytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let have = 0;
  const g = new Gunzip((chunk) => { parts.push(chunk); have += chunk.length; });
  for (let i = 0; i < gz.length && have < bytes; i += 64 * 1024) g.push(gz.subarray(i, i + 64 * 1024));
  const out = new Uint8Array(Math.min(bytes, have));
  let at = 0;
  for (const p of parts) {
    if (at >= out.length) break;
    out.set(p.subarray(0, out.length - at), at);
    at += p.length;
  }
  return out;
}

export type SeedOptions = {
  /** 'small': corpus files up to 320 KiB (the fixed-seed pass); 'all': every corpus file; 'none'. */
  corpus?: 'small' | 'all' | 'none';
};

/** Every seed of a format. */
export function loadSeeds(format: FuzzFormat, opts: SeedOptions = {}): Seed[] {
  const corpus = opts.corpus ?? 'small';
  const writer = (() => {
    switch (format) {
      case 'ptx': return ptxWriterSeeds();
      case 'aaf': return aafWriterSeeds();
      case 'session-text': return textWriterSeeds();
      case 'wav': return wavWriterSeeds();
      case 'zip': return zipWriterSeeds(sessionTextBytes(TEXT_BASE), writePtx(PTX_BASE));
      case 'model': return [makeSeed('minimal.session.json', 'model', te.encode(JSON.stringify({ schemaVersion: 1, sampleRate: 48000, tracks: [] })))];
    }
  })();
  const seeds = [...writer, ...sampleSeeds(format), ...(corpus === 'none' ? [] : corpusSeeds(format, corpus === 'all'))];
  return seeds.filter((s) => s.bytes.length > 0);
}
