/**
 * Delivery packages (browser-safe core): a zip read without unpacking, or any
 * other container (see src/node/folder.ts), as one Session for the delivery
 * with `session.package` listing every entry.
 */
import type { ByteSource } from '../io/byte-source.js';
import type { ReadOptions } from '../formats/types.js';
import type { Session } from '../model/session.js';
import { openZip, type ZipArchive } from '../formats/zip/index.js';
import { buildPackageSession, type PackageContainer } from './build.js';
import type { PackageItem } from './layout.js';

export { buildPackageSession, type PackageContainer } from './build.js';
export { unsafeReason, roleOf, type PackageItem } from './layout.js';
export { referencedFileName, resolveMediaFiles } from './media.js';

function baseNameOf(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

/** A zip archive as a package container. */
export function zipContainer(zip: ZipArchive, src: ByteSource): PackageContainer {
  const byPath = new Map<PackageItem, (typeof zip.entries)[number]>();
  const items = zip.entries.map((e) => {
    const item: PackageItem = {
      path: e.name, size: e.size, compressedSize: e.compressedSize, isDirectory: e.isDirectory,
      encrypted: e.encrypted, symlink: e.symlink,
    };
    byPath.set(item, e);
    return item;
  });
  const start = src.bytesRead;
  return {
    kind: 'zip', path: zip.path, name: baseNameOf(zip.path), items,
    open: async (item) => zip.openEntry(byPath.get(item)!),
    diagnostics: zip.diagnostics,
    bytesRead: () => src.bytesRead - start,
  };
}

/**
 * Read a zip delivery into one Session: every session view at the package
 * root merged, media resolved against `Audio Files/`, audio headers read, and
 * `session.package` listing all entries. Reads the central directory, the
 * views and the first bytes of each audio file, never the whole archive.
 */
export async function readPackage(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  const start = src.bytesRead;
  const zip = await openZip(src, { path, limits: opts.limits });
  const container = zipContainer(zip, src);
  const session = await buildPackageSession({ ...container, bytesRead: () => src.bytesRead - start }, { ...opts, path });
  return session;
}
