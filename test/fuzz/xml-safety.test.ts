/**
 * XML safety beyond test/formats/wav (which has the billion-laughs iXML with
 * an external entity): iXML is the only XML the project parses (JUnit XML is
 * written, never read; axml/ADM chunks are listed, not parsed). Tricks that
 * get a DOCTYPE past a naive filter must still expand nothing and fetch
 * nothing, and an oversized iXML meets maxStringBytes.
 */
import { describe, expect, it } from 'vitest';
import { BufferSource } from '../../src/io/byte-source.js';
import { readWav } from '../../src/formats/wav/index.js';
import { parseIxml } from '../../src/formats/wav/ixml.js';
import { validateSession } from '../../src/formats/model/index.js';
import { buildWav } from '../support/wav-writer.js';

const te = new TextEncoder();
const laughs = (n: number) => `<!ENTITY lol "lol">${Array.from({ length: n }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}`;

async function ixmlOf(xml: string) {
  const diagnostics: Parameters<typeof parseIxml>[2] = [];
  return { ixml: await parseIxml(te.encode(xml), 0, diagnostics), diagnostics };
}

describe('iXML: nothing is expanded, nothing is fetched', () => {
  const cases: Array<[string, string]> = [
    ['two DOCTYPEs (the filter cuts the first)', `<!DOCTYPE a><!DOCTYPE b [${laughs(9)}]><BWFXML><PROJECT>&lol9;</PROJECT><SCENE>1</SCENE></BWFXML>`],
    ['a DOCTYPE mentioned in a comment first', `<!-- <!DOCTYPE x> --><!DOCTYPE b [${laughs(9)}<!ENTITY x SYSTEM "file:///etc/passwd">]><BWFXML><PROJECT>&lol9;&x;</PROJECT><SCENE>1</SCENE></BWFXML>`],
    ['a parameter entity and an external DTD', `<!DOCTYPE b SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><BWFXML><PROJECT>a</PROJECT><SCENE>1</SCENE></BWFXML>`],
    ['entities in an attribute', `<!DOCTYPE b [${laughs(9)}]><BWFXML note="&lol9;"><PROJECT>p</PROJECT><SCENE>1</SCENE></BWFXML>`],
    ['quadratic blowup (one big entity, many references)', `<!DOCTYPE b [<!ENTITY big "${'x'.repeat(100_000)}">]><BWFXML><PROJECT>${'&big;'.repeat(10_000)}</PROJECT><SCENE>1</SCENE></BWFXML>`],
    ['XInclude', `<BWFXML xmlns:xi="http://www.w3.org/2001/XInclude"><PROJECT><xi:include href="file:///etc/passwd" parse="text"/></PROJECT><SCENE>1</SCENE></BWFXML>`],
  ];
  it.each(cases)('%s', async (_name, xml) => {
    const { ixml } = await ixmlOf(xml);
    expect(ixml?.scene ?? '1').toBe('1');
    const project = ixml?.project ?? '';
    expect(project).not.toMatch(/lollol|root:|xxxxxxxxxx/);
    // Unexpanded references may stay as text; nothing grows past the input.
    expect(project.length).toBeLessThanOrEqual(xml.length);
  });

  it('through the WAV reader: a model, valid, with the DOCTYPE reported', async () => {
    const xml = `<!DOCTYPE b [${laughs(9)}<!ENTITY x SYSTEM "file:///etc/passwd">]><BWFXML><PROJECT>&lol9;&x;</PROJECT><SCENE>2</SCENE></BWFXML>`;
    const s = await readWav(new BufferSource(buildWav({ channelCount: 1, frames: 10, ixml: xml }), 'x.wav'), { measureAudio: false });
    expect(s.audio?.ixml?.scene).toBe('2');
    expect(s.audio?.ixml?.project ?? '').not.toMatch(/lollol|root:/);
    expect(s.diagnostics.map((d) => d.code)).toContain('wav/ixml-doctype');
    expect(validateSession(s)).toEqual([]);
  });

  it('an iXML larger than maxStringBytes is not parsed (a warning says so)', async () => {
    const xml = `<BWFXML><PROJECT>${'p'.repeat(5000)}</PROJECT><SCENE>3</SCENE></BWFXML>`;
    const wav = buildWav({ channelCount: 1, frames: 10, ixml: xml });
    const small = await readWav(new BufferSource(wav, 'x.wav'), { measureAudio: false, limits: { maxStringBytes: 1000 } });
    expect(small.audio?.ixml ?? null).toBeNull();
    expect(small.diagnostics.map((d) => d.code)).toContain('wav/ixml-too-large');
    const raised = await readWav(new BufferSource(wav, 'x.wav'), { measureAudio: false, limits: { maxStringBytes: 10_000 } });
    expect(raised.audio?.ixml?.scene).toBe('3');
  });
});
