import { defineRule } from '../../rule.js';
import { baseName, parsePremixName } from '../../names.js';
import { premix } from '../spec.js';

export default defineRule({
  id: 'wav/premix-name',
  description: 'The premix is named [PackageID]_ShowTitle_[framerate]_Mono_[langCode]_PreMixQC_[Version].wav.',
  spec: [premix('Naming convention:[PackageID]_ShowTitle_[framerate]_Mono_[langCode]_PreMixQC_[Version].wav')],
  severity: 'error',
  requires: [],
  scope: 'wav',
  options: {},
  docs: {
    passes: ['PKG123_ShowTitle_24_Mono_es-ES_PreMixQC_v1.wav'],
    fails: ["A frame-rate token other than 23976, 24, 25, 2997, 30; 'mono' instead of the literal 'Mono'; an invalid language tag; a version other than v<digits>."],
    unverified: ['Never.'],
  },
  appliesTo: ({ session }) => session.audio != null,
  check(ctx) {
    const name = baseName(ctx.session.source.path);
    const p = parsePremixName(name);
    if (p.ok) ctx.pass({ message: `File name '${name}' follows the naming convention`, measured: name });
    else {
      ctx.fail({
        message: `File name '${name}': ${p.problems.join('; ')}`, measured: name,
        expected: '[PackageID]_ShowTitle_[framerate]_Mono_[langCode]_PreMixQC_[Version].wav',
        fix: 'Rename the file, e.g. PKG123_ShowTitle_24_Mono_es-ES_PreMixQC_v1.wav.',
      });
    }
  },
});
