import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { audioHeaderView, MaskedSource } from '../../src/package/audio-view.js';
import { wavHeader } from '../support/zip-writer.js';
import { concat } from '../support/bytes.js';

const te = new TextEncoder();

function chunk(id: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length + (payload.length & 1));
  out.set(te.encode(id));
  new DataView(out.buffer).setUint32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

/** RIFF WAVE with a bext-like chunk before the samples and an iXML chunk after. */
function bwf(samples: number): { bytes: Uint8Array; dataStart: number; dataEnd: number } {
  const h = wavHeader({ frames: samples / 3 });
  const fmt = h.subarray(12, 36);
  const data = chunk('data', new Uint8Array(samples).fill(0x55));
  const body = concat(te.encode('WAVE'), fmt, chunk('bext', new Uint8Array(602).fill(0x41)), data, chunk('iXML', te.encode('<BWFXML/>')));
  const riff = concat(te.encode('RIFF'), new Uint8Array(4), body);
  new DataView(riff.buffer).setUint32(4, body.length, true);
  const dataStart = 12 + fmt.length + 610 + 8;
  return { bytes: riff, dataStart, dataEnd: dataStart + samples };
}

describe('MaskedSource', () => {
  it('reads zeros inside the mask without reading them, real bytes around it', async () => {
    const bytes = new Uint8Array(100).map((_, i) => i + 1);
    const inner = new BufferSource(bytes);
    const m = new MaskedSource(inner, 30, 60);
    const out = await m.read(20, 50);
    expect(Array.from(out.subarray(0, 10))).toEqual(Array.from(bytes.subarray(20, 30)));
    expect(out.subarray(10, 40).every((b) => b === 0)).toBe(true);
    expect(Array.from(out.subarray(40))).toEqual(Array.from(bytes.subarray(60, 70)));
    expect(inner.bytesRead).toBe(20);
    expect((await m.read(95, 20)).length).toBe(5);
  });
});

describe('audioHeaderView', () => {
  it('masks the data payload of a stored WAV and keeps the chunks around it', async () => {
    const { bytes, dataStart, dataEnd } = bwf(300_000);
    const inner = new BufferSource(bytes);
    const view = await audioHeaderView(inner, false);
    expect(view.size).toBe(bytes.length);
    const all = await view.read(0, view.size);
    expect(Buffer.compare(all.subarray(0, dataStart), bytes.subarray(0, dataStart))).toBe(0);
    expect(all.subarray(dataStart, dataEnd).every((b) => b === 0)).toBe(true);
    expect(Buffer.compare(all.subarray(dataEnd), bytes.subarray(dataEnd))).toBe(0);
    expect(inner.bytesRead).toBeLessThan(4096 + 2 * (bytes.length - (dataEnd - dataStart)));
  });

  it('cuts a compressed WAV after its data chunk', async () => {
    const { bytes, dataEnd } = bwf(3000);
    const view = await audioHeaderView(new BufferSource(bytes), true);
    expect(view.size).toBe(dataEnd);
  });

  it('takes the data size of an RF64 file from ds64', async () => {
    const ds64 = new Uint8Array(28);
    new DataView(ds64.buffer).setUint32(8, 5000, true);
    const data = concat(te.encode('data'), new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array(5000).fill(7));
    const bytes = concat(te.encode('RF64'), new Uint8Array([0xff, 0xff, 0xff, 0xff]), te.encode('WAVE'), chunk('ds64', ds64), data, chunk('iXML', te.encode('<x/>')));
    const view = await audioHeaderView(new BufferSource(bytes), true);
    expect(view.size).toBe(12 + 36 + 8 + 5000);
  });

  it('leaves other files alone', async () => {
    const src = new BufferSource(te.encode('FORM....AIFF'));
    expect(await audioHeaderView(src, false)).toBe(src);
  });
});
