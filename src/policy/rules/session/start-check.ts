/** Shared by session/start and session/start-timecode: compare the session start with a timecode. */
import { samplesToTimecode, timecodeToSamples, parseTimecode } from '../../../model/timecode.js';
import type { Session } from '../../../model/session.js';
import type { RuleContext } from '../../rule.js';

/** Session start in absolute samples: `start`, or `startTimecode` read at the session rate. */
export function sessionStartSamples(s: Session): number | null {
  if (s.start != null) return s.start;
  if (s.startTimecode && s.frameRate && parseTimecode(s.startTimecode)) {
    try {
      return timecodeToSamples(s.startTimecode, s.frameRate, s.sampleRate);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Compare the session start with `expected` (a timecode read at the session's
 * own frame rate, or a sample count).
 */
export function checkStartAgainst(ctx: RuleContext, expected: string | number, what: string): void {
  const s = ctx.session;
  const actual = sessionStartSamples(s);
  if (actual == null) {
    ctx.unverified({ message: 'The session start is not known from this input', expected: String(expected), missing: ['timecode'] });
    return;
  }
  let expectedSamples: number;
  let expectedLabel: string;
  if (typeof expected === 'number') {
    expectedSamples = expected;
    expectedLabel = s.frameRate ? samplesToTimecode(expected, s.frameRate, s.sampleRate) : `${expected} samples`;
  } else {
    const fr = s.frameRate ?? null;
    if (!fr) {
      ctx.unverified({ message: `The session frame rate is not known, so ${expected} cannot be placed`, expected, missing: ['timecode'] });
      return;
    }
    if (!parseTimecode(expected)) {
      ctx.fail({ message: `The expected start '${expected}' is not a timecode (HH:MM:SS:FF)`, expected, fix: 'Correct the rule option.' });
      return;
    }
    expectedSamples = timecodeToSamples(expected, fr, s.sampleRate);
    expectedLabel = expected;
  }
  const actualLabel = s.frameRate ? samplesToTimecode(actual, s.frameRate, s.sampleRate) : `${actual} samples`;
  if (actual === expectedSamples) {
    ctx.pass({ message: `Session starts at ${actualLabel}`, measured: actualLabel, expected: expectedLabel, unit: 'timecode' });
  } else {
    ctx.fail({
      message: `Session starts at ${actualLabel}, not at ${expectedLabel} (${what})`,
      position: actual, measured: actualLabel, expected: expectedLabel, unit: 'timecode',
      fix: `Set the session start to ${expectedLabel} (Setup > Session).`,
    });
  }
}

