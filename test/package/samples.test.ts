/**
 * samples/packages/: two Localized Edit Project deliveries made by the
 * project's own writers — a Pro Tools session (PTX writer), its Session Info
 * as Text export (text writer) and short WAVs (WAV writer), zipped by the zip
 * writer. The clean one follows the delivery specification; the faulty one
 * has the mistakes a QC engineer meets: a frame-rate token people type
 * (2398), a reference video, a printmaster, an unused and a missing audio
 * file, a plug-in, a stereo dialogue track and a mis-cased track name.
 * The test checks the committed zips are what the writers make
 * (UPDATE_SAMPLES=1 rewrites them) and pins what inspecting them finds.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { frameRate, timecodeToSamples } from '../../src/model/timecode.js';
import { readPackage } from '../../src/package/index.js';
import { checkSession } from '../../src/policy/check.js';
import { writePtx, type WriterSession as PtxSession, type WriterTrack as PtxTrack } from '../support/ptx-writer/index.js';
import { sessionTextBytes, type WriterSession as TextSession, type WriterTrack as TextTrack } from '../support/session-text-writer.js';
import { buildWav } from '../support/wav-writer.js';
import { writeZip, type ZipWriterEntry } from '../support/zip-writer.js';

const DIR = resolve(__dirname, '../../samples/packages');
const fr = frameRate('24')!;
const abs = (tc: string) => timecodeToSamples(tc, fr, 48000);
const START = abs('00:59:50:00');
const LEN = 12_000; // a quarter second: the samples stay small
const FADE = 480;
const HFS = 'Macintosh HD:Users:editor:Show:Audio Files:';

export const CLEAN = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip';
export const FAULTY = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_2398_v2.zip';

type Cast = { track: string; clips: number; channels?: number; plugins?: string[] };

/** A short tone, so the files are not silent (the same bytes every run). */
function tone(channels: number, seed: number): Uint8Array {
  return buildWav({ channelCount: channels, frames: LEN, sampleRate: 48000, encoding: 's24' }, (ch, start, count) => {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const n = start + i;
      const env = Math.min(1, n / 480, (LEN - n) / 480);
      out[i] = 0.25 * env * Math.sin((2 * Math.PI * (220 + 55 * seed + 30 * ch) * n) / 48000);
    }
    return out;
  });
}

function build(cast: Cast[], extra: { unused?: boolean; missing?: boolean; video?: boolean; printmaster?: boolean }): ZipWriterEntry[] {
  const files: Array<{ name: string; channels: number }> = [];
  const ptxTracks: PtxTrack[] = [];
  const textTracks: TextTrack[] = [];
  const textClips: TextSession['clips'] = [];
  let at = abs('01:00:00:00');
  cast.forEach((c, ti) => {
    const channels = c.channels ?? 1;
    const perChannel: PtxTrack['channels'] = Array.from({ length: channels }, () => ({ clips: [] }));
    const clips: TextTrack['clips'] = [];
    for (let i = 0; i < c.clips; i++) {
      const name = `${c.track.toUpperCase().replace(/^ES-ES/, 'es-ES')}_${String(i + 1).padStart(2, '0')}`;
      const file = files.length;
      files.push({ name: `${name}.wav`, channels });
      for (let ch = 0; ch < channels; ch++) {
        perChannel[ch].clips.push({ name: channels > 1 ? `${name}.${'LR'[ch]}` : name, file, position: at - START, length: LEN, fadeIn: FADE, fadeOut: FADE });
      }
      clips.push({ name, start: at, end: at + LEN, fadeIn: FADE, fadeOut: FADE });
      textClips!.push({ name, file: `${name}.wav` });
      at += 2 * LEN + ti * 100;
    }
    ptxTracks.push({ name: c.track, channels: perChannel });
    textTracks.push({ name: c.track, channels, plugins: c.plugins ?? [], clips });
  });
  if (extra.missing) {
    // A clip whose file is not in the package (linked from another drive).
    const file = files.length;
    files.push({ name: 'es-ES_MARIA_PU_01.wav', channels: 1 });
    ptxTracks[0].channels[0].clips.push({ name: 'es-ES_MARIA_PU_01', file, position: at - START, length: LEN, fadeIn: FADE, fadeOut: FADE });
  }
  const ptx: PtxSession = {
    version: 12, sampleRate: 48000, bitDepth: 24, application: 'Pro Tools Ultimate', versionString: '2023.12.0',
    timecode: { code: 1, startFrames: (59 * 60 + 50) * 24 },
    files: files.map((f) => ({ name: f.name, length: LEN })),
    tracks: ptxTracks,
    markers: [{ name: 'Reel 1', position: abs('01:00:00:00') - START }],
  };
  const text: TextSession = {
    name: 'Show', fps: '24', start: '00:59:50:00',
    files: files.map((f) => ({ name: f.name, location: HFS, online: !(extra.missing && f.name.includes('_PU_')) })),
    clips: textClips,
    plugins: cast.some((c) => c.plugins?.length) ? [{ manufacturer: 'Avid', name: 'EQ3 7-Band', version: '23.12.0', instances: '1 active' }] : [],
    tracks: textTracks,
    markers: [{ name: 'Reel 1', position: abs('01:00:00:00') }],
  };
  const entries: ZipWriterEntry[] = [
    { name: 'Show.ptx', data: writePtx(ptx), method: 'deflated' },
    { name: 'Show.txt', data: sessionTextBytes(text), method: 'deflated' },
    { name: 'Audio Files/', directory: true },
  ];
  files.forEach((f, i) => {
    if (extra.missing && f.name.includes('_PU_')) return;
    entries.push({ name: `Audio Files/${f.name}`, data: tone(f.channels, i) });
  });
  if (extra.unused) entries.push({ name: 'Audio Files/es-ES_MARIA_alt_take.wav', data: tone(1, 9) });
  if (extra.printmaster) entries.push({ name: 'Show_PM_51.wav', data: tone(1, 7) });
  if (extra.video) entries.push({ name: 'Reference/Show_ep101_ref.mov', data: new TextEncoder().encode('not really a movie') });
  return entries;
}

