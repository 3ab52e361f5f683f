import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { FormatError } from '../../src/io/errors.js';
import { validateSession } from '../../src/formats/model/index.js';
import { newClip, newSession, newTrack, type MediaFile, type Session } from '../../src/model/session.js';
import { readPackage, referencedFileName, unsafeReason } from '../../src/package/index.js';
import { readSession } from '../../src/read.js';
import { readFolderPackage } from '../../src/node/folder.js';
import { wavFile, wavHeader, writeZip, type ZipWriterEntry } from '../support/zip-writer.js';

const te = new TextEncoder();

/** Whether the WAV reader on this branch reads headers (it lands separately); expectations follow it. */
const WAV_READER = await readSession(wavFile({ frames: 10 }), { path: 'probe.wav', measureAudio: false }).then(() => true, () => false);

function media(id: string, file: string, extra: Partial<MediaFile> = {}): MediaFile {
  return {
    id, name: file, path: `file:///c%3a/Users/mix/Show/Audio%20Files/${encodeURIComponent(file)}`, embedded: false, online: true,
    channels: 1, sampleRate: 48000, bitDepth: 24, length: 4800, format: 'wav', ...extra,
  };
}

/** A session model view (`*.session.json`) whose clips use the given media. */
function modelView(files: string[], name = 'Show'): Uint8Array {
  const s = newSession({ path: `${name}.session.json`, format: 'model', formatVersion: null, application: { name: 'test', version: null } }, name, 48000);
  s.mediaFiles = files.map((f, i) => media(`m${i}`, f));
  const t = newTrack('t1', 'es-ES_MARIA');
  t.channels = 1;
  t.channelFormat = 'mono';
  t.playlists = [{ name: 'es-ES_MARIA.01', active: true, clips: files.map((f, i) => newClip({ name: f, position: 172800000 + i * 9600, length: 4800, mediaFileId: `m${i}` })) }];
  s.tracks = [t];
  for (const k of Object.keys(s.coverage)) s.coverage[k] = 'decoded';
  return te.encode(JSON.stringify(s));
}

type Files = Array<{ path: string; data?: Uint8Array; dir?: boolean }>;

function asZip(files: Files, extra: ZipWriterEntry[] = []): Uint8Array {
  return writeZip([
    ...files.map((f): ZipWriterEntry => (f.dir ? { name: f.path, directory: true } : { name: f.path, data: f.data, method: f.path.endsWith('.wav') ? 'stored' : 'deflated' })),
    ...extra,
  ]);
}

