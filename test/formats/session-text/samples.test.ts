/**
 * samples/session-text/Show_ep101/: a Pro Tools session folder made by the
 * project — Show_ep101.ptx (PTX test writer), its Session Info as Text export
 * (text export writer) and Audio Files/ with the two online files; FX_01.wav is
 * offline, as the export says. The test checks the committed files are what
 * the writers make (UPDATE_SAMPLES=1 rewrites them) and what the merged model
 * of the folder's two views finds.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { mergeSessions } from '../../../src/model/merge.js';
import { frameRate, timecodeToSamples } from '../../../src/model/timecode.js';
import { checkSession } from '../../../src/policy/check.js';
import { readSession } from '../../../src/read.js';
import { writePtx, type WriterSession as PtxSession } from '../../support/ptx-writer/index.js';
import { sessionTextBytes, type WriterSession as TextSession } from '../../support/session-text-writer.js';

const DIR = resolve(__dirname, '../../../samples/session-text/Show_ep101');
const fr = frameRate('24')!;
const abs = (tc: string) => timecodeToSamples(tc, fr, 48000);
const START = abs('00:59:50:00');
const LEN = 24_000; // half a second: the audio files stay small
const HFS = 'Macintosh HD:Users:editor:Show_ep101:Audio Files:';

function ptx(): PtxSession {
  return {
    version: 12, sampleRate: 48000, bitDepth: 24, application: 'Pro Tools Ultimate', versionString: '2023.6.0',
    timecode: { code: 1, startFrames: (59 * 60 + 50) * 24 },
    files: [{ name: 'es-ES_MARIA_01.wav', length: LEN }, { name: 'es-ES_JUAN_01.wav', length: LEN }, { name: 'FX_01.wav', length: LEN }],
    tracks: [
      { name: 'es-ES_MARIA', channels: [{ clips: [{ name: 'es-ES_MARIA_01', file: 0, position: abs('01:00:00:00') - START, length: LEN }] }] },
      { name: 'es-ES_JUAN', channels: [{ clips: [{ name: 'es-ES_JUAN_01', file: 1, position: abs('01:00:02:00') - START, length: LEN }] }] },
      { name: 'FX', channels: [0, 1].map((c) => ({ clips: [{ name: `FX_01.${'LR'[c]}`, file: 2, position: abs('01:00:04:00') - START, length: LEN }] })) },
    ],
    markers: [{ name: 'Act 1', position: abs('01:00:00:00') - START }],
  };
}

function text(): TextSession {
  return {
    name: 'Show_ep101', fps: '24', start: '00:59:50:00',
    files: [
      { name: 'es-ES_MARIA_01.wav', location: HFS }, { name: 'es-ES_JUAN_01.wav', location: HFS },
      { name: 'FX_01.wav', location: HFS, online: false },
    ],
    clips: [
      { name: 'es-ES_MARIA_01', file: 'es-ES_MARIA_01.wav' }, { name: 'es-ES_JUAN_01', file: 'es-ES_JUAN_01.wav' },
      { name: 'FX_01.L', file: 'FX_01.wav', channel: 1, online: false }, { name: 'FX_01.R', file: 'FX_01.wav', channel: 2, online: false },
    ],
    plugins: [{ manufacturer: 'Avid', name: 'EQ3 7-Band', version: '23.6.0', instances: '1 active' }],
    tracks: [
      { name: 'es-ES_MARIA', plugins: ['EQ3 7-Band (mono)'], clips: [{ name: 'es-ES_MARIA_01', start: abs('01:00:00:00'), end: abs('01:00:00:00') + LEN }] },
      { name: 'es-ES_JUAN', states: ['Hidden', 'Inactive'], plugins: [], clips: [{ name: 'es-ES_JUAN_01', start: abs('01:00:02:00'), end: abs('01:00:02:00') + LEN }] },
      { name: 'FX', channels: 2, plugins: [], clips: [{ name: 'FX_01', start: abs('01:00:04:00'), end: abs('01:00:04:00') + LEN }] },
    ],
    markers: [{ name: 'Act 1', position: abs('01:00:00:00') }],
  };
}

/** A silent mono 24-bit 48 kHz WAV of `frames` samples. */
function wav(frames: number): Uint8Array {
  const data = frames * 3;
  const b = new Uint8Array(44 + data);
  const v = new DataView(b.buffer);
  const tag = (o: number, s: string) => { for (let i = 0; i < 4; i++) b[o + i] = s.charCodeAt(i); };
  tag(0, 'RIFF'); v.setUint32(4, 36 + data, true); tag(8, 'WAVE');
  tag(12, 'fmt '); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, 48000, true); v.setUint32(28, 48000 * 3, true); v.setUint16(32, 3, true); v.setUint16(34, 24, true);
  tag(36, 'data'); v.setUint32(40, data, true);
  return b;
}

const FILES: Record<string, () => Uint8Array> = {
  'Show_ep101.ptx': () => writePtx(ptx()),
  'Show_ep101.txt': () => sessionTextBytes(text()),
  'Audio Files/es-ES_MARIA_01.wav': () => wav(LEN),
  'Audio Files/es-ES_JUAN_01.wav': () => wav(LEN),
};

describe('samples/session-text/Show_ep101', () => {
  if (process.env.UPDATE_SAMPLES) {
    mkdirSync(resolve(DIR, 'Audio Files'), { recursive: true });
    for (const [name, make] of Object.entries(FILES)) writeFileSync(resolve(DIR, name), make());
  }

  for (const [name, make] of Object.entries(FILES)) {
    it(`${name} is what the writers make`, async () => {
      expect(existsSync(resolve(DIR, name)), `${name} missing: run with UPDATE_SAMPLES=1`).toBe(true);
      const bytes = new Uint8Array(readFileSync(resolve(DIR, name)));
      if (!name.endsWith('.ptx')) {
        expect(Buffer.compare(bytes, Buffer.from(make()))).toBe(0);
        return;
      }
      // The PTX writer belongs to the ptx reader and may change its bytes: the sample must read as the same session.
      const facts = async (b: Uint8Array) => {
        const s = await readSession(new BufferSource(b, name), { path: name });
        return { start: s.start, tracks: s.tracks.map((t) => [t.name, t.playlists[0]?.clips.map((c) => [c.name, c.position, c.length])]), files: s.mediaFiles.map((f) => f.name) };
      };
      expect(await facts(bytes)).toEqual(await facts(make()));
    });
  }

  it('the merged model of the folder finds the insert, the hidden track and the offline file', async () => {
    const read = (n: string) => readSession(new BufferSource(new Uint8Array(readFileSync(resolve(DIR, n))), n), { path: n });
    const m = mergeSessions([await read('Show_ep101.ptx'), await read('Show_ep101.txt')]);
    expect(m.diagnostics.filter((d) => d.code.startsWith('merge/'))).toEqual([]);
    const fails = checkSession(m, { profile: 'netflix-localized-edit' }).results.filter((r) => r.outcome === 'fail').map((r) => `${r.ruleId}: ${r.message}`);
    expect(fails).toEqual(expect.arrayContaining([
      'track/no-inserts: Track es-ES_MARIA has plug-in EQ3 7-Band on insert 1',
      'track/single-playlist: Track es-ES_JUAN is hidden',
      'package/self-contained: Audio file FX_01.wav is offline (missing)',
    ]));
  });
});
