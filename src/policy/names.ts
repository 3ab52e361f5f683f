/**
 * Parsers for the names the specifications prescribe. Each parser splits a
 * name into its parts and says which part is wrong, so a finding can read
 * "frame-rate token '2398' is not one of 23976, 24, 25, 2997, 30".
 */
import { checkLanguageTag } from './bcp47.js';
import { FRAME_RATE_TOKENS } from '../model/timecode.js';

export type NameParse<T> = { ok: true; parts: T; problems: [] } | { ok: false; parts: Partial<T>; problems: string[] };

function ok<T>(parts: T): NameParse<T> {
  return { ok: true, parts, problems: [] };
}
function bad<T>(parts: Partial<T>, problems: string[]): NameParse<T> {
  return { ok: false, parts, problems };
}

export const FRAME_RATE_TOKEN_LIST = '23976, 24, 25, 2997, 30';

/** Last path segment (handles '/', '\\' and 'archive.zip!entry'). */
export function baseName(path: string): string {
  const seg = path.split(/[\\/!]/).pop() ?? path;
  return seg;
}

export function stripExtension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(0, i) : name;
}

export function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i + 1).toLowerCase() : '';
}

function firstNonAscii(s: string): string | null {
  for (const ch of s) if (ch.charCodeAt(0) > 0x7e || ch.charCodeAt(0) < 0x20) return ch;
  return null;
}

function symbolsIn(s: string, allowed: RegExp): string[] {
  const out = new Set<string>();
  for (const ch of s) if (!allowed.test(ch)) out.add(ch);
  return [...out];
}

function describeChars(chars: string[]): string {
  return chars.map((c) => (c === ' ' ? "' ' (space)" : `'${c}'`)).join(', ');
}

// ---------------------------------------------------------------- track names

export type TrackNameParts = { pickup: boolean; tag: string; character: string; characterTokens: string[] };

const WALLA_TOKENS = new Set(['WALLA', 'GROUP']);
const OPTIONAL_TOKENS = new Set(['OPT', 'OPTS', 'OPTIONAL', 'OPTIONALS']);

/**
 * `[PU_]<language tag>_<CHARACTER>`: the character part all caps or all
 * lowercase; ASCII letters, digits and `_` (and `-` only inside the tag).
 */
export function parseTrackName(name: string): NameParse<TrackNameParts> {
  const problems: string[] = [];
  const trimmed = name;
  const nonAscii = firstNonAscii(trimmed);
  if (nonAscii) problems.push(`has a non-ASCII or accented character '${nonAscii}' (only ASCII letters, digits, '_' and '-' in the language tag are allowed)`);
  let rest = trimmed;
  let pickup = false;
  if (/^PU_/.test(rest) || /^pu_/.test(rest)) {
    pickup = true;
    rest = rest.slice(3);
  }
  const us = rest.indexOf('_');
  if (us < 0) {
    problems.push(`has no '_' between a language code and a character: expected [language code]_[CHARACTER]`);
    return bad<TrackNameParts>({ pickup }, dedupe(problems));
  }
  const tag = rest.slice(0, us);
  const character = rest.slice(us + 1);
  const tagSymbols = symbolsIn(tag, /[A-Za-z0-9-]/).filter((c) => c.charCodeAt(0) <= 0x7e);
  if (tag.length === 0) problems.push("has an empty language code before '_'");
  else if (tagSymbols.length) problems.push(`language code '${tag}' has symbols ${describeChars(tagSymbols)}`);
  else {
    const t = checkLanguageTag(tag);
    if (!t.valid) problems.push(`language code '${tag}' is not a valid BCP-47 tag (${t.reason})`);
  }
  const charSymbols = symbolsIn(character, /[A-Za-z0-9_]/).filter((c) => c.charCodeAt(0) <= 0x7e);
  if (character.length === 0) problems.push("has no character name after the language code");
  else {
    if (charSymbols.length) problems.push(`character part '${character}' has symbols ${describeChars(charSymbols)} (only letters, digits and '_')`);
    const letters = character.replace(/[^A-Za-z]/g, '');
    if (/[A-Z]/.test(letters) && /[a-z]/.test(letters)) {
      problems.push(`character part '${character}' mixes upper and lower case (use all caps or all lowercase)`);
    }
    if (character.startsWith('_') || character.endsWith('_') || character.includes('__')) {
      problems.push(`character part '${character}' has an empty '_'-separated part`);
    }
  }
  const characterTokens = character.split('_').filter(Boolean);
  const parts = { pickup, tag, character, characterTokens };
  return problems.length ? bad(parts, dedupe(problems)) : ok(parts);
}

