/** Citations of the specification texts the built-in profiles enforce. */
import type { SpecCitation } from '../rule.js';

export const EDIT_PROFILE = 'netflix-localized-edit';
export const PREMIX_PROFILE = 'netflix-premix-wav';
export const ANIMATION_PROFILE = 'netflix-animation-dialogue';

const EDIT_SPEC = 'localized-premix-wav-and-edit-project.txt';
const ANIMATION_SPEC = 'animation-dialogue-recording.txt';

export const edit = (quote: string): SpecCitation => ({ profile: EDIT_PROFILE, source: EDIT_SPEC, quote });
export const premix = (quote: string): SpecCitation => ({ profile: PREMIX_PROFILE, source: EDIT_SPEC, quote });
export const animation = (quote: string): SpecCitation => ({ profile: ANIMATION_PROFILE, source: ANIMATION_SPEC, quote });
