import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'session/bit-depth',
  description: 'The session and its audio files are 24-bit.',
  spec: [edit('Record 24bit/48Khz Audio.')],
  severity: 'error',
  requires: [],
  scope: 'session',
  options: { bits: { type: 'number', default: 24, description: 'Required bit depth.' } },
  docs: {
    passes: ['A 24-bit session whose media files (where known) are 24-bit.', 'A session whose own bit depth is unknown but whose media files are all known to be 24-bit.'],
    fails: ['A 16- or 32-bit session.', 'A media file of another bit depth.'],
    unverified: ['Neither the session nor any media file states a bit depth.'],
  },
  check(ctx) {
    const bits = Number(ctx.options.bits ?? 24);
    const s = ctx.session;
    const media = s.mediaFiles.filter((m) => m.bitDepth != null);
    if (s.bitDepth == null) {
      if (media.length === 0) {
        ctx.unverified({ message: 'The bit depth is not known from this input', expected: bits, unit: 'bit' });
      }
    } else if (s.bitDepth !== bits) {
      ctx.fail({
        message: `Session bit depth is ${s.bitDepth}-bit, not ${bits}-bit`,
        measured: s.bitDepth, expected: bits, unit: 'bit', fix: `Set the session to ${bits}-bit and convert its audio.`,
      });
    } else {
      ctx.pass({ message: `Session is ${bits}-bit`, measured: s.bitDepth, expected: bits, unit: 'bit' });
    }
    let mediaFailed = false;
    for (const m of media) {
      if (m.bitDepth !== bits) {
        mediaFailed = true;
        ctx.fail({
          subject: { file: m.path ?? m.name },
          message: `Audio file ${m.name} is ${m.bitDepth}-bit, not ${bits}-bit`,
          measured: m.bitDepth, expected: bits, unit: 'bit', fix: `Convert ${m.name} to ${bits}-bit.`,
        });
      }
    }
    if (s.bitDepth == null && media.length > 0 && !mediaFailed) {
      ctx.pass({ message: `All ${media.length} audio files with a known bit depth are ${bits}-bit`, measured: bits, expected: bits, unit: 'bit' });
    }
  },
});
