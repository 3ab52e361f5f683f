/**
 * A session model JSON file (`*.session.json`): validated against the schema,
 * then completed with defaults for optional lists so rules can rely on them.
 */
import type { ByteSource } from '../../io/byte-source.js';
import { readExact } from '../../io/byte-source.js';
import { FormatError } from '../../io/errors.js';
import { checkLimit, resolveLimits } from '../../io/limits.js';
import { decodeUtf8 } from '../../io/cursor.js';
import { validateAgainst, type SchemaError } from '../../model/json-schema.js';
import { COVERAGE_FEATURES, type Session } from '../../model/session.js';
import { frameRate } from '../../model/timecode.js';
import sessionSchema from '../../../schemas/session.schema.json';
import type { DumpOptions, ReadOptions } from '../types.js';

export class ModelSchemaError extends FormatError {
  constructor(readonly errors: SchemaError[], path: string) {
    super({
      code: 'BAD_MAGIC', format: 'model', offset: null, path,
      message: `not a valid session model:\n${errors.map((e) => `  ${e.path} ${e.message}`).join('\n')}`,
    });
  }
}

export function validateSession(value: unknown): SchemaError[] {
  return validateAgainst(sessionSchema as Record<string, unknown>, value);
}

export async function readModel(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  const limits = resolveLimits(opts.limits);
  checkLimit(limits, 'maxStructureBytes', src.size, 'model', 0, 'model JSON size');
  const bytes = await readExact(src, 0, src.size, 'model', 'model JSON');
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    // V8 names no position when the text ends early: the end is the place.
    const offset = m ? Number(m[1]) : /Unexpected end/.test((e as Error).message) ? bytes.length : null;
    throw new FormatError({
      code: 'BAD_MAGIC', format: 'model', offset, path,
      message: `not valid JSON: ${(e as Error).message}`,
    });
  }
  const errors = validateSession(value);
  if (errors.length) throw new ModelSchemaError(errors, path);
  return normalizeSession(value as Session, path);
}

/**
 * Fill defaults for fields a model may omit, so rules see a complete model.
 * Missing coverage is `unsupported` (never assumed decoded); frame-rate
 * labels are made canonical ("23.98" → "23.976").
 */
export function normalizeSession(s: Session, path = '<model>'): Session {
  s.source ??= { path, format: 'model', formatVersion: null, application: null };
  s.source.format ??= 'model';
  s.name ??= s.source.path.split(/[\\/!]/).pop()?.replace(/\.[^.]+$/, '') ?? '';
  s.coverage ??= {} as Session['coverage'];
  s.bitDepth ??= null;
  s.frameRate ??= null;
  if (s.frameRate) {
    const fr = frameRate(s.frameRate.label ?? s.frameRate.fps, s.frameRate.dropFrame ?? false);
    if (fr) s.frameRate = fr;
    else s.frameRate.dropFrame ??= false;
  }
  s.start ??= null;
  s.startTimecode ??= null;
  s.groups ??= [];
  s.mediaFiles ??= [];
  s.markers ??= [];
  s.audio ??= null;
  s.diagnostics ??= [];
  s.source.formatVersion ??= null;
  s.source.application ??= null;
  for (const f of COVERAGE_FEATURES) s.coverage[f] ??= 'unsupported';
  s.tracks.forEach((t, i) => {
    t.id ??= `t${i + 1}`;
    t.kind ??= 'unknown';
    t.playlists ??= [];
    t.channels ??= null;
    t.channelFormat ??= null;
    t.active ??= null;
    t.hidden ??= null;
    t.muted ??= null;
    t.solo ??= null;
    t.inserts ??= [];
    t.sends ??= [];
    t.automation ??= [];
    t.vca ??= null;
    t.output ??= null;
    for (const p of t.playlists) {
      p.name ??= t.name;
      p.active ??= true;
      for (const c of p.clips) {
        c.sourceOffset ??= null;
        c.mediaFileId ??= null;
        c.channel ??= null;
        c.muted ??= null;
        c.gain ??= null;
        c.fadeIn ??= null;
        c.fadeOut ??= null;
        c.isFadeRender ??= false;
      }
    }
  });
  for (const m of s.markers) {
    m.length ??= 0;
    m.comment ??= '';
  }
  for (const a of s.tracks.flatMap((t) => t.automation)) a.points ??= 0;
  return s;
}

export async function dumpModel(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  return JSON.stringify(await readModel(src, opts), null, 2);
}
