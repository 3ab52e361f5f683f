import { defineRule } from '../../rule.js';
import { baseName, parseRecordingName } from '../../names.js';
import { animation } from '../spec.js';

export default defineRule({
  id: 'wav/recording-name',
  description: 'Recordings are named (P|S)Sequence_Character_ActorInitials_YYMMDD_take.wav (dual actor: …_Character1_Initials_Character2_Initials_YYMMDD_(primary|secondary)_take.wav).',
  spec: [
    animation('(P or S)Sequence_Character_Actor Initials_YYMMDD'),
    animation('(P or S)Sequence_Character 1_Actor Initials_Character 2_Initials_YYMMDD_primary_take #'),
  ],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {},
  docs: {
    passes: ['P0100_Maddie_IF_220123_01.wav', 'P0100_Maddie_IF_Chaz_EB_220123_primary_01.wav'],
    fails: ['p0100_… (lowercase prefix), initials of 1 or 5+ letters or lowercase, an impossible date (220231), a missing take, _Primary_ (must be lowercase).'],
    unverified: ['Never.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const name = baseName(ctx.session.source.path);
    const p = parseRecordingName(name);
    if (p.ok) ctx.pass({ message: `File name '${name}' follows the ${p.parts.kind}-actor convention`, measured: name });
    else {
      ctx.fail({
        message: `File name '${name}': ${p.problems.join('; ')}`, measured: name,
        expected: '(P|S)Sequence_Character_ActorInitials_YYMMDD_take.wav',
        fix: 'Rename the file, e.g. P0100_Maddie_IF_220123_01.wav.',
      });
    }
  },
});
