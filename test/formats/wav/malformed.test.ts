import { describe, expect, it } from 'vitest';
import { readWav } from '../../../src/formats/wav/index.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { isFormatError, type FormatError } from '../../../src/io/errors.js';
import { arraySource, buildWav, type WavSpec } from '../../support/wav-writer.js';
import { prng } from '../../support/prng.js';
import { formatErrorOf } from '../../support/errors.js';

function src(bytes: Uint8Array, name = 'bad.wav') {
  return new BufferSource(bytes, name);
}

function failure(bytes: Uint8Array): Promise<FormatError> {
  return formatErrorOf(readWav(src(bytes)));
}

const base: WavSpec = { channelCount: 1, frames: 1000, bext: { timeReference: 10 } };
// Layout of `base`: RIFF header 12, bext 8+602 at 12, fmt 8+16 at 622, data header at 646, audio at 654.
const DATA_HEADER = 646;

describe('malformed WAV files give FormatErrors with offsets', () => {
  it('layout assumption of these tests holds', async () => {
    const s = await readWav(src(buildWav(base)));
    expect(s.audio!.chunks!.map((c) => [c.id, c.offset])).toEqual([['bext', 12], ['fmt ', 622], ['data', DATA_HEADER]]);
  });

  it('truncated data: the data chunk claims more than the file holds', async () => {
    const e = await failure(buildWav({ ...base, truncateDataTo: 1500 }));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(DATA_HEADER);
    expect(e.path).toBe('bad.wav');
    expect(e.message).toMatch(/'data' at 0x286 claims 3000 bytes/);
  });

  it('a file cut inside the RIFF header', async () => {
    const e = await failure(buildWav(base).subarray(0, 10));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(0);
  });

  it('a file cut inside a decoded chunk (bext)', async () => {
    const e = await failure(buildWav(base).subarray(0, 300));
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 12 });
  });

  it('0xFFFFFFFF sizes in a plain RIFF file', async () => {
    const e = await failure(buildWav({ ...base, dataSizeField: 0xffffffff }));
    expect(e.code).toBe('TRUNCATED');
    expect(e.offset).toBe(DATA_HEADER);
    expect(e.message).toMatch(/0xFFFFFFFF in a plain RIFF file/);
  });

  it('RF64 without ds64', async () => {
    const e = await failure(buildWav({ ...base, container: 'RF64', omitDs64: true }));
    expect(e.code).toBe('BAD_MAGIC');
    expect(e.offset).toBe(12);
    expect(e.message).toMatch(/without a ds64 chunk/);
  });

  it('a ds64 chunk too short for its fixed part', async () => {
    const bytes = buildWav({ ...base, container: 'BW64' });
    new DataView(bytes.buffer).setUint32(16, 20, true);
    const e = await failure(bytes);
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 12 });
  });

  it('an RF64 chunk with size 0xFFFFFFFF not listed in the ds64 table', async () => {
    const bytes = buildWav({ ...base, container: 'RF64' });
    // bext is the first chunk after ds64 (12 + 36 = 48)
    new DataView(bytes.buffer).setUint32(52, 0xffffffff, true);
    const e = await failure(bytes);
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 48 });
    expect(e.message).toMatch(/ds64 table has no entry/);
  });

  it('an odd-sized fmt chunk shorter than 16 bytes', async () => {
    const e = await failure(buildWav({ ...base, fmtPayload: new Uint8Array(15) }));
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 630 });
    expect(e.message).toMatch(/fmt chunk is 15 bytes/);
  });

  it('a WAVE_FORMAT_EXTENSIBLE fmt chunk without its extension', async () => {
    const fmt = new Uint8Array(18);
    const v = new DataView(fmt.buffer);
    v.setUint16(0, 0xfffe, true); v.setUint16(2, 1, true); v.setUint32(4, 48000, true); v.setUint16(12, 3, true); v.setUint16(14, 24, true);
    const e = await failure(buildWav({ ...base, fmtPayload: fmt }));
    expect(e).toMatchObject({ code: 'TRUNCATED', offset: 630 });
  });

  it('a PCM block align that does not fit the channels and bits', async () => {
    const fmt = new Uint8Array(16);
    const v = new DataView(fmt.buffer);
    v.setUint16(0, 1, true); v.setUint16(2, 2, true); v.setUint32(4, 48000, true); v.setUint16(12, 3, true); v.setUint16(14, 24, true);
    const e = await failure(buildWav({ ...base, fmtPayload: fmt }));
    expect(e).toMatchObject({ code: 'UNSUPPORTED', offset: 642 });
  });

  it('zero channels', async () => {
    const fmt = new Uint8Array(16);
    new DataView(fmt.buffer).setUint16(0, 1, true);
    const e = await failure(buildWav({ ...base, fmtPayload: fmt }));
    expect(e).toMatchObject({ code: 'UNSUPPORTED', offset: 632 });
  });

  it('a bext chunk too short to hold the time reference', async () => {
    const bytes = buildWav({ channelCount: 1, frames: 10, extra: [{ id: 'bext', data: new Uint8Array(301) }] });
    const e = await failure(bytes);
    expect(e.code).toBe('TRUNCATED');
    expect(e.message).toMatch(/bext chunk is 301 bytes/);
    expect(e.offset).toBe(12 + 8 + 16 + 8);
  });

  it('no fmt chunk / no data chunk / not WAVE / garbage where a chunk id should be', async () => {
    const noFmt = buildWav({ ...base, fmtPayload: new Uint8Array(16) });
    noFmt.set(new TextEncoder().encode('abcd'), 622);
    expect(await failure(noFmt)).toMatchObject({ code: 'BAD_MAGIC' });
    const notWave = buildWav(base);
    notWave.set(new TextEncoder().encode('AVI '), 8);
    expect(await failure(notWave)).toMatchObject({ code: 'BAD_MAGIC', offset: 8 });
    const garbage = buildWav(base);
    garbage.set([0, 1, 2, 3], 622);
    expect(await failure(garbage)).toMatchObject({ code: 'BAD_MAGIC', offset: 622 });
    const headerOnly = buildWav(base).subarray(0, DATA_HEADER);
    expect(await failure(headerOnly)).toMatchObject({ code: 'TRUNCATED' });
  });

  it('tolerates with diagnostics: odd data size with pad, partial frame, RIFF size mismatch, missing final pad, trailing junk', async () => {
    // An odd-sized chunk followed by its pad byte and another chunk.
    const odd = await readWav(src(buildWav({ ...base, extra: [{ id: 'ABCD', data: new Uint8Array(7) }, { id: 'EFGH', data: new Uint8Array(2), after: true }] })));
    expect(odd.audio!.chunks!.map((c) => [c.id, c.size])).toEqual([['bext', 602], ['fmt ', 16], ['ABCD', 7], ['data', 3000], ['EFGH', 2]]);
    expect(odd.audio!.chunks![3].offset).toBe(DATA_HEADER + 16);
    expect(odd.diagnostics.map((d) => d.code)).toEqual(['wav/unknown-chunk', 'wav/unknown-chunk', 'wav/no-frame-rate']);

    const partial = buildWav({ ...base, frames: 1000 });
    new DataView(partial.buffer).setUint32(DATA_HEADER + 4, 2999, true);
    const p = await readWav(src(partial));
    expect(p.audio!.sampleCount).toBe(999);
    expect(p.diagnostics.map((d) => d.code)).toContain('wav/partial-frame');

    const riff = buildWav({ ...base, riffSizeField: 12345 });
    expect((await readWav(src(riff))).diagnostics.map((d) => d.code)).toContain('wav/riff-size');

    const noPad = buildWav({ channelCount: 1, frames: 3, encoding: 'u8' });
    const cut = await readWav(src(noPad.subarray(0, noPad.length - 1)));
    expect(cut.audio!.sampleCount).toBe(3);
    expect(cut.diagnostics.map((d) => d.code)).toContain('wav/missing-pad');

    const junk = new Uint8Array([...buildWav(base), 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    const j = await readWav(src(junk));
    expect(j.diagnostics.map((d) => d.code)).toContain('wav/trailing-bytes');
  });
});