/** Tag and character of a track name, leniently (for rules that only need the parts). */
export function trackNameParts(name: string): TrackNameParts | null {
  const m = /^(PU_|pu_)?([A-Za-z0-9-]+)_(.+)$/.exec(name);
  if (!m) return null;
  const character = m[3];
  return { pickup: !!m[1], tag: m[2], character, characterTokens: character.split(/_+/).filter(Boolean) };
}

/** A walla/group track: the character part starts with the token WALLA or GROUP. */
export function isWallaName(name: string): boolean {
  const p = trackNameParts(name);
  const first = p?.characterTokens[0]?.toUpperCase();
  return !!first && WALLA_TOKENS.has(first);
}

/** An optional track: the character part has a token OPT, OPTS, OPTIONAL or OPTIONALS. */
export function isOptionalName(name: string): boolean {
  const p = trackNameParts(name);
  return !!p && p.characterTokens.some((t) => OPTIONAL_TOKENS.has(t.toUpperCase()));
}

// ------------------------------------------------------------- package names

export type PackageNameParts = {
  title: string; packageId: string; episode: string; language: string; kind: string; frameRateToken: string; version: string;
};

/** `[Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version].zip` */
export function parsePackageName(fileName: string): NameParse<PackageNameParts> {
  const problems: string[] = [];
  const ext = extension(fileName);
  if (ext !== 'zip') problems.push(`extension '.${ext || '(none)'}' is not '.zip'`);
  const stem = ext ? stripExtension(fileName) : fileName;
  const nonAscii = firstNonAscii(stem);
  if (nonAscii) problems.push(`has a non-ASCII character '${nonAscii}'`);
  const tokens = stem.split('_');
  if (tokens.length !== 7) {
    problems.push(
      `has ${tokens.length} '_'-separated parts, expected 7: [Title]_[PackageID]_[episode#]_[language code]_LocalizedEditProject_[Frame rate]_[version]`,
    );
    return bad({}, problems);
  }
  const [title, packageId, episode, language, kind, frameRateToken, version] = tokens;
  const alnum = /^[A-Za-z0-9]+$/;
  if (!alnum.test(title)) problems.push(`title '${title}' must be letters and digits only`);
  if (!alnum.test(packageId)) problems.push(`package ID '${packageId}' must be letters and digits only`);
  if (!alnum.test(episode)) problems.push(`episode '${episode}' must be letters and digits only`);
  const t = checkLanguageTag(language);
  if (!t.valid) problems.push(`language code '${language}' is not a valid BCP-47 tag (${t.reason})`);
  if (kind !== 'LocalizedEditProject') problems.push(`fifth part '${kind}' must be 'LocalizedEditProject'`);
  if (!FRAME_RATE_TOKENS[frameRateToken]) problems.push(`frame-rate token '${frameRateToken}' is not one of ${FRAME_RATE_TOKEN_LIST}`);
  if (!/^v\d+$/.test(version)) problems.push(`version '${version}' must be 'v' followed by digits (v1, v2, ...)`);
  const parts = { title, packageId, episode, language, kind, frameRateToken, version };
  return problems.length ? bad(parts, problems) : ok(parts);
}

// ---------------------------------------------------------------- premix WAV

export type PremixNameParts = { packageId: string; title: string; frameRateToken: string; language: string; version: string };

