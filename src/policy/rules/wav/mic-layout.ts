import { defineRule } from '../../rule.js';
import { baseName, parseRecordingName } from '../../names.js';
import { wavChannels } from '../../model-helpers.js';
import { animation } from '../spec.js';

export default defineRule({
  id: 'wav/mic-layout',
  description: 'Stereo with the primary mic on L and the secondary on R about 6 dB lower; dual-actor files are exempt.',
  spec: [
    animation('Record primary mic discretely to L channel and secondary mic to R channel of a stereo track'),
    animation('Place secondary mic 4-6 inches further behind and record 6dB lower in level than primary mic'),
  ],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {
    offsetDb: { type: 'number', default: 6, description: 'Expected L RMS minus R RMS, dB.' },
    toleranceDb: { type: 'number', default: 3, description: 'Allowed deviation from the offset, dB.' },
  },
  docs: {
    passes: ['A stereo file whose L RMS − R RMS is within 6 ± 3 dB.', 'A dual-actor file (…_primary_NN / …_secondary_NN): L and R are two actors.'],
    fails: ['A mono file.', 'L and R at equal level (one mic on both sides), R louder than L (swapped), or more than 9 dB apart.'],
    unverified: ['The audio was not measured.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const s = ctx.session;
    const name = baseName(s.source.path);
    const rec = parseRecordingName(name);
    if (rec.parts.kind === 'dual') {
      ctx.pass({ message: 'Dual-actor recording: each channel is one actor (exempt)' });
      return;
    }
    const ch = wavChannels(s);
    if (ch !== 2) {
      ctx.fail({
        message: `The recording has ${ch ?? 'an unknown number of'} channel${ch === 1 ? '' : 's'}; expected stereo (primary mic L, secondary mic R)`,
        measured: ch, expected: 2, unit: 'channels', fix: 'Record the primary mic to L and the secondary to R of a stereo track; export stereo interleaved.',
      });
      return;
    }
    const chans = s.audio!.channels;
    const offset = s.audio!.levelOffsetDb ?? (chans.length === 2 && chans[0].rmsDbfs != null && chans[1].rmsDbfs != null ? chans[0].rmsDbfs - chans[1].rmsDbfs : null);
    const want = Number(ctx.options.offsetDb ?? 6);
    const tol = Number(ctx.options.toleranceDb ?? 3);
    if (offset == null || !Number.isFinite(offset)) {
      ctx.unverified({ message: 'The channel levels were not measured (or a channel is silent)', expected: `${want} ± ${tol} dB` });
      return;
    }
    const shown = `${offset >= 0 ? '+' : ''}${offset.toFixed(1)} dB`;
    if (Math.abs(offset - want) <= tol) {
      ctx.pass({ message: `L − R level ${shown}`, measured: Number(offset.toFixed(2)), expected: `${want} ± ${tol}`, unit: 'dB' });
    } else {
      const why = offset < 0 ? 'R is louder than L (mics swapped?)' : Math.abs(offset) < want - tol ? 'L and R are nearly equal (one mic on both channels?)' : 'R is much lower than expected';
      ctx.fail({
        message: `L − R level is ${shown}, expected about +${want} dB (±${tol}): ${why}`,
        measured: Number(offset.toFixed(2)), expected: `${want} ± ${tol}`, unit: 'dB',
        fix: 'Primary mic on L, secondary mic on R recorded about 6 dB lower.',
      });
    }
  },
});
