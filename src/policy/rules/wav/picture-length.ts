import { defineRule, type RuleContext } from '../../rule.js';
import { frameRate, framesToSamples, framesToTimecode, parseTimecode, samplesToFrames, timecodeToFrames } from '../../../model/timecode.js';
import type { FrameRate } from '../../../model/session.js';
import { wavSampleCount } from '../../model-helpers.js';
import { baseName, parsePremixName } from '../../names.js';
import { premix } from '../spec.js';

function rateFor(ctx: RuleContext): FrameRate | null {
  if (ctx.inputs.frameRate) return ctx.inputs.frameRate;
  const opt = ctx.options.frameRate;
  if (opt != null && opt !== '') return frameRate(String(opt));
  const token = parsePremixName(baseName(ctx.session.source.path)).parts.frameRateToken;
  if (token && /^(23976|24|25|2997|30)$/.test(token)) return frameRate(token);
  return ctx.session.frameRate;
}

export default defineRule({
  id: 'wav/picture-length',
  description: "The premix is exactly as long as the picture.",
  spec: [premix('This will ensure the bounced WAV is the exact length as your picture and the picture used for QC.')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {
    length: { type: 'string | number | null', default: null, description: 'Picture length: frames, or a timecode duration at the frame rate (also --picture-length).' },
    frameRate: { type: 'string | null', default: null, description: 'Frame rate of the length (also --frame-rate; else the file name token).' },
  },
  docs: {
    passes: ['The WAV length in samples equals the picture length converted at the frame rate, exactly.'],
    fails: ['Any difference, even one sample (the message gives the difference in samples and frames).'],
    unverified: ['No picture length (--picture-length or --picture ref.wav).', 'A length in frames without any frame rate (--frame-rate, the name token, or the file\'s own).'],
    notes: ['--picture-length as timecode is a duration in frames at --frame-rate; --picture uses the reference file\'s length in samples.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const s = ctx.session;
    const actual = wavSampleCount(s);
    if (actual == null) {
      ctx.unverified({ message: 'The length of the audio is not known' });
      return;
    }
    let expected: number | null = null;
    let label = '';
    const fr = rateFor(ctx);
    if (ctx.inputs.picture) {
      const p = ctx.inputs.picture;
      expected = p.sampleRate === s.sampleRate ? p.samples : Math.round((p.samples * s.sampleRate) / p.sampleRate);
      label = `${p.path ?? 'the reference'} (${p.samples} samples)`;
    } else {
      const len = ctx.inputs.pictureLength ?? (ctx.options.length as string | number | null | undefined) ?? null;
      if (len == null || len === '') {
        ctx.unverified({ message: 'No picture length was given (--picture-length or --picture ref.wav)', measured: actual, unit: 'samples', missing: ['--picture-length'] });
        return;
      }
      if (!fr) {
        ctx.unverified({ message: `The picture length ${len} needs a frame rate (--frame-rate)`, measured: actual, unit: 'samples', missing: ['--frame-rate'] });
        return;
      }
      const frames = typeof len === 'number' || /^\d+$/.test(String(len)) ? Number(len) : parseTimecode(String(len)) ? timecodeToFrames(String(len), fr) : NaN;
      if (!Number.isFinite(frames)) {
        ctx.unverified({ message: `The picture length '${len}' is neither frames nor a timecode`, missing: ['--picture-length'] });
        return;
      }
      expected = framesToSamples(frames, fr, s.sampleRate);
      label = `${frames} frames at ${fr.label} fps`;
    }
    if (actual === expected) {
      ctx.pass({ message: `Length ${actual} samples equals the picture (${label})`, measured: actual, expected, unit: 'samples' });
    } else {
      const diff = actual - expected;
      const asTc = fr ? ` (${differenceInFrames(actual, expected, fr, s.sampleRate)})` : '';
      ctx.fail({
        message: `Length is ${actual} samples, the picture is ${expected} samples (${label}): ${diff > 0 ? '+' : ''}${diff} samples${asTc}`,
        measured: actual, expected, unit: 'samples',
        fix: 'Bounce the whole length of the picture / guide track (select the full timeline before the offline bounce).',
      });
    }
  },
});

/** The most whole frames whose length in samples (framesToSamples, as the expected length is computed) fits in `samples`. */
function wholeFramesIn(samples: number, fr: FrameRate, sampleRate: number): number {
  let k = samplesToFrames(samples, fr, sampleRate);
  while (framesToSamples(k + 1, fr, sampleRate) <= samples) k++;
  while (k > 0 && framesToSamples(k, fr, sampleRate) > samples) k--;
  return k;
}

/**
 * A length difference in picture terms: whole frames as a duration
 * ("-00:00:01:05", counted without drop-frame numbering) with the samples
 * left over ("+00:00:00:02 and 480 samples"), or "less than one frame" (a
 * timecode of 00:00:00:00 would read as no difference). When the picture
 * ends on a frame (a length given in frames), frames are counted on the
 * picture's frame grid, so a WAV one frame short at 29.97 fps reads as one
 * frame whether that frame is 1601 or 1602 samples; otherwise (a reference
 * WAV of any length) the difference is counted as a duration from zero.
 */
export function differenceInFrames(actual: number, expected: number, fr: FrameRate, sampleRate: number): string {
  const at = (k: number) => framesToSamples(k, fr, sampleRate);
  const fe = wholeFramesIn(expected, fr, sampleRate);
  let frames: number;
  let rest: number;
  if (at(fe) !== expected) {
    frames = wholeFramesIn(Math.abs(actual - expected), fr, sampleRate);
    rest = Math.abs(actual - expected) - at(frames);
  } else if (actual > expected) {
    const fa = wholeFramesIn(actual, fr, sampleRate);
    frames = fa - fe;
    rest = actual - at(fa);
  } else {
    // The first frame boundary at or after the WAV's end.
    let fa = wholeFramesIn(actual, fr, sampleRate);
    if (at(fa) < actual) fa++;
    frames = fe - fa;
    rest = at(fa) - actual;
  }
  if (frames <= 0) return 'less than one frame';
  const duration = framesToTimecode(frames, { ...fr, dropFrame: false });
  return `${actual < expected ? '-' : '+'}${duration}${rest > 0 ? ` and ${rest} sample${rest === 1 ? '' : 's'}` : ''}`;
}
