/**
 * The sections of a Session Info as Text export → the normalized session model.
 */
import { FormatError } from '../../io/errors.js';
import {
  channelFormatFor, newClip, newSession, newTrack,
  type Clip, type CoverageLevel, type Diagnostic, type Insert, type Marker, type MediaFile, type Session, type SourceInfo, type Track,
} from '../../model/session.js';
import { framesToTimecode, frameRate as makeFrameRate, parseTimecode, timecodeToFrames, timecodeToSamples } from '../../model/timecode.js';
import type { FrameRate } from '../../model/session.js';
import type { Line } from './text.js';
import type { RawEvent, RawExport, RawMarker, RawPlugin, RawTrack } from './parse.js';
import {
  barsBeatsToSamples, defaultTempo, DEFAULT_TEMPO, FEET_FRAMES_FPS, parsePosition, timeFormatOf,
  TimeValueError, type TimeContext, type TimeFormat,
} from './time.js';

export type BuildInfo = {
  path: string;
  encoding: string;
  lineEnding: string;
  firstLine: Line | null;
  lastLine: Line | null;
};

const KNOWN_HEADER_KEYS = new Set([
  'SESSION NAME', 'SAMPLE RATE', 'BIT DEPTH', 'SESSION START TIMECODE', 'TIMECODE FORMAT',
  '# OF AUDIO TRACKS', '# OF AUDIO CLIPS', '# OF AUDIO REGIONS', '# OF AUDIO FILES',
]);

const KNOWN_TRACK_STATES = new Set(['Inactive', 'Hidden', 'Muted', 'Solo', 'Soloed', 'SoloSafe', 'Solo Safe', 'RecordEnabled', 'Frozen', 'Committed']);

// Pro Tools prints rendered fades as events with these names in the clip list of a channel.
const FADE_IN = /^\(fade in\)$/i;
const FADE_OUT = /^\(fade out\)$/i;
const CROSS_FADE = /^\(cross ?fade\)$/i;

type Diags = { push(code: string, message: string, line: Line | null, severity?: Diagnostic['severity']): void; list: Diagnostic[] };

function diagnostics(): Diags {
  const list: Diagnostic[] = [];
  return {
    list,
    push(code, message, line, severity = 'warning') {
      list.push({ code, message: line ? `line ${line.number}: ${message}` : message, offset: line?.offset ?? null, severity });
    },
  };
}

function fail(info: BuildInfo, line: Line | null, message: string, code: 'BAD_MAGIC' | 'TRUNCATED' | 'UNSUPPORTED' = 'BAD_MAGIC'): FormatError {
  return new FormatError({
    code, format: 'session-text', path: info.path, offset: line?.offset ?? 0,
    message: line ? `line ${line.number}: ${message}` : message,
  });
}

/** "48000.000000" → 48000. */
function sampleRateOf(raw: RawExport, info: BuildInfo): number {
  const f = raw.header.get('SAMPLE RATE');
  if (!f) throw fail(info, raw.lastLine, 'the header has no SAMPLE RATE line (the export is cut off or not a Session Info as Text export)', 'TRUNCATED');
  const v = Number(f.value.trim());
  if (!Number.isFinite(v) || v < 1000 || v > 1_000_000) throw fail(info, f.line, `sample rate "${f.value}" is not a number of samples per second`);
  return Math.round(v);
}

/** "24-bit" → 24; "32-bit float" → 32. */
function bitDepthOf(value: string | undefined): number | null {
  const m = value ? /(\d+)\s*-?\s*bit/i.exec(value) : null;
  const bits = m ? Number(m[1]) : null;
  // A damaged header ("99999999999999999999-bit") is no depth.
  return bits !== null && Number.isSafeInteger(bits) && bits > 0 ? bits : null;
}

/** "23.976 Frame", "29.97 Drop Frame" → FrameRate. */
function frameRateOf(value: string): FrameRate | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(drop)?/i.exec(value);
  if (!m) return null;
  return makeFrameRate(m[1], Boolean(m[2]));
}