const samples: Record<string, () => Uint8Array> = {
  [CLEAN]: () => writeZip(build([
    { track: 'es-ES_MARIA', clips: 4 }, { track: 'es-ES_JUAN', clips: 3 }, { track: 'es-ES_ANA', clips: 2 }, { track: 'es-ES_WALLA_1', clips: 1 },
  ], {})),
  [FAULTY]: () => writeZip(build([
    { track: 'es-ES_MARIA', clips: 4, plugins: ['EQ3 7-Band (mono)'] }, { track: 'es-ES_ANA', clips: 2 },
    { track: 'es-ES_Juan', clips: 3, channels: 2 }, { track: 'es-ES_WALLA_1', clips: 1 },
  ], { unused: true, missing: true, video: true, printmaster: true })),
};

if (process.env.UPDATE_SAMPLES) {
  mkdirSync(DIR, { recursive: true });
  for (const [name, make] of Object.entries(samples)) writeFileSync(resolve(DIR, name), make());
}

async function inspect(name: string) {
  const bytes = readFileSync(resolve(DIR, name));
  const session = await readPackage(new BufferSource(bytes, name), { path: name });
  const report = checkSession(session, {
    profile: 'netflix-localized-edit',
    inputs: { knp: ['Maria', 'Juan', 'Ana'], lines: { Maria: 120, Juan: 80, Ana: 30 } },
    policy: { extends: 'netflix-localized-edit', rules: { 'session/start': ['error', { start: '00:59:50:00' }] } },
  });
  const outcome = (id: string) => {
    const rs = report.results.filter((r) => r.ruleId === id);
    return rs.some((r) => r.outcome === 'fail') ? 'fail' : rs.some((r) => r.outcome === 'unverified') ? 'unverified' : rs.length ? 'pass' : 'none';
  };
  return { session, report, outcome };
}

describe('samples/packages', () => {
  for (const [name, make] of Object.entries(samples)) {
    it(`${name} is what the writers make`, () => {
      const path = resolve(DIR, name);
      expect(existsSync(path), `${path} missing: run UPDATE_SAMPLES=1 npx vitest run test/package/samples.test.ts`).toBe(true);
      expect(Buffer.compare(readFileSync(path), Buffer.from(make())), `${name} is stale: UPDATE_SAMPLES=1`).toBe(0);
    });
  }

  it('the clean package passes every rule its two views can establish', async () => {
    const { session, report, outcome } = await inspect(CLEAN);
    expect(session.package?.kind).toBe('zip');
    expect(session.tracks.map((t) => t.name)).toEqual(['es-ES_MARIA', 'es-ES_JUAN', 'es-ES_ANA', 'es-ES_WALLA_1']);
    expect(session.sources?.map((s) => s.format).sort()).toEqual(['ptx', 'session-text']);
    expect(report.results.filter((r) => r.outcome === 'fail').map((r) => `${r.ruleId}: ${r.message}`)).toEqual([]);
    for (const id of ['package/name', 'package/self-contained', 'package/unused-media', 'package/no-source-material', 'track/no-inserts',
      'track/name-format', 'track/order', 'track/name-knp', 'session/frame-rate', 'session/start', 'session/bit-depth', 'clip/faded']) {
      expect(outcome(id), id).toBe('pass');
    }
  });

  it('the faulty package fails on each planted mistake', async () => {
    const { report, outcome } = await inspect(FAULTY);
    const failed = (id: string) => report.results.filter((r) => r.ruleId === id && r.outcome === 'fail').map((r) => r.message).join(' | ');
    expect(failed('package/name')).toContain("frame-rate token '2398' is not one of 23976, 24, 25, 2997, 30");
    expect(failed('package/no-source-material')).toMatch(/Show_ep101_ref\.mov[\s\S]*|Show_PM_51\.wav/);
    expect(failed('package/no-source-material')).toContain('Show_PM_51.wav');
    expect(failed('package/unused-media')).toContain('es-ES_MARIA_alt_take.wav');
    expect(failed('package/self-contained')).toContain('es-ES_MARIA_PU_01.wav');
    expect(failed('track/no-inserts')).toContain('EQ3 7-Band');
    expect(failed('track/mono-dialogue')).toContain('es-ES_Juan');
    expect(failed('track/name-format')).toContain("'es-ES_Juan'");
    expect(outcome('track/order')).toBe('fail');
  });
});