/** `[PackageID]_ShowTitle_[framerate]_Mono_[langCode]_PreMixQC_[Version].wav` */
export function parsePremixName(fileName: string): NameParse<PremixNameParts> {
  const problems: string[] = [];
  const ext = extension(fileName);
  if (ext !== 'wav') problems.push(`extension '.${ext || '(none)'}' is not '.wav'`);
  const stem = ext ? stripExtension(fileName) : fileName;
  const nonAscii = firstNonAscii(stem);
  if (nonAscii) problems.push(`has a non-ASCII character '${nonAscii}'`);
  const tokens = stem.split('_');
  if (tokens.length < 7) {
    problems.push(`has ${tokens.length} '_'-separated parts, expected [PackageID]_ShowTitle_[framerate]_Mono_[langCode]_PreMixQC_[Version]`);
    return bad({}, problems);
  }
  const packageId = tokens[0];
  const version = tokens[tokens.length - 1];
  const literalQc = tokens[tokens.length - 2];
  const language = tokens[tokens.length - 3];
  const mono = tokens[tokens.length - 4];
  const frameRateToken = tokens[tokens.length - 5];
  const titleTokens = tokens.slice(1, tokens.length - 5);
  const title = titleTokens.join('_');
  if (!/^[A-Za-z0-9]+$/.test(packageId)) problems.push(`package ID '${packageId}' must be letters and digits only`);
  if (titleTokens.some((t) => !/^[A-Za-z0-9]+$/.test(t))) problems.push(`show title '${title}' must be letters and digits only`);
  if (!FRAME_RATE_TOKENS[frameRateToken]) problems.push(`frame-rate token '${frameRateToken}' is not one of ${FRAME_RATE_TOKEN_LIST}`);
  if (mono !== 'Mono') problems.push(`'${mono}' must be the literal 'Mono'`);
  const t = checkLanguageTag(language);
  if (!t.valid) problems.push(`language code '${language}' is not a valid BCP-47 tag (${t.reason})`);
  if (literalQc !== 'PreMixQC') problems.push(`'${literalQc}' must be the literal 'PreMixQC'`);
  if (!/^v\d+$/.test(version)) problems.push(`version '${version}' must be 'v' followed by digits (v1, v2, ...)`);
  const parts = { packageId, title, frameRateToken, language, version };
  return problems.length ? bad(parts, problems) : ok(parts);
}

// ------------------------------------------------------- animation recordings

