/**
 * `--profile auto`: a Localized Edit Project package or session → the edit
 * profile; a file named like a premix WAV → premix; a file named like a
 * recording (or a recording session) → animation.
 */
import type { Session } from '../model/session.js';
import { baseName, parsePremixName, parseRecordingName, parseRecordingSessionName, stripExtension } from './names.js';
import { ANIMATION_PROFILE, EDIT_PROFILE, PREMIX_PROFILE } from './rules/spec.js';

export function detectProfile(s: Session): string {
  const file = baseName(s.source.path);
  if (s.audio) {
    if (/_PreMixQC_/i.test(file) || /_Mono_/.test(file) || parsePremixName(file).ok) return PREMIX_PROFILE;
    const rec = parseRecordingName(file);
    if (rec.ok || /^[PS]\d+_/.test(file)) return ANIMATION_PROFILE;
    return PREMIX_PROFILE;
  }
  const names = [s.name, stripExtension(file)];
  if (names.some((n) => parseRecordingSessionName(n).ok || /^\d{6}_[A-Za-z0-9]+_(PDX|SCR)\d{3}_/.test(n))) return ANIMATION_PROFILE;
  return EDIT_PROFILE;
}
