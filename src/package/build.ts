/**
 * The model of a delivery package: every session view at the package root
 * (.ptx/.ptf/.pts, Session Info as Text, AAF) read and merged into one
 * Session, media resolved against `Audio Files/`, each audio file's header
 * read, and the list of all entries kept for the package rules.
 */
import type { ByteSource } from '../io/byte-source.js';
import { audioHeaderView } from './audio-view.js';
import { isFormatError, type FormatError } from '../io/errors.js';
import { checkLimit, Deadline, resolveLimits, type Limits } from '../io/limits.js';
import { mergeSessions } from '../model/merge.js';
import {
  newSession, type CoverageLevel, type Diagnostic, type PackageEntry, type PackageInfo, type Session, type SourceInfo,
} from '../model/session.js';
import { detectFormat, readSession } from '../read.js';
import type { ReadOptions } from '../formats/types.js';
import {
  AUDIO_FILES, depthOf, hasRiffExtension, isInAudioFiles, roleOf, unsafeReason, type PackageItem,
} from './layout.js';
import { resolveMediaFiles } from './media.js';

/** A zip or a folder, seen as a list of items that can be opened. */
export type PackageContainer = {
  kind: 'zip' | 'folder';
  /** Path of the package for `source.path` and `package!entry` names. */
  path: string;
  /** File name of the zip or name of the folder. */
  name: string;
  items: PackageItem[];
  /** A ByteSource over one file; may throw FormatError (encrypted, unsupported method). */
  open(item: PackageItem): Promise<ByteSource>;
  /** Release a source returned by `open` (file handles). */
  release?(src: ByteSource): Promise<void>;
  /** Findings of the container itself (zip diagnostics). */
  diagnostics: Diagnostic[];
  /** Bytes of the package read so far. */
  bytesRead(): number;
};

/** Audio headers read at once (they are small reads at scattered offsets). */
const HEADER_CONCURRENCY = 16;
/** Order in which views are handed to the merge: the session file first, then AAF, then the text export. */
const VIEW_ORDER: Record<string, number> = { model: 0, session: 0, aaf: 1, 'session-text': 2 };
const VIEW_ROLES = new Set(Object.keys(VIEW_ORDER));

type Ctx = {
  c: PackageContainer;
  opts: ReadOptions;
  limits: Limits;
  deadline: Deadline;
  diagnostics: Diagnostic[];
};

function entryName(c: PackageContainer, item: PackageItem): string {
  return `${c.path}!${item.path}`;
}

function errorDetail(e: FormatError): string {
  return `${e.code}: ${e.message}`;
}

/** Hostile input (a limit met) stops the package; anything else about one entry is a diagnostic. */
function rethrowIfHostile(e: unknown): void {
  if (!isFormatError(e) || e.code === 'LIMIT') throw e;
}

async function withSource<T>(ctx: Ctx, item: PackageItem, use: (src: ByteSource) => Promise<T>): Promise<T> {
  const src = await ctx.c.open(item);
  try {
    return await use(src);
  } finally {
    await ctx.c.release?.(src);
  }
}

function toEntries(items: PackageItem[]): PackageEntry[] {
  return items.map((it) => {
    const unsafe = unsafeReason(it.path, it.symlink) !== null;
    const e: PackageEntry = {
      path: it.path, size: it.size, compressedSize: it.compressedSize, isDirectory: it.isDirectory,
      encrypted: it.encrypted, audio: null, role: roleOf(it),
    };
    if (unsafe) e.unsafe = true;
    return e;
  });
}

function openable(item: PackageItem, entry: PackageEntry): boolean {
  return !entry.unsafe && !item.encrypted && !item.isDirectory;
}

/** Candidate views: session files, AAFs, models, and .txt files confirmed to be Session Info as Text. */
async function candidateViews(ctx: Ctx, items: PackageItem[], entries: PackageEntry[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!VIEW_ROLES.has(e.role ?? '') || !openable(items[i], e) || isInAudioFiles(e.path)) continue;
    if (await confirmTextView(ctx, items[i], e)) out.push(i);
  }
  return out;
}