const tmp = mkdtempSync(join(tmpdir(), 'pkg-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let folders = 0;

function asFolder(files: Files, name = 'Show_delivery'): string {
  const dir = join(tmp, `${folders++}`, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const p = join(dir, f.path);
    if (f.dir) mkdirSync(p, { recursive: true });
    else {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, f.data ?? new Uint8Array(0));
    }
  }
  return dir;
}

const KINDS = ['zip', 'folder'] as const;

async function readAs(kind: (typeof KINDS)[number], files: Files): Promise<Session> {
  if (kind === 'zip') return readPackage(new BufferSource(asZip(files), 'Show_PKG1_101_es-ES_LocalizedEditProject_24_v1.zip'));
  return readFolderPackage(asFolder(files));
}

const wav = (frames = 4800): Uint8Array => wavFile({ frames, channels: 1, bitDepth: 24, sampleRate: 48000 });
const codes = (s: Session): string[] => s.diagnostics.map((d) => d.code);

describe.each(KINDS)('%s packages', (kind) => {
  it('merges the views at the root and resolves media against Audio Files/', async () => {
    const s = await readAs(kind, [
      { path: 'Show.session.json', data: modelView(['es-ES_MARIA_01.wav', 'es-ES_MARIA_02.wav']) },
      { path: 'Audio Files/', dir: true },
      { path: 'Audio Files/es-ES_MARIA_01.wav', data: wav() },
      { path: 'Audio Files/es-ES_MARIA_02.wav', data: wav(2400) },
      { path: 'Audio Files/spare.wav', data: wav() },
    ]);
    expect(s.source.format).toBe(kind);
    expect(s.sources?.map((v) => v.path.split('!').pop())).toEqual(['Show.session.json']);
    expect(s.name).toBe('Show');
    expect(s.coverage.package).toBe('decoded');
    expect(s.tracks.map((t) => t.name)).toEqual(['es-ES_MARIA']);
    expect(s.mediaFiles.map((m) => [m.path, m.online])).toEqual([
      ['Audio Files/es-ES_MARIA_01.wav', true], ['Audio Files/es-ES_MARIA_02.wav', true],
    ]);
    const pkg = s.package!;
    expect(pkg.kind).toBe(kind);
    expect(pkg.audioFolder).toBe('Audio Files/');
    expect(pkg.unsafeEntries).toEqual([]);
    const byPath = new Map(pkg.entries.map((e) => [e.path, e]));
    expect(byPath.get('Audio Files/')?.isDirectory).toBe(true);
    expect(byPath.get('Show.session.json')?.role).toBe('model');
    expect([byPath.get('Audio Files/es-ES_MARIA_01.wav')?.referenced, byPath.get('Audio Files/spare.wav')?.referenced]).toEqual([true, undefined]);
    expect(byPath.get('Audio Files/spare.wav')?.size).toBe(wav().length);
    if (WAV_READER) {
      expect(byPath.get('Audio Files/es-ES_MARIA_02.wav')?.audio).toMatchObject({ sampleRate: 48000, bitDepth: 24, channels: 1, length: 2400 });
      expect(s.coverage.audioHeaders).toBe('decoded');
      expect(s.mediaFiles[1].length).toBe(2400);
    } else {
      expect(byPath.get('Audio Files/es-ES_MARIA_02.wav')?.audio).toBeNull();
      expect(s.coverage.audioHeaders).toBe('unsupported');
      expect(s.diagnostics.find((d) => d.code === 'package/audio-header-unreadable')?.message).toMatch(/UNSUPPORTED.*and 2 more/);
    }
    expect(validateSession(JSON.parse(JSON.stringify(s)))).toEqual([]);
  });

  it('marks media missing from Audio Files/ offline, and those found elsewhere', async () => {
    const s = await readAs(kind, [
      { path: 'Show.session.json', data: modelView(['a.wav', 'b.wav', 'c.wav']) },
      { path: 'Audio Files/a.wav', data: wav() },
      { path: 'Bounced Files/b.wav', data: wav() },
    ]);
    expect(s.mediaFiles.map((m) => m.online)).toEqual([true, false, false]);
    expect(codes(s)).toEqual(expect.arrayContaining(['package/media-outside-audio-files', 'package/media-missing']));
    expect(s.diagnostics.find((d) => d.code === 'package/media-missing')?.message).toMatch(/c\.wav/);
  });

  it('reads a session below the root but resolves media only in the root Audio Files/ (rules.md reading 3)', async () => {
    const s = await readAs(kind, [
      { path: 'Show_v1/Show.session.json', data: modelView(['a.wav']) },
      { path: 'Show_v1/Audio Files/a.wav', data: wav() },
      { path: 'Show_v1/Session File Backups/Show.bak.001.session.json', data: modelView(['zzz.wav'], 'Backup') },
    ]);
    expect(s.name).toBe('Show');
    expect(s.sources).toHaveLength(1);
    expect(codes(s)).toEqual(expect.arrayContaining(['package/session-not-at-root', 'package/media-outside-audio-files']));
    expect(s.package?.audioFolder).toBeNull();
    expect(s.mediaFiles.map((m) => m.online)).toEqual([false]);
    expect(s.package?.entries.find((e) => e.path.includes('Backups/Show'))?.role).toBe('backup');
  });

  it('takes only Session Info as Text exports among .txt files as views', async () => {
    const s = await readAs(kind, [
      { path: 'README.txt', data: te.encode('Delivery notes') },
      { path: 'Show.txt', data: te.encode('SESSION NAME:\tShow\nSAMPLE RATE:\t48000.000000\n') },
      { path: 'Session/Show.session.json', data: modelView(['a.wav']) },
    ]);
    const roles = Object.fromEntries(s.package!.entries.map((e) => [e.path, e.role]));
    expect(roles).toMatchObject({ 'README.txt': 'other', 'Show.txt': 'session-text', 'Session/Show.session.json': 'model' });
    // Show.txt is at the root, so the model below it is not a view.
    expect(codes(s)).not.toContain('package/session-not-at-root');
    expect(s.sources?.map((v) => v.path.split('!').pop()) ?? []).not.toContain('Session/Show.session.json');
  });

  it('looks below the root when the root has no view, past other text files', async () => {
    const s = await readAs(kind, [
      { path: 'README.txt', data: te.encode('Delivery notes') },
      { path: 'Session/Show.session.json', data: modelView(['a.wav']) },
    ]);
    expect(s.sources?.map((v) => v.path.split('!').pop())).toEqual(['Session/Show.session.json']);
    expect(codes(s)).toContain('package/session-not-at-root');
  });

  it('finds the Audio Files folder whatever its case', async () => {
    const s = await readAs(kind, [
      { path: 'Show.session.json', data: modelView(['A.wav']) },
      { path: 'audio files/a.wav', data: wav() },
    ]);
    expect(s.package?.audioFolder).toBe('audio files/');
    expect(s.mediaFiles.map((m) => [m.path, m.online])).toEqual([['audio files/a.wav', true]]);
  });

  it('gives an unverifiable model, not an empty passing one, when there is no session', async () => {
    const s = await readAs(kind, [{ path: 'Audio Files/a.wav', data: wav() }, { path: 'notes.txt', data: te.encode('hello') }]);
    expect(s.tracks).toEqual([]);
    expect(s.coverage.tracks).toBe('unsupported');
    expect(s.coverage.mediaFiles).toBe('unsupported');
    expect(s.coverage.package).toBe('decoded');
    expect(s.sources).toEqual([]);
    expect(codes(s)).toContain('package/no-session');
    expect(s.package?.entries.find((e) => e.path === 'notes.txt')?.role).toBe('other');
  });

  it('reports an unreadable session view and goes on', async () => {
    const s = await readAs(kind, [
      { path: 'Show.ptx', data: te.encode('this is not a Pro Tools session') },
      { path: 'Audio Files/a.wav', data: wav() },
    ]);
    const d = s.diagnostics.find((x) => x.code === 'package/view-unreadable');
    expect(d?.severity).toBe('error');
    expect(d?.message).toMatch(/Show\.ptx.*BAD_MAGIC/);
    expect(codes(s)).toContain('package/no-readable-session');
    expect(s.coverage.tracks).toBe('unsupported');
  });

  it('reports progress over views and audio files', async () => {
    const seen: number[] = [];
    const files: Files = [{ path: 'Show.session.json', data: modelView(['a.wav']) }, { path: 'Audio Files/a.wav', data: wav() }];
    const opts = { onProgress: (p: { done: number; total: number }) => seen.push(p.total - p.done) };
    if (kind === 'zip') await readPackage(new BufferSource(asZip(files), 'x.zip'), opts);
    else await readFolderPackage(asFolder(files), opts);
    expect(seen).toEqual([1, 0]);
  });
});

describe('zip packages only', () => {
  it('lists unsafe names, never opening them', async () => {
    const s = await readPackage(new BufferSource(writeZip([
      { name: '../Show.session.json', data: modelView(['a.wav']) },
      { name: '/etc/evil.wav', data: wav() },
      { name: 'C:/x.wav', data: wav() },
      { name: 'Audio Files\\a.wav', data: wav() },
      { name: 'link.wav', data: te.encode('/etc/passwd'), symlink: true },
    ]), 'p.zip'));
    expect(s.package?.unsafeEntries).toEqual(['../Show.session.json', '/etc/evil.wav', 'C:/x.wav', 'Audio Files\\a.wav', 'link.wav']);
    expect(s.package?.entries.every((e) => e.unsafe)).toBe(true);
    expect(codes(s)).toEqual(expect.arrayContaining(['package/unsafe-entry', 'package/no-session']));
    expect(s.package?.entries.every((e) => e.audio === null)).toBe(true);
  });

  it('reports encrypted entries and system files without reading them', async () => {
    const s = await readPackage(new BufferSource(writeZip([
      { name: 'Show.session.json', data: modelView(['a.wav']), encrypted: true },
      { name: '__MACOSX/Audio Files/._a.wav', data: te.encode('apple double') },
      { name: 'Audio Files/a.wav', data: wav() },
      { name: 'WaveCache.wav', data: te.encode('not RIFF') },
    ]), 'p.zip'));
    expect(codes(s)).not.toContain('package/audio-header-unreadable');
    expect(s.package?.entries.map((e) => [e.role, e.encrypted])).toEqual([['model', true], ['system', false], ['audio', false], ['system', false]]);
    expect(codes(s)).toEqual(expect.arrayContaining(['package/encrypted-entry', 'package/no-session']));
  });

  it('stops at a zip bomb inside the package', async () => {
    // Sniffed as a model (text that names schemaVersion), then 48 MiB of zeros that deflate ~1000:1.
    const data = new Uint8Array(48 * 1024 * 1024);
    data.set(te.encode(`{"schemaVersion":1,"pad":"${' '.repeat(600)}`));
    const bytes = writeZip([{ name: 'Show.session.json', data, method: 'deflated' }]);
    const e = await readPackage(new BufferSource(bytes, 'bomb.zip')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FormatError);
    expect([(e as FormatError).code, (e as FormatError).limit, (e as FormatError).path]).toEqual(['LIMIT', 'maxInflateRatio', 'bomb.zip!Show.session.json']);
    const capped = await readPackage(new BufferSource(bytes, 'bomb.zip'), { limits: { maxInflatedBytes: 1 << 20 } }).catch((x: unknown) => x);
    expect([(capped as FormatError).code, (capped as FormatError).limit]).toEqual(['LIMIT', 'maxInflatedBytes']);
  });

  it('reads the header of a deflated WAV without inflating its audio', async () => {
    const frames = 2_000_000;
    const body = new Uint8Array(44 + frames * 3 + 8 + 16);
    body.set(wavHeader({ frames }));
    body.set(te.encode('iXML'), 44 + frames * 3); // a chunk after the data, as recorders write
    new DataView(body.buffer).setUint32(44 + frames * 3 + 4, 16, true);
    const src = new BufferSource(writeZip([
      { name: 'Show.session.json', data: modelView(['a.wav']) },
      { name: 'Audio Files/a.wav', data: body, method: 'deflated' },
    ]), 'p.zip');
    const s = await readPackage(src);
    expect(codes(s).includes('package/audio-header-unreadable')).toBe(!WAV_READER);
    if (WAV_READER) expect(s.mediaFiles[0]).toMatchObject({ sampleRate: 48000, bitDepth: 24, channels: 1, length: frames });
    expect(src.bytesRead).toBeLessThan(64 * 1024);
  });

  it('is what readSession gives for a zip, and lists every view', async () => {
    const bytes = writeZip([
      { name: 'Show.session.json', data: modelView(['a.wav']) },
      { name: 'Show alt.session.json', data: modelView(['a.wav'], 'Alt') },
      { name: 'Audio Files/a.wav', data: wav() },
    ]);
    const s = await readSession(bytes, { path: 'd.zip' });
    expect(s.source).toMatchObject({ path: 'd.zip', format: 'zip' });
    expect(s.sources?.map((v) => v.path)).toEqual(['d.zip!Show.session.json', 'd.zip!Show alt.session.json']);
  });

  it('gives a no-session model for an empty zip', async () => {
    const s = await readSession(writeZip([]), { path: 'empty.zip' });
    expect([s.source.format, s.package?.entries, s.coverage.tracks]).toEqual(['zip', [], 'unsupported']);
    expect(codes(s)).toContain('package/no-session');
  });

  it('stops when its signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const bytes = writeZip([{ name: 'Show.session.json', data: modelView(['a.wav']) }]);
    await expect(readPackage(new BufferSource(bytes, 'p.zip'), { signal: ac.signal })).rejects.toThrow(/abort/i);
  });

  it('matches names stored decomposed (macOS) with composed references', async () => {
    const s = await readPackage(new BufferSource(writeZip([
      { name: 'Show.session.json', data: modelView(['es-ES_MARÍA_01.wav']) },
      { name: 'Audio Files/es-ES_MARÍA_01.wav'.normalize('NFD'), data: wav() },
    ]), 'p.zip'));
    expect(s.mediaFiles[0].online).toBe(true);
  });

  it('matches names a Windows zip stored in a legacy code page, with a warning', async () => {
    // CP850 (Windows Explorer in western Europe) stores Í as 0xD6; read as CP437 it is '╓'.
    const raw = new Uint8Array([...te.encode('Audio Files/es-ES_MAR'), 0xd6, ...te.encode('A_01.wav')]);
    const s = await readPackage(new BufferSource(writeZip([
      { name: 'Show.session.json', data: modelView(['es-ES_MARÍA_01.wav']) },
      { name: 'x', rawName: raw, utf8: false, data: wav() },
    ]), 'p.zip'));
    expect(s.mediaFiles[0]).toMatchObject({ online: true, path: 'Audio Files/es-ES_MAR╓A_01.wav' });
    expect(codes(s)).toContain('package/media-name-encoding');
    // Two references that both fit the one file: neither is taken.
    const two = await readPackage(new BufferSource(writeZip([
      { name: 'Show.session.json', data: modelView(['es-ES_MARÍA_01.wav', 'es-ES_MARÉA_01.wav']) },
      { name: 'x', rawName: raw, utf8: false, data: wav() },
    ]), 'p.zip'));
    expect(two.mediaFiles.map((m) => m.online)).toEqual([false, false]);
  });

  it('reads a small fraction of a package of large stored WAVs', async () => {
    // The WAV reader reads a window of each file's first chunks; 10 MB files make that a small share.
    const big = (frames: number): ZipWriterEntry => ({
      name: `Audio Files/f${frames}.wav`, data: wavHeader({ frames }), sparseSize: 44 + frames * 3,
    });
    const bytes = writeZip([{ name: 'Show.session.json', data: modelView(['f4000000.wav']) }, big(4_000_000), big(3_000_000), big(3_500_000)]);
    const src = new BufferSource(bytes, 'p.zip');
    const s = await readPackage(src);
    expect(s.package?.bytesRead).toBe(src.bytesRead);
    expect(src.bytesRead / bytes.length).toBeLessThan(0.02);
  });
});

