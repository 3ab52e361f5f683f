/**
 * A session folder on disk as a delivery package: the same model as a zip
 * (`session.package.kind` 'folder'), files opened read-only, symbolic links
 * listed as unsafe and never followed.
 */
import { lstat, opendir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ByteSource } from '../io/byte-source.js';
import { FormatError } from '../io/errors.js';
import { checkLimit, resolveLimits, type Limits } from '../io/limits.js';
import type { ReadOptions } from '../formats/types.js';
import type { Session } from '../model/session.js';
import { buildPackageSession, type PackageContainer } from '../package/build.js';
import type { PackageItem } from '../package/layout.js';
import { FileSource } from './file-source.js';

/** Files and folders under `dir`, '/'-separated relative paths, folders ending in '/'. */
export async function listFolder(dir: string, limits: Limits): Promise<PackageItem[]> {
  const items: PackageItem[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    checkLimit(limits, 'maxDepth', depth, 'folder', null, `folder depth at '${rel}'`);
    const handle = await opendir(join(dir, rel));
    const names: Array<{ name: string; dir: boolean; link: boolean }> = [];
    for await (const d of handle) names.push({ name: d.name, dir: d.isDirectory(), link: d.isSymbolicLink() });
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const n of names) {
      const path = `${rel}${n.name}`;
      checkLimit(limits, 'maxEntries', items.length + 1, 'folder', null, 'folder entry count');
      if (n.link) {
        items.push({ path, size: 0, compressedSize: null, isDirectory: false, encrypted: false, symlink: true });
      } else if (n.dir) {
        items.push({ path: `${path}/`, size: 0, compressedSize: null, isDirectory: true, encrypted: false });
        await walk(`${path}/`, depth + 1);
      } else {
        const st = await lstat(join(dir, path));
        items.push({ path, size: st.size, compressedSize: null, isDirectory: false, encrypted: false });
      }
    }
  };
  await walk('', 0);
  return items;
}

/**
 * Read a session folder (a .ptx with its Audio Files, or any delivery folder)
 * into one Session, as `readPackage` does for a zip.
 */
export async function readFolderPackage(dir: string, opts: ReadOptions = {}): Promise<Session> {
  const root = resolve(dir);
  const st = await lstat(root).catch(() => null);
  if (!st?.isDirectory()) {
    throw new FormatError({ code: 'BAD_MAGIC', format: 'folder', offset: null, path: dir, message: 'not a folder' });
  }
  const limits = resolveLimits(opts.limits);
  const items = await listFolder(root, limits);
  let bytesRead = 0;
  const open = new Set<ByteSource>();
  const container: PackageContainer = {
    kind: 'folder', path: opts.path ?? dir, name: basename(root), items,
    open: async (item) => {
      const src = await FileSource.open(join(root, item.path));
      open.add(src);
      return src;
    },
    release: async (src) => {
      if (!open.delete(src)) return;
      bytesRead += src.bytesRead;
      await src.close?.();
    },
    diagnostics: [],
    bytesRead: () => bytesRead + [...open].reduce((n, s) => n + s.bytesRead, 0),
  };
  try {
    return await buildPackageSession(container, { ...opts, path: container.path });
  } finally {
    for (const src of open) await src.close?.();
  }
}
