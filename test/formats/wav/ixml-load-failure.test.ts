/**
 * The iXML parser (@xmldom/xmldom) is loaded the first time an iXML chunk is
 * read. When it cannot be loaded, the WAV is still read: the chunk is
 * reported unreadable with the reason, and nothing else is lost.
 */
import { describe, expect, it, vi } from 'vitest';
import { BufferSource } from '../../../src/io/byte-source.js';
import { readWav } from '../../../src/formats/wav/index.js';
import { validateSession } from '../../../src/formats/model/index.js';
import { buildWav } from '../../support/wav-writer.js';

vi.mock('@xmldom/xmldom', () => {
  throw new Error('simulated: the XML parser is not installed');
});

describe('iXML when the XML parser cannot be loaded', () => {
  it('reads the WAV and reports the iXML chunk as unreadable, with the reason', async () => {
    const xml = '<BWFXML><PROJECT>p</PROJECT><SCENE>4</SCENE></BWFXML>';
    const s = await readWav(new BufferSource(buildWav({ channelCount: 1, frames: 10, ixml: xml }), 'x.wav'), { measureAudio: false });
    expect(s.audio?.ixml ?? null).toBeNull();
    const d = s.diagnostics.find((x) => x.code === 'wav/ixml-unreadable');
    // The loader's own message follows (vitest wraps the factory's error in its own).
    expect(d?.message).toMatch(/^iXML chunk not read: the XML parser could not be loaded \(.+\)$/s);
    expect(d?.severity).toBe('warning');
    expect(s.sampleRate).toBe(48000);
    expect(validateSession(s)).toEqual([]);
  });
});
