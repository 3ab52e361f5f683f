import { defineRule } from '../../rule.js';
import { parsePackageName } from '../../names.js';
import { isFolderPackage } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'package/name',
  description: 'The delivery zip is named [Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version].zip.',
  spec: [edit('[Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version].zip')],
  severity: 'error',
  requires: [],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip'],
    fails: [
      'A part that is not letters and digits (Title, PackageID, episode), a language code that is not a valid BCP-47 tag, a fifth part other than LocalizedEditProject, a frame-rate token other than 23976, 24, 25, 2997, 30, a version other than v<digits>, or a different number of parts.',
    ],
    unverified: ['The input is not a zip package and does not name one (a bare session file): inspect the delivery .zip.'],
    notes: ['A delivery folder\'s name is not checked (no result).', 'The package name is read from the zip inspected, or from a `.zip` segment in the model\'s source path (`Show_..._v1.zip!Show.ptx`).'],
  },
  appliesTo: ({ session }) => !isFolderPackage(session),
  check(ctx) {
    const name = ctx.packageName;
    if (!name) {
      ctx.unverified({ message: 'This input is not a zip package, so the package name cannot be checked', missing: ['package'] });
      return;
    }
    const p = parsePackageName(name);
    if (p.ok) {
      ctx.pass({ subject: { file: name }, message: `Package name '${name}' follows the naming convention`, measured: name });
    } else {
      ctx.fail({
        subject: { file: name },
        message: `Package name '${name}': ${p.problems.join('; ')}`,
        measured: name,
        expected: '[Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version].zip',
        fix: 'Rename the zip, e.g. Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip.',
      });
    }
  },
});
