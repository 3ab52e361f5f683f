/**
 * One delivery, end to end: read its inputs (read-only), merge the views of
 * one session, run the policy, and return the report. Runs in the CLI's
 * thread or in a batch worker (`inspectDelivery` is the worker task: its
 * arguments and result are plain data).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isFormatError } from '../io/errors.js';
import { FileSource, relativeOpener } from '../node/file-source.js';
import { readFolderPackage } from '../node/folder.js';
import { readPackage } from '../package/index.js';
import { readSession } from '../read.js';
import { mergeSessions } from '../model/merge.js';
import type { Session } from '../model/session.js';
import { checkSession, summarize, unreadableReport, type FailOn } from '../policy/check.js';
import type { ResolvedPolicy } from '../policy/config.js';
import type { CheckInputs } from '../policy/rule.js';
import type { InputInfo, Report } from '../report/types.js';
import { renderNestedReportJson } from '../report/json.js';
import type { ReadOptions } from '../formats/types.js';

export type DeliveryInput = {
  /** zip | folder | wav | session (session files of one folder, merged) */
  kind: 'zip' | 'folder' | 'wav' | 'session';
  path: string;
  /** For `session`: every file of the session (the .ptx, its text export, an AAF). */
  files?: string[];
};

export type InspectOptions = {
  profile: string;
  policy: ResolvedPolicy | null;
  inputs: CheckInputs;
  failOn: FailOn;
  hash: boolean;
  /** Return the session model too (for the HTML timeline). */
  withSession: boolean;
  /**
   * Render the report as JSON where it sits in a batch report (indented
   * under "reports") and return that text, with the report reduced to its
   * head (results and rules left out): a batch's JSON is then rendered by
   * the lanes in parallel and written as it comes, instead of being built
   * whole in one thread (a faulty delivery's report is about 1 MB).
   */
  renderBatchJson?: boolean;
};

export type Inspected = {
  report: Report;
  session: Session | null;
  errors: string[];
  /** With `renderBatchJson`: the report as batch JSON text (then `report` holds no results or rules). */
  text?: string;
};

function withBatchJson(r: Inspected, o: InspectOptions): Inspected {
  if (!o.renderBatchJson) return r;
  return { ...r, text: renderNestedReportJson(r.report), report: { ...r.report, results: [], rules: [] } };
}

const HASH_LIMIT = 1024 * 1024 * 1024;

/** One buffer for every hash of the process (a read stream would make a new 64 KiB buffer per chunk). */
let hashBuffer: Buffer | null = null;
/** Bytes hashed between two turns of the event loop (a batch's workers and timers are served in between). */
const HASH_SLICE = 64 * 1024 * 1024;

/**
 * The file's SHA-256, read to its end in 1 MiB positional reads into one
 * reused buffer; null past HASH_LIMIT (also when the file grows past it while
 * it is read).
 */
async function sha256(path: string): Promise<string | null> {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size > HASH_LIMIT) return null;
    const h = createHash('sha256');
    const buf = (hashBuffer ??= Buffer.allocUnsafe(1 << 20));
    for (let pos = 0, slice = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      h.update(n === buf.length ? buf : buf.subarray(0, n));
      pos += n;
      if (pos > HASH_LIMIT) return null;
      if ((slice += n) >= HASH_SLICE) {
        slice = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return h.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/** The words for the system error codes a file's open or read commonly gives. */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/**
 * Why a file could not be opened or read: a system error in words, with its
 * code ("no such file or folder (ENOENT)"); any other error's message.
 */
export function systemErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code) return (e as Error)?.message ?? String(e);
  return Object.hasOwn(SYSTEM_ERRORS, code) ? `${SYSTEM_ERRORS[code]} (${code})` : code;
}

function errorInfo(path: string, e: unknown, bytes: number | null, bytesRead: number | null): InputInfo {
  const fe = isFormatError(e) ? e : null;
  const errno = (e as NodeJS.ErrnoException)?.code;
  // NOT_FOUND for a path that is not there; CANNOT_OPEN for one the system refused (permissions, a folder, I/O).
  const code = fe?.code ?? (errno ? (errno === 'ENOENT' || errno === 'ENOTDIR' ? 'NOT_FOUND' : 'CANNOT_OPEN') : 'INTERNAL');
  const message = errno && !fe ? `cannot open: ${systemErrorText(e)}` : (e as Error)?.message ?? String(e);
  return { path, kind: fe?.format ?? 'unknown', sha256: null, bytes, bytesRead, error: { code, message, offset: fe?.offset ?? null } };
}

/** Read one file (session, WAV, zip, model) read-only, with its report input entry. */
export async function loadFile(path: string, hash: boolean, readOpts: ReadOptions = {}): Promise<{ session: Session | null; info: InputInfo; error?: unknown }> {
  let size: number | null = null;
  let src: FileSource | null = null;
  try {
    size = statSync(path).size;
    src = await FileSource.open(path);
    const isZip = /\.zip$/i.test(path);
    const session = isZip
      ? await readPackage(src, { path, ...readOpts })
      : await readSession(src, { path, openRelative: relativeOpener(path), ...readOpts });
    const kind = isZip ? 'zip' : /\.json$/i.test(path) ? 'model' : session.source.format;
    const info: InputInfo = { path, kind, sha256: hash ? await sha256(path) : null, bytes: size, bytesRead: src.bytesRead };
    return { session, info };
  } catch (e) {
    return { session: null, info: errorInfo(path, e, size, src?.bytesRead ?? null), error: e };
  } finally {
    await src?.close();
  }
}

async function loadFolder(path: string): Promise<{ session: Session | null; info: InputInfo; error?: unknown }> {
  try {
    const session = await readFolderPackage(path, { path });
    return { session, info: { path, kind: 'folder', sha256: null, bytes: null, bytesRead: null } };
  } catch (e) {
    return { session: null, info: errorInfo(path, e, null, null), error: e };
  }
}

/** Read a delivery's inputs and merge them into one session (null when nothing could be read). */
export async function loadDelivery(d: DeliveryInput, hash: boolean, readOpts: ReadOptions = {}): Promise<{ session: Session | null; infos: InputInfo[]; errors: string[]; name: string }> {
  const loaded = d.kind === 'folder'
    ? [await loadFolder(d.path)]
    : await Promise.all((d.files?.length ? d.files : [d.path]).map((f) => loadFile(f, hash, readOpts)));
  const infos = loaded.map((l) => l.info);
  const errors = infos.filter((i) => i.error).map((i) => `cannot read ${i.path}: ${i.error!.message}`);
  const sessions = loaded.filter((l) => l.session).map((l) => l.session!);
  const name = d.files && d.files.length > 1 ? `${dirname(d.files[0])}/` : d.path;
  return { session: sessions.length ? mergeSessions(sessions) : null, infos, errors, name };
}

export async function inspectDelivery(d: DeliveryInput, o: InspectOptions, readOpts: ReadOptions = {}): Promise<Inspected> {
  const { session, infos, errors, name } = await loadDelivery(d, o.hash, readOpts);
  if (!session) {
    return withBatchJson({ report: unreadableReport(name, infos[0].error!, o.profile, infos), session: null, errors }, o);
  }
  const report = checkSession(session, {
    profile: o.profile, policy: o.policy ?? undefined, inputs: o.inputs, failOn: o.failOn, inputInfo: infos, delivery: name,
  });
  if (errors.length) report.summary = summarize(report.results, o.failOn, true);
  return withBatchJson({ report, session: o.withSession ? session : null, errors }, o);
}
