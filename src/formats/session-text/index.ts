/**
 * Pro Tools "Session Info as Text" reader (File > Export > Session Info as
 * Text): header, file and clip listings, plug-in listing, track blocks with
 * inserts, state flags and clip events, markers. See parse.ts for the layout,
 * time.ts for the time formats and model.ts for how it maps to the model.
 */
import { readExact, type ByteSource } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import { checkLimit, Deadline, resolveLimits } from '../../io/limits.js';
import type { Session } from '../../model/session.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { buildSession } from './model.js';
import { parseExport, sectionTitleOf } from './parse.js';
import { decodeLines } from './text.js';

export { decodeLines, detectEncoding } from './text.js';
export { parsePosition, timeFormatOf, type TimeFormat } from './time.js';

async function decodedLinesOf(src: ByteSource, opts: ReadOptions) {
  const path = opts.path ?? src.name;
  const limits = resolveLimits(opts.limits);
  checkLimit(limits, 'maxStructureBytes', src.size, 'session-text', 0, 'text export size');
  if (src.size === 0) throw new FormatError({ code: 'TRUNCATED', format: 'session-text', offset: 0, path, message: 'the file is empty' });
  const bytes = await readExact(src, 0, src.size, 'session-text', 'text export');
  const text = decodeLines(bytes);
  checkLimit(limits, 'maxEntries', text.lines.length, 'session-text', 0, 'lines in the text export');
  return { path, limits, text };
}

/**
 * Read a Session Info as Text export into the session model. Throws a
 * FormatError (naming the line and byte offset) when the text is not such an
 * export or is cut off before its header is complete.
 */
export async function readSessionText(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const { path, limits, text } = await decodedLinesOf(src, opts);
  const deadline = new Deadline(limits, 'session-text');
  let n = 0;
  const raw = parseExport(text.lines, (l) => {
    // From the first line on (a small export is checked too), then every 1024 lines.
    if ((++n & 1023) === 1) {
      deadline.check(l.offset);
      if (opts.signal?.aborted) throw new FormatError({ code: 'LIMIT', format: 'session-text', offset: l.offset, path, message: 'reading was aborted' });
      opts.onProgress?.({ phase: 'lines', done: n, total: text.lines.length });
    }
  });
  const session = buildSession(raw, { path, encoding: text.encoding, lineEnding: text.lineEnding, firstLine: text.lines.find((l) => l.text.trim() !== '') ?? null,
    lastLine: text.lines[text.lines.length - 1] ?? null,
  });
  if (text.encoding !== 'utf-8') {
    session.diagnostics.unshift({
      code: 'session-text/encoding', severity: 'info', offset: null,
      message: text.encoding === 'utf-16le' || text.encoding === 'utf-16be'
        ? `decoded as ${text.encoding} (a byte-order mark; Pro Tools itself writes UTF-8 or MacRoman, so the file was re-saved)`
        : `decoded as ${text.encoding === 'macintosh' ? 'MacRoman' : 'Windows-1252'} (a "TextEdit" format export; the encoding is inferred from the bytes)`,
    });
  }
  return session;
}

/** The export's structure: encoding, line endings, sections with their lines, then the model. */
export async function dumpSessionText(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  const { text } = await decodedLinesOf(src, opts);
  const out = [`encoding: ${text.encoding}${text.bom ? ' (BOM)' : ''}`, `line endings: ${text.lineEnding}`, `lines: ${text.lines.length}`];
  for (const l of text.lines) {
    const title = sectionTitleOf(l.text);
    if (title) out.push(`line ${l.number} @${l.offset}: ${title}`);
  }
  const session = await readSessionText(src, opts);
  out.push(JSON.stringify(session, null, 2));
  return out.join('\n');
}
