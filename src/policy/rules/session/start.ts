import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';
import { checkStartAgainst } from './start-check.js';

export default defineRule({
  id: 'session/start',
  description: "The session start equals the picture's start.",
  spec: [edit('Framerate and start time of the DAW session is to match the provided proxy video')],
  severity: 'error',
  requires: ['timecode'],
  scope: 'session',
  options: {
    start: {
      type: 'string | number | null', default: null,
      description: "The picture's start: a timecode read at the session's frame rate (\"01:00:00:00\"), or absolute samples.",
    },
  },
  docs: {
    passes: ['The session start, read at its own frame rate, equals the given picture start to the sample.'],
    fails: ['The session starts elsewhere (e.g. 00:00:00:00 when the picture starts at 01:00:00:00).'],
    unverified: [
      'No picture start is given (set it with --policy: {"extends":"netflix-localized-edit","rules":{"session/start":["error",{"start":"01:00:00:00"}]}}).',
      'The reader could not decode the session start (timecode coverage).',
    ],
  },
  check(ctx) {
    const start = ctx.options.start as string | number | null | undefined;
    if (start == null || start === '') {
      ctx.unverified({
        message: "No picture start was given to compare the session start with",
        measured: ctx.session.startTimecode,
        missing: ['option start'],
      });
      return;
    }
    checkStartAgainst(ctx, start, "the picture's start");
  },
});
