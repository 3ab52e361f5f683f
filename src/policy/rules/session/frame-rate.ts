import { defineRule } from '../../rule.js';
import { frameRate } from '../../../model/timecode.js';
import type { FrameRate } from '../../../model/session.js';
import { parsePackageName, FRAME_RATE_TOKEN_LIST } from '../../names.js';
import { animation, edit } from '../spec.js';

/** Expected rate: the rule option, else --frame-rate, else the package name's frame-rate token. */
function expectedRate(options: Record<string, unknown>, inputRate: FrameRate | null | undefined, packageName: string | null): { rate: FrameRate | null; from: string; bad?: string } {
  const opt = options.expected;
  if (opt != null && opt !== '') {
    const r = frameRate(String(opt));
    return r ? { rate: r, from: 'the profile' } : { rate: null, from: 'the profile', bad: `option expected '${String(opt)}' is not a frame rate` };
  }
  if (inputRate) return { rate: inputRate, from: '--frame-rate' };
  if (packageName) {
    const p = parsePackageName(packageName);
    const token = p.parts.frameRateToken;
    if (token) {
      const r = frameRate(token);
      if (r && /^(23976|24|25|2997|30)$/.test(token)) return { rate: r, from: `the package name's token '${token}'` };
      return { rate: null, from: 'the package name', bad: `frame-rate token '${token}' is not one of ${FRAME_RATE_TOKEN_LIST}` };
    }
  }
  return { rate: null, from: '' };
}

export default defineRule({
  id: 'session/frame-rate',
  description: 'The session frame rate equals the expected rate (the picture\'s, or true 24 fps for animation recordings).',
  spec: [
    edit('Framerate and start time of the DAW session is to match the provided proxy video'),
    animation('True 24 fps timecode'),
  ],
  severity: 'error',
  requires: ['timecode'],
  scope: 'session',
  options: {
    expected: {
      type: 'string | null', default: null,
      description: 'Required frame rate (23.976, 24, 25, 29.97, 30 or a name token). Without it: --frame-rate, then the package name\'s frame-rate token.',
    },
  },
  docs: {
    passes: ['The session rate equals the expected rate (drop-frame is not compared: the tokens do not state it).'],
    fails: ['A 23.976 session where 24 is expected (and the reverse).'],
    unverified: ['No expected rate: no option, no --frame-rate and no frame-rate token in a package name.', 'The reader could not decode the frame rate.'],
    notes: ['--frame-rate wins over the package-name token; in the animation profile the expected rate is fixed at true 24.'],
  },
  check(ctx) {
    const { rate, from, bad } = expectedRate(ctx.options, ctx.inputs.frameRate, ctx.packageName);
    const actual = ctx.session.frameRate;
    if (!rate) {
      ctx.unverified({
        message: bad ? `The expected frame rate is unknown: ${bad}` : 'No expected frame rate: give --frame-rate or inspect the delivery zip whose name carries the frame-rate token',
        measured: actual?.label ?? null,
        missing: ['option expected / --frame-rate'],
      });
      return;
    }
    if (!actual) {
      ctx.unverified({ message: 'The session frame rate is not known from this input', expected: rate.label, missing: ['timecode'] });
      return;
    }
    if (actual.label === rate.label) {
      ctx.pass({ message: `Session frame rate is ${actual.label} fps`, measured: actual.label, expected: rate.label, unit: 'fps' });
    } else {
      ctx.fail({
        message: `Session frame rate is ${actual.label} fps, not ${rate.label} fps (from ${from})`,
        measured: actual.label, expected: rate.label, unit: 'fps',
        fix: `Set the session's timecode rate to ${rate.label} fps.`,
      });
    }
  },
});
