/**
 * One fuzz input through the library: read (readSession, or readPackage for
 * zips), schema-validate the model, run the policy engine on it. The outcome
 * is a session, a FormatError, or a finding (anything else).
 */
import { BufferSource } from '../../src/io/byte-source.js';
import { FormatError, isFormatError } from '../../src/io/errors.js';
import type { Limits } from '../../src/io/limits.js';
import { dumpInput, readSession } from '../../src/read.js';
import { readPackage } from '../../src/package/index.js';
import { validateSession } from '../../src/formats/model/index.js';
import { checkSession } from '../../src/policy/check.js';
import { PROFILE_IDS } from '../../src/policy/profiles.js';
import type { Session } from '../../src/model/session.js';
import type { FuzzFormat } from './structure.js';

export type FindingKind =
  | 'exception' // an exception that is not a FormatError (RangeError, TypeError…)
  | 'bad-format-error' // a FormatError without a known code, or a LIMIT without the limit's name
  | 'invalid-model' // a session that fails the session schema (NaN, negative or fractional positions…)
  | 'rule-error' // a rule threw on a model a reader produced
  | 'timeout' // no answer within the time budget
  | 'memory'; // the worker ran out of its heap budget

export type Outcome =
  | { kind: 'session'; ms: number; heapBytes: number }
  | { kind: 'format-error'; ms: number; heapBytes: number; code: string; offsetKnown: boolean; limit?: string; message: string }
  | { kind: 'finding'; ms: number; heapBytes: number; finding: FindingKind; signature: string; message: string };

export type RunOptions = {
  format: FuzzFormat;
  /** File name given to the reader (detection uses the extension). */
  name: string;
  /** Reader limits for fuzzing (a tighter time limit than the default). */
  limits?: Partial<Limits>;
  /** Which profile to check with besides auto-detection (index into PROFILE_IDS, cycled). */
  profileIndex?: number;
  /** Measure WAV audio (slower; the campaign turns it off for large inputs). */
  measureAudio?: boolean;
  /** Also run the format dump (`inspect-session dump`), which must give text or a FormatError. */
  dump?: boolean;
};

const CODES = new Set(['TRUNCATED', 'BAD_MAGIC', 'CYCLE', 'LIMIT', 'UNSUPPORTED']);

/** Digits and hex out, so findings that differ only in numbers share a signature. */
function normalize(text: string): string {
  return text.replace(/0x[0-9a-f]+/gi, 'N').replace(/\d+/g, 'N').slice(0, 160);
}

/** The first stack frame in the project's code: where a crash happened. */
function topFrame(e: unknown): string {
  const stack = (e as { stack?: string })?.stack ?? '';
  for (const line of stack.split('\n').slice(1)) {
    const m = /(src\/[^\s):]+):(\d+)/.exec(line);
    if (m) return `${m[1]}:${m[2]}`;
  }
  return stack.split('\n')[1]?.trim().slice(0, 120) ?? '?';
}

export function exceptionSignature(e: unknown): string {
  const name = (e as Error)?.name ?? typeof e;
  return `exception ${name} ${normalize((e as Error)?.message ?? String(e))} at ${topFrame(e)}`;
}

function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** A model finding: schema violations (NaN, negative lengths, integers that are not exact), clip numbers checked once more. */
function modelProblems(s: Session): string[] {
  const errors = validateSession(s).map((e) => `${normalize(e.path)} ${e.message}`);
  for (const t of s.tracks ?? []) {
    for (const c of (t.playlists ?? []).flatMap((p) => p.clips ?? [])) {
      for (const [k, v] of Object.entries({ position: c.position, length: c.length, sourceOffset: c.sourceOffset })) {
        if (v != null && !Number.isSafeInteger(v)) errors.push(`/tracks/N/playlists/N/clips/N/${k} is not a safe integer (${v})`);
      }
    }
  }
  return errors;
}

async function readInput(bytes: Uint8Array, opts: RunOptions): Promise<Session> {
  const readOpts = { path: opts.name, limits: opts.limits, measureAudio: opts.measureAudio ?? true };
  if (opts.dump) {
    // A dump failing with a FormatError is fine; the read below must still answer.
    try {
      await dumpInput(new BufferSource(bytes, opts.name), { ...readOpts, blocks: true });
    } catch (e) {
      if (!isFormatError(e)) throw e;
    }
  }
  const src = new BufferSource(bytes, opts.name);
  return opts.format === 'zip' ? readPackage(src, readOpts) : readSession(src, readOpts);
}

/**
 * Runs one input. Never throws: every exception is classified. A FormatError
 * must carry a known code (and a LIMIT the limit's name); a session must be a
 * valid model on which every rule runs without an internal error.
 */
export async function runInput(bytes: Uint8Array, opts: RunOptions): Promise<Outcome> {
  const t0 = performance.now();
  const ms = () => performance.now() - t0;
  let session: Session;
  try {
    session = await readInput(bytes, opts);
  } catch (e) {
    const heapBytes = heapNow();
    if (isFormatError(e)) {
      const fe = e as FormatError;
      if (!CODES.has(fe.code) || (fe.code === 'LIMIT' && !fe.limit) || typeof fe.message !== 'string') {
        return { kind: 'finding', ms: ms(), heapBytes, finding: 'bad-format-error', signature: `bad-format-error ${fe.code} ${normalize(fe.detail ?? '')}`, message: fe.message };
      }
      // readPtx turns a RangeError/TypeError into TRUNCATED "malformed session: …": still a crash to fix.
      if (/^malformed session: /.test(fe.detail ?? '')) {
        return { kind: 'finding', ms: ms(), heapBytes, finding: 'exception', signature: `masked exception ${normalize(fe.detail)}`, message: fe.message };
      }
      return { kind: 'format-error', ms: ms(), heapBytes, code: fe.code, offsetKnown: fe.offset !== null, limit: fe.limit, message: fe.message };
    }
    return { kind: 'finding', ms: ms(), heapBytes, finding: 'exception', signature: exceptionSignature(e), message: String((e as Error)?.stack ?? e) };
  }
  const heapBytes = heapNow();
  try {
    const problems = modelProblems(session);
    if (problems.length) {
      return { kind: 'finding', ms: ms(), heapBytes, finding: 'invalid-model', signature: `invalid-model ${session.source?.format} ${problems[0].replace(/ \(.*\)$/, '')}`, message: problems.slice(0, 10).join('\n') };
    }
    const profiles = ['auto', PROFILE_IDS[(opts.profileIndex ?? 0) % PROFILE_IDS.length]];
    for (const profile of profiles) {
      const report = checkSession(session, { profile });
      const internal = report.results.find((r) => (r as { missing?: string[] }).missing?.includes('internal'));
      if (internal) {
        return { kind: 'finding', ms: ms(), heapBytes, finding: 'rule-error', signature: `rule-error ${internal.ruleId} ${normalize(internal.message)}`, message: internal.message };
      }
    }
  } catch (e) {
    return { kind: 'finding', ms: ms(), heapBytes, finding: 'exception', signature: `engine ${exceptionSignature(e)}`, message: String((e as Error)?.stack ?? e) };
  }
  return { kind: 'session', ms: ms(), heapBytes };
}

/** The file name a format's input is read under. */
export function inputName(format: FuzzFormat, seedName: string): string {
  const ext = /\.[A-Za-z0-9]+(\.json)?$/.exec(seedName)?.[0];
  const fallback: Record<FuzzFormat, string> = { ptx: '.ptx', aaf: '.aaf', 'session-text': '.txt', wav: '.wav', zip: '.zip', model: '.session.json' };
  return `fuzz${ext ?? fallback[format]}`;
}
