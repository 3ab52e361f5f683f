/**
 * Pro Tools session reader (.pts PT5–6, .ptf PT7–9, .ptx PT10+): de-obfuscation
 * (unxor.ts), block walk (blocks.ts), content decoders (content/*.ts), and the
 * mapping onto the session model with per-feature coverage.
 */
import { readExact, type ByteSource } from '../../io/byte-source.js';
import { FormatError, isFormatError, type FormatName } from '../../io/errors.js';
import { checkLimit, resolveLimits } from '../../io/limits.js';
import {
  channelFormatFor, newClip, newSession, newTrack,
  type Clip, type Diagnostic, type Session, type SourceFormat, type Track,
} from '../../model/session.js';
import { framesToSamples, framesToTimecode } from '../../model/timecode.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { CT_INDEX, PtxBytes, indexedNames, walkTopLevel, type Block, type BlockWalk } from './blocks.js';
import { readAudioFiles, type AudioFile } from './content/audio-files.js';
import { readGroups, readMarkerList, type MarkerRecord } from './content/markers-groups.js';
import { findAll, readTracksPt10, readTracksPt5, type MixerTrack } from './content/mixer.js';
import { CONTENT_TYPE_NAMES, DECODED_TOP_LEVEL, contentTypeName } from './content/names.js';
import { readPlaylistSets, readPlaylists, type PlaylistRecord, type PlaylistSet } from './content/playlists.js';
import { readPluginTypes, type PluginType } from './content/plugins.js';
import { readSessionMetadata } from './content/metadata.js';
import { readTempoMap, ticksToSamples, type TempoMap } from './content/tempo.js';
import { readKeySignatures, readMeterMap } from './content/musical.js';
import { readMidiPlaylists, readMidiRegions, type MidiPlaylist, type MidiRegion } from './content/midi.js';
import { readFadeList, readRegions, type FadeRecord, type Region } from './content/regions.js';
import { readAudioEngine, readDocumentInfo, readSessionInfoVersion, readTimecodeSettings, type DocumentInfo } from './content/session-info.js';
import { deobfuscatePtx, parsePtxHeader } from './unxor.js';

export { deobfuscatePtx } from './unxor.js';
export { contentTypeName } from './content/names.js';

/** Above any rate an audio engine runs at (Pro Tools: 44.1 to 192 kHz); a larger one is a damaged field. */
const MAX_SESSION_RATE = 10_000_000;

/** A de-obfuscated session with its top-level walk, for the reader, the dump and tests. */
export type OpenedPtx = { f: PtxBytes; walk: BlockWalk; indexed: Set<number> };

function formatFromName(name: string): FormatName | null {
  const m = /\.(ptx|ptf|pts)$/i.exec(name);
  return m ? (m[1].toLowerCase() as FormatName) : null;
}

/** Reads, de-obfuscates and walks a session file (synchronous part of readPtx). */
export function openPtx(bytes: Uint8Array, path: string | null = null, opts: ReadOptions = {}): OpenedPtx {
  const limits = resolveLimits(opts.limits);
  const format = formatFromName(path ?? '') ?? 'ptx';
  const header = parsePtxHeader(bytes, format, path);
  const plain = deobfuscatePtx(bytes, path);
  const f = new PtxBytes(plain, header.bigEndian, format, path, limits);
  const walk = walkTopLevel(f);
  return { f, walk, indexed: walk.indexed };
}

/** Reads a Pro Tools session into the session model. */
export async function readPtx(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  const limits = resolveLimits(opts.limits);
  const format = formatFromName(path) ?? 'ptx';
  try {
    opts.signal?.throwIfAborted();
    checkLimit(limits, 'maxStructureBytes', src.size, format, 0, 'Pro Tools session size');
    // A session is a few hundred KB to a few MB of structure: read it whole, then decode synchronously.
    const bytes = await readExact(src, 0, src.size, format, 'session file');
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ phase: 'ptx: read', done: bytes.length, total: src.size });
    const session = buildSession(openPtx(bytes, path, opts), path);
    opts.onProgress?.({ phase: 'ptx: decoded', done: src.size, total: src.size });
    return session;
  } catch (e) {
    if (isFormatError(e)) throw (e as FormatError).withPath(path);
    if (e instanceof RangeError || e instanceof TypeError) {
      throw new FormatError({ code: 'TRUNCATED', format, offset: null, path, message: `malformed session: ${(e as Error).message}` });
    }
    throw e;
  }
}

