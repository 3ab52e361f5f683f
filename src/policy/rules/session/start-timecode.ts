import { defineRule } from '../../rule.js';
import { animation } from '../spec.js';
import { checkStartAgainst } from './start-check.js';

export default defineRule({
  id: 'session/start-timecode',
  description: 'The recording session starts at 00:59:50:00.',
  spec: [animation('Session start 00:59:50:00')],
  severity: 'error',
  requires: ['timecode'],
  scope: 'session',
  options: { start: { type: 'string', default: '00:59:50:00', description: "Required session start, read at the session's own frame rate." } },
  docs: {
    passes: ["The session starts at 00:59:50:00 read at its own rate (a 23.976 session starting at 00:59:50:00 passes this rule and fails session/frame-rate)."],
    fails: ['Any other start, e.g. 01:00:00:00 or 00:00:00:00.'],
    unverified: ['The reader could not decode the session start (timecode coverage).'],
  },
  check(ctx) {
    checkStartAgainst(ctx, (ctx.options.start as string | undefined) ?? '00:59:50:00', 'the recording specification');
  },
});
