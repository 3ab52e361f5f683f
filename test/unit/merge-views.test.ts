/**
 * A Pro Tools delivery read as files: Session.ptx (written by the project's
 * PTX test writer) and its Session Info as Text export. Alone, the .ptx
 * leaves inserts and offline media unverified; merged with the text export,
 * the insert rule, the hidden-track finding and the offline-media check give
 * answers, and the clip lists of both views are cross-checked.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { mergeSessions } from '../../src/model/merge.js';
import { frameRate, timecodeToSamples } from '../../src/model/timecode.js';
import { checkSession } from '../../src/policy/check.js';
import { readSession } from '../../src/read.js';
import type { Session } from '../../src/model/session.js';
import { writePtx, type WriterSession as PtxSession } from '../support/ptx-writer/index.js';
import { sessionTextBytes, type WriterSession as TextSession } from '../support/session-text-writer.js';

const fr = frameRate('24')!;
const abs = (tc: string) => timecodeToSamples(tc, fr, 48000);
const START = abs('00:59:50:00');
const HFS = 'Macintosh HD:Users:editor:Show_ep101:Audio Files:';

/** The session as Pro Tools stores it (positions relative to the session start). */
export function deliveryPtx(): PtxSession {
  return {
    version: 12, sampleRate: 48000, bitDepth: 24,
    timecode: { code: 1, startFrames: (59 * 60 + 50) * 24 },
    files: [
      { name: 'es-ES_MARIA_01.wav', length: 480_000 },
      { name: 'es-ES_JUAN_01.wav', length: 480_000 },
      { name: 'FX_01.wav', length: 48_000 },
    ],
    tracks: [
      { name: 'es-ES_MARIA', channels: [{ clips: [{ name: 'es-ES_MARIA_01', file: 0, position: abs('01:00:00:00') - START, length: 96_000 }] }] },
      { name: 'es-ES_JUAN', channels: [{ clips: [{ name: 'es-ES_JUAN_01', file: 1, position: abs('01:00:20:00') - START, length: 48_000 }] }] },
      {
        name: 'FX', channels: [
          { clips: [{ name: 'FX_01.L', file: 2, position: 0, length: 48_000 }] },
          { clips: [{ name: 'FX_01.R', file: 2, position: 0, length: 48_000 }] },
        ],
      },
    ],
    markers: [{ name: 'Act 1', position: abs('01:00:00:00') - START }],
  };
}

/** The same session's Session Info as Text export: an EQ on MARIA, JUAN hidden and inactive, FX_01.wav offline. */
export function deliveryText(): TextSession {
  return {
    name: 'Show_ep101', fps: '24', start: '00:59:50:00',
    files: [
      { name: 'es-ES_MARIA_01.wav', location: HFS },
      { name: 'es-ES_JUAN_01.wav', location: HFS },
      { name: 'FX_01.wav', location: HFS, online: false },
    ],
    clips: [
      { name: 'es-ES_MARIA_01', file: 'es-ES_MARIA_01.wav' },
      { name: 'es-ES_JUAN_01', file: 'es-ES_JUAN_01.wav' },
      { name: 'FX_01.L', file: 'FX_01.wav', channel: 1, online: false },
      { name: 'FX_01.R', file: 'FX_01.wav', channel: 2, online: false },
    ],
    plugins: [{ manufacturer: 'Avid', name: 'EQ3 7-Band', instances: '1 active' }],
    tracks: [
      { name: 'es-ES_MARIA', plugins: ['EQ3 7-Band (mono)'], clips: [{ name: 'es-ES_MARIA_01', start: abs('01:00:00:00'), end: abs('01:00:02:00') }] },
      { name: 'es-ES_JUAN', states: ['Hidden', 'Inactive'], plugins: [], clips: [{ name: 'es-ES_JUAN_01', start: abs('01:00:20:00'), end: abs('01:00:21:00') }] },
      { name: 'FX', channels: 2, plugins: [], clips: [{ name: 'FX_01', start: START, end: START + 48_000 }] },
    ],
    markers: [{ name: 'Act 1', position: abs('01:00:00:00') }],
  };
}