function countOf(raw: RawExport, ...keys: string[]): { n: number; line: Line } | null {
  for (const k of keys) {
    const f = raw.header.get(k);
    if (f && /^\s*\d+\s*$/.test(f.value)) return { n: Number(f.value), line: f.line };
  }
  return null;
}

/** "Macintosh HD:Users:me:Session:Audio Files:" + name → "Macintosh HD/Users/me/Session/Audio Files/name". */
export function mediaPathOf(location: string, name: string): string | null {
  const loc = location.trim();
  if (!loc) return null;
  if (/^[A-Za-z]:[\\/]/.test(loc) || loc.includes('\\')) return `${loc.replace(/\\/g, '/').replace(/\/?$/, '/')}${name}`;
  if (loc.startsWith('/')) return `${loc.replace(/\/?$/, '/')}${name}`;
  // HFS-style path: "Volume:folder:folder:" (Pro Tools on macOS).
  return `${loc.replace(/:$/, '').split(':').join('/')}/${name}`;
}

function audioFormatOf(name: string): string | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  if (!m) return null;
  const ext = m[1].toLowerCase();
  return ext === 'aif' ? 'aiff' : ext;
}

type Ctx = {
  raw: RawExport;
  info: BuildInfo;
  d: Diags;
  time: TimeContext;
  /** Coarsest step of the printed positions (samples). */
  resolution: number;
  formats: Set<TimeFormat>;
  barsBeatsAssumed: boolean;
  unconvertible: number;
};

/** Convert one printed position; on failure, a diagnostic and null. */
function position(ctx: Ctx, value: string, line: Line): number | null {
  try {
    const p = parsePosition(value, ctx.time);
    // "99999999999999999999" samples parses, but is no exact position: unconvertible like any damaged time.
    if (!Number.isSafeInteger(p.samples)) throw new TimeValueError(`time "${value}" is beyond 2^53 samples`);
    ctx.formats.add(p.format);
    ctx.resolution = Math.max(ctx.resolution, p.resolution);
    return p.samples;
  } catch (e) {
    if (!(e instanceof TimeValueError) && !(e instanceof RangeError)) throw e;
    ctx.unconvertible++;
    if (ctx.unconvertible <= 20) ctx.d.push('session-text/bad-time', (e as Error).message, line);
    return null;
  }
}

/**
 * Bars|Beats needs a tempo map the export does not have. Pro Tools' default
 * (120 bpm, 4/4, bar 1 at the session start) is used only when markers that
 * print both a Bars|Beats location and an absolute sample reference agree
 * with it; otherwise Bars|Beats positions are not converted.
 */
function chooseTempo(raw: RawExport, ctx: Ctx): void {
  const usesBars = raw.tracks.some((t) => t.events.some((e) => timeFormatOf(e.start) === 'barsbeats'))
    || raw.markers.some((m) => timeFormatOf(m.location) === 'barsbeats');
  if (!usesBars) return;
  const tempo = defaultTempo(ctx.time.sampleRate);
  let agree = 0;
  let disagree = 0;
  for (const m of raw.markers) {
    if (timeFormatOf(m.location) !== 'barsbeats' || !/^samples$/i.test(m.units) || !/^\d+$/.test(m.reference)) continue;
    const { samples, resolution } = barsBeatsToSamples(m.location, tempo);
    const ref = Number(m.reference);
    // Ticks are printed rounded, beats truncated: allow one step either way.
    if (Math.abs(ref - samples) <= resolution + 1) agree++;
    else disagree++;
  }
  if (agree > 0 && disagree === 0) {
    ctx.time.tempo = tempo;
    ctx.barsBeatsAssumed = true;
    ctx.d.push('session-text/bars-beats-tempo',
      `Bars|Beats positions converted at ${DEFAULT_TEMPO.bpm} bpm ${DEFAULT_TEMPO.beatsPerBar}/4 from the session start: the export has no tempo map, ${agree} marker(s) with an absolute sample reference agree with this tempo`,
      null, 'info');
  } else {
    ctx.d.push('session-text/bars-beats-unconverted',
      disagree > 0
        ? `positions are in Bars|Beats and ${disagree} marker(s) show the tempo is not ${DEFAULT_TEMPO.bpm} bpm ${DEFAULT_TEMPO.beatsPerBar}/4; without the tempo map (not in the export) clip positions cannot be converted: export with Timecode or Samples`
        : 'positions are in Bars|Beats and the export has no tempo map (nor markers with absolute references to check one): clip positions cannot be converted; export with Timecode or Samples',
      null, 'warning');
  }
}

