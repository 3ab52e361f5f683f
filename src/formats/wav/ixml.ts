/**
 * The `iXML` chunk (UTF-8 XML, root <BWFXML>), read leniently: recorders emit
 * sloppy XML, so parse errors become diagnostics and whatever elements are
 * there are used.
 *
 * Safety: the DOCTYPE (and any internal subset with entity declarations) is
 * cut before parsing, so no entity is ever expanded (no "billion laughs") and
 * no external entity is resolved; @xmldom/xmldom itself never fetches. The
 * tree is then read by direct child lookups only (no recursive descent), so a
 * deeply nested document cannot exhaust the stack here.
 */
import type { Diagnostic, Ixml } from '../../model/session.js';
import { lazyModule } from '../../io/lazy-module.js';

/**
 * @xmldom/xmldom, loaded the first time an iXML chunk is parsed: its modules
 * took a third of the time of importing the package (19 to 28 ms in a new
 * process), and most reads never meet an iXML chunk. parseIxml reports a
 * failed load as a diagnostic: the rest of the WAV is still read.
 */
const xmlModule = lazyModule(() => import('@xmldom/xmldom'));

/** Parser messages kept as diagnostics; the rest are counted. */
const MAX_XML_MESSAGES = 5;

type XNode = {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: { length: number; [i: number]: XNode };
};

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeText(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--; // NUL padding written by several recorders
  const b = bytes.subarray(0, end);
  try {
    return utf8Strict.decode(b).replace(/^\uFEFF/, '');
  } catch {
    return latin1.decode(b);
  }
}

/** The document without its DOCTYPE declaration (internal subset included). */
export function withoutDoctype(xml: string): { text: string; hadDoctype: boolean } {
  const start = xml.search(/<!DOCTYPE/i);
  if (start < 0) return { text: xml, hadDoctype: false };
  let i = start + 9;
  let inSubset = false;
  let quote = '';
  for (; i < xml.length; i++) {
    const ch = xml[i];
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') inSubset = true;
    else if (ch === ']') inSubset = false;
    else if (ch === '>' && !inSubset) break;
  }
  return { text: xml.slice(0, start) + xml.slice(Math.min(i + 1, xml.length)), hadDoctype: true };
}

function elementChildren(node: XNode, name: string): XNode[] {
  const out: XNode[] = [];
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.nodeType === ELEMENT && k.nodeName.toUpperCase() === name) out.push(k);
  }
  return out;
}

function child(node: XNode | null, name: string): XNode | null {
  return node ? elementChildren(node, name)[0] ?? null : null;
}

/** Direct text of an element (text and CDATA children), trimmed; null when absent or empty. */
function text(node: XNode | null): string | null {
  if (!node) return null;
  let s = '';
  const kids = node.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    if (k.nodeType === TEXT || k.nodeType === CDATA) s += k.nodeValue ?? '';
  }
  s = s.trim();
  return s === '' ? null : s;
}

function int(s: string | null): number | null {
  if (s === null || !/^\s*\d+\s*$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** The first of several spellings (one C++ library writes ..._SAMPLE_SINCE_MIDNIGHT_...). */
function firstText(node: XNode | null, names: string[]): string | null {
  for (const n of names) {
    const t = text(child(node, n));
    if (t !== null) return t;
  }
  return null;
}

function timestamp(speed: XNode | null): number | null {
  const hi = int(firstText(speed, ['TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI', 'TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_HI']));
  const lo = int(firstText(speed, ['TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO', 'TIMESTAMP_SAMPLE_SINCE_MIDNIGHT_LO']));
  if (hi === null && lo === null) return null;
  const v = (hi ?? 0) * 0x1_0000_0000 + (lo ?? 0);
  return Number.isSafeInteger(v) ? v : null;
}

function tracks(root: XNode, maxEntries: number): Ixml['tracks'] {
  const list = child(root, 'TRACK_LIST');
  if (!list) return [];
  return elementChildren(list, 'TRACK').slice(0, maxEntries).map((t, i) => {
    const channelIndex = int(text(child(t, 'CHANNEL_INDEX')));
    const interleave = int(text(child(t, 'INTERLEAVE_INDEX')));
    return {
      // INTERLEAVE_INDEX is the channel's place in this file; CHANNEL_INDEX the recorder's track number.
      index: interleave ?? channelIndex ?? i + 1,
      name: text(child(t, 'NAME')) ?? '',
      channelIndex,
      function: text(child(t, 'FUNCTION')),
    };
  });
}

/**
 * Decode an iXML payload. Returns null (with a diagnostic) when there is no
 * BWFXML element to read; never throws on malformed XML.
 */
export async function parseIxml(bytes: Uint8Array, offset: number, diagnostics: Diagnostic[], maxEntries = 100_000): Promise<Ixml | null> {
  let DOMParser: (typeof import('@xmldom/xmldom'))['DOMParser'];
  try {
    ({ DOMParser } = await xmlModule());
  } catch (e) {
    diagnostics.push({ code: 'wav/ixml-unreadable', severity: 'warning', offset, message: `iXML chunk not read: the XML parser could not be loaded (${(e as Error)?.message ?? String(e)})` });
    return null;
  }
  const raw = decodeText(bytes);
  const { text: xml, hadDoctype } = withoutDoctype(raw);
  if (hadDoctype) {
    diagnostics.push({ code: 'wav/ixml-doctype', severity: 'warning', offset, message: 'iXML has a DOCTYPE declaration; it was ignored and no entity was expanded' });
  }
  const messages: string[] = [];
  let extra = 0;
  const note = (level: string) => (m: string) => {
    if (messages.length < MAX_XML_MESSAGES) messages.push(`${level}: ${String(m).split('\n')[0].replace(/\[xmldom \w+\]\s*/, '')}`);
    else extra++;
  };
  let doc: { documentElement: XNode | null } | null = null;
  try {
    doc = new DOMParser({ errorHandler: { warning: note('warning'), error: note('error'), fatalError: note('fatal') } })
      .parseFromString(xml, 'text/xml') as unknown as { documentElement: XNode | null };
  } catch (e) {
    note('fatal')((e as Error).message);
  }
  if (messages.length) {
    diagnostics.push({
      code: 'wav/ixml-malformed', severity: 'info', offset,
      message: `iXML is not well-formed (read leniently): ${messages.join('; ')}${extra ? `; and ${extra} more` : ''}`,
    });
  }
  const root = doc?.documentElement ?? null;
  if (!root || root.nodeName.toUpperCase() !== 'BWFXML') {
    diagnostics.push({ code: 'wav/ixml-unreadable', severity: 'warning', offset, message: `iXML chunk has no <BWFXML> root element${root ? ` (found <${root.nodeName}>)` : ''}` });
    return null;
  }
  const speed = child(root, 'SPEED');
  return {
    project: text(child(root, 'PROJECT')),
    scene: text(child(root, 'SCENE')),
    take: text(child(root, 'TAKE')),
    tape: text(child(root, 'TAPE')),
    note: text(child(root, 'NOTE')),
    timecodeRate: text(child(speed, 'TIMECODE_RATE')),
    timecodeFlag: text(child(speed, 'TIMECODE_FLAG'))?.toUpperCase() ?? null,
    fileSampleRate: int(text(child(speed, 'FILE_SAMPLE_RATE'))),
    timestampSamplesSinceMidnight: timestamp(speed),
    tracks: tracks(root, maxEntries),
  };
}
