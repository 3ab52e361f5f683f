import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';
import { checkNoKind } from './kinds.js';

export default defineRule({
  id: 'track/no-aux',
  description: 'No auxiliary input tracks or buses.',
  spec: [edit('Auxiliary Tracks - The Recording Session should not contain any Auxiliary buses or added signal routing and processing.')],
  severity: 'error',
  requires: ['trackKinds'],
  scope: 'session',
  options: {},
  docs: { passes: ['No track of kind aux.'], fails: ['An auxiliary input track.'], unverified: ['Track kinds are not fully decoded.'] },
  check: (ctx) => checkNoKind(ctx, 'aux', 'an auxiliary input', 'Delete the aux track and route the audio tracks directly to the outputs.'),
});
