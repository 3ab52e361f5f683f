import { defineRule } from '../../rule.js';
import { baseName, extension, nameTokens, stripExtension } from '../../names.js';
import { edit } from '../spec.js';

const VIDEO_EXTENSIONS = new Set(['mov', 'mp4', 'm4v', 'avi', 'mxf']);
const SOURCE_TOKENS = new Set(['PRINTMASTER', 'PM', 'DME', 'STEM', 'STEMS', 'M&E', 'ME', 'FFME', 'FULLYFILLED']);
const OPTIONAL_TOKENS = new Set(['OPT', 'OPTS', 'OPTIONAL', 'OPTIONALS']);

/**
 * Why a file name looks like source material, or null. `describedAsAudio`:
 * the session describes the file as sound (channels and a sample rate, e.g.
 * Media Composer's MXF audio media): its container is still a video
 * extension, but it is not called a video file.
 */
export function sourceMaterialReason(path: string, describedAsAudio = false): string | null {
  const file = baseName(path);
  const ext = extension(file);
  if (VIDEO_EXTENSIONS.has(ext)) {
    return describedAsAudio ? `a .${ext} file (a video container; the session describes it as audio, which the delivery wants as WAV)` : `a video file (.${ext})`;
  }
  const tokens = nameTokens(stripExtension(file)).map((t) => t.toUpperCase());
  if (tokens.some((t) => OPTIONAL_TOKENS.has(t))) return null;
  const hit = tokens.find((t) => SOURCE_TOKENS.has(t));
  if (hit) return `its name has the token '${hit}' (printmaster, DME stem or M&E)`;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i] === 'FULLY' && tokens[i + 1] === 'FILLED') return "its name says 'Fully Filled' (M&E)";
    if (tokens[i] === 'PRINT' && tokens[i + 1] === 'MASTER') return "its name says 'Print Master'";
  }
  return null;
}

export default defineRule({
  id: 'package/no-source-material',
  description: 'No video files, printmasters, DME stems or fully-filled M&E in the package.',
  spec: [edit('Source material audio - Printmasters, Video Files, DME Stems, Fully-filled M&E (if applicable)')],
  severity: 'error',
  requires: ['mediaFiles'],
  scope: 'session',
  options: {},
  docs: {
    passes: ['A package listing (a zip or a delivery folder) in which no file has a video extension and no file name has a source-material token; optionals (a token OPT, OPTS, OPTIONAL, OPTIONALS) are not source material.'],
    fails: ['A .mov, .mp4, .m4v, .avi or .mxf anywhere in the package.', 'A file whose name has a token PRINTMASTER, PM, DME, STEM, STEMS, M&E, ME, FFME or FULLYFILLED (tokens split on anything but letters, digits and &).'],
    unverified: [
      'Without a package listing (a bare session, AAF or model) when none of the session\'s media files is source material: what else the delivery holds cannot be seen.',
      'Without a package listing, when media files are not decoded.',
    ],
    notes: [
      'With a package listing every entry is looked at; without one, the session\'s media files are, and a source-material file among them fails (it would be delivered with the session).',
      'System files (__MACOSX, ._ AppleDouble files, .DS_Store, Pro Tools\' WaveCache.wav) are not looked at.',
      'A .mxf (or other video container) that the session describes as sound, such as Media Composer\'s MXF audio media, still fails; it is called a video container rather than a video file, and the fix is to convert it to Broadcast WAV and relink.',
    ],
  },
  requiresFor: ({ session }) => (session.package?.entries?.length ? [] : ['mediaFiles']),
  check(ctx) {
    const s = ctx.session;
    const paths = s.package?.entries?.length
      ? s.package.entries.filter((e) => !e.isDirectory && e.role !== 'system').map((e) => e.path)
      : s.mediaFiles.map((m) => m.path ?? m.name);
    // Files the session describes as sound, by name (a listing's entry and a media file's path may differ in folders).
    const audio = new Set(s.mediaFiles.filter((m) => (m.channels ?? 0) > 0 && (m.sampleRate ?? 0) > 0).map((m) => baseName(m.path ?? m.name).toLowerCase()));
    let found = 0;
    const seen = new Set<string>();
    for (const p of paths) {
      if (seen.has(p)) continue;
      seen.add(p);
      const name = baseName(p);
      const asAudio = audio.has(name.toLowerCase());
      const why = sourceMaterialReason(p, asAudio);
      if (why) {
        found++;
        const sound = asAudio && VIDEO_EXTENSIONS.has(extension(name));
        ctx.fail({
          subject: { file: p }, message: `${name} looks like source material: ${why}`,
          measured: p, expected: 'recorded dialogue only',
          fix: sound ? `Convert ${name} to Broadcast WAV and relink the session to it, or remove it from the delivery.` : `Remove ${name} from the delivery.`,
        });
      }
    }
    if (found) return;
    if (s.package?.entries?.length) ctx.pass({ message: `No source material among ${seen.size} files` });
    else {
      ctx.unverified({
        message: `No package was read: the session's media files (${seen.size}) hold no source material, but what else the delivery holds cannot be seen (inspect the delivery zip or folder)`,
        missing: ['package'],
      });
    }
  },
});
