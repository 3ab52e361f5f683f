/**
 * Zip archives without unpacking: the central directory is read from the end
 * of the file and entries are opened as ByteSources that read (and inflate)
 * only what is asked of them. `readZip` builds the package model of a
 * delivery (see src/package/).
 */
import type { ByteSource } from '../../io/byte-source.js';
import { budgetedSource, resolveLimits, type Limits } from '../../io/limits.js';
import type { Diagnostic, Session } from '../../model/session.js';
import { readPackage } from '../../package/index.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { readCentralDirectory, type ZipEntry } from './central-directory.js';
import { entrySource, type EntryContext } from './entry-source.js';
import { TailCachedSource } from './tail-cache.js';

export type { ZipEntry } from './central-directory.js';
export { decodeCp437, encodeCp437, crc32 } from './text.js';

export type OpenZipOptions = Pick<ReadOptions, 'path' | 'limits'> & {
  /** Inflated bytes each deflated entry keeps for backward reads before inflating again from its start (default 64 MiB). */
  inflateWindow?: number;
};

/** An opened zip: its entries and a way to read each. */
export type ZipArchive = {
  /** Path of the archive, as used in `zip!entry` names. */
  readonly path: string;
  readonly size: number;
  readonly entries: ZipEntry[];
  readonly comment: string;
  readonly zip64: boolean;
  /** Absolute offset and size of the central directory. */
  readonly centralDirectory: { offset: number; size: number };
  /** Non-fatal findings (trailing data, duplicate names, local/central name mismatch). */
  readonly diagnostics: Diagnostic[];
  /** Bytes inflated so far from all entries. */
  readonly bytesInflated: number;
  readonly limits: Limits;
  /** The entry with this exact name (the first, if repeated). */
  entry(name: string): ZipEntry | undefined;
  /**
   * The entry's uncompressed bytes as a ByteSource; nothing is read until the
   * source is. Throws FormatError UNSUPPORTED for encrypted entries, folders
   * and compression methods other than stored/deflated.
   */
  openEntry(entry: ZipEntry): ByteSource;
};

/** Open a zip from its central directory (reads the tail and the directory only). */
export async function openZip(input: ByteSource, opts: OpenZipOptions = {}): Promise<ZipArchive> {
  const path = opts.path ?? input.name;
  const limits = resolveLimits(opts.limits);
  const src = new TailCachedSource(budgetedSource(input, limits, 'zip'));
  const cd = await readCentralDirectory(src, limits, path);
  let inflated = 0;
  const byName = new Map<string, ZipEntry>();
  for (const e of cd.entries) if (!byName.has(e.name)) byName.set(e.name, e);
  const diagnostics = cd.diagnostics;
  const ctx: EntryContext = {
    archive: src, path, limits, dataEnd: cd.offset, retainBytes: opts.inflateWindow,
    onInflated: (n) => { inflated += n; },
    onLocalNameMismatch: (entry) => {
      diagnostics.push({
        code: 'zip/local-name-mismatch', message: `the local header of '${entry.name}' carries a name of another length`,
        offset: entry.localHeaderOffset, severity: 'warning',
      });
    },
  };
  return {
    path, size: src.size, entries: cd.entries, comment: cd.comment, zip64: cd.zip64,
    centralDirectory: { offset: cd.offset, size: cd.size }, diagnostics, limits,
    get bytesInflated() { return inflated; },
    entry: (name) => byName.get(name),
    openEntry: (entry) => entrySource(ctx, entry),
  };
}

function describeMethod(e: ZipEntry): string {
  if (e.isDirectory) return 'folder';
  if (e.method === 0) return 'stored';
  if (e.method === 8) return 'deflated';
  return `method ${e.method}`;
}

/** A listing of the archive's entries (offsets, sizes, method, flags). */
export async function dumpZip(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  const zip = await openZip(src, opts);
  const lines = [
    `zip ${zip.path}: ${zip.size} bytes, ${zip.entries.length} entries${zip.zip64 ? ', ZIP64' : ''}, ` +
      `central directory ${zip.centralDirectory.size} bytes at ${zip.centralDirectory.offset}`,
  ];
  if (zip.comment) lines.push(`comment: ${JSON.stringify(zip.comment)}`);
  lines.push('   offset        size  compressed  method    flags  name');
  for (const e of zip.entries) {
    const flags = [
      e.encrypted ? 'E' : '-', e.hasDataDescriptor ? 'D' : '-', e.utf8 ? 'U' : '-', e.zip64 ? '6' : '-', e.symlink ? 'L' : '-',
    ].join('');
    lines.push(
      `${String(e.localHeaderOffset).padStart(9)} ${String(e.size).padStart(11)} ${String(e.compressedSize).padStart(11)}  ` +
        `${describeMethod(e).padEnd(8)}  ${flags}  ${e.name}`,
    );
  }
  for (const d of zip.diagnostics) lines.push(`${d.code}: ${d.message}`);
  return lines.join('\n') + '\n';
}

/** The package model of a zip delivery (see `readPackage`). */
export async function readZip(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  return readPackage(src, opts);
}
