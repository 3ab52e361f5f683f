import { defineRule } from '../../rule.js';
import { audioFilesListing, isRelativePath, pathInAudioFiles } from './audio-files.js';
import { mediaFileName } from '../../model-helpers.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'package/self-contained',
  description: "Every referenced audio file is in the package's Audio Files folder and online; nothing links outside it.",
  spec: [edit('Ensure the submitted Pro Tools or DAW (digital audio workstation) session is self-contained and not linking to audio files from outside of the Audio Files folder in your deliverable session.')],
  severity: 'error',
  requires: ['mediaFiles'],
  // Unsafe zip entry names are evidence of their own: they fail even when media files are not decoded.
  requiresFor: ({ session }) => (session.package?.unsafeEntries?.length ? [] : ['mediaFiles']),
  scope: 'session',
  options: {},
  docs: {
    passes: [
      "Each media file is embedded, or found by file name in the package's root Audio Files/ folder (absolute paths from the authoring machine, e.g. file:///c%3a/…/Audio Files/x.wav, are expected).",
      'Without a package listing (a bare session or model): each media file is online and its path lies in an Audio Files folder.',
    ],
    fails: [
      "A referenced file missing from Audio Files/ (or offline).",
      'A relative path outside Audio Files/ (e.g. ../Other/x.wav), or an absolute path outside any Audio Files folder.',
      "A zip entry whose name escapes the package ('../', absolute paths, drive letters): reported, never followed.",
    ],
    unverified: ['Media files are not decoded; or, without a package listing, a file whose online state is unknown.'],
  },
  check(ctx) {
    const s = ctx.session;
    const listing = audioFilesListing(s);
    for (const bad of s.package?.unsafeEntries ?? []) {
      ctx.fail({
        subject: { file: bad, chunk: bad },
        message: `Package entry '${bad}' has a name that escapes the package (not followed)`,
        measured: bad, expected: 'paths inside the package', fix: 'Rebuild the zip from the session folder with relative paths.',
      });
    }
    if (s.coverage.mediaFiles !== 'decoded') {
      ctx.unverified({ message: `Media files are ${s.coverage.mediaFiles ?? 'unsupported'}: the referenced files cannot all be checked`, missing: ['mediaFiles'] });
      return;
    }
    for (const m of s.mediaFiles) {
      const file = mediaFileName(m);
      const subject = { file: m.path ?? m.name };
      if (m.embedded) {
        ctx.pass({ subject, message: `${file} is embedded` });
        continue;
      }
      if (listing) {
        if (listing.has(file.toLowerCase())) ctx.pass({ subject, message: `${file} is in Audio Files/` });
        else {
          ctx.fail({
            subject, message: `Referenced audio file ${file} is not in the package's Audio Files folder`,
            measured: m.path ?? m.name, expected: `Audio Files/${file}`,
            fix: 'Save a copy of the session with "Copy all audio files" so every file is inside Audio Files/.',
          });
        }
        continue;
      }
      const inFolder = pathInAudioFiles(m);
      if (m.path && (inFolder === false || (inFolder === null && !isRelativePath(m.path)))) {
        ctx.fail({
          subject, message: `Audio file ${file} is linked from outside the Audio Files folder: ${m.path}`,
          measured: m.path, expected: `Audio Files/${file}`,
          fix: 'Copy the file into the session\'s Audio Files folder and relink it (Save Copy In with all audio files).',
        });
      } else if (m.online === false) {
        ctx.fail({
          subject, message: `Audio file ${file} is offline (missing)`, measured: 'offline', expected: 'online',
          fix: 'Relink or restore the file into Audio Files/.',
        });
      } else if (m.online === true) {
        ctx.pass({ subject, message: `${file} is online in Audio Files` });
      } else {
        ctx.unverified({ subject, message: `Whether ${file} is present cannot be told from this input: inspect the delivery zip or folder` });
      }
    }
  },
});
