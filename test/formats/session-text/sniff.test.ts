import { describe, expect, it } from 'vitest';
import { sniff } from '../../../src/detect.js';
import { sessionTextBytes, type WriterOptions } from '../../support/session-text-writer.js';

const session = { name: 'Café', tracks: [{ name: 'Señal', clips: [] }] };

describe('sniff: Session Info as Text exports', () => {
  const variants: WriterOptions[] = [
    {}, { encoding: 'utf-8-bom' }, { encoding: 'macintosh', lineEnding: '\r' }, { encoding: 'windows-1252', lineEnding: '\r\n' },
  ];
  for (const v of variants) {
    it(`recognises ${JSON.stringify(v)}`, () => {
      expect(sniff(sessionTextBytes(session, v), 'x.txt')).toBe('session-text');
      // Content wins over the name.
      expect(sniff(sessionTextBytes(session, v), 'x.dat')).toBe('session-text');
    });
  }

  it('recognises a UTF-16 re-save with a BOM', () => {
    const text = new TextDecoder().decode(sessionTextBytes(session));
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) { le[2 + 2 * i] = text.charCodeAt(i) & 0xff; le[3 + 2 * i] = text.charCodeAt(i) >> 8; }
    expect(sniff(le, 'x.txt')).toBe('session-text');
  });

  it('does not take other text for an export', () => {
    expect(sniff(new TextEncoder().encode('Dear diary,\nSESSION: none\n'), 'x.txt')).toBe('unknown');
  });
});