/** Views at the package root; when none is there, the shallowest ones outside Audio Files (with a warning). */
async function pickViews(ctx: Ctx, items: PackageItem[], entries: PackageEntry[]): Promise<number[]> {
  const candidates = await candidateViews(ctx, items, entries);
  if (candidates.length === 0) return [];
  const depth = Math.min(...candidates.map((i) => depthOf(entries[i].path)));
  const chosen = candidates.filter((i) => depthOf(entries[i].path) === depth);
  if (depth > 0) {
    ctx.diagnostics.push({
      code: 'package/session-not-at-root', offset: null,
      message: `no session at the package root; using ${chosen.map((i) => `'${entries[i].path}'`).join(', ')}`,
      severity: 'warning',
    });
  }
  return chosen;
}

/** .txt files count as views only when they are Session Info as Text exports. */
async function confirmTextView(ctx: Ctx, item: PackageItem, entry: PackageEntry): Promise<boolean> {
  if (entry.role !== 'session-text') return true;
  try {
    const fmt = await withSource(ctx, item, (src) => detectFormat(src, item.path));
    if (fmt === 'session-text') return true;
  } catch (e) {
    rethrowIfHostile(e);
  }
  entry.role = 'other';
  return false;
}

async function readViews(ctx: Ctx, items: PackageItem[], entries: PackageEntry[], progress: () => void): Promise<Session[]> {
  const picked = await pickViews(ctx, items, entries);
  const views: Array<{ order: number; session: Session }> = [];
  for (const i of picked) {
    ctx.opts.signal?.throwIfAborted();
    ctx.deadline.check();
    const item = items[i];
    const entry = entries[i];
    try {
      const session = await withSource(ctx, item, (src) => readSession(src, {
        ...ctx.opts, path: entryName(ctx.c, item), measureAudio: false, onProgress: undefined,
        openRelative: relativeOpener(ctx, items, item.path),
      }));
      // The view's place inside the package, whatever path a model JSON carried.
      if (!session.sources) session.source = { ...session.source, path: entryName(ctx.c, item) };
      views.push({ order: VIEW_ORDER[entry.role ?? 'session'] ?? 3, session });
    } catch (e) {
      rethrowIfHostile(e);
      const fe = e as FormatError;
      ctx.diagnostics.push({
        code: 'package/view-unreadable',
        message: `${item.path} could not be read: ${errorDetail(fe)}`,
        offset: fe.offset, source: entryName(ctx.c, item), severity: 'error',
      });
    }
    progress();
  }
  const sessionFiles = picked.filter((i) => entries[i].role === 'session').length;
  if (sessionFiles > 1) {
    ctx.diagnostics.push({ code: 'package/several-sessions', offset: null, message: `${sessionFiles} Pro Tools sessions at the package root; they are merged as views of one session`, severity: 'warning' });
  }
  return views.sort((a, b) => a.order - b.order).map((v) => v.session);
}

/** openRelative inside the package: paths relative to the view's folder, never outside the package. */
function relativeOpener(ctx: Ctx, items: PackageItem[], viewPath: string): (rel: string) => Promise<ByteSource | null> {
  const dir = viewPath.includes('/') ? viewPath.slice(0, viewPath.lastIndexOf('/') + 1) : '';
  const byPath = new Map(items.filter((it) => !it.isDirectory).map((it) => [it.path, it]));
  return async (rel: string) => {
    const parts: string[] = [];
    for (const seg of `${dir}${rel.replace(/\\/g, '/')}`.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') {
        if (parts.length === 0) return null;
        parts.pop();
      } else parts.push(seg);
    }
    const item = byPath.get(parts.join('/'));
    if (!item || item.encrypted || unsafeReason(item.path, item.symlink)) return null;
    try {
      return await ctx.c.open(item);
    } catch {
      return null;
    }
  };
}

