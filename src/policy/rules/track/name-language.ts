import { defineRule } from '../../rule.js';
import { isAudioLike } from '../../model-helpers.js';
import { isLanguageTag } from '../../bcp47.js';
import { parsePackageName, trackNameParts } from '../../names.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/name-language',
  description: "One language code across the track names, equal to the package name's.",
  spec: [
    edit('[language code]_[character] - all caps or all lowercase'),
    edit('[Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version].zip'),
  ],
  severity: 'error',
  requires: ['tracks'],
  scope: 'session',
  options: { language: { type: 'string | null', default: null, description: "Expected language tag (default: the package name's)." } },
  docs: {
    passes: ["All track tags are the same tag (case-insensitively) and equal the package's language (es-ES, ES-ES and es-es are one tag)."],
    fails: ['Tracks with different tags (es-ES_MARIA and es-419_JUAN).', "A tag that differs from the package name's language."],
    unverified: ['Never for decoded tracks: without a package name, only the consistency across tracks is checked.'],
  },
  check(ctx) {
    const expectedOpt = (ctx.options.language as string | null | undefined) ?? null;
    const pkg = ctx.packageName ? parsePackageName(ctx.packageName).parts.language ?? null : null;
    const expected = expectedOpt ?? (pkg && isLanguageTag(pkg) ? pkg : null);
    const tagged = ctx.session.tracks.filter(isAudioLike).map((t) => ({ t, tag: trackNameParts(t.name)?.tag ?? null }))
      .filter((x): x is { t: typeof x.t; tag: string } => !!x.tag && isLanguageTag(x.tag));
    if (!tagged.length) {
      ctx.pass({ message: 'No track carries a language code (track/name-format reports the names)' });
      return;
    }
    const counts = new Map<string, number>();
    for (const x of tagged) counts.set(x.tag.toLowerCase(), (counts.get(x.tag.toLowerCase()) ?? 0) + 1);
    const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const reference = expected ? expected.toLowerCase() : majority;
    const from = expected ? (expectedOpt ? 'the expected language' : "the package name's language") : 'the other tracks';
    for (const { t, tag } of tagged) {
      if (tag.toLowerCase() === reference) {
        ctx.pass({ subject: { track: t.name }, message: `Track ${t.name} is in ${tag}`, measured: tag });
      } else {
        ctx.fail({
          subject: { track: t.name },
          message: `Track ${t.name} has language code ${tag}, not ${expected ?? majority} (${from})`,
          measured: tag, expected: expected ?? majority, fix: `Use ${expected ?? majority} on every track.`,
        });
      }
    }
  },
});
