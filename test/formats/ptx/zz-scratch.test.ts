import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { readPtx } from '../../../src/formats/ptx/index.js';
it('dump', async () => {
  for (const n of (process.env.F ?? 'sample1.pts').split(',')) {
    const s = await readPtx(new BufferSource(new Uint8Array(readFileSync('/work/shared/corpus/ptx/' + n)), n), { path: n });
    console.log(JSON.stringify({ tracks: s.tracks.map((t) => [t.name, t.playlists[0]?.clips.map((c) => [c.name, c.position, c.length, c.fadeIn?.length, c.fadeOut?.length])]), cov: s.coverage, d: s.diagnostics.filter((d) => d.code !== 'ptx/unknown-block') }, null, 0));
  }
});
