/**
 * Session Info as Text reader and merge throughput: a generated export with
 * 200 stereo tracks × 250 clips (300 000 events: 100 000 clip events and their fades),
 * in UTF-8 and MacRoman, then merged with itself. Prints figures; asserts
 * nothing about time.
 */
import { it } from 'vitest';
import { readSessionText } from '../../src/formats/session-text/index.js';
import { BufferSource } from '../../src/io/byte-source.js';
import { mergeSessions } from '../../src/model/merge.js';
import { sessionTextBytes, type WriterSession } from '../support/session-text-writer.js';

function big(): WriterSession {
  const tracks = Array.from({ length: 200 }, (_, t) => ({
    name: `es-ES_CHAR${t}`, channels: 2, plugins: ['EQ3 7-Band (stereo)'],
    clips: Array.from({ length: 250 }, (_, c) => {
      const start = 172_972_800 + c * 96_096 + 2002;
      return { name: `Line_${t}_${c}`, start, end: start + 48_048, fadeIn: 2002, fadeOut: 2002 };
    }),
  }));
  return { name: 'Bench', fps: '23.976', start: '00:59:50:00', tracks, plugins: [{ manufacturer: 'Avid', name: 'EQ3 7-Band', instances: '200 active' }] };
}

it('session text: read a 300 000-event export, and merge it', async () => {
  const w = big();
  for (const encoding of ['utf-8', 'macintosh'] as const) {
    const bytes = sessionTextBytes(w, { encoding });
    const runs: number[] = [];
    let clips = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const s = await readSessionText(new BufferSource(bytes, 'bench.txt'));
      runs.push(performance.now() - t0);
      clips = s.tracks.reduce((n, t) => n + t.playlists[0].clips.length, 0);
    }
    const best = Math.min(...runs);
    console.log(`session-text read (${encoding}): ${(bytes.length / 1e6).toFixed(1)} MB, 200 stereo tracks, 300 000 events (100 000 clip events, 200 000 fade events; ${clips} clips after folding fades and channels): best of 3 ${best.toFixed(0)} ms (${(bytes.length / 1e6 / (best / 1000)).toFixed(1)} MB/s)`);
  }
  const a = await readSessionText(new BufferSource(sessionTextBytes(w), 'a.txt'));
  const b = await readSessionText(new BufferSource(sessionTextBytes(w), 'b.txt'));
  const t0 = performance.now();
  const m = mergeSessions([a, b]);
  console.log(`merge of two 200-track, 50 000-clip views: ${(performance.now() - t0).toFixed(0)} ms, ${m.diagnostics.filter((d) => d.code.startsWith('merge/')).length} merge diagnostics`);
});

it('session text: reading and checking stay linear in files and clips (one audio file per clip)', async () => {
  const { checkSession } = await import('../../src/policy/check.js');
  for (const n of [5_000, 10_000, 20_000]) {
    const perTrack = 50;
    const tracks = Array.from({ length: n / perTrack }, (_, t) => ({
      name: `es-ES_CHAR${t}`,
      clips: Array.from({ length: perTrack }, (_, c) => {
        const start = 172_800_000 + c * 96_000;
        return { name: `es-ES_CHAR${t}_${c}`, start, end: start + 48_000 };
      }),
    }));
    const files = tracks.flatMap((t) => t.clips.map((c) => ({ name: `${c.name}.wav`, location: 'Macintosh HD:Show:Audio Files:' })));
    const clips = tracks.flatMap((t) => t.clips.map((c) => ({ name: c.name, file: `${c.name}.wav` })));
    const bytes = sessionTextBytes({ name: 'Bench', fps: '24', start: '01:00:00:00', tracks, files, clips });
    const t0 = performance.now();
    const s = await readSessionText(new BufferSource(bytes, 'linear.txt'));
    const read = performance.now() - t0;
    const t1 = performance.now();
    const r = checkSession(s, { profile: 'netflix-localized-edit' });
    const check = performance.now() - t1;
    console.log(`session-text ${n} files, ${n} clips, ${tracks.length} tracks (${(bytes.length / 1e6).toFixed(1)} MB): read ${read.toFixed(0)} ms (${((read / n) * 1000).toFixed(1)} µs per clip), check ${check.toFixed(0)} ms (${((check / n) * 1000).toFixed(1)} µs per clip, ${r.results.length} results)`);
  }
});