/** Reading state shared by the steps of buildSession. */
type Ctx = {
  f: PtxBytes;
  walk: BlockWalk;
  s: Session;
  /** Sections whose decoding failed (names as given to `section`). */
  failed: Set<string>;
  /** Samples since the session start for a tick position, or null without a tempo map. */
  toSamples: (ticks: number) => number | null;
  /** Session start in samples (0 when unknown: positions stay as stored). */
  start: number;
  counts: { tickClipsLeftOut: number; tickClipsConverted: number; unresolvedFades: number; missing: number; midiLeftOut: number };
};

function first(walk: BlockWalk, ct: number): Block | undefined {
  return walk.byType.get(ct)?.[0];
}

function diag(s: Session, code: string, message: string, offset: number | null = null, severity: Diagnostic['severity'] = 'warning'): void {
  s.diagnostics.push({ code, message, offset, severity });
}

/** Decodes one section; a FormatError inside it becomes an error diagnostic and the section is marked failed. */
function section<T>(ctx: Pick<Ctx, 's' | 'failed'>, what: string, b: Block | undefined, read: (b: Block) => T, fallback: T): T {
  if (!b) return fallback;
  try {
    return read(b);
  } catch (e) {
    // A limit that was met ends the read (the caller may raise it); other damage stays local to the section.
    if (!isFormatError(e) || (e as FormatError).code === 'LIMIT') throw e;
    ctx.failed.add(what);
    diag(ctx.s, 'ptx/section-error', `${what} (0x${b.contentType.toString(16).padStart(4, '0')} at 0x${b.offset.toString(16)}) not decoded: ${(e as FormatError).detail}`, (e as FormatError).offset ?? b.offset, 'error');
    return fallback;
  }
}

type Identity = { major: number; pt10: boolean; session: Session; docOffset: number | null; os: string | null };

/** Version, application, sample rate and bit depth: what every model needs (fatal when missing). */
function readIdentity(f: PtxBytes, walk: BlockWalk, path: string, diagnostics: Diagnostic[], failed: Set<string>): Identity {
  const probe = { s: { diagnostics } as Session, failed };
  // Document Info (0x0003) names the application and version; PT10+ also has 0x2067 at 0x1F (always 12).
  const docBlock = first(walk, 0x0003);
  const doc: DocumentInfo | null = section(probe, 'Document Info', docBlock, (b) => readDocumentInfo(f, b), null);
  const infoBlock = first(walk, 0x2067);
  const v2067 = infoBlock && infoBlock.offset === 0x1f ? section(probe, 'Session Info', infoBlock, (b) => readSessionInfoVersion(f, b), null) : null;
  const major = doc ? doc.major : v2067;
  if (major == null) {
    throw f.error('UNSUPPORTED', 0x1f, 'no Document Info (0x0003) or Session Info (0x2067) block: the Pro Tools version is unknown');
  }
  const engine = section(probe, 'Audio Engine Settings', first(walk, 0x1028), (b) => readAudioEngine(f, b), null);
  if (!engine) throw f.error('UNSUPPORTED', first(walk, 0x1028)?.offset ?? 0x1f, 'no readable Audio Engine Settings (0x1028): the sample rate is unknown');
  // Every position is converted at this rate: a damaged field (0, or far past any audio rate) leaves nothing to convert with.
  if (!(engine.sampleRate >= 1 && engine.sampleRate <= MAX_SESSION_RATE)) {
    throw f.error('UNSUPPORTED', first(walk, 0x1028)!.offset, `the Audio Engine Settings (0x1028) give a sample rate of ${engine.sampleRate} Hz (damaged): the sample rate is unknown`);
  }
  const formatVersion = v2067 != null && major >= 10 ? String(v2067) : String(major >= 2000 ? 12 : major);
  const sourceFormat: SourceFormat = (formatFromName(path) as SourceFormat | null) ?? (major <= 6 ? 'pts' : major <= 9 ? 'ptf' : 'ptx');
  const name = (path.split(/[\\/!]/).pop() ?? path).replace(/\.(ptx|ptf|pts)$/i, '');
  const session = newSession({
    path, format: sourceFormat, formatVersion,
    application: doc ? { name: doc.application, version: doc.versionString.replace(/^v/, '') || null } : null,
  }, name, engine.sampleRate);
  session.diagnostics = diagnostics;
  session.bitDepth = engine.bitDepth || null;
  return { major, pt10: !!first(walk, 0x2624) || major >= 10, session, docOffset: docBlock?.offset ?? null, os: doc?.os ?? null };
}

