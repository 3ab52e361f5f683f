/**
 * Every Session Info as Text export of the corpus through the reader, compared
 * with expected-model/session-text/*.json the way expected-model/README.md
 * describes (audio tracks in order, adjacent same-named tracks folded, clips
 * without fade renders sorted by position, markers sorted by position, null =
 * not checked), plus per-file pinned facts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSession } from '../../src/read.js';
import { readSessionText } from '../../src/formats/session-text/index.js';
import { FileSource } from '../../src/node/file-source.js';
import type { Session } from '../../src/model/session.js';
import { corpusPath, HAVE_CORPUS } from '../support/corpus.js';

type ExpectedClip = { name: string; position: number | null; length: number | null; sourceOffset: number | null; isFadeRender?: boolean; muted?: boolean; tolerance?: number };
type Expected = {
  sampleRate: number | null;
  startTimecode: string | null;
  tracks: Array<{ name: string; clips: ExpectedClip[] }>;
  markers: Array<{ name: string; position: number | null; comment?: string; tolerance?: number }>;
  tolerance: { samples: number; lengthSamples?: number; markerSamples?: number };
};

const DIR = corpusPath('session-text');
const EXPECTED = corpusPath('expected-model', 'session-text');
const files = HAVE_CORPUS ? readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort() : [];

async function read(file: string): Promise<Session> {
  const src = await FileSource.open(`${DIR}/${file}`);
  try {
    return await readSession(src, { path: file });
  } finally {
    await src.close?.();
  }
}

function folded<T extends { name: string }>(tracks: T[], clipsOf: (t: T) => unknown[]): Array<{ name: string; clips: unknown[] }> {
  const out: Array<{ name: string; clips: unknown[] }> = [];
  for (const t of tracks) {
    const name = t.name.trim();
    if (out.length && out[out.length - 1].name === name) continue;
    out.push({ name, clips: clipsOf(t) });
  }
  return out;
}

describe.skipIf(!HAVE_CORPUS)('session text corpus', () => {
  it('has the 15 exports', () => {
    expect(files.length).toBe(15);
  });

  for (const file of files) {
    it(`${file} matches its expected model`, async () => {
      const s = await read(file);
      const exp = JSON.parse(readFileSync(`${EXPECTED}/${file}.json`, 'utf8')) as Expected;
      expect(s.source.format).toBe('session-text');
      if (exp.sampleRate !== null) expect(s.sampleRate).toBe(exp.sampleRate);
      if (exp.startTimecode !== null) expect(s.startTimecode?.replace(/[;.]/g, ':')).toBe(exp.startTimecode.replace(/[;.]/g, ':'));

      const got = folded(s.tracks.filter((t) => t.kind === 'audio'), (t) =>
        (t.playlists[0]?.clips ?? []).filter((c) => !c.isFadeRender).sort((a, b) => a.position - b.position));
      const want = folded(exp.tracks, (t) => t.clips.filter((c) => !c.isFadeRender).sort((a, b) => (a.position ?? 0) - (b.position ?? 0)));
      expect(got.map((t) => t.name)).toEqual(want.map((t) => t.name));
      const tol = exp.tolerance.samples;
      const lenTol = exp.tolerance.lengthSamples ?? tol;
      for (let i = 0; i < want.length; i++) {
        const g = got[i].clips as Session['tracks'][number]['playlists'][number]['clips'];
        const w = want[i].clips as ExpectedClip[];
        expect(g.length, `clips of ${want[i].name}`).toBe(w.length);
        for (let j = 0; j < w.length; j++) {
          expect(g[j].name).toBe(w[j].name);
          const ctol = w[j].tolerance ?? tol;
          if (w[j].position !== null) expect(Math.abs(g[j].position - w[j].position!), `${w[j].name} position`).toBeLessThanOrEqual(ctol);
          if (w[j].length !== null) expect(Math.abs(g[j].length - w[j].length!), `${w[j].name} length`).toBeLessThanOrEqual(Math.max(lenTol, w[j].tolerance ?? 0));
          if (w[j].muted !== undefined) expect(g[j].muted).toBe(w[j].muted);
        }
      }

      const markerTol = exp.tolerance.markerSamples ?? tol;
      const wantMarkers = exp.markers.filter((m) => m.position !== null).sort((a, b) => a.position! - b.position!);
      // Markers with a null position are not checked (the oracle also lists continuation lines of multi-line
      // names as markers of their own); every checked marker must be in the model, in position order.
      const gotMarkers = [...s.markers].sort((a, b) => a.position - b.position);
      expect(gotMarkers.length).toBeGreaterThanOrEqual(wantMarkers.length);
      let k = 0;
      for (const w of wantMarkers) {
        while (k < gotMarkers.length && !(gotMarkers[k].name === w.name && Math.abs(gotMarkers[k].position - w.position!) <= (w.tolerance ?? markerTol))) k++;
        expect(k, `marker ${w.name} at ${w.position}`).toBeLessThan(gotMarkers.length);
        k++;
      }
    });
  }

  it('reports no unrecognised lines, except the section that really is unknown', async () => {
    for (const file of files) {
      const s = await read(file);
      const unknown = s.diagnostics.filter((d) => /unknown-(line|section|header)/.test(d.code));
      if (file.includes('UnrecognizedSection')) {
        expect(unknown.map((d) => d.code)).toEqual(['session-text/unknown-section']);
        expect(unknown[0].message).toContain('UNRECOGNIZED SECTION');
        expect(unknown[0].message).toMatch(/^line 29:/);
      } else {
        expect(unknown, file).toEqual([]);
      }
    }
  });
});
