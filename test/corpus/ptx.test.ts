/**
 * Every Pro Tools session of the corpus against what ptformat's ptftool prints
 * (expected/NAME.ptftool.txt) and the expected model (expected-model/ptx/NAME.json).
 *
 * Two quirks of ptftool are allowed for, explicitly:
 * - it is run with a 48 kHz target and scales region offsets, lengths and
 *   positions of 44.1 kHz sessions by 48000/44100 (the audio file lengths it
 *   prints are not scaled); the model keeps samples at the session's rate;
 * - it prints tick-based positions (top byte 0x40) as the low 32 bits of the
 *   stored tick word; the model leaves those clips out and says so.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { readPtx } from '../../src/formats/ptx/index.js';
import type { Session } from '../../src/model/session.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';

const FILES = HAVE_CORPUS ? readdirSync(corpusPath('ptx')).filter((n) => /\.(ptx|ptf|pts)$/.test(n)).sort() : [];

type ExpClip = { name: string; position: number; length: number; sourceOffset: number };
type ExpModel = { sampleRate: number; tracks: Array<{ name: string; clips: ExpClip[] }> };

async function read(name: string): Promise<Session> {
  const bytes = new Uint8Array(readFileSync(corpusPath('ptx', name)));
  return readPtx(new BufferSource(bytes, name), { path: name });
}

function ptftool(name: string): { rate: number; version: number; wavs: Array<{ name: string; length: number }>; regions: Array<{ name: string; offset: number; length: number }> } {
  const text = readFileSync(corpusPath('ptx', 'expected', `${name}.ptftool.txt`), 'utf8');
  const head = /ProTools (\d+) Session: Samplerate = (\d+)Hz/.exec(text)!;
  const wavs = [...text.matchAll(/^`(.*)` w\(\d+\) @ \d+, (\d+)$/gm)].map((m) => ({ name: m[1], length: Number(m[2]) }));
  const regions = [...text.matchAll(/^`(.*)` r\(\d+\) w\(\d+\) @ (\d+), (\d+)$/gm)].map((m) => ({ name: m[1], offset: Number(m[2]), length: Number(m[3]) }));
  return { rate: Number(head[2]), version: Number(head[1]), wavs, regions };
}

/** ptftool's value for one of our values at the session rate (see the header). */
function asPtftool(v: number, rate: number): number {
  return rate === 48000 ? v : Math.round((v * 48000) / rate);
}
function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1 + Math.abs(b) * 1e-6;
}

/** Tracks folded as expected-model/README.md says: audio tracks, adjacent same names merged. */
function fold(tracks: Array<{ name: string; clips: ExpClip[] }>): Array<{ name: string; clips: ExpClip[] }> {
  const out: Array<{ name: string; clips: ExpClip[] }> = [];
  for (const t of tracks) {
    const last = out[out.length - 1];
    if (last && last.name === t.name.trim()) last.clips.push(...t.clips);
    else out.push({ name: t.name.trim(), clips: [...t.clips] });
  }
  for (const t of out) t.clips.sort((a, b) => a.position - b.position || a.sourceOffset - b.sourceOffset);
  return out;
}

describe.skipIf(!HAVE_CORPUS)('Pro Tools corpus', () => {
  it('has the 12 sessions', () => {
    expect(FILES.length).toBe(12);
  });

  for (const name of FILES) {
    describe(name, () => {
      it('carries what ptftool prints: rate, version, audio files, regions', async () => {
        const s = await read(name);
        const pt = ptftool(name);
        expect(s.sampleRate).toBe(pt.rate);
        expect(Number(s.source.formatVersion)).toBe(pt.version);
        expect(s.mediaFiles.map((m) => [m.name, m.length])).toEqual(pt.wavs.map((w) => [w.name, w.length]));
      });

      it('matches the expected model (tracks, clips)', async () => {
        const s = await read(name);
        const exp = JSON.parse(readFileSync(corpusPath('expected-model', 'ptx', `${name}.json`), 'utf8')) as ExpModel;
        expect(s.sampleRate).toBe(exp.sampleRate);
        const ours = fold(s.tracks.filter((t) => t.kind === 'audio').map((t) => ({
          name: t.name,
          clips: t.playlists[0].clips.filter((c) => !c.isFadeRender).map((c) => ({
            name: c.name, position: c.position - (s.start ?? 0), length: c.length, sourceOffset: c.sourceOffset ?? 0,
          })),
        })));
        const theirs = fold(exp.tracks);
        expect(ours.map((t) => t.name)).toEqual(theirs.map((t) => t.name));
        const tickNote = s.diagnostics.find((d) => d.code === 'ptx/tick-positions');
        const skipped = tickNote ? Number(/^(\d+) clip/.exec(tickNote.message)?.[1] ?? 0) : 0;
        let missing = 0;
        ours.forEach((t, i) => {
          const pool = [...theirs[i].clips];
          for (const c of t.clips) {
            const j = pool.findIndex((e) => e.name === c.name && near(asPtftool(c.position, s.sampleRate), e.position)
              && near(asPtftool(c.length, s.sampleRate), e.length) && near(asPtftool(c.sourceOffset, s.sampleRate), e.sourceOffset));
            expect(j, `${t.name}: ${JSON.stringify(c)} in ${JSON.stringify(pool)}`).toBeGreaterThanOrEqual(0);
            pool.splice(j, 1);
          }
          missing += pool.length;
        });
        // Clips ptftool lists that the model leaves out are exactly the tick-based ones it reports.
        expect(missing).toBe(skipped);
      });
    });
  }
});