function fadeKind(name: string): 'in' | 'out' | 'cross' | null {
  if (FADE_IN.test(name)) return 'in';
  if (FADE_OUT.test(name)) return 'out';
  if (CROSS_FADE.test(name)) return 'cross';
  return null;
}

type Timed = { ev: RawEvent; position: number; end: number };

/** Clip events of one channel → clips, with fade events folded into their neighbours. */
function clipsOfChannel(ctx: Ctx, track: RawTrack, events: RawEvent[], mediaIdOf: (clipName: string) => string | null, channel: number | null): Clip[] {
  const timed: Timed[] = [];
  for (const ev of events) {
    const p = position(ctx, ev.start, ev.line);
    const e = position(ctx, ev.end, ev.line);
    if (p === null || e === null) continue;
    timed.push({ ev, position: p, end: Math.max(p, e) });
  }
  const clips: Array<{ clip: Clip; t: Timed }> = [];
  const fades: Timed[] = [];
  for (const t of timed) {
    if (fadeKind(t.ev.clipName)) { fades.push(t); continue; }
    clips.push({
      t,
      clip: newClip({
        name: t.ev.clipName, position: t.position, length: t.end - t.position,
        mediaFileId: mediaIdOf(t.ev.clipName), channel,
        muted: t.ev.state === null ? null : /^muted$/i.test(t.ev.state) ? true : /^unmuted$/i.test(t.ev.state) ? false : null,
      }),
    });
  }
  // A fade event sits between clips: a fade in ends where its clip starts, a fade out starts where its clip
  // ends, a crossfade does both. The printed clip bounds exclude the fade, as Pro Tools lists them.
  const tol = ctx.resolution;
  const byStart = new Map<number, (typeof clips)[number]>();
  const byEnd = new Map<number, (typeof clips)[number]>();
  for (const c of clips) {
    if (!byStart.has(c.t.position)) byStart.set(c.t.position, c);
    if (!byEnd.has(c.t.end)) byEnd.set(c.t.end, c);
  }
  // Printed bounds of a fade and its clip are the same text, so an exact match is the rule; the scan is the fallback.
  const startingAt = (pos: number) => byStart.get(pos) ?? clips.find((c) => Math.abs(c.t.position - pos) <= tol);
  const endingAt = (pos: number) => byEnd.get(pos) ?? clips.find((c) => Math.abs(c.t.end - pos) <= tol);
  for (const f of fades) {
    const kind = fadeKind(f.ev.clipName)!;
    const length = f.end - f.position;
    const next = kind !== 'out' ? startingAt(f.end) : undefined;
    const prev = kind !== 'in' ? endingAt(f.position) : undefined;
    if (next) next.clip.fadeIn = { length, shape: null };
    if (prev) prev.clip.fadeOut = { length, shape: null };
    const placed = kind === 'in' ? next : kind === 'out' ? prev : next || prev;
    if (!placed) {
      ctx.d.push('session-text/orphan-fade', `${f.ev.clipName} on track "${track.name}" channel ${f.ev.channel} has no clip next to it`, f.ev.line);
    }
  }
  return clips.map((c) => c.clip);
}

