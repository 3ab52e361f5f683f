/**
 * The reader fixes the fuzzer led to, each on a small crafted input (the
 * reproducers in found/ replay the original finds).
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { Cursor } from '../../src/io/cursor.js';
import { resolveLimits, SAFE_INTEGER_LIMIT } from '../../src/io/limits.js';
import { PtxBytes } from '../../src/formats/ptx/blocks.js';
import { readThreePoint } from '../../src/formats/ptx/content/regions.js';
import { readSession } from '../../src/read.js';
import { validateSession } from '../../src/formats/model/index.js';
import { buildWav, fmtPayload } from '../support/wav-writer.js';
import { sessionTextBytes } from '../support/session-text-writer.js';

const te = new TextEncoder();

function read(bytes: Uint8Array, name: string) {
  return readSession(new BufferSource(bytes, name), { path: name, measureAudio: false });
}

describe('64-bit and packed values past 2^53 are LIMIT maxSafeInteger', () => {
  it('Cursor.u64 names the limit', () => {
    const c = new Cursor(new Uint8Array(8).fill(0xff), 100, 'cfb');
    expect(() => c.u64()).toThrow(expect.objectContaining({ code: 'LIMIT', limit: SAFE_INTEGER_LIMIT, offset: 100 }));
  });
  it('a PTX packed region value of 15 bytes is refused (it gave a source offset of 1.3e36)', () => {
    // Header byte 1 (little-endian file) gives the source-offset width in its high nibble: 0xf0 = 15 bytes.
    const bytes = new Uint8Array([0, 0xf0, 0x10, 0x10, 0, ...new Array(15).fill(0xff), 1, 2]);
    const f = new PtxBytes(bytes, false, 'ptx', null, resolveLimits());
    expect(() => readThreePoint(f, 0, bytes.length)).toThrow(expect.objectContaining({ code: 'LIMIT', limit: SAFE_INTEGER_LIMIT, offset: 5 }));
  });
  it('an RF64 ds64 size past 2^53 names the limit', async () => {
    const wav = buildWav({ container: 'RF64', encoding: 's16', channelCount: 1, frames: 10 });
    const ds64 = new TextDecoder('latin1').decode(wav).indexOf('ds64');
    new DataView(wav.buffer).setUint32(ds64 + 8 + 4, 0xffffffff, true); // riff size, high half
    await expect(read(wav, 'x.wav')).rejects.toMatchObject({ code: 'LIMIT', limit: SAFE_INTEGER_LIMIT });
  });
});

describe('models stay exact', () => {
  it('a WAV fmt with 0 bits per sample (non-PCM) gives bitDepth null, not 0', async () => {
    const fmt = fmtPayload({ encoding: 's16', channelCount: 1, frames: 0 });
    const v = new DataView(fmt.buffer);
    v.setUint16(0, 0x0055, true); // MPEG layer 3: bits per sample is not meaningful
    v.setUint16(14, 0, true);
    const s = await read(buildWav({ encoding: 's16', channelCount: 1, frames: 100, fmtPayload: fmt }), 'x.wav');
    expect(s.bitDepth).toBeNull();
    expect(s.mediaFiles[0].bitDepth).toBeNull();
    expect(validateSession(s)).toEqual([]);
  });
  it('a bext time reference past 2^53 samples: the chunk is ignored with a warning', async () => {
    const wav = buildWav({ encoding: 's16', channelCount: 1, frames: 100, bext: { description: 'd', timeReference: 0 } });
    const bext = new TextDecoder('latin1').decode(wav).indexOf('bext');
    new DataView(wav.buffer).setUint32(bext + 8 + 338 + 4, 0xffffffff, true);
    const s = await read(wav, 'x.wav');
    expect(s.audio?.bext).toBeNull();
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/time-reference');
    expect(validateSession(s)).toEqual([]);
  });
  it('a text export with a damaged bit depth gives bitDepth null', async () => {
    const text = new TextDecoder().decode(sessionTextBytes({ name: 'S', bitDepth: '24-bit', tracks: [] })).replace('24-bit', '99999999999999999999-bit');
    const s = await read(te.encode(text), 'S.txt');
    expect(s.bitDepth).toBeNull();
    expect(validateSession(s)).toEqual([]);
  });
  it('the session schema takes only exact integers: a model with a position of 1e308 is refused', async () => {
    const model = { schemaVersion: 1, sampleRate: 48000, tracks: [{ id: 't1', name: 'A', kind: 'audio', playlists: [{ name: 'A', active: true, clips: [{ name: 'c', position: 1e308, length: 1 }] }] }] };
    await expect(read(te.encode(JSON.stringify(model)), 'x.session.json')).rejects.toMatchObject({ code: 'BAD_MAGIC', format: 'model' });
    model.tracks[0].playlists[0].clips[0].position = 48000;
    await expect(read(te.encode(JSON.stringify(model)), 'x.session.json')).resolves.toMatchObject({ sampleRate: 48000 });
  });
});

describe('second campaign', () => {
  it('an AAF weak reference index with 0-byte keys cannot claim millions of them (a 400 KB file dumped to 15 MB)', async () => {
    const { parseWeakIndex } = await import('../../src/formats/aaf/storage.js');
    const b = new Uint8Array(9 + 16);
    new DataView(b.buffer).setUint32(0, 7_602_275, true); // count; key size (byte 8) stays 0
    expect(() => parseWeakIndex(b, () => 'MemberTypes index', null, 4096)).toThrow(expect.objectContaining({ code: 'TRUNCATED', offset: 4096 }));
  });
  it('an AAF clip past 2^53 samples is LIMIT maxSafeInteger at the clip, not an inexact model', async () => {
    const { writeAaf } = await import('../support/aaf-writer/index.js');
    const { basicSpec } = await import('../formats/aaf/fixtures.js');
    const spec = basicSpec();
    spec.tracks[0].clips[0].position = 2 ** 60;
    await expect(read(writeAaf(spec), 'x.aaf')).rejects.toMatchObject({ code: 'LIMIT', limit: SAFE_INTEGER_LIMIT, offset: expect.any(Number) });
  });
  it('a text export marker with a sample reference past 2^53 is left out', async () => {
    const bytes = sessionTextBytes({ name: 'S', start: '00:00:00:00', tracks: [], markers: [{ name: 'M1', position: 48000 }, { name: 'M2', position: 96000 }] });
    const text = new TextDecoder().decode(bytes).replace(/\t48000 +\t/, '\t99999999999999999999\t');
    const s = await read(te.encode(text), 'S.txt');
    expect(s.markers.map((m) => m.name)).toEqual(['M2']);
    expect(validateSession(s)).toEqual([]);
  });
  it('a PTX string length running past its block is TRUNCATED (local to its section), not LIMIT maxStringBytes', () => {
    const bytes = new Uint8Array([0xff, 0xff, 0xff, 0x7f, 0x41, 0x42]);
    const f = new PtxBytes(bytes, false, 'ptx', null, resolveLimits());
    expect(() => f.str(0, bytes.length, 'name')).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    const ok = new Uint8Array([2, 0, 0, 0, 0x41, 0x42]);
    expect(() => new PtxBytes(ok, false, 'ptx', null, resolveLimits({ maxStringBytes: 1 })).str(0, ok.length, 'name')).toThrow(expect.objectContaining({ code: 'LIMIT', limit: 'maxStringBytes' }));
  });
});

describe('second campaign, text exports', () => {
  it('a clip event with a damaged channel column is skipped, not a channel count of 1e20', async () => {
    const bytes = sessionTextBytes({ name: 'S', tracks: [{ name: 'A', clips: [{ name: 'c1', start: 172_800_000, end: 172_848_000 }, { name: 'c2', start: 172_900_000, end: 172_948_000 }] }] });
    const lines = new TextDecoder().decode(bytes).split('\n');
    const at = lines.findIndex((l) => /^1\s+\t\s*1\s+\t/.test(l));
    expect(at).toBeGreaterThan(0);
    lines[at] = lines[at].replace(/^1(\s*)\t/, '99999999999999999999$1\t');
    const s = await read(te.encode(lines.join('\n')), 'S.txt');
    expect(s.tracks[0].channels).toBe(1);
    expect(s.tracks[0].playlists[0].clips.map((c) => c.name)).toEqual(['c2']);
    expect(validateSession(s)).toEqual([]);
  });
});

describe('second campaign, text export times', () => {
  it('a clip time of 99999999999999999999 samples is unconvertible (a diagnostic), not a position of 1e20', async () => {
    const bytes = sessionTextBytes({ name: 'S', tracks: [{ name: 'A', clips: [{ name: 'c1', start: 172_800_000, end: 172_848_000 }, { name: 'c2', start: 172_900_000, end: 172_948_000 }] }] }, { timeFormat: 'samples' });
    const text = new TextDecoder().decode(bytes);
    // Samples are printed from the session start: c1 starts at "0".
    const damaged = text.replace(/(\tc1 +\t +)0\t/, '$199999999999999999999\t');
    expect(damaged).not.toBe(text);
    const s = await read(te.encode(damaged), 'S.txt');
    expect(s.tracks[0].playlists[0].clips.map((c) => c.name)).toEqual(['c2']);
    expect(s.diagnostics.map((d) => d.code)).toContain('session-text/bad-time');
    expect(validateSession(s)).toEqual([]);
  });
});

describe('fourth campaign', () => {
  it('an AAF properties stream whose size field claims 256 MB is TRUNCATED before a buffer of that size is made', async () => {
    const { writeAaf } = await import('../support/aaf-writer/index.js');
    const { basicSpec } = await import('../formats/aaf/fixtures.js');
    const bytes = writeAaf(basicSpec());
    // The first directory entry named "properties" (UTF-16LE name, length 22 with the terminator).
    const name = Uint8Array.from([...'properties'].flatMap((c) => [c.charCodeAt(0), 0]));
    let at = -1;
    for (let i = 0; i + 128 <= bytes.length && at < 0; i += 128) {
      if (bytes[i + 64] === 22 && name.every((v, k) => bytes[i + k] === v)) at = i;
    }
    expect(at).toBeGreaterThan(0);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(at + 120, 0x1000_0060, true);
    const before = process.memoryUsage().arrayBuffers;
    const err = await read(bytes, 'x.aaf').then(() => null, (e: unknown) => e);
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(err).toMatchObject({ code: 'TRUNCATED', message: expect.stringMatching(/declares 268435552 bytes, more than the whole file/) });
    expect(grown).toBeLessThan(64 * 2 ** 20);
  });
});

describe('fourth campaign, Pro Tools sessions in packages', () => {
  it('an Audio Engine Settings block with a sample rate of 0 (or past any audio rate) is UNSUPPORTED at the block, not a model at 0 Hz', async () => {
    const { writePtx } = await import('../support/ptx-writer/index.js');
    for (const sampleRate of [0, 0xffffffff]) {
      for (const version of [5, 8, 12] as const) {
        const bytes = writePtx({ version, sampleRate, bitDepth: 24, files: [{ name: 'a.wav', length: 48000 }], tracks: [] });
        await expect(read(bytes, 'x.ptx'), `v${version} ${sampleRate} Hz`).rejects.toMatchObject({
          code: 'UNSUPPORTED', offset: expect.any(Number), message: expect.stringMatching(/sample rate of \d+ Hz \(damaged\)/),
        });
      }
    }
    const ok = await read(writePtx({ version: 12, sampleRate: 96000, bitDepth: 24, files: [], tracks: [] }), 'x.ptx');
    expect(ok.sampleRate).toBe(96000);
  });
});
