import { defineRule } from '../../rule.js';
import { isAudioLike, isOptional, isWalla } from '../../model-helpers.js';
import { trackNameParts } from '../../names.js';
import { edit } from '../spec.js';
import { normalizeCharacter, splitCharacters } from './characters.js';

export default defineRule({
  id: 'track/name-knp',
  description: 'Character names in track names match the KNP (key names and phrases) list.',
  spec: [edit("Name each track with the character\u2019s name in English and ensure it matches the KNP before the recording so all the regions take the same name.")],
  severity: 'error',
  requires: ['tracks'],
  scope: 'session',
  options: { names: { type: 'string[] | null', default: null, description: 'The KNP character names (also --knp FILE).' } },
  docs: {
    passes: ['Each character track\'s character part is a KNP name, or a run of KNP names for a group recording (MARIA_JUAN), compared case-insensitively with spaces and punctuation as _.'],
    fails: ['A character not in the KNP list (a misspelling, a translated name).', 'A track name with no character part.'],
    unverified: ['No KNP list was given (--knp FILE).'],
    notes: ['Walla/group and optional tracks are exempt; a pickup track\'s character is what follows PU_<tag>_.'],
  },
  check(ctx) {
    const list = ctx.inputs.knp ?? (ctx.options.names as string[] | null | undefined) ?? null;
    if (!list) {
      ctx.unverified({ message: 'No KNP character list was given (--knp)', missing: ['--knp'] });
      return;
    }
    const known = new Set(list.map(normalizeCharacter).filter(Boolean));
    for (const t of ctx.session.tracks.filter(isAudioLike)) {
      if (isWalla(t) || isOptional(t)) continue;
      const p = trackNameParts(t.name);
      if (!p) {
        ctx.fail({ subject: { track: t.name }, message: `Track name '${t.name}' has no character part to match with the KNP`, measured: t.name, expected: 'a KNP name' });
        continue;
      }
      const split = splitCharacters(p.character, known);
      if (split) {
        ctx.pass({ subject: { track: t.name }, message: `Character ${p.character} is in the KNP`, measured: p.character });
      } else {
        ctx.fail({
          subject: { track: t.name },
          message: `Character '${p.character}' of track ${t.name} is not in the KNP list`,
          measured: p.character, expected: 'a KNP name', fix: 'Use the character name exactly as the KNP spells it (in English).',
        });
      }
    }
  },
});
