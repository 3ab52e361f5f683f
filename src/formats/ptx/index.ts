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
  type Clip, type Coverage, type Diagnostic, type Marker, type Session, type SourceFormat, type Track,
} from '../../model/session.js';
import { framesToSamples, framesToTimecode } from '../../model/timecode.js';
import type { DumpOptions, ReadOptions } from '../types.js';
import { CT_INDEX, PtxBytes, indexedNames, indexedOffsets, walkTopLevel, type Block, type BlockWalk } from './blocks.js';
import { readAudioFiles, type AudioFile } from './content/audio-files.js';
import { readGroups, readMarkerList, type MarkerRecord } from './content/markers-groups.js';
import { findAll, readTracksPt10, readTracksPt5, type MixerTrack } from './content/mixer.js';
import { CONTENT_TYPE_NAMES, DECODED_TOP_LEVEL, contentTypeName } from './content/names.js';
import { readPlaylistSets, readPlaylists, type PlaylistRecord, type PlaylistSet } from './content/playlists.js';
import { readPluginTypes, type PluginType } from './content/plugins.js';
import { readSessionMetadata } from './content/metadata.js';
import { readFadeList, readRegions, type FadeRecord, type Region } from './content/regions.js';
import { readAudioEngine, readDocumentInfo, readSessionInfoVersion, readTimecodeSettings, type DocumentInfo } from './content/session-info.js';
import { deobfuscatePtx, parsePtxHeader } from './unxor.js';

export { deobfuscatePtx } from './unxor.js';
export { contentTypeName } from './content/names.js';

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
  const index = walk.top.find((b) => b.offset === walk.indexOffset && b.contentType === CT_INDEX);
  const indexed = index ? indexedOffsets(f, index) : new Set<number>();
  return { f, walk, indexed };
}

/** Reads a Pro Tools session into the session model. */
export async function readPtx(src: ByteSource, opts: ReadOptions = {}): Promise<Session> {
  const path = opts.path ?? src.name;
  const limits = resolveLimits(opts.limits);
  const format = formatFromName(path) ?? 'ptx';
  checkLimit(limits, 'maxStructureBytes', src.size, format, 0, 'Pro Tools session size');
  const bytes = await readExact(src, 0, src.size, format, 'session file');
  try {
    return buildSession(openPtx(bytes, path, opts), path);
  } catch (e) {
    if (isFormatError(e)) throw (e as FormatError).withPath(path);
    if (e instanceof RangeError || e instanceof TypeError) {
      throw new FormatError({ code: 'TRUNCATED', format, offset: null, path, message: `malformed session: ${(e as Error).message}` });
    }
    throw e;
  }
}

type Ctx = { f: PtxBytes; walk: BlockWalk; diagnostics: Diagnostic[]; coverage: Coverage };

function first(walk: BlockWalk, ct: number): Block | undefined {
  return walk.byType.get(ct)?.[0];
}

function diag(ctx: Ctx, code: string, message: string, offset: number | null = null, severity: Diagnostic['severity'] = 'warning'): void {
  ctx.diagnostics.push({ code, message, offset, severity });
}

/** Decodes one section; a FormatError inside it becomes a diagnostic and the feature's coverage drops. */
function section<T>(ctx: Ctx, what: string, b: Block | undefined, read: (b: Block) => T, fallback: T, feature?: string): T {
  if (!b) return fallback;
  try {
    return read(b);
  } catch (e) {
    if (!isFormatError(e)) throw e;
    diag(ctx, 'ptx/section-error', `${what} (0x${b.contentType.toString(16).padStart(4, '0')} at 0x${b.offset.toString(16)}) not decoded: ${(e as FormatError).detail}`, (e as FormatError).offset ?? b.offset, 'error');
    if (feature) ctx.coverage[feature] = 'unsupported';
    return fallback;
  }
}