async function views(text = deliveryText()): Promise<[Session, Session]> {
  const ptx = await readSession(new BufferSource(writePtx(deliveryPtx()), 'Show_ep101.ptx'), { path: 'Show_ep101.ptx' });
  const txt = await readSession(new BufferSource(sessionTextBytes(text), 'Show_ep101.txt'), { path: 'Show_ep101.txt' });
  return [ptx, txt];
}

function outcomes(s: Session, ruleId: string): string[] {
  return checkSession(s, { profile: 'netflix-localized-edit' }).results.filter((r) => r.ruleId === ruleId).map((r) => `${r.outcome}: ${r.message}`);
}

describe('a .ptx merged with its Session Info as Text export', () => {
  it('the views agree: no merge findings, one model with the best of each', async () => {
    const [ptx, txt] = await views();
    expect(ptx.coverage.inserts).toBe('unsupported');
    const m = mergeSessions([ptx, txt]);
    expect(m.sources?.map((x) => x.format)).toEqual(['ptx', 'session-text']);
    expect(m.diagnostics.filter((d) => d.code.startsWith('merge/'))).toEqual([]);
    expect(m.tracks.map((t) => [t.name, t.channels, t.active, t.hidden])).toEqual([['es-ES_MARIA', 1, true, false], ['es-ES_JUAN', 1, false, true], ['FX', 2, true, false]]);
    expect(m.coverage.inserts).toBe('decoded');
    expect(m.mediaFiles.find((f) => f.name === 'FX_01.wav')?.online).toBe(false);
    expect(m.tracks[2].playlists[0].clips).toHaveLength(2);
  });

  it('the insert rule goes from unverified to a finding', async () => {
    const [ptx, txt] = await views();
    expect(outcomes(ptx, 'track/no-inserts')).toEqual([expect.stringMatching(/^unverified: /)]);
    const merged = outcomes(mergeSessions([ptx, txt]), 'track/no-inserts');
    expect(merged).toContain('fail: Track es-ES_MARIA has plug-in EQ3 7-Band on insert 1');
    expect(merged.filter((x) => x.startsWith('pass'))).toHaveLength(2);
  });

  it('the hidden track is found', async () => {
    const [ptx, txt] = await views();
    expect(outcomes(ptx, 'track/single-playlist').some((x) => x.includes('hidden'))).toBe(false);
    expect(outcomes(mergeSessions([ptx, txt]), 'track/single-playlist')).toContain('fail: Track es-ES_JUAN is hidden');
  });

  it('the offline media file is found', async () => {
    const [ptx, txt] = await views();
    expect(outcomes(ptx, 'package/self-contained').every((x) => x.startsWith('unverified'))).toBe(true);
    const merged = outcomes(mergeSessions([ptx, txt]), 'package/self-contained');
    expect(merged).toContain('fail: Audio file FX_01.wav is offline (missing)');
    expect(merged.filter((x) => x.startsWith('pass'))).toHaveLength(2);
  });

  it('a text export of another state of the session is caught: clip count and position named per view', async () => {
    const t = deliveryText();
    t.tracks![0].clips.push({ name: 'es-ES_MARIA_02', start: abs('01:00:05:00'), end: abs('01:00:06:00') });
    t.tracks![1].clips[0].start += 24 * 2000;
    t.tracks![1].clips[0].end += 24 * 2000;
    const [ptx, txt] = await views(t);
    const d = mergeSessions([ptx, txt]).diagnostics.filter((x) => x.code.startsWith('merge/'));
    expect(d.map((x) => x.message)).toEqual([
      'track "es-ES_MARIA": Show_ep101.ptx (ptx) has 1 clips, Show_ep101.txt (session-text) has 2',
      'track "es-ES_JUAN" clip 1 ("es-ES_JUAN_01"): Show_ep101.ptx (ptx) places it at 01:00:20:00 for 48000 samples, Show_ep101.txt (session-text) ("es-ES_JUAN_01") at 01:00:21:00 for 48000 samples',
    ]);
  });
});