describe('iXML safety and leniency', () => {
  const wavWith = (ixml: string) => buildWav({ channelCount: 1, frames: 10, bext: { timeReference: 0 }, ixml });

  it('a billion-laughs iXML gives a model, with nothing expanded', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}<!ENTITY x SYSTEM "file:///etc/passwd">]><BWFXML><PROJECT>&lol9;&x;</PROJECT><SCENE>1</SCENE></BWFXML>`;
    const s = await readWav(src(wavWith(lol)));
    // Nothing expanded: the field holds at most the literal text, not 10^9 "lol"s.
    expect((s.audio!.ixml!.project ?? '').length).toBeLessThan(100);
    expect(s.audio!.ixml!.scene).toBe('1');
    expect(s.audio!.ixml!.project ?? '').not.toMatch(/lollol|root:/);
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/ixml-doctype');
  });

  it('deeply nested XML does not overflow the stack', async () => {
    const deep = `<BWFXML><PROJECT>p</PROJECT><NOTE>${'<a>'.repeat(20000)}x${'</a>'.repeat(20000)}</NOTE></BWFXML>`;
    const s = await readWav(src(wavWith(deep)));
    expect(s.audio!.ixml!.project).toBe('p');
  });

  it('reads sloppy XML leniently and the misspelled timestamp element', async () => {
    const sloppy = `<BWFXML><PROJECT>A & B</PROJECT><SCENE>5<SCENE><SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_LO>96000</TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_LO></SPEED></BWFXML>\0\0\0`;
    const s = await readWav(src(wavWith(sloppy)));
    expect(s.audio!.ixml!.project).toBe('A & B');
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/ixml-malformed');
    const spelled = `<BWFXML><SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_LO>96000</TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_LO></SPEED></BWFXML>`;
    expect((await readWav(src(wavWith(spelled)))).audio!.ixml!.timestampSamplesSinceMidnight).toBe(96000);
  });

  it('an iXML without BWFXML gives ixml null and a diagnostic', async () => {
    const s = await readWav(src(wavWith('not xml at all')));
    expect(s.audio!.ixml).toBeNull();
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/ixml-unreadable');
  });
});

describe('fuzz: truncations, bit flips and splices give a model or a FormatError', () => {
  it('never throws anything else (fixed seed, 600 cases)', async () => {
    const rand = prng(0xbeef);
    const x = Float64Array.from({ length: 2000 }, (_, i) => 0.5 * Math.sin(i / 3));
    const seeds = [
      buildWav({ channelCount: 2, frames: 1000, bext: { timeReference: 99, codingHistory: 'A=PCM' }, ixml: '<BWFXML><SPEED><TIMECODE_RATE>24/1</TIMECODE_RATE></SPEED></BWFXML>', junk: 28 }, arraySource([x, x])),
      buildWav({ container: 'RF64', channelCount: 1, frames: 500, encoding: 'f32', extensible: true }, arraySource([x])),
      buildWav({ container: 'BW64', channelCount: 1, frames: 777, encoding: 's16' }, arraySource([x])),
    ];
    let models = 0;
    let errors = 0;
    for (let i = 0; i < 600; i++) {
      const seed = seeds[i % seeds.length];
      let b = seed.slice();
      const op = Math.floor(rand() * 3);
      if (op === 0) b = b.subarray(0, Math.floor(rand() * b.length));
      else if (op === 1) for (let k = 0; k < 1 + rand() * 8; k++) b[Math.floor(rand() * Math.min(b.length, 1200))] ^= 1 << Math.floor(rand() * 8);
      else {
        const at = Math.floor(rand() * Math.min(b.length, 800));
        const from = Math.floor(rand() * b.length);
        b.set(seed.subarray(from, from + Math.floor(rand() * 64)).subarray(0, b.length - at), at);
      }
      try {
        const s = await readWav(src(b));
        expect(s.audio).not.toBeNull();
        models++;
      } catch (e) {
        if (!isFormatError(e)) throw new Error(`case ${i} (op ${op}) threw ${String(e)}`);
        expect(typeof e.offset === 'number' || e.offset === null).toBe(true);
        errors++;
      }
    }
    expect(models).toBeGreaterThan(50);
    expect(errors).toBeGreaterThan(50);
  });
});