/** Frame rate, start and start timecode from 0x204d; returns the start in samples (0 when unknown). */
function applyTimecode(ctx: Ctx, pt10: boolean): number {
  const { f, walk, s } = ctx;
  const block = first(walk, 0x204d);
  const tc = section(ctx, 'Timecode Settings', block, (b) => readTimecodeSettings(f, b), null);
  if (!tc || !block) {
    s.coverage.timecode = 'unsupported';
    return 0;
  }
  s.frameRate = tc.frameRate;
  if (tc.frameRate && tc.startFrames != null) {
    s.start = framesToSamples(tc.startFrames, tc.frameRate, s.sampleRate);
    s.startTimecode = framesToTimecode(tc.startFrames, tc.frameRate);
  } else if (tc.startFrames === 0) {
    s.start = 0;
  }
  if (!tc.frameRate) {
    s.coverage.timecode = 'partial';
    diag(s, 'ptx/timecode-rate', `timecode rate code ${tc.code} is not known: frame rate${tc.startFrames ? ' and start' : ''} left unknown${tc.startFrames ? ' (positions stay relative to the session start)' : ''}`, block.offset);
  } else if (tc.inferred) {
    s.coverage.timecode = 'partial';
    diag(s, 'ptx/timecode-rate', `timecode rate code ${tc.code} read as ${tc.frameRate.label}${tc.frameRate.dropFrame ? ' drop' : ''} (inferred, not confirmed by a sample)`, block.offset, 'info');
  } else if (!pt10) {
    s.coverage.timecode = 'partial';
    diag(s, 'ptx/timecode-start', 'PT5–8 sessions: the start is read from the same place as in PT10+ (+9 of 0x204d); every PT5–8 sample starts at 0, so it is not confirmed', block.offset, 'info');
  } else {
    s.coverage.timecode = 'decoded';
  }
  return s.start ?? 0;
}

function buildSession(opened: OpenedPtx, path: string): Session {
  const { f, walk } = opened;
  const failed = new Set<string>();
  const id = readIdentity(f, walk, path, [], failed);
  const s = id.session;
  for (const d of walk.damaged) {
    diag(s, 'ptx/damaged-block', `top-level block at 0x${d.offset.toString(16)} is damaged (${d.message}); skipped to 0x${d.resumedAt.toString(16)}, the next block the index lists: what lay between is missing`, d.offset, 'error');
  }
  if (walk.trailingBytes) diag(s, 'ptx/trailing-bytes', `${walk.trailingBytes} byte(s) after the index block are not part of the session`, walk.indexOffset, 'warning');
  if (id.os) diag(s, 'ptx/document-info', `written by ${s.source.application?.name} ${s.source.application?.version} on ${id.os}`, id.docOffset, 'info');
  const tempoBlock = first(walk, 0x2028);
  const ctx: Ctx = {
    f, walk, s, failed, start: 0, toSamples: () => null,
    counts: { tickClipsLeftOut: 0, tickClipsConverted: 0, unresolvedFades: 0, missing: 0, midiLeftOut: 0 },
  };
  const tempo: TempoMap | null = section(ctx, 'Tempo Map', tempoBlock, (b) => readTempoMap(f, b), null);
  if (tempo) ctx.toSamples = (ticks) => ticksToSamples(tempo, ticks, s.sampleRate);
  ctx.start = applyTimecode(ctx, id.pt10);

  const files: AudioFile[] = section(ctx, 'Audio File List', first(walk, 0x1004), (b) => readAudioFiles(f, b), []);
  s.mediaFiles = files.map(({ entryIndex: _e, ...m }) => m);
  const plugins: PluginType[] = section(ctx, 'Plug-In Types', first(walk, 0x1018), (b) => readPluginTypes(f, b), []);
  const mixer: MixerTrack[] = id.pt10
    ? section(ctx, 'Tracks', first(walk, 0x2624), (b) => readTracksPt10(f, b), [])
    : section(ctx, 'Tracks', first(walk, 0x2009), (b) => readTracksPt5(f, b, plugins), []);
  const audio = readAudioTracks(ctx, files);
  const order = arrangeTracks(ctx, audio.tracks, audio.sets, mixer);
  s.tracks = order.tracks;
  addMidiClips(ctx);
  addGroups(ctx, mixer.length ? order.byOrdinal : s.tracks);
  addMarkers(ctx);
  setCoverage(ctx, id.pt10, audio.v5, mixer, order.unpaired);
  noteTickConversions(ctx, tempo, tempoBlock);

  // Session metadata (title, contributors, location …): the model has no field for it, so a diagnostic carries it.
  const meta = section(ctx, 'session metadata', first(walk, 0x2716), (b) => readSessionMetadata(f, b), []);
  if (meta.length) diag(s, 'ptx/session-metadata', meta.map((m) => `${m.key}: ${m.values.join(', ')}`).join('; '), first(walk, 0x2716)!.offset, 'info');
  noteMusicalMaps(ctx, tempo);
  listUndecoded(s, walk);
  return s;
}