describe('folder packages only', () => {
  it('lists symbolic links as unsafe and does not follow them', async () => {
    const dir = asFolder([{ path: 'Show.session.json', data: modelView(['a.wav']) }, { path: 'Audio Files/x.wav', data: wav() }]);
    symlinkSync(join(dir, 'Audio Files/x.wav'), join(dir, 'Audio Files/a.wav'));
    const s = await readFolderPackage(dir);
    expect(s.package?.unsafeEntries).toEqual(['Audio Files/a.wav']);
    expect(s.mediaFiles[0].online).toBe(false);
  });

  it('refuses a path that is not a folder', async () => {
    const e = await readFolderPackage(join(tmp, 'nope')).catch((x: unknown) => x);
    expect((e as FormatError).code).toBe('BAD_MAGIC');
  });
});

describe('names', () => {
  it.each([
    ['file:///c%3a/Users/mix/Show/Audio%20Files/es-ES_MARIA_01.wav', 'es-ES_MARIA_01.wav'],
    ['C:\\Sessions\\Show\\Audio Files\\x.wav', 'x.wav'],
    ['Macintosh HD:Sessions:Show:Audio Files:y.wav', 'y.wav'],
    ['/Volumes/Media/Show/Audio Files/z 1.wav', 'z 1.wav'],
    ['plain.wav', 'plain.wav'],
  ])('%s names %s', (ref, name) => {
    expect(referencedFileName(ref)).toBe(name);
  });

  it.each([
    ['../x', "'..' segment"], ['a/../../x', "'..' segment"], ['/abs', 'absolute path'], ['C:/x', 'drive letter'],
    ['a\\b', 'backslash in name'], ['Audio Files/a.wav', null], ['a..b/c', null],
  ])('%s is unsafe: %s', (path, reason) => {
    expect(unsafeReason(path)).toBe(reason);
  });
});
