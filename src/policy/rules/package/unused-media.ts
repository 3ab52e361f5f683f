import { defineRule } from '../../rule.js';
import type { Session } from '../../../model/session.js';
import { audioFilesListing, AUDIO_EXTENSIONS, pathInAudioFiles } from './audio-files.js';
import { baseName, extension } from '../../names.js';
import { mediaFileName } from '../../model-helpers.js';
import { edit } from '../spec.js';

function usedMediaIds(s: Session): Set<string> {
  const ids = new Set<string>();
  for (const t of s.tracks) for (const p of t.playlists) for (const c of p.clips) if (c.mediaFileId) ids.add(c.mediaFileId);
  return ids;
}

export default defineRule({
  id: 'package/unused-media',
  description: 'No audio file in Audio Files (or the session\'s audio bin) that no clip uses.',
  spec: [edit('Clean out unused audio from the session and Audio Bin.')],
  severity: 'error',
  requires: ['mediaFiles', 'playlists'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['Every audio file in Audio Files/ (package listing) and every media file of the session in Audio Files is used by at least one clip (on any playlist).'],
    fails: ['An audio file in Audio Files/ that no clip references.', "A media file in the session's bin that no clip uses."],
    unverified: ['Media files or playlists are not decoded.'],
    notes: ['Only audio files in the root Audio Files/ folder are looked at (rendered fades live in Fade Files/); system files (._ AppleDouble files, WaveCache.wav) are not.'],
  },
  check(ctx) {
    const s = ctx.session;
    const used = usedMediaIds(s);
    const usedNames = new Set(s.mediaFiles.filter((m) => used.has(m.id)).map((m) => mediaFileName(m).toLowerCase()));
    const reported = new Set<string>();
    for (const m of s.mediaFiles) {
      if (used.has(m.id) || m.embedded) continue;
      if (pathInAudioFiles(m) === false) continue;
      const name = mediaFileName(m);
      if (usedNames.has(name.toLowerCase())) continue;
      reported.add(name.toLowerCase());
      ctx.fail({
        subject: { file: m.path ?? m.name }, message: `Audio file ${name} is not used by any clip`,
        measured: name, expected: 'used by a clip', fix: 'Remove unused audio (Clip List > Select Unused > Clear) and delete it from Audio Files/.',
      });
    }
    const listing = audioFilesListing(s);
    if (listing) {
      for (const [lower, path] of listing) {
        if (!AUDIO_EXTENSIONS.has(extension(lower))) continue;
        if (usedNames.has(lower) || reported.has(lower)) continue;
        reported.add(lower);
        ctx.fail({
          subject: { file: path, chunk: path }, message: `Audio file ${baseName(path)} in Audio Files/ is not used by any clip`,
          measured: path, expected: 'used by a clip', fix: `Delete ${baseName(path)} from Audio Files/.`,
        });
      }
    }
    if (reported.size === 0) ctx.pass({ message: 'Every audio file is used by a clip' });
  },
});
