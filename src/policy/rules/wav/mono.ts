import { defineRule } from '../../rule.js';
import { wavChannels } from '../../model-helpers.js';
import { premix } from '../spec.js';

export default defineRule({
  id: 'wav/mono',
  description: 'The premix WAV has exactly one channel.',
  spec: [premix('The dubbing partner should create a mono WAV file containing all the premix dialogue units')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {},
  docs: { passes: ['One channel.'], fails: ['Two or more channels.'], unverified: ['Never.'] },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const ch = wavChannels(ctx.session);
    if (ch === 1) ctx.pass({ message: 'Mono', measured: 1, expected: 1, unit: 'channels' });
    else ctx.fail({ message: `The premix has ${ch ?? 'an unknown number of'} channels, not 1`, measured: ch, expected: 1, unit: 'channels', fix: 'Bounce the premix to a mono WAV.' });
  },
});