function trackOf(ctx: Ctx, rt: RawTrack, index: number, mediaIdOf: (clipName: string) => string | null, pluginsByName: Map<string, RawPlugin>): Track {
  const t = newTrack(`t${index + 1}`, rt.name, 'audio');
  const states = rt.states ?? null;
  if (states) {
    t.active = !states.includes('Inactive');
    t.hidden = states.includes('Hidden');
    t.muted = states.includes('Muted');
    t.solo = states.includes('Solo') || states.includes('Soloed') ? true : null;
    const unknown = states.filter((s) => !KNOWN_TRACK_STATES.has(s));
    if (unknown.length) ctx.d.push('session-text/unknown-track-state', `track "${rt.name}" has state ${unknown.join(', ')}, not known to this reader`, rt.line, 'info');
  }
  if (rt.comments !== null) t.comments = rt.comments.trim() === '' ? null : rt.comments.trimEnd();
  if (rt.userDelay && !/^0\s/.test(rt.userDelay) && rt.userDelay !== '0') {
    ctx.d.push('session-text/user-delay', `track "${rt.name}" has a user delay of ${rt.userDelay}`, rt.line, 'info');
  }
  if (rt.plugins) t.inserts = rt.plugins.map((p, i) => insertOf(p, i, pluginsByName));
  const channels = [...new Set(rt.events.map((e) => e.channel))].sort((a, b) => a - b);
  const nChannels = channels.length > 0 ? channels[channels.length - 1] : channelsFromPlugins(rt.plugins);
  t.channels = nChannels;
  t.channelFormat = channelFormatFor(nChannels);
  if (rt.hasEdl) {
    const first = channels[0] ?? 1;
    // Channels of a multichannel track carry the same clips: the first channel's events are the track's
    // clips (each standing for all channels); the others are checked against it.
    const clips = clipsOfChannel(ctx, rt, rt.events.filter((e) => e.channel === first), mediaIdOf, nChannels === 1 ? 1 : null);
    for (const ch of channels.slice(1)) {
      const other = clipsOfChannel(ctx, rt, rt.events.filter((e) => e.channel === ch), () => null, ch);
      const differs = other.length !== clips.length || other.some((c, i) => c.position !== clips[i].position || c.length !== clips[i].length);
      if (differs) {
        const l = rt.events.find((e) => e.channel === ch)!.line;
        ctx.d.push('session-text/channels-differ', `track "${rt.name}": channel ${ch} has ${other.length} clips, channel ${first} has ${clips.length}, or their positions differ; the track's clips are channel ${first}'s`, l);
      }
    }
    t.playlists = [{ name: rt.name, active: true, clips }];
  }
  return t;
}

/** "EQ3 7-Band (mono)" → insert; the manufacturer comes from the plug-in listing when the names agree. */
function insertOf(printed: string, index: number, pluginsByName: Map<string, RawPlugin>): Insert {
  const m = /^(.*?)\s*\(([^()]*)\)$/.exec(printed);
  const name = m && /^(mono|stereo|lcr|lcrs|quad|5\.0|5\.1|6\.0|6\.1|7\.0|7\.1|[\w. ]+\/[\w. ]+)$/i.test(m[2].trim()) ? m[1] : printed;
  const listed = pluginsByName.get(name.toLowerCase());
  const states = listed ? Object.keys(listed.instances) : [];
  // Known only when every instance of that plug-in in the session shares one state.
  const active = states.length === 1 ? (states[0] === 'inactive' ? false : true) : null;
  // Slots are numbered in insert order: the export lists used inserts only, not their slot letters.
  return { slot: index + 1, name, manufacturer: listed?.manufacturer || null, active };
}

function channelsFromPlugins(plugins: string[] | null): number | null {
  const fmt = plugins?.map((p) => /\(([^()]*)\)$/.exec(p)?.[1]?.split('/')[0]?.trim().toLowerCase()).find(Boolean);
  return fmt === 'mono' ? 1 : fmt === 'stereo' ? 2 : null;
}

