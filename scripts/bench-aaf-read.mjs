// Times the built package (dist/) reading AAF files in one plain node process, for
// test/bench/aaf.bench.ts: `node scripts/bench-aaf-read.mjs PASSES FILE...` prints one JSON line
// with wall and CPU time per pass over all the files. Run through `npm run bench` (it builds first).
// With BENCH_READ=file each file is read by readSessionFile, as the CLI reads it: the presence of
// every external media file is then looked up beside it.
import { readSession } from '../dist/index.js';
import { FileSource, readSessionFile } from '../dist/node/index.js';

const byFile = process.env.BENCH_READ === 'file';
const [passesArg, ...files] = process.argv.slice(2);
const passes = [];
let tracks = 0;
let clips = 0;
for (let pass = 0; pass < Number(passesArg); pass++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  tracks = 0;
  clips = 0;
  for (const path of files) {
    let s;
    if (byFile) {
      s = await readSessionFile(path);
    } else {
      const src = await FileSource.open(path);
      s = await readSession(src, { path });
      bytes += src.bytesRead;
      await src.close();
    }
    tracks += s.tracks.length;
    for (const t of s.tracks) for (const p of t.playlists) clips += p.clips.length;
  }
  const c = process.cpuUsage(c0);
  passes.push({ wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, bytes });
}
console.log(JSON.stringify({ node: process.version, passes, tracks, clips }));