/** One track per playlist set (0x1014), its channels' playlists resolved to clips. */
function readAudioTracks(ctx: Ctx, files: AudioFile[]): { tracks: Track[]; sets: PlaylistSet[]; v5: boolean } {
  const { f, walk } = ctx;
  const regionList = first(walk, 0x262a) ?? first(walk, 0x100b);
  const regions: Region[] = section(ctx, 'Audio Region List', regionList, (b) => readRegions(f, b), []);
  const v5 = !first(walk, 0x1054) && !!first(walk, 0x1012);
  const playlists: PlaylistRecord[] = section(ctx, 'Audio Playlists', first(walk, 0x1054) ?? first(walk, 0x1012), (b) => readPlaylists(f, b), []);
  const fadeList: FadeRecord[] | null = section(ctx, 'fade list', first(walk, 0x2630), (b) => readFadeList(f, b), null);
  const sets: PlaylistSet[] = section(ctx, 'Audio Playlist Sets', first(walk, 0x1015), (b) => readPlaylistSets(f, b), []);
  const tracks = sets.map((set, i) => trackFromSet(ctx, set, i, playlists, regions, files, v5, fadeList));
  return { tracks, sets, v5 };
}

type Arranged = { tracks: Track[]; byOrdinal: Array<Track | null>; unpaired: number[] };

/**
 * Session order and the mixer's facts on each track. Mixer audio records pair with
 * playlist sets by id (the first 4 bytes of the 8-byte ids agree) when that pairs
 * every record, else in order when the counts agree, else by id as far as it goes.
 */
function arrangeTracks(ctx: Ctx, audioTracks: Track[], sets: PlaylistSet[], mixer: MixerTrack[]): Arranged {
  const { s } = ctx;
  if (!mixer.length) {
    audioTracks.forEach((t, i) => { t.id = `t${i + 1}`; });
    return { tracks: audioTracks, byOrdinal: audioTracks, unpaired: [] };
  }
  const mixerAudio = mixer.filter((m) => m.kind === 'audio');
  const byId = pairById(mixerAudio, sets);
  const pairOf = new Map<MixerTrack, Track>();
  const paired = new Set<number>();
  const pair = (m: MixerTrack, i: number) => { pairOf.set(m, audioTracks[i]); paired.add(i); };
  if (byId.size === mixerAudio.length && mixerAudio.length > 0) for (const [m, i] of byId) pair(m, i);
  else if (mixerAudio.length === sets.length) mixerAudio.forEach((m, i) => pair(m, i));
  else for (const [m, i] of byId) pair(m, i);
  for (const [m, t] of pairOf) {
    if (m.inserts) t.inserts = m.inserts;
    t.automation = m.automation;
    t.output = m.output;
  }

  const unknownRecords = mixer.filter((m) => m.kind === 'unknown');
  if (unknownRecords.length) {
    const types = [...new Set(unknownRecords.map((m) => `0x${m.contentType.toString(16).padStart(4, '0')}`))];
    diag(s, 'ptx/unknown-track-kind', `${unknownRecords.length} track record(s) of content type ${types.join(', ')} (${unknownRecords.map((m) => `"${m.name}"`).join(', ')}) are of a kind this reader does not know (aux, master, VCA or folder tracks are likely): listed with kind "unknown"`, unknownRecords[0].offset);
  }
  const unpaired = sets.map((_, i) => i).filter((i) => !paired.has(i));
  const hasClips = (i: number) => (audioTracks[i].playlists[0]?.clips.length ?? 0) > 0;
  const dropped = unpaired.filter((i) => !hasClips(i));
  if (unpaired.length) {
    diag(s, 'ptx/unpaired-playlists', `${sets.length} playlist sets for ${mixerAudio.length} audio tracks: ${unpaired.map((i) => `"${sets[i].name}"`).join(', ')} match no track (alternate playlists or playlists of deleted tracks); those holding clips are listed as tracks, as ptformat does${dropped.length ? `; empty ones left out: ${dropped.map((i) => `"${sets[i].name}"`).join(', ')}` : ''}`);
  }

  // The mixer's order; when sets and records do not pair one to one, the sets' order (as ptformat) first.
  const tracks: Track[] = [];
  const byOrdinal: Array<Track | null> = [];
  const oneToOne = mixerAudio.length === sets.length && unpaired.length === 0;
  if (!oneToOne) tracks.push(...audioTracks.filter((_, i) => paired.has(i) || hasClips(i)));
  for (const m of mixer) {
    let t: Track | null = null;
    if (m.kind === 'audio') {
      t = pairOf.get(m) ?? null;
      if (t && oneToOne) tracks.push(t);
    } else {
      t = newTrack('', m.name, m.kind);
      t.automation = m.automation;
      if (m.inserts) t.inserts = m.inserts;
      t.output = m.output;
      tracks.push(t);
    }
    byOrdinal.push(t);
  }
  tracks.forEach((t, i) => { t.id = `t${i + 1}`; });
  return { tracks, byOrdinal, unpaired };
}

