import { defineRule } from '../../rule.js';
import { baseName, parseRecordingSessionName, stripExtension } from '../../names.js';

/** The session's name, its file name and its folder's name (the spec names the session file or folder). */
function candidateNames(name: string, path: string): string[] {
  const segs = path.split(/[\\/!]/).filter(Boolean);
  const file = segs.length ? stripExtension(baseName(path)) : '';
  const folder = segs.length > 1 ? segs[segs.length - 2] : '';
  return [name, file, folder].filter((c, i, a) => c && a.indexOf(c) === i);
}
import { animation } from '../spec.js';

export default defineRule({
  id: 'session/recording-name',
  description: 'The recording session is named YYMMDD_TitleAbbreviation_(PDX|SCR)###_Character_ActorInitials.',
  spec: [animation('YYMMDD_Title Abbreviation_(PDX or SCR)Session# (3 digits)_Character_Actors Initials')],
  severity: 'error',
  requires: [],
  scope: 'session',
  options: {},
  docs: {
    passes: ['220123_B2TO_PDX002_Maddie_IF as the session name, the session file name (without extension) or the session folder name.'],
    fails: ['A missing or invalid date, a session number that is not PDX/SCR plus 3 digits, initials that are not 2-4 capitals.'],
    unverified: ['Never.'],
  },
  check(ctx) {
    const s = ctx.session;
    const candidates = candidateNames(s.name, s.source.path);
    if (!candidates.length) {
      ctx.fail({ message: 'The session has no name to check', measured: '', expected: 'YYMMDD_TitleAbbreviation_(PDX|SCR)###_Character_ActorInitials' });
      return;
    }
    const parses = candidates.map((c) => ({ name: c, p: parseRecordingSessionName(c) }));
    const good = parses.find((x) => x.p.ok);
    if (good) {
      ctx.pass({ message: `Session name '${good.name}' follows the naming convention`, measured: good.name });
      return;
    }
    const first = parses[0];
    ctx.fail({
      message: `Session name '${first.name}' ${first.p.problems.join('; ')}`,
      measured: first.name, expected: 'YYMMDD_TitleAbbreviation_(PDX|SCR)###_Character_ActorInitials',
      fix: 'Rename the session, e.g. 220123_B2TO_PDX002_Maddie_IF.',
    });
  },
});
