import { defineRule } from '../../rule.js';
import { wavChannels } from '../../model-helpers.js';
import { animation, premix } from '../spec.js';

const PCM = new Set(['PCM', 'EXTENSIBLE(PCM)']);

export default defineRule({
  id: 'wav/format',
  description: 'WAV (Broadcast WAV for recordings), PCM, 48 kHz, 24-bit.',
  spec: [
    premix('The dubbing partner should create a mono WAV file containing all the premix dialogue units'),
    animation('24bit / 48kHz Broadcast .wav'),
  ],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {
    rate: { type: 'number', default: 48000, description: 'Required sample rate.' },
    bits: { type: 'number', default: 24, description: 'Required bit depth.' },
    requireBext: { type: 'boolean', default: false, description: 'Require a bext chunk (Broadcast WAV).' },
    requireWav: { type: 'boolean', default: false, description: 'Fail inputs that are not WAV files (instead of giving no result).' },
  },
  docs: {
    passes: ['A PCM (or WAVE_FORMAT_EXTENSIBLE with PCM SubFormat) WAV at 48 kHz, 24-bit; with a bext chunk where the profile asks for Broadcast WAV.'],
    fails: ['IEEE float, 16- or 32-bit, 44.1/96 kHz; a missing bext chunk in the animation profile; in the premix profile, an input that is not a WAV file.'],
    unverified: ['Never.'],
  },
  appliesTo: ({ session, options }) => session.audio != null || options.requireWav === true,
  check(ctx) {
    const s = ctx.session;
    const rate = Number(ctx.options.rate ?? 48000);
    const bits = Number(ctx.options.bits ?? 24);
    const a = s.audio;
    if (!a) {
      ctx.fail({ message: `${s.source.path} is not a WAV file (${s.source.format})`, measured: s.source.format, expected: 'WAV', fix: 'Deliver the premix as a WAV file.' });
      return;
    }
    const problems: string[] = [];
    if (!PCM.has(a.formatTag)) problems.push(`encoding is ${a.formatTag}, not PCM`);
    if (s.sampleRate !== rate) problems.push(`sample rate is ${s.sampleRate} Hz, not ${rate} Hz`);
    if (s.bitDepth !== bits) problems.push(`bit depth is ${s.bitDepth ?? 'unknown'}, not ${bits}-bit`);
    if (ctx.options.requireBext && !a.bext) problems.push('there is no bext chunk (not a Broadcast WAV)');
    const desc = `${a.container} ${a.formatTag} ${s.sampleRate} Hz ${s.bitDepth ?? '?'}-bit${a.bext ? ' BWF' : ''}, ${wavChannels(s) ?? '?'} ch`;
    if (problems.length) {
      ctx.fail({
        subject: { chunk: 'fmt ' }, message: `${problems.join('; ')}`, measured: desc,
        expected: `PCM ${rate} Hz ${bits}-bit${ctx.options.requireBext ? ' Broadcast WAV' : ''}`,
        fix: `Export as ${ctx.options.requireBext ? 'Broadcast ' : ''}WAV, PCM ${bits}-bit, ${rate / 1000} kHz.`,
      });
    } else {
      ctx.pass({ subject: { chunk: 'fmt ' }, message: desc, measured: desc });
    }
  },
});