export function isValidYymmdd(s: string): boolean {
  if (!/^\d{6}$/.test(s)) return false;
  const y = 2000 + Number(s.slice(0, 2));
  const m = Number(s.slice(2, 4));
  const d = Number(s.slice(4, 6));
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

export type RecordingNameParts = {
  kind: 'single' | 'dual'; prefix: string; sequence: string; characters: string[]; initials: string[];
  date: string; mic: 'primary' | 'secondary' | null; take: string;
};

function checkSequence(tok: string, problems: string[]): void {
  if (!/^[PS]\d+$/.test(tok)) {
    if (/^[ps]\d+$/.test(tok)) problems.push(`sequence '${tok}' must start with an uppercase 'P' or 'S'`);
    else if (/^[A-Za-z]\d+$/.test(tok)) problems.push(`sequence '${tok}' must start with 'P' (production) or 'S' (scratch)`);
    else problems.push(`sequence '${tok}' must be 'P' or 'S' followed by digits (e.g. P0100)`);
  }
}
function checkCharacter(tok: string, label: string, problems: string[]): void {
  if (!/^[A-Za-z0-9]+$/.test(tok)) problems.push(`${label} '${tok}' must be letters and digits only`);
}
function checkInitials(tok: string, label: string, problems: string[]): void {
  if (!/^[A-Z]{2,4}$/.test(tok)) problems.push(`${label} '${tok}' must be 2 to 4 uppercase letters`);
}
function checkDate(tok: string, problems: string[]): void {
  if (!isValidYymmdd(tok)) problems.push(`date '${tok}' is not a valid YYMMDD date`);
}
function checkTake(tok: string, problems: string[]): void {
  if (!/^\d+$/.test(tok)) problems.push(`take '${tok}' must be digits`);
}

/**
 * Single actor `(P|S)Sequence_Character_Initials_YYMMDD_take.wav`; dual actor
 * `(P|S)Sequence_Char1_Init1_Char2_Init2_YYMMDD_(primary|secondary)_take.wav`.
 */
export function parseRecordingName(fileName: string): NameParse<RecordingNameParts> {
  const problems: string[] = [];
  const ext = extension(fileName);
  if (ext !== 'wav') problems.push(`extension '.${ext || '(none)'}' is not '.wav'`);
  const stem = ext ? stripExtension(fileName) : fileName;
  const tokens = stem.split('_');
  const isDual = tokens.length === 8 || tokens.some((t) => /^(primary|secondary)$/i.test(t));
  if (!isDual) {
    if (tokens.length !== 5) {
      problems.push(`has ${tokens.length} '_'-separated parts; expected (P|S)Sequence_Character_ActorInitials_YYMMDD_take (single actor) or (P|S)Sequence_Character1_Initials_Character2_Initials_YYMMDD_(primary|secondary)_take (dual actor)`);
      return bad({}, problems);
    }
    const [seq, character, initials, date, take] = tokens;
    checkSequence(seq, problems);
    checkCharacter(character, 'character', problems);
    checkInitials(initials, 'actor initials', problems);
    checkDate(date, problems);
    checkTake(take, problems);
    const parts: RecordingNameParts = {
      kind: 'single', prefix: seq.slice(0, 1), sequence: seq, characters: [character], initials: [initials], date, mic: null, take,
    };
    return problems.length ? bad(parts, problems) : ok(parts);
  }
  if (tokens.length !== 8) {
    problems.push(`dual-actor name has ${tokens.length} '_'-separated parts, expected 8: (P|S)Sequence_Character1_Initials_Character2_Initials_YYMMDD_(primary|secondary)_take`);
    return bad<RecordingNameParts>({ kind: 'dual' }, problems);
  }
  const [seq, c1, i1, c2, i2, date, mic, take] = tokens;
  checkSequence(seq, problems);
  checkCharacter(c1, 'character 1', problems);
  checkInitials(i1, 'actor 1 initials', problems);
  checkCharacter(c2, 'character 2', problems);
  checkInitials(i2, 'actor 2 initials', problems);
  checkDate(date, problems);
  if (mic !== 'primary' && mic !== 'secondary') problems.push(`microphone part '${mic}' must be lowercase 'primary' or 'secondary'`);
  checkTake(take, problems);
  const parts: RecordingNameParts = {
    kind: 'dual', prefix: seq.slice(0, 1), sequence: seq, characters: [c1, c2], initials: [i1, i2], date,
    mic: mic === 'primary' || mic === 'secondary' ? mic : null, take,
  };
  return problems.length ? bad(parts, problems) : ok(parts);
}

export type RecordingSessionNameParts = {
  date: string; title: string; kind: 'PDX' | 'SCR'; number: string; character: string; initials: string;
};

/** `YYMMDD_TitleAbbreviation_(PDX|SCR)###_Character_ActorInitials` */
export function parseRecordingSessionName(name: string): NameParse<RecordingSessionNameParts> {
  const problems: string[] = [];
  const tokens = name.split('_');
  if (tokens.length !== 5) {
    problems.push(`has ${tokens.length} '_'-separated parts, expected 5: YYMMDD_TitleAbbreviation_(PDX|SCR)###_Character_ActorInitials`);
    return bad({}, problems);
  }
  const [date, title, session, character, initials] = tokens;
  checkDate(date, problems);
  if (!/^[A-Za-z0-9]+$/.test(title)) problems.push(`title abbreviation '${title}' must be letters and digits only`);
  const m = /^(PDX|SCR)(\d{3})$/.exec(session);
  if (!m) problems.push(`session part '${session}' must be PDX or SCR followed by 3 digits (e.g. PDX002)`);
  checkCharacter(character, 'character', problems);
  checkInitials(initials, 'actor initials', problems);
  const parts: RecordingSessionNameParts = {
    date, title, kind: (m?.[1] ?? 'PDX') as 'PDX' | 'SCR', number: m?.[2] ?? '', character, initials,
  };
  return problems.length ? bad(parts, problems) : ok(parts);
}

/** Sequence of a clip name: prefix P or S plus digits (`P0100_Maddie_...` → `P0100`). */
export function sequenceOf(clipName: string): string | null {
  const m = /^([PS]\d+)(?:[_\-. ]|$)/.exec(clipName);
  return m ? m[1] : null;
}

/** Name tokens for matching (split on anything that is not a letter, digit or '&'). */
export function nameTokens(name: string): string[] {
  return name.split(/[^A-Za-z0-9&]+/).filter(Boolean);
}

function dedupe(a: string[]): string[] {
  return [...new Set(a)];
}