function buildSession(opened: OpenedPtx, path: string): Session {
  const { f, walk } = opened;
  const diagnostics: Diagnostic[] = [];
  const probe = newSession({ path, format: 'ptx', formatVersion: null, application: null }, '', 0);
  const ctx: Ctx = { f, walk, diagnostics, coverage: probe.coverage };

  // Version and application: Document Info (0x0003); PT10+ also has 0x2067 at 0x1F (always 12).
  const docBlock = first(walk, 0x0003);
  const doc: DocumentInfo | null = section(ctx, 'Document Info', docBlock, (b) => readDocumentInfo(f, b), null);
  const infoBlock = first(walk, 0x2067);
  const v2067 = infoBlock && infoBlock.offset === 0x1f ? section(ctx, 'Session Info', infoBlock, (b) => readSessionInfoVersion(f, b), null) : null;
  const major = doc ? doc.major : v2067;
  if (major == null) {
    throw f.error('UNSUPPORTED', 0x1f, 'no Document Info (0x0003) or Session Info (0x2067) block: the Pro Tools version is unknown');
  }
  const formatVersion = v2067 != null && major >= 10 ? String(v2067) : String(major >= 2000 ? 12 : major);
  const sourceFormat: SourceFormat = (formatFromName(path) as SourceFormat | null) ?? (major <= 6 ? 'pts' : major <= 9 ? 'ptf' : 'ptx');
  const engine = section(ctx, 'Audio Engine Settings', first(walk, 0x1028), (b) => readAudioEngine(f, b), null);
  if (!engine) throw f.error('UNSUPPORTED', 0x1f, 'no Audio Engine Settings (0x1028): the sample rate is unknown');

  const name = (path.split(/[\\/!]/).pop() ?? path).replace(/\.(ptx|ptf|pts)$/i, '');
  const s = newSession({
    path, format: sourceFormat, formatVersion,
    application: doc ? { name: doc.application, version: doc.versionString.replace(/^v/, '') || null } : null,
  }, name, engine.sampleRate);
  s.coverage = ctx.coverage;
  s.diagnostics = diagnostics;
  s.bitDepth = engine.bitDepth || null;
  if (doc && doc.os) diag(ctx, 'ptx/document-info', `written by ${doc.application} ${doc.versionString} on ${doc.os}`, docBlock!.offset, 'info');

  // Timecode: rate code and start frames.
  const tc = section(ctx, 'Timecode Settings', first(walk, 0x204d), (b) => readTimecodeSettings(f, b), null, 'timecode');
  let start = 0;
  if (tc) {
    s.frameRate = tc.frameRate;
    if (tc.frameRate && tc.startFrames != null) {
      start = framesToSamples(tc.startFrames, tc.frameRate, s.sampleRate);
      s.startTimecode = framesToTimecode(tc.startFrames, tc.frameRate);
    } else if (tc.startFrames === 0) start = 0;
    s.start = start;
    if (!tc.frameRate) {
      s.coverage.timecode = 'partial';
      diag(ctx, 'ptx/timecode-rate', `timecode rate code ${tc.code} is not known; frame rate left unknown`, first(walk, 0x204d)!.offset);
    } else if (tc.inferred) {
      s.coverage.timecode = 'partial';
      diag(ctx, 'ptx/timecode-rate', `timecode rate code ${tc.code} read as ${tc.frameRate.label}${tc.frameRate.dropFrame ? ' drop' : ''} (inferred, not confirmed by a sample)`, first(walk, 0x204d)!.offset, 'info');
    } else if (!pt10Layout(walk, major)) {
      s.coverage.timecode = 'partial';
      diag(ctx, 'ptx/timecode-start', 'PT5–8 sessions: the start is read from the same place as in PT10+ (+9 of 0x204d); every PT5–8 sample starts at 0, so it is not confirmed', first(walk, 0x204d)!.offset, 'info');
    } else s.coverage.timecode = 'decoded';
  }

  // Audio files, regions, playlists, playlist sets.
  const files: AudioFile[] = section(ctx, 'Audio File List', first(walk, 0x1004), (b) => readAudioFiles(f, b), [], 'mediaFiles');
  s.mediaFiles = files.map(({ entryIndex: _e, ...m }) => m);
  const regionList = first(walk, 0x262a) ?? first(walk, 0x100b);
  const regions: Region[] = section(ctx, 'Audio Region List', regionList, (b) => readRegions(f, b), [], 'playlists');
  const v5 = !first(walk, 0x1054) && !!first(walk, 0x1012);
  const playlistList = first(walk, 0x1054) ?? first(walk, 0x1012);
  const playlists: PlaylistRecord[] = section(ctx, 'Audio Playlists', playlistList, (b) => readPlaylists(f, b), [], 'playlists');
  const fadeList: FadeRecord[] | null = first(walk, 0x2630) ? section(ctx, 'fade list', first(walk, 0x2630), (b) => readFadeList(f, b), null) : null;
  const sets: PlaylistSet[] = section(ctx, 'Audio Playlist Sets', first(walk, 0x1015), (b) => readPlaylistSets(f, b), [], 'tracks');
  const plugins: PluginType[] = section(ctx, 'Plug-In Types', first(walk, 0x1018), (b) => readPluginTypes(f, b), []);

  // Mixer records.
  const pt10 = pt10Layout(walk, major);
  const mixer: MixerTrack[] = pt10
    ? section(ctx, 'track containers', first(walk, 0x2624), (b) => readTracksPt10(f, b), [], 'trackKinds')
    : section(ctx, 'Tracks', first(walk, 0x2009), (b) => readTracksPt5(f, b, plugins), [], 'trackKinds');

  const counts = { clips: 0, unresolvedFades: 0 };
  const audioTracks = sets.map((set, i) => trackFromSet(ctx, s, set, i, playlists, regions, files, v5, start, counts, fadeList));
  if (counts.clips > 0) {
    s.coverage.playlists = 'partial';
    diag(ctx, 'ptx/tick-positions', `${counts.clips} clip(s) on tick-based tracks are left out: converting MIDI ticks to samples needs the tempo map, which is not decoded`);
  }

  // Pair mixer audio records with playlist sets: in order when the counts agree, else by id.
  const mixerAudio = mixer.filter((m) => m.kind === 'audio');
  const pairOf = new Map<MixerTrack, Track>();
  const pairedSets = new Set<number>();
  if (mixerAudio.length === sets.length) {
    mixerAudio.forEach((m, i) => { pairOf.set(m, audioTracks[i]); pairedSets.add(i); });
  } else {
    for (const m of mixerAudio) {
      const i = sets.findIndex((st, k) => !pairedSets.has(k) && st.id != null && m.idPrefix != null && st.id.startsWith(m.idPrefix));
      if (i >= 0) { pairOf.set(m, audioTracks[i]); pairedSets.add(i); }
    }
  }
  for (const [m, t] of pairOf) {
    if (m.inserts) t.inserts = m.inserts;
    t.automation = m.automation;
    t.output = m.output;
  }

  // Session order: the mixer's, with unpaired playlist sets where ptformat puts them.
  const tracks: Track[] = [];
  const ordinalToTrack: Array<Track | null> = [];
  const unpaired = sets.map((_, i) => i).filter((i) => !pairedSets.has(i));
  const kept = unpaired.filter((i) => audioTracks[i].playlists[0]?.clips.length);
  const dropped = unpaired.filter((i) => !audioTracks[i].playlists[0]?.clips.length);
  if (mixer.length && unpaired.length) {
    s.coverage.playlists = 'partial';
    diag(ctx, 'ptx/unpaired-playlists', `${sets.length} playlist sets for ${mixerAudio.length} audio tracks: ${unpaired.map((i) => `"${sets[i].name}"`).join(', ')} match no track (alternate playlists or playlists of deleted tracks); those holding clips are listed as tracks, as ptformat does${dropped.length ? `; empty ones left out: ${dropped.map((i) => `"${sets[i].name}"`).join(', ')}` : ''}`);
  }
  if (!mixer.length) {
    tracks.push(...audioTracks);
  } else {
    const setOrder = mixerAudio.length === sets.length;
    if (!setOrder) tracks.push(...audioTracks.filter((_, i) => kept.includes(i) || pairedSets.has(i)));
    let midiN = 0;
    for (const m of mixer) {
      let t: Track | null = null;
      if (m.kind === 'audio') {
        t = pairOf.get(m) ?? null;
        if (t && setOrder) tracks.push(t);
      } else {
        t = newTrack(`${m.kind}${++midiN}`, m.name, m.kind);
        t.automation = m.automation;
        if (m.inserts) t.inserts = m.inserts;
        t.output = m.output;
        if (m.kind === 'master') { t.channels = null; }
        tracks.push(t);
      }
      ordinalToTrack.push(t);
    }
  }
  tracks.forEach((t, i) => { t.id = `t${i + 1}`; });
  s.tracks = tracks;
  const failed = (what: RegExp) => s.diagnostics.some((d) => d.code === 'ptx/section-error' && what.test(d.message));
  s.coverage.tracks = first(walk, 0x1015) && !failed(/^Audio Playlist Sets/) ? 'decoded' : 'unsupported';
  if (failed(/^(Audio Playlists|Audio Region List)/)) s.coverage.playlists = 'unsupported';
  else if (counts.clips > 0 || (mixer.length && unpaired.length) || s.diagnostics.some((d) => /^ptx\/missing-/.test(d.code))) s.coverage.playlists = 'partial';
  else s.coverage.playlists = 'decoded';
  s.coverage.mediaFiles = failed(/^Audio File List/) ? 'unsupported' : 'decoded';

  // Track kinds, inserts, automation per version.
  if (pt10) {
    s.coverage.trackKinds = 'partial';
    s.coverage.inserts = 'unsupported';
    s.coverage.automation = mixer.length ? 'partial' : 'unsupported';
    diag(ctx, 'ptx/pt10-mixer', 'Pro Tools 10+ sessions: aux, master, VCA and folder track records, inserts, sends and VCA assignment are not decoded (no public sample shows them); audio and MIDI tracks, outputs and automation point counts are', first(walk, 0x2624)?.offset ?? null, 'info');
  } else if (first(walk, 0x2009)) {
    s.coverage.trackKinds = s.coverage.trackKinds === 'unsupported' && !mixer.length ? 'unsupported' : 'decoded';
    const allStrips = mixer.filter((m) => m.kind !== 'midi').every((m) => m.inserts !== null);
    s.coverage.inserts = mixer.length && allStrips ? 'decoded' : 'partial';
    s.coverage.automation = mixer.length ? 'partial' : 'unsupported';
    if (mixer.length) diag(ctx, 'ptx/automation-parameters', 'PT5–8 automation lists: point counts are read, the parameter of each list (volume, pan, mute, plug-in) is not identified', first(walk, 0x2009)!.offset, 'info');
  } else {
    s.coverage.trackKinds = 'partial';
  }
  s.coverage.sends = 'unsupported';
  s.coverage.vcas = 'unsupported';
  s.coverage.clipGain = 'unsupported';
  s.coverage.fades = v5 ? 'unsupported' : counts.unresolvedFades > 0 ? 'partial' : 'decoded';
  if (v5) diag(ctx, 'ptx/fades-v5', 'PT5–6 fades (Fade Region List 0x100d) are not tied to clips by this reader', first(walk, 0x100d)?.offset ?? null, 'info');

  // Groups (ordinals index the mixer's records).
  const groupBlock = first(walk, 0x202b);
  const groups = section(ctx, 'Track Group List', groupBlock, (b) => readGroups(f, b), [], 'groups');
  s.coverage.groups = groupBlock && !s.diagnostics.some((d) => d.message.startsWith('Track Group List')) ? 'decoded' : 'unsupported';
  for (const g of groups) {
    if (g.id === 0xffffffff) continue;
    const ids: string[] = [];
    for (const o of g.members) {
      const t = mixer.length ? ordinalToTrack[o] : s.tracks[o];
      if (t) ids.push(t.id);
      else {
        s.coverage.groups = 'partial';
        diag(ctx, 'ptx/group-member', `group "${g.name}" names track ordinal ${o}, which is not a decoded track`, g.offset);
      }
    }
    s.groups.push({ name: g.name, trackIds: ids });
  }

  // Markers: PT10+ nest 0x2030 in 0x271a; the list may appear twice.
  const markerLists: Block[] = [...(walk.byType.get(0x2030) ?? [])];
  for (const lane of walk.byType.get(0x271a) ?? []) markerLists.push(...findAll(f, lane, 0x2030));
  const seen = new Set<string>();
  let tickMarkers = 0;
  let markerError = false;
  for (const l of markerLists) {
    const recs: MarkerRecord[] = section(ctx, 'Memory Location List', l, (b) => readMarkerList(f, b), [] as MarkerRecord[]);
    if (s.diagnostics.some((d) => d.offset === l.offset && d.code === 'ptx/section-error')) markerError = true;
    for (const r of recs) {
      const key = `${r.number}|${r.name}|${r.start}|${r.ticks}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (r.start == null) { tickMarkers++; continue; }
      const m: Marker = { name: r.name, position: start + r.start, length: r.end != null && r.end > r.start ? r.end - r.start : 0, comment: '' };
      s.markers.push(m);
    }
  }
  s.markers.sort((a, b) => a.position - b.position);
  s.coverage.markers = markerError ? 'partial' : tickMarkers ? 'partial' : 'decoded';
  if (tickMarkers) diag(ctx, 'ptx/tick-positions', `${tickMarkers} marker(s) at tick positions left out: the tempo map is not decoded`);

  // Session metadata (title, contributors, location …): the model has no field for it, so a diagnostic carries it.
  const meta = section(ctx, 'session metadata', first(walk, 0x2716), (b) => readSessionMetadata(f, b), []);
  if (meta.length) diag(ctx, 'ptx/session-metadata', meta.map((m) => `${m.key}: ${m.values.join(', ')}`).join('; '), first(walk, 0x2716)!.offset, 'info');

  // Content types this reader does not decode, listed once.
  const unknown = new Map<number, number>();
  for (const b of walk.top) if (!DECODED_TOP_LEVEL.has(b.contentType) && !unknown.has(b.contentType)) unknown.set(b.contentType, b.offset);
  if (unknown.size) {
    const list = [...unknown.entries()].map(([ct]) => `0x${ct.toString(16).padStart(4, '0')}${CONTENT_TYPE_NAMES[ct] ? ` (${CONTENT_TYPE_NAMES[ct]})` : ''}`);
    diag(ctx, 'ptx/unknown-block', `${unknown.size} top-level content types not decoded: ${list.join(', ')}`, null, 'info');
  }
  return s;
}

function pt10Layout(walk: BlockWalk, major: number): boolean {
  return !!first(walk, 0x2624) || major >= 10;
}

function trackFromSet(
  ctx: Ctx, s: Session, set: PlaylistSet, i: number, playlists: PlaylistRecord[], regions: Region[], files: AudioFile[],
  v5: boolean, start: number, counts: { clips: number; unresolvedFades: number }, fadeList: FadeRecord[] | null,
): Track {
  const t = newTrack(`t${i + 1}`, set.name, 'audio');
  t.channels = set.playlistIndexes.length || null;
  t.channelFormat = channelFormatFor(t.channels);
  const clips: Clip[] = [];
  let plName = set.name;
  set.playlistIndexes.forEach((pi, ch) => {
    const pl = playlists[pi];
    if (!pl) {
      diag(ctx, 'ptx/missing-playlist', `track "${set.name}" channel ${ch + 1} names playlist ${pi}, which does not exist`, set.offset);
      s.coverage.playlists = 'partial';
      return;
    }
    if (ch === 0) plName = pl.name;
    const own: Clip[] = [];
    const fades: Array<{ at: number; length: number | null; offset: number }> = [];
    for (const pm of pl.placements) {
      if (pm.isFade) {
        // Fade placements index the fade list (0x2630), not the audio regions.
        if (pm.position == null) { counts.clips++; continue; }
        const fd = fadeList?.[pm.regionIndex];
        fades.push({ at: pm.position, length: fd ? fd.length : null, offset: pm.offset });
        continue;
      }
      const r = regions[pm.regionIndex];
      if (!r) {
        diag(ctx, 'ptx/missing-region', `playlist "${pl.name}" places region ${pm.regionIndex}, which does not exist`, pm.offset);
        s.coverage.playlists = 'partial';
        continue;
      }
      const pos = v5 ? r.start : pm.position;
      if (pos == null) { counts.clips++; continue; }
      own.push(newClip({
        name: r.name, position: start + pos, length: r.length, sourceOffset: r.sourceOffset,
        mediaFileId: files[r.fileIndex]?.id ?? null, channel: ch + 1, muted: null,
      }));
    }
    // A fade sits at a clip boundary: at a clip's start it is the clip's fade-in, at its end the fade-out.
    for (const fd of fades) {
      let used = false;
      for (const c of own) {
        const cs = c.position - start;
        const ce = cs + c.length;
        if (fd.length == null) continue;
        if (Math.abs(cs - fd.at) <= 1) { c.fadeIn = { length: fd.length, shape: null }; used = true; }
        if (Math.abs(ce - fd.at) <= 1) { c.fadeOut = { length: fd.length, shape: null }; used = true; }
      }
      if (!used) {
        counts.unresolvedFades++;
        diag(ctx, 'ptx/fade-unresolved', `fade at ${fd.at} in playlist "${pl.name}" ${fd.length == null ? 'has no entry in the fade list' : 'is at no clip boundary'}`, fd.offset, 'info');
      }
    }
    clips.push(...own);
  });
  clips.sort((a, b) => a.position - b.position || (a.channel ?? 0) - (b.channel ?? 0));
  t.playlists = [{ name: plName, active: true, clips }];
  return t;
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
