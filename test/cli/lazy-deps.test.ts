/**
 * The package's import cost: fflate builds its Huffman tables when its module
 * is evaluated (10 to 20 ms in a new process), and @xmldom/xmldom's modules
 * took 19 to 28 ms to load, so the built package (dist/, built by `npm test`
 * first) loads fflate only when a deflated zip entry is read and xmldom only
 * when an iXML chunk is parsed. A resolve hook logs every module a child
 * process asks for.
 */
import { spawnSync } from 'node:child_process';
import * as nodeModule from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const INDEX = pathToFileURL(join(ROOT, 'dist/index.js')).href;
const NODE_INDEX = pathToFileURL(join(ROOT, 'dist/node/index.js')).href;
const dir = mkdtempSync(join(tmpdir(), 'si-lazy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The hook appends each specifier asked for to the file RESOLVE_LOG names.
writeFileSync(join(dir, 'hooks.mjs'), `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) { appendFileSync(process.env.RESOLVE_LOG, specifier + '\\n'); return next(specifier, context); }
`);
writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);

function resolvedModules(script: string): string[] {
  const log = join(dir, `resolve-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, RESOLVE_LOG: log },
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

// Resolve hooks through module.register came with Node 20.6.
describe.skipIf(!('register' in nodeModule))('lazy dependencies of the built package', () => {
  it('does not load fflate at import, and loads it for a deflated zip entry', () => {
    const zip = join(ROOT, 'samples/packages/Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip');
    const imported = resolvedModules(`await import(${JSON.stringify(INDEX)}); await import(${JSON.stringify(NODE_INDEX)});`);
    expect(imported.some((s) => s.includes('chunk-'))).toBe(true);
    expect(imported).not.toContain('fflate');
    // The sample package's session files are deflated.
    const read = resolvedModules(`import { readFileSync } from 'node:fs';
const si = await import(${JSON.stringify(INDEX)});
const s = await si.readPackage(si.fromBytes(new Uint8Array(readFileSync(${JSON.stringify(zip)})), 'p.zip'), { path: 'p.zip' });
if (s.tracks.length === 0) throw new Error('no tracks');`);
    expect(read).toContain('fflate');
  });

  it('does not load @xmldom/xmldom at import or to write JUnit, and loads it for an iXML chunk', () => {
    const index = JSON.stringify(INDEX);
    const node = JSON.stringify(NODE_INDEX);
    const ptx = JSON.stringify(join(ROOT, 'samples/session-text/Show_ep101/Show_ep101.ptx'));
    const premix = JSON.stringify(join(ROOT, 'samples/premix/PKG123_SampleShow_24_Mono_es-ES_PreMixQC_v1.wav'));
    const wav = JSON.stringify(join(ROOT, 'samples/recordings/P101_Hero_AB_261121_01.wav'));
    // Reading a session and a WAV without iXML, and writing their reports as JUnit.
    const junit = resolvedModules(`const si = await import(${index}); const { readSessionFile } = await import(${node});
for (const [f, profile] of [[${ptx}, 'netflix-localized-edit'], [${premix}, 'netflix-premix-wav']]) {
  const xml = si.renderJunit(si.checkSession(await readSessionFile(f), { profile }));
  if (!xml.includes('<testcase')) throw new Error('no JUnit test case');
}`);
    expect(junit.some((s) => s.includes('chunk-'))).toBe(true);
    expect(junit).not.toContain('@xmldom/xmldom');
    const read = resolvedModules(`const { readSessionFile } = await import(${node});
const s = await readSessionFile(${wav});
if (!s.audio?.ixml?.project) throw new Error('no iXML project');`);
    expect(read).toContain('@xmldom/xmldom');
  });
});
