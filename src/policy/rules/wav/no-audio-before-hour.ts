import { defineRule } from '../../rule.js';
import { frameRate, samplesToTimecode, timecodeToSamples } from '../../../model/timecode.js';
import { animation } from '../spec.js';

export default defineRule({
  id: 'wav/no-audio-before-hour',
  description: 'Nothing recorded before 01:00:00:00: bext time reference plus the first sound is at or after the hour.',
  spec: [animation('No recorded material before 01:00:00:00')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {
    hour: { type: 'string', default: '01:00:00:00', description: 'The earliest allowed timecode (true 24 fps).' },
  },
  docs: {
    passes: ['Time reference + earliest first-sound sample over channels ≥ 01:00:00:00 (172,800,000 at 48 kHz, true 24).', 'A silent file.'],
    fails: ['Audio that starts before the hour, e.g. a file stamped 00:59:50:00 with sound in its first ten seconds.'],
    unverified: ['No bext chunk (no time reference), or the audio was not measured.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const s = ctx.session;
    const a = s.audio!;
    const fr = frameRate('24')!;
    const hourTc = String(ctx.options.hour ?? '01:00:00:00');
    const hour = timecodeToSamples(hourTc, fr, s.sampleRate);
    if (!a.bext) {
      ctx.unverified({ message: 'No bext chunk: the file has no time reference', expected: `≥ ${hourTc}` });
      return;
    }
    if (!a.channels.length || a.channels.some((c) => c.firstSoundSample === undefined)) {
      ctx.unverified({ message: 'The audio was not measured (first sound unknown)', expected: `≥ ${hourTc}` });
      return;
    }
    const firsts = a.channels.map((c) => c.firstSoundSample).filter((x): x is number => x != null);
    if (!firsts.length) {
      ctx.pass({ message: 'The file is silent', expected: `≥ ${hourTc}` });
      return;
    }
    const first = a.bext.timeReference + Math.min(...firsts);
    const tc = samplesToTimecode(first, fr, s.sampleRate);
    if (first >= hour) {
      ctx.pass({ message: `First sound at ${tc}`, measured: tc, expected: `≥ ${hourTc}`, unit: 'timecode' });
    } else {
      ctx.fail({
        position: first, message: `Sound at ${tc}, before ${hourTc} (${hour - first} samples early)`,
        measured: tc, expected: `≥ ${hourTc}`, unit: 'timecode',
        fix: 'Start recording at or after 01:00:00:00 (session start 00:59:50:00 leaves pre-roll silent).',
      });
    }
  },
});