/** MIDI clips on MIDI tracks: MIDI playlists pair with MIDI tracks by name, else in order. */
function addMidiClips(ctx: Ctx): void {
  const { f, walk, s } = ctx;
  const midiRegions: MidiRegion[] = section(ctx, 'MIDI Region List', first(walk, 0x2634) ?? first(walk, 0x2002), (b) => readMidiRegions(f, b), []);
  const midiPlaylists: MidiPlaylist[] = section(ctx, 'MIDI Playlists', first(walk, 0x1058), (b) => readMidiPlaylists(f, b), []);
  const midiTracks = s.tracks.filter((t) => t.kind === 'midi');
  const used = new Set<number>();
  let placed = 0;
  midiTracks.forEach((t, k) => {
    let pi = midiPlaylists.findIndex((p, i) => !used.has(i) && p.name === t.name);
    if (pi < 0 && midiPlaylists.length === midiTracks.length && !used.has(k)) pi = k;
    if (pi < 0) return;
    used.add(pi);
    const pl = midiPlaylists[pi];
    const clips: Clip[] = [];
    for (const pm of pl.placements) {
      const r = midiRegions[pm.regionIndex];
      // Lengths are in ticks; placements on sample-based MIDI tracks have regions in a unit not known.
      const at = pm.ticks != null ? ctx.toSamples(pm.ticks) : null;
      const endAt = r && pm.ticks != null ? ctx.toSamples(pm.ticks + r.lengthTicks) : null;
      if (!r || at == null || endAt == null) { ctx.counts.midiLeftOut++; continue; }
      clips.push(newClip({ name: r.name, position: ctx.start + at, length: Math.max(0, endAt - at), channel: 1, muted: null }));
      placed++;
    }
    clips.sort((a, b) => a.position - b.position);
    t.playlists = [{ name: pl.name, active: true, clips }];
  });
  if (ctx.counts.midiLeftOut) {
    diag(s, 'ptx/midi-clips', `${ctx.counts.midiLeftOut} MIDI placement(s) not placed: an unknown region, no tempo map to convert ticks, or a sample-based MIDI track (whose region lengths are in a unit not known)`, first(walk, 0x1058)?.offset ?? null);
  }
  if (placed) diag(s, 'ptx/tick-conversion', `${placed} MIDI clip(s): positions and lengths converted from ticks through the tempo map`, first(walk, 0x2028)?.offset ?? null, 'info');
}

/** Track groups; member ordinals index the mixer's records (or the tracks without a mixer list). */
function addGroups(ctx: Ctx, byOrdinal: Array<Track | null>): void {
  const { f, walk, s } = ctx;
  const block = first(walk, 0x202b);
  const groups = section(ctx, 'Track Group List', block, (b) => readGroups(f, b), []);
  s.coverage.groups = block && !ctx.failed.has('Track Group List') ? 'decoded' : 'unsupported';
  for (const g of groups) {
    if (g.id === 0xffffffff) continue;
    const ids: string[] = [];
    for (const o of g.members) {
      const t = byOrdinal[o];
      if (t) ids.push(t.id);
      else {
        s.coverage.groups = 'partial';
        diag(s, 'ptx/group-member', `group "${g.name}" names track ordinal ${o}, which is not a decoded track`, g.offset);
      }
    }
    s.groups.push({ name: g.name, trackIds: ids });
  }
}

