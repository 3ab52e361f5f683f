import { defineRule } from '../../rule.js';
import { isAudioLike } from '../../model-helpers.js';
import { parseTrackName } from '../../names.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/name-format',
  description: 'Track names are [language code]_[CHARACTER] (pickups PU_[language code]_[CHARACTER]), all caps or all lowercase, ASCII only.',
  spec: [
    edit('[language code]_[character] - all caps or all lowercase'),
    edit('Do not use any symbols or accents (Ò, È or / \\ |).'),
    edit('[PU]_[language code]_[character]'),
  ],
  severity: 'error',
  requires: ['tracks'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['ES-ES_MARIA, es-ES_MARIA, es-es_maria, es-419_JUAN_PABLO, PU_es-ES_MARIA, es-ES_WALLA_1.'],
    fails: [
      'es-ES_Maria (the character part mixes cases).',
      'es-ES_MARÍA (accent), es-ES_MARIA/JUAN (symbol), [PU]_es-ES_MARIA (brackets are symbols), es-ES MARIA (no underscore, space).',
      'xx-YY_MARIA (not a registered BCP-47 tag).',
    ],
    unverified: ['Never for decoded tracks.'],
    notes: [
      'The [PU] of the specification is the literal prefix PU_ (brackets are placeholder notation).',
      '"All caps or all lowercase" applies to the character part; the language tag is compared case-insensitively against the registry.',
      'Only audio tracks are named like this; master, aux and VCA tracks have their own rules.',
    ],
  },
  check(ctx) {
    for (const t of ctx.session.tracks.filter(isAudioLike)) {
      const p = parseTrackName(t.name);
      if (p.ok) {
        ctx.pass({ subject: { track: t.name }, message: `Track name ${t.name} follows [language code]_[CHARACTER]` });
      } else {
        ctx.fail({
          subject: { track: t.name },
          message: `Track name '${t.name}' ${p.problems.join('; ')}`,
          measured: t.name, expected: '[PU_]<language code>_<CHARACTER>',
          fix: 'Rename the track, e.g. es-ES_MARIA (character in English, as in the KNP).',
        });
      }
    }
  },
});