function markerOf(ctx: Ctx, m: RawMarker): Marker | null {
  let pos: number | null = null;
  // The sample reference of an absolute marker counts from the session start and is exact.
  if (/^samples$/i.test(m.units) && /^-?\d+$/.test(m.reference) && ctx.time.start !== null) pos = ctx.time.start + Number(m.reference);
  else pos = position(ctx, m.location, m.line);
  // A damaged sample reference ("99999999999999999999") is no position, as an unreadable location is not.
  if (pos === null || !Number.isSafeInteger(pos)) return null;
  return { name: m.name, position: pos, length: 0, comment: m.comment };
}

function headerDiagnostics(raw: RawExport, d: Diags): void {
  for (const k of raw.headerOrder) {
    if (!KNOWN_HEADER_KEYS.has(k)) d.push('session-text/unknown-header', `header field "${k}" is not known to this reader`, raw.header.get(k)!.line, 'info');
  }
}

function sourceOf(info: BuildInfo): SourceInfo {
  return { path: info.path, format: 'session-text', formatVersion: null, application: { name: 'Pro Tools', version: null } };
}

/** Build the session model; throws FormatError when the lines are not a usable export. */
export function buildSession(raw: RawExport, info: BuildInfo): Session {
  const nameField = raw.header.get('SESSION NAME');
  if (!nameField) {
    throw fail(info, info.firstLine, 'not a Pro Tools Session Info as Text export: it does not start with a SESSION NAME line');
  }
  const sampleRate = sampleRateOf(raw, info);
  const d = diagnostics();
  const s = newSession(sourceOf(info), nameField.value, sampleRate);
  s.bitDepth = bitDepthOf(raw.header.get('BIT DEPTH')?.value);

  const fmtField = raw.header.get('TIMECODE FORMAT');
  s.frameRate = fmtField ? frameRateOf(fmtField.value) : null;
  if (fmtField && !s.frameRate) d.push('session-text/bad-header', `timecode format "${fmtField.value}" not understood`, fmtField.line);
  const startField = raw.header.get('SESSION START TIMECODE');
  if (startField && s.frameRate) {
    const tc = parseTimecode(startField.value.replace(/\.\d+$/, ''));
    try {
      if (!tc) throw new RangeError('not a timecode');
      s.start = timecodeToSamples(startField.value.replace(/\.\d+$/, ''), s.frameRate, sampleRate);
      s.startTimecode = framesToTimecode(timecodeToFrames(tc, s.frameRate), s.frameRate);
    } catch {
      d.push('session-text/bad-header', `session start "${startField.value}" is not a timecode at ${s.frameRate.label} fps`, startField.line);
    }
  }
  headerDiagnostics(raw, d);
  for (const rd of raw.diagnostics) d.push(rd.code, rd.message, rd.line, rd.severity);

  const ctx: Ctx = {
    raw, info, d,
    time: { sampleRate, frameRate: s.frameRate, start: s.start, tempo: null },
    resolution: 1, formats: new Set(), barsBeatsAssumed: false, unconvertible: 0,
  };
  chooseTempo(raw, ctx);
  const has = (k: string) => raw.sections.some((x) => x.kind === k);

  // Media files.
  s.mediaFiles = raw.files.map((f, i): MediaFile => ({
    id: `m${i + 1}`, name: f.name, path: mediaPathOf(f.location, f.name), embedded: false, online: f.online,
    channels: null, sampleRate: null, bitDepth: null, length: null, format: audioFormatOf(f.name),
  }));
  const fileByName = new Map<string, MediaFile>();
  for (const mf of s.mediaFiles) if (!fileByName.has(mf.name) || (mf.online === false)) fileByName.set(mf.name, mf);
  // The first file of that name and online state (a listing can name a file twice: online and offline).
  const fileByNameAndState = new Map<string, MediaFile>();
  for (const mf of s.mediaFiles) {
    const k = `${mf.online}\u0000${mf.name}`;
    if (!fileByNameAndState.has(k)) fileByNameAndState.set(k, mf);
  }
  const clipToFile = new Map<string, string>();
  const channelsOfFile = new Map<string, number>();
  for (const c of raw.clips) {
    const mf = fileByNameAndState.get(`${c.online}\u0000${c.file}`) ?? fileByName.get(c.file);
    if (!mf) {
      if (has('onlineFiles')) d.push('session-text/unknown-file', `clip "${c.name}" names source file "${c.file}", which the file listing does not have`, c.line, 'info');
      continue;
    }
    if (!clipToFile.has(c.name)) clipToFile.set(c.name, mf.id);
    channelsOfFile.set(mf.id, Math.max(channelsOfFile.get(mf.id) ?? 1, c.channel ?? 1));
  }
  for (const mf of s.mediaFiles) if (channelsOfFile.has(mf.id)) mf.channels = channelsOfFile.get(mf.id)!;

  // Tracks.
  const pluginsByName = new Map<string, RawPlugin>();
  for (const p of raw.plugins) if (!pluginsByName.has(p.name.toLowerCase())) pluginsByName.set(p.name.toLowerCase(), p);
  s.tracks = raw.tracks.map((rt, i) => trackOf(ctx, rt, i, (n) => clipToFile.get(n) ?? null, pluginsByName));
  s.markers = raw.markers.map((m) => markerOf(ctx, m)).filter((m): m is Marker => m !== null);
  for (const m of raw.markers) {
    if (m.ambiguous) {
      d.push('session-text/marker-text-ambiguous',
        `marker ${m.number}: its name or comment holds tabs or line breaks, so where the name ends cannot be told; the name is read up to the first tab or line break, the rest kept in the comment`,
        m.line, 'info');
    }
  }

  s.coverage = coverageOf(s, raw, ctx, info);
  s.diagnostics = d.list;
  s.source.positionResolution = ctx.resolution;
  return s;
}

