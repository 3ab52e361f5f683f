/** Node-only entry: file sources and helpers that touch the file system. */
import { readSession } from '../read.js';
import type { ReadOptions } from '../formats/types.js';
import type { Session } from '../model/session.js';
import { FileSource, relativeOpener } from './file-source.js';

export { FileSource, relativeOpener };

/** Read a session file from disk (read-only). */
export async function readSessionFile(path: string, opts: ReadOptions = {}): Promise<Session> {
  const src = await FileSource.open(path);
  try {
    return await readSession(src, { path, openRelative: relativeOpener(path), ...opts });
  } finally {
    await src.close();
  }
}

export { readFolderPackage, listFolder } from './folder.js';
export {
  findDeliveries, readDelivery, runBatch, inspectTree, toBatchError,
  type Delivery, type DeliveryKind, type SkippedFile, type FindOptions, type BatchError, type BatchOutcome,
  type BatchProgress, type BatchOptions, type BatchSummary, type WorkerTask, type InlineTask,
} from './batch.js';