type HeaderFailure = { path: string; error: FormatError };

/** Whether reading far into the entry costs inflating everything before it. */
function compressedEntry(item: PackageItem): boolean {
  return item.compressedSize !== null && item.compressedSize !== item.size;
}

async function readAudioHeader(ctx: Ctx, item: PackageItem, entry: PackageEntry): Promise<void> {
  const s = await withSource(ctx, item, async (whole) => readSession(await audioHeaderView(whole, compressedEntry(item)), {
    path: entryName(ctx.c, item), limits: ctx.opts.limits, signal: ctx.opts.signal, measureAudio: false,
  }));
  const mf = s.mediaFiles[0];
  entry.audio = {
    format: mf?.format ?? s.source.format,
    sampleRate: mf?.sampleRate ?? s.sampleRate ?? null,
    bitDepth: mf?.bitDepth ?? s.bitDepth,
    channels: mf?.channels ?? s.tracks[0]?.channels ?? null,
    length: mf?.length ?? s.audio?.sampleCount ?? null,
  };
}

/** Read the header of every audio file in the package, a few at a time. */
async function readAudioHeaders(
  ctx: Ctx, items: PackageItem[], entries: PackageEntry[], progress: () => void,
): Promise<{ audio: number; read: number }> {
  const todo = entries.map((_, i) => i).filter((i) => entries[i].role === 'audio' && openable(items[i], entries[i]));
  const failures: HeaderFailure[] = [];
  let read = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const i = todo[next++];
      ctx.opts.signal?.throwIfAborted();
      ctx.deadline.check();
      if (!hasRiffExtension(items[i].path)) {
        progress();
        continue;
      }
      try {
        await readAudioHeader(ctx, items[i], entries[i]);
        read++;
      } catch (e) {
        rethrowIfHostile(e);
        failures.push({ path: items[i].path, error: e as FormatError });
      }
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEADER_CONCURRENCY, todo.length) }, worker));
  reportHeaderFailures(ctx, failures);
  const others = todo.length - todo.filter((i) => hasRiffExtension(items[i].path)).length;
  if (others > 0) {
    ctx.diagnostics.push({ code: 'package/audio-not-wav', offset: null, message: `${others} audio file(s) are not WAV/BWF; their headers are not read`, severity: 'warning' });
  }
  return { audio: todo.length, read };
}

/** One diagnostic per kind of failure, naming a few files, so a package of 500 WAVs does not give 500 lines. */
function reportHeaderFailures(ctx: Ctx, failures: HeaderFailure[]): void {
  const byCode = new Map<string, HeaderFailure[]>();
  for (const f of failures) byCode.set(f.error.code, [...(byCode.get(f.error.code) ?? []), f]);
  for (const [code, list] of byCode) {
    const first = list[0];
    const more = list.length > 1 ? ` (and ${list.length - 1} more: ${list.slice(1, 4).map((f) => f.path).join(', ')}${list.length > 4 ? ', …' : ''})` : '';
    ctx.diagnostics.push({
      code: 'package/audio-header-unreadable',
      message: `audio header of ${first.path} not read: ${code}: ${first.error.message}${more}`,
      offset: first.error.offset, source: entryName(ctx.c, { path: first.path } as PackageItem),
      // An unreadable file in Audio Files/ is delivered media; elsewhere it is a stray.
      severity: code !== 'UNSUPPORTED' && list.some((f) => isInAudioFiles(f.path)) ? 'error' : 'warning',
    });
  }
}

function audioHeadersCoverage(counts: { audio: number; read: number }): CoverageLevel {
  if (counts.read === counts.audio) return 'decoded';
  return counts.read === 0 ? 'unsupported' : 'partial';
}

