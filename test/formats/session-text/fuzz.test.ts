/**
 * Seeded mutations of Session Info as Text exports (corpus files when present,
 * and writer output): truncations, byte flips, dropped, doubled and swapped
 * lines. Every input gives a model or a FormatError — never a TypeError or
 * RangeError — and every model keeps its invariants (integer positions,
 * non-negative lengths, diagnostics that name a line).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSessionText } from '../../../src/formats/session-text/index.js';
import { BufferSource } from '../../../src/io/byte-source.js';
import { isFormatError } from '../../../src/io/errors.js';
import { corpusPath, HAVE_CORPUS } from '../../support/corpus.js';
import { sessionTextBytes } from '../../support/session-text-writer.js';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >> 17; x ^= x << 5; x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const int = (n: number) => Math.floor(r() * n);
  const kind = int(5);
  if (kind === 0) return bytes.slice(0, int(bytes.length + 1));
  if (kind === 1) {
    const out = bytes.slice();
    for (let i = 0, n = 1 + int(8); i < n; i++) out[int(out.length)] = int(256);
    return out;
  }
  const text = new TextDecoder('latin1').decode(bytes);
  const lines = text.split('\n');
  const i = int(lines.length);
  const j = int(lines.length);
  if (kind === 2) lines.splice(i, 1 + int(5));
  else if (kind === 3) lines.splice(i, 0, ...lines.slice(j, j + 1 + int(10)));
  else [lines[i], lines[j]] = [lines[j], lines[i]];
  const s = lines.join(r() < 0.2 ? '\r' : '\n');
  const out = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = s.charCodeAt(k) & 0xff;
  return out;
}

const seeds: Array<[string, Uint8Array]> = [
  ['writer', sessionTextBytes({
    name: 'Fuzz', fps: '29.97', dropFrame: true, start: '00:58:00;00',
    files: [{ name: 'a.wav', location: 'HD:a:' }], clips: [{ name: 'a', file: 'a.wav' }],
    plugins: [{ manufacturer: 'Avid', name: 'Trim', instances: '1 active' }],
    tracks: [{ name: 'A', plugins: ['Trim (mono)'], clips: [{ name: 'a', start: 172_000_000, end: 172_100_000, fadeIn: 1000, fadeOut: 1000 }] }],
    markers: [{ name: 'm', position: 172_050_000, comment: 'c' }],
  }, { timeFormat: 'timecode', subframes: true })],
];
if (HAVE_CORPUS) {
  const dir = corpusPath('session-text');
  for (const f of readdirSync(dir).filter((x) => !x.includes('FPPFinal'))) seeds.push([f, new Uint8Array(readFileSync(`${dir}/${f}`))]);
}

describe('session text fuzz', () => {
  it(`${seeds.length} inputs × 40 mutations give a model or a FormatError`, async () => {
    const r = rng(20261121);
    let models = 0;
    let errors = 0;
    for (const [name, bytes] of seeds) {
      for (let k = 0; k < 40; k++) {
        const input = mutate(bytes, r);
        try {
          const s = await readSessionText(new BufferSource(input, name), { path: name });
          models++;
          for (const t of s.tracks) {
            for (const c of t.playlists.flatMap((p) => p.clips)) {
              expect(Number.isInteger(c.position), `${name} #${k}`).toBe(true);
              expect(c.length).toBeGreaterThanOrEqual(0);
            }
          }
          for (const m of s.markers) expect(Number.isInteger(m.position)).toBe(true);
          for (const d of s.diagnostics) expect(typeof d.message).toBe('string');
        } catch (e) {
          if (!isFormatError(e)) throw new Error(`${name} mutation #${k}: ${(e as Error).stack}`);
          errors++;
        }
      }
    }
    expect(models).toBeGreaterThan(0);
    expect(models + errors).toBe(seeds.length * 40);
  });
});
