import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

/** Diagnostics of readers that had no rate to read and assumed one (a package with no session or audio header, an AAF without audio essence). */
const RATE_ASSUMED = new Set(['package/sample-rate-unknown', 'aaf/no-audio-essence']);

export default defineRule({
  id: 'session/sample-rate',
  description: 'The session and its audio files run at 48 kHz.',
  spec: [edit('Record 24bit/48Khz Audio.')],
  severity: 'error',
  requires: [],
  scope: 'session',
  options: { rate: { type: 'number', default: 48000, description: 'Required sample rate in Hz.' } },
  docs: {
    passes: ['A session at 48000 Hz whose media files (where their rate is known) are 48000 Hz.'],
    fails: ['A session at 44100 or 96000 Hz.', 'A media file at another rate than the required one.'],
    unverified: ['When the input states no rate and its reader assumed one: a package with no session view or audio header (package/sample-rate-unknown), an AAF without audio essence (aaf/no-audio-essence).'],
  },
  check(ctx) {
    const rate = Number(ctx.options.rate ?? 48000);
    const s = ctx.session;
    const assumed = s.diagnostics.find((d) => RATE_ASSUMED.has(d.code));
    if (assumed) {
      ctx.unverified({ message: `The session rate is not stated by this input: ${s.sampleRate} Hz was assumed (${assumed.code})`, missing: ['sampleRate'] });
    } else if (s.sampleRate !== rate) {
      ctx.fail({
        message: `Session sample rate is ${s.sampleRate} Hz, not ${rate} Hz`,
        measured: s.sampleRate, expected: rate, unit: 'Hz',
        fix: `Convert the session and its audio to ${rate / 1000} kHz.`,
      });
    } else {
      ctx.pass({ message: `Session sample rate is ${rate} Hz`, measured: s.sampleRate, expected: rate, unit: 'Hz' });
    }
    for (const m of s.mediaFiles) {
      if (m.sampleRate != null && m.sampleRate !== rate) {
        ctx.fail({
          subject: { file: m.path ?? m.name },
          message: `Audio file ${m.name} is ${m.sampleRate} Hz, not ${rate} Hz`,
          measured: m.sampleRate, expected: rate, unit: 'Hz',
          fix: `Convert ${m.name} to ${rate / 1000} kHz.`,
        });
      }
    }
  },
});
