/** Sniff an input and hand it to the reader for its format. */
import { BufferSource, type ByteSource } from './io/byte-source.js';
import { FormatError } from './io/errors.js';
import { describeForeign, sniff, SNIFF_BYTES, type DetectedFormat } from './detect.js';
import { READERS } from './formats/index.js';
import type { DumpOptions, ReadOptions } from './formats/types.js';
import type { Session } from './model/session.js';

export function toSource(input: ByteSource | Uint8Array | ArrayBuffer, name?: string): ByteSource {
  if (input instanceof Uint8Array) return new BufferSource(input, name);
  if (input instanceof ArrayBuffer) return new BufferSource(new Uint8Array(input), name);
  return input;
}

export async function detectFormat(src: ByteSource, name = src.name): Promise<DetectedFormat> {
  const head = await src.read(0, Math.min(SNIFF_BYTES, src.size));
  return sniff(head, name);
}

async function unknownInput(src: ByteSource, path: string): Promise<FormatError> {
  const head = await src.read(0, Math.min(SNIFF_BYTES, src.size));
  const foreign = describeForeign(head);
  return new FormatError({
    code: 'BAD_MAGIC', format: 'unknown', offset: 0, path,
    message: src.size === 0
      ? 'the file is empty'
      : foreign
        ? `this is ${foreign}, not a session, AAF, Session Info as Text export, WAV or zip`
        : 'not a recognised format (expected a Pro Tools session, AAF, Session Info as Text export, WAV, zip or session model JSON)',
  });
}

/**
 * Read one session file (PTX/PTF/PTS, AAF, Session Info as Text, WAV, model
 * JSON) into the normalized model. Throws FormatError for unreadable input.
 */
export async function readSession(
  input: ByteSource | Uint8Array | ArrayBuffer,
  opts: ReadOptions = {},
): Promise<Session> {
  const src = toSource(input, opts.path);
  const path = opts.path ?? src.name;
  const format = await detectFormat(src, path);
  const reader = READERS[format];
  if (!reader) throw await unknownInput(src, path);
  try {
    return await reader.read(src, { ...opts, path });
  } catch (e) {
    if (e instanceof FormatError) throw e.withPath(path);
    throw e;
  }
}

/** Format-level dump (PTX block tree, AAF object tree, RIFF chunks, zip entries). */
export async function dumpInput(input: ByteSource | Uint8Array, opts: DumpOptions = {}): Promise<string> {
  const src = toSource(input, opts.path);
  const path = opts.path ?? src.name;
  const format = await detectFormat(src, path);
  const reader = READERS[format];
  if (!reader?.dump) throw await unknownInput(src, path);
  return reader.dump(src, { ...opts, path });
}
