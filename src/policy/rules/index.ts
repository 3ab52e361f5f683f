/** Every rule, sorted by id. Documentation is generated from this list. */
import type { Rule } from '../rule.js';
import clipFaded from './clip/faded.js';
import clipNamedForCharacter from './clip/named-for-character.js';
import clipNoTimeStretch from './clip/no-time-stretch.js';
import packageName from './package/name.js';
import packageNoSourceMaterial from './package/no-source-material.js';
import packageSelfContained from './package/self-contained.js';
import packageUnusedMedia from './package/unused-media.js';
import sessionBitDepth from './session/bit-depth.js';
import sessionFrameRate from './session/frame-rate.js';
import sessionRecordingName from './session/recording-name.js';
import sessionSampleRate from './session/sample-rate.js';
import sessionStart from './session/start.js';
import sessionStartTimecode from './session/start-timecode.js';
import trackMonoDialogue from './track/mono-dialogue.js';
import trackNameFormat from './track/name-format.js';
import trackNameKnp from './track/name-knp.js';
import trackNameLanguage from './track/name-language.js';
import trackNoAutomation from './track/no-automation.js';
import trackNoAux from './track/no-aux.js';
import trackNoEmpty from './track/no-empty.js';
import trackNoGroups from './track/no-groups.js';
import trackNoInserts from './track/no-inserts.js';
import trackNoMaster from './track/no-master.js';
import trackNoOverlapAtBreaks from './track/no-overlap-at-breaks.js';
import trackNoSends from './track/no-sends.js';
import trackNoVca from './track/no-vca.js';
import trackOrder from './track/order.js';
import trackSinglePlaylist from './track/single-playlist.js';
import trackWallaLimit from './track/walla-limit.js';
import wavFormat from './wav/format.js';
import wavMicLayout from './wav/mic-layout.js';
import wavMono from './wav/mono.js';
import wavNoAudioBeforeHour from './wav/no-audio-before-hour.js';
import wavPictureLength from './wav/picture-length.js';
import wavPremixName from './wav/premix-name.js';
import wavRecordingName from './wav/recording-name.js';
import wavTimecodeRate from './wav/timecode-rate.js';
import wavTruePeak from './wav/true-peak.js';

export const RULES: readonly Rule[] = [
  clipFaded, clipNamedForCharacter, clipNoTimeStretch,
  packageName, packageNoSourceMaterial, packageSelfContained, packageUnusedMedia,
  sessionBitDepth, sessionFrameRate, sessionRecordingName, sessionSampleRate, sessionStart, sessionStartTimecode,
  trackMonoDialogue, trackNameFormat, trackNameKnp, trackNameLanguage, trackNoAutomation, trackNoAux, trackNoEmpty,
  trackNoGroups, trackNoInserts, trackNoMaster, trackNoOverlapAtBreaks, trackNoSends, trackNoVca, trackOrder,
  trackSinglePlaylist, trackWallaLimit,
  wavFormat, wavMicLayout, wavMono, wavNoAudioBeforeHour, wavPictureLength, wavPremixName, wavRecordingName,
  wavTimecodeRate, wavTruePeak,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));