function coverageOf(s: Session, raw: RawExport, ctx: Ctx, info: BuildInfo): Session['coverage'] {
  const c = s.coverage;
  const d = ctx.d;
  const has = (k: string) => raw.sections.some((x) => x.kind === k);
  const last = info.lastLine;
  const cutOff = last !== null && !last.terminated && last.text.trim() !== '';
  if (cutOff) d.push('session-text/truncated', `the file ends inside a line (${JSON.stringify(last.text.slice(0, 60))}) with no line break: it may be cut off`, last);

  const level = (ok: boolean, partial: boolean): CoverageLevel => (ok ? 'decoded' : partial ? 'partial' : 'unsupported');
  c.timecode = s.frameRate && s.start !== null ? 'decoded' : s.frameRate || s.start !== null ? 'partial' : 'unsupported';

  const announced = countOf(raw, '# OF AUDIO TRACKS');
  if (!has('tracks')) {
    d.push('session-text/no-track-listing',
      `the export has no track listing${announced ? ` (its header announces ${announced.n} audio tracks)` : ''}: it was exported without "Include Track EDL" or is cut off after line ${last?.number ?? 0}; tracks, clips, plug-ins and fades are not known`,
      last, announced && announced.n > 0 ? 'warning' : 'info');
    c.tracks = c.trackKinds = c.playlists = c.inserts = c.fades = 'unsupported';
  } else {
    const countOk = !announced || announced.n === raw.tracks.length;
    if (!countOk) {
      d.push('session-text/track-count', `the header announces ${announced!.n} audio tracks, the track listing has ${raw.tracks.length}`, announced!.line);
    }
    c.tracks = countOk && !cutOff ? 'decoded' : 'partial';
    // Aux inputs, master faders, VCAs, MIDI and instrument tracks are not in the export.
    c.trackKinds = 'partial';
    d.push('session-text/audio-tracks-only', 'a text export lists audio tracks only: aux inputs, master faders, VCAs, MIDI and instrument tracks are not known', null, 'info');
    const edl = raw.tracks.filter((t) => t.hasEdl).length;
    const allEdl = edl === raw.tracks.length;
    const positionsOk = ctx.unconvertible === 0;
    // Only the active playlist's clips are listed, never alternate playlists.
    c.playlists = level(false, edl > 0 || raw.tracks.length === 0);
    if (raw.tracks.length > 0 && !allEdl) c.playlists = edl > 0 ? 'partial' : 'unsupported';
    if (!positionsOk && c.playlists !== 'unsupported') c.playlists = 'partial';
    c.fades = allEdl && positionsOk && !cutOff ? 'decoded' : edl > 0 ? 'partial' : 'unsupported';
    c.inserts = insertsCoverage(s, raw, d);
  }
  if (c.playlists !== 'unsupported') {
    d.push('session-text/active-playlist-only', 'a text export lists the clips of each track\'s active playlist only: alternate playlists are not known', null, 'info');
  }

  // Files and clips.
  const fileCount = countOf(raw, '# OF AUDIO FILES');
  if (has('onlineFiles') || has('offlineFiles')) {
    const filesOk = has('onlineFiles') && has('offlineFiles');
    const countOk = !fileCount || fileCount.n === raw.files.length;
    if (!countOk) d.push('session-text/file-count', `the header announces ${fileCount!.n} audio files, the file listings have ${raw.files.length}`, fileCount!.line);
    c.mediaFiles = filesOk && countOk ? 'decoded' : 'partial';
  } else {
    c.mediaFiles = 'unsupported';
  }
  const clipCount = countOf(raw, '# OF AUDIO CLIPS', '# OF AUDIO REGIONS');
  if ((has('onlineClips') || has('offlineClips')) && clipCount && clipCount.n !== raw.clips.length) {
    // Seen in real exports (Pro Tools counts clips it does not list): informative, not a sign of damage.
    d.push('session-text/clip-count', `the header announces ${clipCount.n} audio clips, the clip listings have ${raw.clips.length}`, clipCount.line, 'info');
  }
  c.markers = has('markers') ? (ctx.unconvertible === 0 || s.markers.length === raw.markers.length ? 'decoded' : 'partial') : 'unsupported';
  if (has('markers') && s.markers.length !== raw.markers.length) c.markers = 'partial';
  // Not in any text export.
  c.sends = 'unsupported';
  c.automation = 'unsupported';
  c.groups = 'unsupported';
  c.vcas = 'unsupported';
  c.clipGain = 'unsupported';
  if (ctx.formats.has('feetframes')) {
    d.push('session-text/feet-frames-rate', `Feet+Frames read at ${FEET_FRAMES_FPS} fps, 16 frames a foot (Pro Tools' default Feet+Frames rate; the export does not state it)`, null, 'info');
  }
  return c;
}

