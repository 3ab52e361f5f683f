/**
 * The built package's two entries (`session-inspector` and
 * `session-inspector/node`, ESM and CommonJS) share one copy of the core: an
 * error thrown by `readSessionFile` is an instance of the `FormatError`
 * exported by the main entry, as QC scripts test it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'entries-'));
const bad = join(dir, 'renamed.aaf');
writeFileSync(bad, 'RIFF....WAVE: not a compound file');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('package entries', () => {
  it('are built (npm test builds first)', () => {
    for (const f of ['dist/index.js', 'dist/node/index.js', 'dist/index.cjs', 'dist/node/index.cjs']) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it('throw errors from the node entry that are instances of the main entry\'s FormatError (ESM)', async () => {
    const main = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
    const node = await import(pathToFileURL(join(ROOT, 'dist/node/index.js')).href);
    const e = await node.readSessionFile(bad).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(main.FormatError);
    expect((e as { path: string }).path).toBe(bad);
  });

  it('throw errors from the node entry that are instances of the main entry\'s FormatError (CommonJS)', async () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const main = require(join(ROOT, 'dist/index.cjs'));
    const node = require(join(ROOT, 'dist/node/index.cjs'));
    const e = await node.readSessionFile(bad).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(main.FormatError);
  });
});
