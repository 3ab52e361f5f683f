/**
 * Every real session file of the corpus (Pro Tools, Session Info as Text,
 * AAF), zipped alone at a package root (stored and deflated) and in a session
 * folder, gives the same session as when read directly: a package of one
 * view is that view. A file the readers refuse is a diagnostic of the package.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { isFormatError } from '../../src/io/errors.js';
import type { Session } from '../../src/model/session.js';
import { readPackage } from '../../src/package/index.js';
import { readSession } from '../../src/read.js';
import { HAVE_CORPUS, corpusPath } from '../support/corpus.js';
import { writeZip } from '../support/zip-writer.js';

function files(dir: string, ext: RegExp): string[] {
  if (!HAVE_CORPUS) return [];
  return readdirSync(corpusPath(dir)).filter((f) => ext.test(f)).map((f) => corpusPath(dir, f));
}

const INPUTS = [
  ...files('ptx', /\.(ptx|ptf|pts)$/),
  ...files('session-text', /\.txt$/),
  ...files('aaf/files', /\.aaf$/),
];

/** What a package of one view must share with the view. */
function essence(s: Session): unknown {
  return {
    name: s.name, sampleRate: s.sampleRate, frameRate: s.frameRate, start: s.start,
    tracks: s.tracks.map((t) => ({ name: t.name, kind: t.kind, clips: t.playlists.map((p) => p.clips.length) })),
    markers: s.markers.length, mediaFiles: s.mediaFiles.map((m) => m.id),
  };
}

describe.skipIf(!HAVE_CORPUS)('corpus sessions as packages', () => {
  it.each(INPUTS.map((p) => [basename(p), p]))('%s', async (name, path) => {
    const bytes = new Uint8Array(readFileSync(path));
    const direct = await readSession(bytes, { path: name }).catch((e: unknown) => e);
    for (const method of ['stored', 'deflated'] as const) {
      const zip = writeZip([{ name, data: bytes, method }, { name: 'Audio Files/', directory: true }]);
      const pkg = await readPackage(new BufferSource(zip, 'pkg.zip')).catch((e: unknown) => e);
      if (isFormatError(direct)) {
        if (direct.code === 'LIMIT') {
          expect(isFormatError(pkg) && pkg.code).toBe('LIMIT');
          continue;
        }
        const s = pkg as Session;
        const d = s.diagnostics.find((x) => x.code === 'package/view-unreadable');
        expect(d?.message).toContain(direct.code);
        expect(s.coverage.tracks).toBe('unsupported');
        continue;
      }
      if (!(direct as Session).schemaVersion) throw direct;
      const s = pkg as Session;
      expect(s.source.format).toBe('zip');
      expect(s.sources?.map((v) => [v.path, v.format])).toEqual([[`pkg.zip!${name}`, (direct as Session).source.format]]);
      expect(essence(s)).toEqual(essence(direct as Session));
      expect(s.coverage.package).toBe('decoded');
      for (const m of s.mediaFiles) if (!m.embedded) expect(m.online).toBe(false);
    }
  });
});