/** The stand-in model when no view could be read: every session feature unsupported, and said so. */
function sessionWithoutViews(ctx: Ctx, entries: PackageEntry[], triedViews: boolean): Session {
  const rates = entries.map((e) => e.audio?.sampleRate).filter((r): r is number => typeof r === 'number');
  const s = newSession({ path: ctx.c.path, format: ctx.c.kind, formatVersion: null, application: null },
    ctx.c.name.replace(/\.zip$/i, ''), rates[0] ?? 48000);
  s.diagnostics.push(triedViews
    ? { code: 'package/no-readable-session', offset: null, message: 'no session view in the package could be read; session rules cannot be verified', severity: 'error' }
    : {
      code: 'package/no-session', offset: null,
      message: `no Pro Tools session, AAF or Session Info as Text export in the package; session rules cannot be verified`,
      severity: 'error',
    });
  if (rates.length === 0) {
    s.diagnostics.push({ code: 'package/sample-rate-unknown', offset: null, message: 'no session or audio header gives a sample rate; 48000 is assumed', severity: 'warning' });
  }
  return s;
}

function listSome(names: string[]): string {
  return names.slice(0, 5).map((n) => `'${n}'`).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');
}

function noteUnsafeAndEncrypted(ctx: Ctx, items: PackageItem[], unsafe: string[]): void {
  if (unsafe.length > 0) {
    ctx.diagnostics.push({ code: 'package/unsafe-entry', offset: null, message: `entries whose names escape the package (never opened): ${listSome(unsafe)}`, severity: 'error' });
  }
  const encrypted = items.filter((it) => it.encrypted).map((it) => it.path);
  if (encrypted.length > 0) {
    ctx.diagnostics.push({ code: 'package/encrypted-entry', offset: null, message: `encrypted entries (reported, not read): ${listSome(encrypted)}`, severity: 'error' });
  }
}

/**
 * Build the Session of a package from its container. Unreadable views and
 * audio headers become diagnostics; a limit met (zip bomb) is a FormatError.
 */
export async function buildPackageSession(c: PackageContainer, opts: ReadOptions = {}): Promise<Session> {
  const limits = resolveLimits(opts.limits);
  checkLimit(limits, 'maxEntries', c.items.length, c.kind, null, `${c.kind} entry count`);
  const ctx: Ctx = { c, opts, limits, deadline: new Deadline(limits, c.kind), diagnostics: [] };
  const entries = toEntries(c.items);
  const total = entries.filter((e) => e.role === 'audio' || VIEW_ROLES.has(e.role ?? '')).length;
  let done = 0;
  const progress = (): void => opts.onProgress?.({ phase: 'package', done: ++done, total });

  const views = await readViews(ctx, c.items, entries, progress);
  const headers = await readAudioHeaders(ctx, c.items, entries, progress);
  const triedViews = ctx.diagnostics.some((d) => d.code === 'package/view-unreadable');
  const session = views.length > 0 ? mergeSessions(views) : sessionWithoutViews(ctx, entries, triedViews);
  const viewSources: SourceInfo[] = views.length > 0 ? (session.sources ?? [session.source]) : [];
  session.sources = viewSources;
  session.source = {
    path: c.path, format: c.kind, formatVersion: null,
    application: views.length > 0 ? session.source.application : null,
  };
  session.coverage = { ...session.coverage, package: 'decoded', audioHeaders: audioHeadersCoverage(headers) };
  resolveMediaFiles(session.mediaFiles, entries, ctx.diagnostics);
  const audioFolder = entries.find((e) => isInAudioFiles(e.path))?.path.slice(0, AUDIO_FILES.length + 1) ?? null;
  const info: PackageInfo = {
    kind: c.kind, name: c.name, entries,
    unsafeEntries: c.items.filter((it) => unsafeReason(it.path, it.symlink) !== null).map((it) => it.path),
    audioFolder, bytesRead: c.bytesRead(),
  };
  session.package = info;
  noteUnsafeAndEncrypted(ctx, c.items, info.unsafeEntries ?? []);
  session.diagnostics = [...session.diagnostics, ...c.diagnostics, ...ctx.diagnostics];
  return session;
}
