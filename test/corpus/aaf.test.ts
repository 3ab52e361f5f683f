/**
 * Every AAF of shared/corpus/aaf read with the AAF reader and compared with
 * its expected model (no difference allowed) and with LibAAF's output (the
 * differences that remain are exactly those in aaf-known-differences.md).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAaf } from '../../src/formats/aaf/index.js';
import { FileSource, relativeOpener } from '../../src/node/file-source.js';
import type { Session } from '../../src/model/session.js';
import { CORPUS, HAVE_CORPUS, corpusFiles, corpusPath } from '../support/corpus.js';
import { compareWithExpected, type ExpectedModel } from '../support/expected-model.js';
import { compareWithLibAaf, libAafFadedClips, type LibAafJson } from '../support/libaaf-expected.js';
import { contentClips } from '../../src/policy/model-helpers.js';

const FILES_DIR = corpusPath('aaf', 'files');
const files = corpusFiles('aaf', 'aaf', 'files');

/** `## file` sections of bullet lines "- `difference`: reason". */
function knownDifferences(): Map<string, string[]> {
  const text = readFileSync(resolve(__dirname, 'aaf-known-differences.md'), 'utf8');
  const out = new Map<string, string[]>();
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    const h = /^## (.+\.aaf)\s*$/.exec(line);
    if (h) {
      cur = [];
      out.set(h[1], cur);
      continue;
    }
    const m = /^- `(.+)`: /.exec(line);
    if (m && cur) cur.push(m[1]);
  }
  return out;
}

function argsOf(name: string): string {
  const args = readFileSync(corpusPath('aaf', 'expected', 'ARGS.txt'), 'utf8');
  for (const line of args.split('\n')) {
    const m = /^test\("([^"]+)",\s*"(.*)"\)/.exec(line);
    if (m && m[1] === name) return m[2];
  }
  return '';
}

async function read(name: string): Promise<Session> {
  const path = resolve(FILES_DIR, name);
  const src = await FileSource.open(path);
  try {
    return await readAaf(src, { path, openRelative: relativeOpener(path) });
  } finally {
    await src.close();
  }
}

describe.skipIf(!HAVE_CORPUS)(`AAF corpus (${CORPUS})`, () => {
  const known = HAVE_CORPUS ? knownDifferences() : new Map<string, string[]>();

  it('has the 65 files', () => {
    expect(files.length).toBe(65);
  });

  it('lists known differences only for corpus files', () => {
    for (const f of known.keys()) expect(files).toContain(f);
  });

  it('finds external media beside the AAF, in sub-folders and under UTF-8 names', async () => {
    for (const name of ['PT_WAV_External_same_directory.aaf', 'PT_WAV_External_sub_directory.aaf', 'PT_UTF8_EssencePath.aaf', 'PR_WAV_External_sub_sub_directory_UTF8.aaf']) {
      const s = await read(name);
      expect(s.mediaFiles.map((m) => m.online)).toEqual([true]);
    }
    // Its locator points at a folder that is not beside the file (LibAAF needs --media-location for it).
    expect((await read('PT_WAV_External.aaf')).mediaFiles.map((m) => m.online)).toEqual([false]);
  });

  it("gives the clips beside Pro Tools' rendered fades the fades LibAAF's --pt-true-fades reads", async () => {
    const trueFades = files.filter((n) => argsOf(n).includes('--pt-true-fades'));
    expect(trueFades.length).toBe(9);
    for (const name of trueFades) {
      const s = await read(name);
      const lib = libAafFadedClips(JSON.parse(readFileSync(corpusPath('aaf', 'expected-json', `${name}.expected.json`), 'utf8')) as LibAafJson);
      expect(s.tracks.length, name).toBe(lib.length);
      let faded = 0;
      s.tracks.forEach((t, i) => {
        // LibAAF merges each clip with the rendered pieces around it: the model's content clips inside its span are faded where it is.
        const content = contentClips(t);
        for (const x of lib[i]) {
          const inside = content.filter((c) => c.position >= x.start - 1 && c.position + c.length <= x.end + 1);
          expect(inside.length, `${name} track ${i + 1} clip at ${x.start}`).toBe(1);
          const [c] = inside;
          expect([c.fadeIn !== null, c.fadeOut !== null], `${name} track ${i + 1} "${c.name}"`).toEqual([x.fadeIn, x.fadeOut]);
          faded += Number(x.fadeIn) + Number(x.fadeOut);
        }
        expect(content.length, `${name} track ${i + 1} clips`).toBe(lib[i].length);
      });
      expect(faded, name).toBeGreaterThan(0);
    }
  });

  for (const name of files) {
    describe(name, () => {
      let session: Session;
      it('reads', async () => {
        session = await read(name);
        expect(session.source.format).toBe('aaf');
      });

      it('matches its expected model', () => {
        const exp = JSON.parse(readFileSync(corpusPath('expected-model', 'aaf', 'files', `${name}.json`), 'utf8')) as ExpectedModel;
        expect(compareWithExpected(session, exp)).toEqual([]);
      });

      it('differs from LibAAF only as aaf-known-differences.md says', () => {
        const lib = JSON.parse(readFileSync(corpusPath('aaf', 'expected-json', `${name}.expected.json`), 'utf8')) as LibAafJson;
        const clips = !/pt-true-fades|pt-remove-sae|pos-format tc|samplerate/.test(argsOf(name));
        expect(compareWithLibAaf(session, lib, { clips })).toEqual(known.get(name) ?? []);
      });

      it('keeps the model consistent', () => {
        const ids = new Set(session.mediaFiles.map((m) => m.id));
        expect(ids.size).toBe(session.mediaFiles.length);
        for (const t of session.tracks) {
          expect(t.kind).toBe('audio');
          for (const c of t.playlists[0].clips) {
            expect(Number.isInteger(c.position) && Number.isInteger(c.length)).toBe(true);
            expect(c.length).toBeGreaterThanOrEqual(0);
            if (c.mediaFileId !== null) expect(ids.has(c.mediaFileId)).toBe(true);
          }
        }
        expect(session.coverage.inserts).toBe('unsupported');
        expect(session.coverage.groups).toBe('unsupported');
        expect(session.coverage.vcas).toBe('unsupported');
        // External media: online is known because the test gives openRelative.
        for (const m of session.mediaFiles) if (!m.embedded) expect(typeof m.online).toBe('boolean');
      });
    });
  }
});
