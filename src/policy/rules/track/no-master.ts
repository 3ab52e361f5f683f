import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';
import { checkNoKind } from './kinds.js';

export default defineRule({
  id: 'track/no-master',
  description: 'No master fader tracks.',
  spec: [edit('Master Tracks - The recording session should not contain any Master Tracks that control other tracks.')],
  severity: 'error',
  requires: ['trackKinds'],
  scope: 'session',
  options: {},
  docs: { passes: ['No track of kind master.'], fails: ['A master fader track.'], unverified: ['Track kinds are not fully decoded (e.g. Session Info as Text lists audio tracks only).'] },
  check: (ctx) => checkNoKind(ctx, 'master', 'a master fader', 'Delete the master fader track.'),
});