/**
 * Inserts are decoded for the listed (audio) tracks. The plug-in listing
 * counts every instance in the session: more instances there than inserts
 * on the listed tracks means plug-ins on tracks the export leaves out (aux,
 * master, instrument), so the inserts of the session are only partly known.
 */
function insertsCoverage(s: Session, raw: RawExport, d: Diags): CoverageLevel {
  if (raw.tracks.some((t) => t.plugins === null)) return raw.tracks.some((t) => t.plugins !== null) ? 'partial' : 'unsupported';
  const hasListing = raw.sections.some((x) => x.kind === 'plugins');
  if (!hasListing) return 'decoded';
  const listed = raw.plugins.reduce((n, p) => n + Object.values(p.instances).reduce((a, b) => a + b, 0), 0);
  const onTracks = s.tracks.reduce((n, t) => n + t.inserts.length, 0);
  if (listed > onTracks) {
    const where = raw.sections.find((x) => x.kind === 'plugins')!.line;
    d.push('session-text/inserts-elsewhere',
      `the plug-in listing counts ${listed} plug-in instances, the listed audio tracks have ${onTracks} inserts: ${listed - onTracks} sit on tracks a text export does not list (aux, master, instrument)`,
      where);
    return 'partial';
  }
  return 'decoded';
}
