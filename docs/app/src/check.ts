/**
 * Which policy check the page runs. The library's `checkSession(session,
 * { profile })` (the policy engine) is used as soon as the library exports
 * it; until the engine lands, `uncheckedReport` stands in: it states honestly
 * that the session was read but no rule ran (verdict "unverified").
 *
 * Wiring the engine explicitly is one import: replace the lookup below with
 * `import { checkSession } from '../../../src/index.js'`.
 */
import * as lib from '../../../src/index.js';
import type { InputInfo, Report, Session } from '../../../src/index.js';

export type CheckOptions = { profile: string };
export type CheckSession = (session: Session, opts: CheckOptions) => Report | Promise<Report>;

const engine = (lib as Record<string, unknown>).checkSession as CheckSession | undefined;

/** True when the library in this build has the policy engine. */
export const HAVE_ENGINE = typeof engine === 'function';

/** Check a session: the library's engine, or the stand-in report. */
export async function checkSession(session: Session, opts: CheckOptions): Promise<Report> {
  return engine ? engine(session, opts) : uncheckedReport(session, opts);
}

function clipCount(session: Session): number {
  let n = 0;
  for (const t of session.tracks) {
    const pl = t.playlists.find((p) => p.active) ?? t.playlists[0];
    if (pl) n += pl.clips.filter((c) => !c.isFadeRender).length;
  }
  return n;
}

/** A report that says the session was read and nothing was checked. */
export function uncheckedReport(session: Session, opts: CheckOptions): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'session-inspector', version: 'browser' },
    profile: { id: opts.profile, version: '' },
    inputs: [],
    results: [{
      ruleId: 'engine/not-in-build', outcome: 'unverified', severity: 'error',
      message: 'The session was read, but this build of the page has no policy engine: no rule was checked',
      subject: { file: session.source.path, track: null, clip: null },
      timecodeIn: null, timecodeOut: null, position: null, measured: null, expected: null, unit: null,
      spec: '', fix: 'Use a build of the page made from a library version that exports checkSession.',
      missing: ['policy engine'],
    }],
    summary: { pass: 0, fail: 0, unverified: 1, errors: 0, warnings: 0, verdict: 'unverified' },
    rules: [],
    session: {
      name: session.name, sampleRate: session.sampleRate, bitDepth: session.bitDepth,
      frameRate: session.frameRate?.label ?? null, startTimecode: session.startTimecode,
      trackCount: session.tracks.length, clipCount: clipCount(session),
    },
  };
}

/** A report for an input that could not be read (verdict "unreadable"). */
export function unreadableReport(input: InputInfo, profile: string): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'session-inspector', version: 'browser' },
    profile: { id: profile, version: '' },
    delivery: input.path,
    inputs: [input],
    results: [],
    summary: { pass: 0, fail: 0, unverified: 0, errors: 0, warnings: 0, verdict: 'unreadable' },
    rules: [],
    session: null,
  };
}