/** Markers: PT10+ nest 0x2030 in the marker lane 0x271a and store it again at the top level. */
function addMarkers(ctx: Ctx): void {
  const { f, walk, s } = ctx;
  const lists: Block[] = [...(walk.byType.get(0x2030) ?? [])];
  for (const lane of walk.byType.get(0x271a) ?? []) lists.push(...findAll(f, lane, 0x2030));
  const seen = new Set<string>();
  let leftOut = 0;
  let converted = 0;
  for (const l of lists) {
    for (const r of section(ctx, 'Memory Location List', l, (b) => readMarkerList(f, b), [] as MarkerRecord[])) {
      const key = `${r.number}|${r.name}|${r.start}|${r.ticks}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const a = r.start ?? (r.ticks != null ? ctx.toSamples(r.ticks) : null);
      const z = r.end ?? (r.endTicks != null ? ctx.toSamples(r.endTicks) : null);
      if (a == null) { leftOut++; continue; }
      if (!Number.isSafeInteger(ctx.start + a) || (z != null && !Number.isSafeInteger(z))) {
        diag(s, 'ptx/bad-position', `memory location "${r.name}" at ${a} samples: beyond 2^53`, r.offset);
        continue;
      }
      if (r.start == null) converted++;
      s.markers.push({ name: r.name, position: ctx.start + a, length: z != null && z > a ? z - a : 0, comment: '' });
    }
  }
  s.markers.sort((a, b) => a.position - b.position);
  s.coverage.markers = ctx.failed.has('Memory Location List') || leftOut ? 'partial' : 'decoded';
  const at = first(walk, 0x2028)?.offset ?? null;
  if (leftOut) diag(s, 'ptx/tick-positions', `${leftOut} marker(s) at tick positions left out: the tempo map (0x2028) could not be read`, at);
  if (converted) diag(s, 'ptx/tick-conversion', `${converted} marker(s) at tick (bars|beats) positions: converted through the tempo map`, at, 'info');
}

/** Coverage of the track features, per version and per what went wrong. */
function setCoverage(ctx: Ctx, pt10: boolean, v5: boolean, mixer: MixerTrack[], unpaired: number[]): void {
  const { walk, s, failed, counts } = ctx;
  const c = s.coverage;
  c.tracks = first(walk, 0x1015) && !failed.has('Audio Playlist Sets') ? 'decoded' : 'unsupported';
  if (failed.has('Audio Playlists') || failed.has('Audio Region List') || failed.has('Audio Playlist Sets')) c.playlists = 'unsupported';
  else if (counts.tickClipsLeftOut || unpaired.length || counts.missing || counts.midiLeftOut || failed.has('MIDI Playlists') || failed.has('MIDI Region List')) c.playlists = 'partial';
  else c.playlists = 'decoded';
  c.mediaFiles = failed.has('Audio File List') ? 'unsupported' : 'decoded';
  const unknownKinds = mixer.some((m) => m.kind === 'unknown');
  if (pt10) {
    c.trackKinds = failed.has('Tracks') ? 'unsupported' : 'partial';
    c.inserts = 'unsupported';
    c.automation = mixer.length ? 'partial' : 'unsupported';
    diag(s, 'ptx/pt10-mixer', 'Pro Tools 10+ sessions: aux, master, VCA and folder track records, inserts, sends and VCA assignment are not decoded (no public sample shows them); audio and MIDI tracks, outputs and automation point counts are', first(walk, 0x2624)?.offset ?? null, 'info');
  } else if (first(walk, 0x2009)) {
    c.trackKinds = failed.has('Tracks') ? 'unsupported' : unknownKinds ? 'partial' : 'decoded';
    const allStrips = mixer.filter((m) => m.kind !== 'midi').every((m) => m.inserts !== null);
    c.inserts = failed.has('Tracks') ? 'unsupported' : mixer.length && allStrips ? 'decoded' : 'partial';
    c.automation = mixer.length ? 'partial' : 'unsupported';
    if (mixer.length) diag(s, 'ptx/automation-parameters', 'PT5–8 automation lists: point counts are read, the parameter of each list (volume, pan, mute, plug-in) is not identified', first(walk, 0x2009)!.offset, 'info');
  } else {
    c.trackKinds = 'partial';
  }
  c.sends = 'unsupported';
  c.vcas = 'unsupported';
  c.clipGain = 'unsupported';
  c.fades = v5 || failed.has('fade list') ? 'unsupported' : counts.unresolvedFades ? 'partial' : 'decoded';
  if (v5) diag(s, 'ptx/fades-v5', 'PT5–6 fades (Fade Region List 0x100d) are not tied to clips by this reader', first(walk, 0x100d)?.offset ?? null, 'info');
}

function noteTickConversions(ctx: Ctx, tempo: TempoMap | null, tempoBlock: Block | undefined): void {
  const { s, counts } = ctx;
  if (counts.tickClipsLeftOut) {
    diag(s, 'ptx/tick-positions', `${counts.tickClipsLeftOut} clip(s) on tick-based tracks are left out: their positions are in ticks and the tempo map (0x2028) could not be read`, tempoBlock?.offset ?? null);
  }
  if (counts.tickClipsConverted && tempo) {
    diag(s, 'ptx/tick-conversion', `${counts.tickClipsConverted} clip(s) on tick-based tracks: positions converted from ticks through the tempo map (${tempo.events.length} tempo events)`, tempoBlock?.offset ?? null, 'info');
  }
}

/** Tempo, meter and key signatures: no model field, so an info diagnostic (positions in quarter notes from the start). */
function noteMusicalMaps(ctx: Ctx, tempo: TempoMap | null): void {
  const { f, walk, s } = ctx;
  const meters = section(ctx, 'Meter Map', first(walk, 0x2029), (b) => readMeterMap(f, b), null) ?? [];
  const keys = section(ctx, 'key signatures', first(walk, 0x2433), (b) => readKeySignatures(f, b), []);
  const q = (ticks: number) => `${+(ticks / 960000).toFixed(3)}`;
  const parts: string[] = [];
  if (tempo) {
    const t0 = tempo.events[0];
    parts.push(`tempo ${+(t0.bpm * (t0.beatTicks / 960000)).toFixed(3)} bpm (quarter note)${tempo.events.length > 1 ? `, ${tempo.events.length} tempo events` : ''}`);
  }
  if (meters.length) parts.push(`meter ${meters.slice(0, 8).map((m) => `${m.numerator}/${m.denominator} at bar ${m.bar}`).join(', ')}${meters.length > 8 ? ` … (${meters.length})` : ''}`);
  if (keys.length) parts.push(`key ${keys.slice(0, 8).map((k) => `${k.name} at quarter ${q(k.ticks)}`).join(', ')}${keys.length > 8 ? ` … (${keys.length})` : ''}`);
  if (parts.length) diag(s, 'ptx/tempo-meter-key', parts.join('; '), first(walk, 0x2028)?.offset ?? null, 'info');
}

/** Top-level content types this reader does not decode, listed once. */
function listUndecoded(s: Session, walk: BlockWalk): void {
  const unknown = new Map<number, number>();
  for (const b of walk.top) if (!DECODED_TOP_LEVEL.has(b.contentType) && !unknown.has(b.contentType)) unknown.set(b.contentType, b.offset);
  if (!unknown.size) return;
  const list = [...unknown.keys()].map((ct) => `0x${ct.toString(16).padStart(4, '0')}${CONTENT_TYPE_NAMES[ct] ? ` (${CONTENT_TYPE_NAMES[ct]})` : ''}`);
  diag(s, 'ptx/unknown-block', `${unknown.size} top-level content types not decoded: ${list.join(', ')}`, null, 'info');
}

/** Mixer record → playlist set index, where the ids' first 4 bytes agree and the match is unique. */
function pairById(mixerAudio: MixerTrack[], sets: PlaylistSet[]): Map<MixerTrack, number> {
  const out = new Map<MixerTrack, number>();
  const used = new Set<number>();
  for (const m of mixerAudio) {
    const prefix = m.idPrefix;
    if (!prefix) continue;
    const hits = sets.map((st, k) => (st.id != null && st.id.startsWith(prefix) && !used.has(k) ? k : -1)).filter((k) => k >= 0);
    if (hits.length === 1) { out.set(m, hits[0]); used.add(hits[0]); }
  }
  return out;
}

/** A playlist set as a track: each channel's playlist resolved to clips (fade placements become fades). */
function trackFromSet(
  ctx: Ctx, set: PlaylistSet, i: number, playlists: PlaylistRecord[], regions: Region[], files: AudioFile[],
  v5: boolean, fadeList: FadeRecord[] | null,
): Track {
  const { s, counts, start } = ctx;
  const t = newTrack(`t${i + 1}`, set.name, 'audio');
  t.channels = set.playlistIndexes.length || null;
  t.channelFormat = channelFormatFor(t.channels);
  const clips: Clip[] = [];
  let plName = set.name;
  set.playlistIndexes.forEach((pi, ch) => {
    const pl = playlists[pi];
    if (!pl) {
      counts.missing++;
      diag(s, 'ptx/missing-playlist', `track "${set.name}" channel ${ch + 1} names playlist ${pi}, which does not exist`, set.offset);
      return;
    }
    if (ch === 0) plName = pl.name;
    const own: Clip[] = [];
    const fades: Array<{ at: number; length: number | null; offset: number }> = [];
    for (const pm of pl.placements) {
      const at = pm.position ?? (pm.ticks != null ? ctx.toSamples(pm.ticks) : null);
      if (pm.isFade) {
        // Fade placements index the fade list (0x2630), not the audio regions.
        if (at == null) { counts.tickClipsLeftOut++; continue; }
        const fd = fadeList?.[pm.regionIndex];
        fades.push({ at, length: fd ? fd.length : null, offset: pm.offset });
        continue;
      }
      const r = regions[pm.regionIndex];
      if (!r) {
        counts.missing++;
        diag(s, 'ptx/missing-region', `playlist "${pl.name}" places region ${pm.regionIndex}, which does not exist`, pm.offset);
        continue;
      }
      // PT5–6 placements are positioned by their region's start.
      const pos = v5 ? r.start : at;
      if (pos == null) { counts.tickClipsLeftOut++; continue; }
      if (!Number.isSafeInteger(start + pos)) {
        // A damaged 64-bit position: no session is 2^53 samples long.
        diag(s, 'ptx/bad-position', `playlist "${pl.name}" places region ${pm.regionIndex} at ${pos} samples, beyond 2^53`, pm.offset);
        counts.missing++;
        continue;
      }
      if (!v5 && pm.position == null) counts.tickClipsConverted++;
      // A literal rather than newClip(): one allocation per clip in sessions of tens of thousands.
      own.push({
        name: r.name, position: start + pos, length: r.length, sourceOffset: r.sourceOffset,
        mediaFileId: files[r.fileIndex]?.id ?? null, channel: ch + 1, muted: null, gain: null,
        fadeIn: null, fadeOut: null, isFadeRender: false,
      });
    }
    attachFades(ctx, pl.name, own, fades);
    clips.push(...own);
  });
  clips.sort((a, b) => a.position - b.position || (a.channel ?? 0) - (b.channel ?? 0));
  t.playlists = [{ name: plName, active: true, clips }];
  return t;
}

/** A fade sits at a clip boundary: at a clip's start it is the clip's fade-in, at its end the fade-out (±1 sample). */
function attachFades(ctx: Ctx, playlist: string, clips: Clip[], fades: Array<{ at: number; length: number | null; offset: number }>): void {
  for (const fd of fades) {
    let used = false;
    for (const c of clips) {
      if (fd.length == null) break;
      const cs = c.position - ctx.start;
      const ce = cs + c.length;
      if (Math.abs(cs - fd.at) <= 1) { c.fadeIn = { length: fd.length, shape: null }; used = true; }
      if (Math.abs(ce - fd.at) <= 1) { c.fadeOut = { length: fd.length, shape: null }; used = true; }
    }
    if (!used) {
      ctx.counts.unresolvedFades++;
      diag(ctx.s, 'ptx/fade-unresolved', `fade at ${fd.at} in playlist "${playlist}" ${fd.length == null ? 'has no entry in the fade list' : 'is at no clip boundary'}`, fd.offset, 'info');
    }
  }
}

/** Prints the block tree (`blocks`) or the model as JSON. */
export async function dumpPtx(src: ByteSource, opts: DumpOptions = {}): Promise<string> {
  if (!opts.blocks) return readPtx(src, opts).then((s) => JSON.stringify(s, null, 2));
  const path = opts.path ?? src.name;
  const bytes = await readExact(src, 0, src.size, formatFromName(path) ?? 'ptx', 'session file');
  return blockTree(openPtx(bytes, path, opts));
}

/** The de-obfuscated block tree: offset, block type, size, content type and name, preview. */
export function blockTree(o: OpenedPtx): string {
  const { f, walk, indexed } = o;
  const index = walk.top.find((b) => b.offset === walk.indexOffset);
  const names = index ? indexedNames(f, index) : new Map<number, string>();
  const lines: string[] = [
    `# ${f.path ?? ''} ${f.le ? 'little' : 'big'}-endian, ${f.length} bytes, index at 0x${walk.indexOffset.toString(16)} (${indexed.size} block references)`,
    '# offset   bt  size      content type           * = listed in the trailing index',
  ];
  const visit = (b: Block, depth: number): void => {
    const ct = `0x${b.contentType.toString(16).padStart(4, '0')}`;
    const nm = names.get(b.offset) ?? contentTypeName(b.contentType);
    lines.push(`${'  '.repeat(depth)}0x${b.offset.toString(16).padStart(6, '0')} ${indexed.has(b.offset) ? '*' : ' '} bt=${String(b.blockType).padStart(2)} size=${String(b.size).padEnd(7)} ${ct} ${nm.padEnd(24)} ${preview(f, b)}`);
    if (b.contentType === CT_INDEX || depth >= Math.min(f.limits.maxDepth, 24)) return;
    for (const c of f.scanChildren(b)) visit(c, depth + 1);
  };
  for (const b of walk.top) visit(b, 0);
  return lines.join('\n') + '\n';
}

function preview(f: PtxBytes, b: Block): string {
  const end = Math.min(b.end, b.payload + 16);
  let hx = '';
  for (let p = b.payload; p < end; p++) hx += f.bytes[p].toString(16).padStart(2, '0') + ' ';
  const strs: string[] = [];
  let cur = '';
  for (let p = b.payload; p < Math.min(b.end, b.payload + 256); p++) {
    const c = f.bytes[p];
    if (c >= 0x20 && c < 0x7f) cur += String.fromCharCode(c);
    else { if (cur.length >= 4) strs.push(cur); cur = ''; }
  }
  if (cur.length >= 4) strs.push(cur);
  return `${hx.trim()}${strs.length ? `  "${strs.slice(0, 3).join('" "')}"` : ''}`;
}
