/**
 * The audio session an AAF describes: the top-level CompositionMob, its
 * timecode, its sound slots as tracks, their clips with absolute positions
 * in samples at the session rate (exact rational conversion of edit units),
 * source media through MasterMob → SourceMob → descriptor, clip gain, track
 * automation, fades, mutes and markers.
 */
import { FormatError } from '../../io/errors.js';
import { Deadline, SAFE_INTEGER_LIMIT } from '../../io/limits.js';
import {
  channelFormatFor, newSession, newTrack, type Automation, type Clip, type ClipGain,
  type Diagnostic, type Fade, type Marker, type MediaFile, type Session, type Track,
} from '../../model/session.js';
import { frameRate as makeFrameRate, framesToTimecode } from '../../model/timecode.js';
import type { ReadOptions } from '../types.js';
import { DATA_DEF, INTERP_DEF, OP_DEF, PARAM_DEF, PID, TIMELINE_MOB_ATTRIBUTE_LIST } from './ids.js';
import { baseName, mediaFacts, pathFromUrl, type MediaFacts } from './media.js';
import { baselineIsA, keyHex, keyOf, type AafFile, type AafObject, type KeyedSet, type Rational } from './object-model.js';
import { decodeIndirect, numericValue } from './values.js';
import {
  attachRenderedFades, combinerLengthFromGroup, isProToolsFadeRenderName, joinMultiMonoTracks, mixerMuteSolo, premiereNote, vendorOf,
  type IdentificationInfo, type Vendor,
} from './vendors/index.js';

const USAGE_TOP_LEVEL = '0d010102-0101-0700-060e-2b3404010101';
const USAGE_LOWER_LEVEL = '0d010102-0101-0800-060e-2b3404010101';
const COMPONENT_ATTRIBUTE_LIST = '60958184-47b1-11d4-a01c-0004ac969f50';
const COMMENT_MARKER_USER = 'c4c45d9a-0967-11d4-a08a-006094eb75cb';
const SOUND_DEFS: ReadonlySet<string> = new Set([DATA_DEF.Sound, DATA_DEF.LegacySound]);
const NOT_TIMECODE_DEFS: ReadonlySet<string> = new Set([DATA_DEF.Sound, DATA_DEF.LegacySound, DATA_DEF.Picture, DATA_DEF.LegacyPicture]);
const MAX_NESTING = 48;
/** Operations the mapping interprets (gain, pan, channel combining, Audio Warp); any other is noted as not interpreted. */
const KNOWN_OPS: ReadonlySet<string> = new Set([OP_DEF.MonoAudioGain, OP_DEF.StereoAudioGain, OP_DEF.MonoAudioPan, OP_DEF.AudioChannelCombiner, OP_DEF.AvidAudioWarp]);
/** The level parameters of a gain group (the others are not clip gain). */
const GAIN_PARAMS: ReadonlySet<string> = new Set([PARAM_DEF.Amplitude, PARAM_DEF.AvidControlClipRatio, PARAM_DEF.Level]);

type DynamicRole = 'component' | 'timeline' | 'markerUser';
/** The dynamic properties the mapping reads, by AUID and by the names writers give them. */
const DYNAMIC_KEYS: Record<DynamicRole, readonly string[]> = {
  component: [COMPONENT_ATTRIBUTE_LIST, 'ComponentAttributeList'],
  timeline: [TIMELINE_MOB_ATTRIBUTE_LIST, 'TimelineMobAttributeList', 'TimelineMobSlotAttributes'],
  markerUser: [COMMENT_MARKER_USER, 'CommentMarkerUser', 'CommentMarkerUSer'],
};

/**
 * What a SourceClip's SourceID leads to. `shift`: where the clip's own
 * StartTime counts from in the media file. None (0) through master and
 * source mobs; through a sub-clip composition, where its one clip starts in
 * the mob beneath (`eu` edit units at `rate`, plus `samples` from sub-clips
 * further down); null when the composition is more than one clip (a nested
 * sequence: no single file offset). `nested`: the key (mob and slot) of
 * the nested sequence the clip plays, directly or through a sub-clip (see
 * nestedFacts).
 */
type Resolved = { name: string; mediaFileId: string | null; shift: Shift | null; masterName: string | null; nested: string | null };
/**
 * What a nested sequence (a composition of several clips) holds beyond the
 * one clip that stands for it: its clips, its own automation that moves, the
 * nested sequences its clips play, or why it could not be read.
 */
type NestedFacts = { name: string; clips: number; lanes: Automation[]; children: string[]; error: string | null };
type Shift = { eu: number; rate: Rational; samples: number };
const NO_SHIFT: Shift = { eu: 0, rate: { num: 1, den: 1 }, samples: 0 };

/**
 * The clip gain of the gain groups around a segment: decibels added up, and
 * the innermost varying level, its points' times a fraction of the group
 * that holds it (`envStart`, `envLength`: that group's absolute position and
 * length in samples).
 */
type GainCtx = { db: number; envelope: Array<[number, number]> | null; seen: boolean; envStart: number; envLength: number };

type WalkState = {
  rate: Rational;
  /** Samples added to positions (set inside an Audio Warp, whose input runs at its own rate). */
  base: number;
  track: Track;
  channelsSeen: { n: number };
  /** The NestedScopes around the segment being walked, innermost last (what a ScopeReference refers into). */
  scopes: Scope[];
};

/**
 * A NestedScope being walked: its slots, the one being walked, where they
 * all start (edit units of `st`) and the walk state there, and the clips of
 * the slots ScopeReferences played (see walkScopeReference).
 */
type Scope = { slots: AafObject[]; index: number; start: number; st: WalkState; played: PlayedSlot[] };
/** Slot `index` of a scope walked for references in one context (the gain group around them, mute, time stretch). */
type PlayedSlot = { index: number; gain: GainCtx | null; muted: boolean; stretched: boolean; clips: Clip[] };

export class SessionMapper {
  private readonly diagnostics: Diagnostic[] = [];
  /** A segment was not read (aaf/unhandled-segment, aaf/scope-reference): playlists coverage is partial. */
  private clipsMissing = false;
  private readonly diagOnce = new Set<string>();
  private mobs!: KeyedSet;
  private essenceKeys = new Set<string>();
  private readonly resolved = new Map<string, Resolved>();
  private readonly mediaBySourceMob = new Map<string, MediaFile>();
  private readonly factsBySourceMob = new Map<string, MediaFacts | null>();
  private readonly mediaFiles: MediaFile[] = [];
  /** External media whose presence is checked (asynchronously) once the model is built. */
  private readonly onlineChecks: MediaFile[] = [];
  private vendor: Vendor = 'unknown';
  private sampleRate = 48000;
  private start = 0;
  /** Dynamic pids of the properties read by role, resolved the first time an object that has dynamic properties is asked for one. */
  private readonly dynamicPids = new Map<DynamicRole, number | undefined>();
  private unknownOps = new Set<string>();
  /** Operations not interpreted whose parameters change over time (a plug-in's automation, say): where each was met. */
  private readonly unknownAutomation = new Set<string>();
  private deadline: Deadline | null = null;
  private segments = 0;

  constructor(private readonly file: AafFile, private readonly opts: ReadOptions, private readonly path: string) {}

  private diag(code: string, message: string, offset: number | null = null, once = false): void {
    if (once) {
      if (this.diagOnce.has(code + message)) return;
      this.diagOnce.add(code + message);
    }
    if (this.diagnostics.length < 500) this.diagnostics.push({ code, message, offset });
  }

  async map(): Promise<Session> {
    const f = this.file;
    this.deadline = new Deadline(f.limits, 'aaf');
    const header = f.headerNow();
    const ids = this.identifications(header);
    this.vendor = vendorOf(ids);
    const content = header.ref(PID.Header_Content);
    if (!content) {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: header.entry.offset, path: this.path, message: 'the Header has no ContentStorage' });
    }
    this.mobs = content.keyedSet(PID.ContentStorage_Mobs);
    this.essenceKeys = new Set((content.keyedSet(PID.ContentStorage_EssenceData)).keys());

    const last = ids[ids.length - 1];
    const session = newSession({
      path: this.path,
      format: 'aaf',
      formatVersion: this.formatVersion(header),
      application: last ? { name: [last.product].filter(Boolean).join(' ') || (last.company ?? 'unknown'), version: last.version } : null,
    }, '', 48000);

    this.collectMedia();
    // Without a way to open files beside the session, presence stays unknown (null): no lookup to wait for.
    if (this.opts.openRelative) for (const m of this.onlineChecks) m.online = await this.isOnline(m.path);
    const comp = this.topLevelComposition();
    session.name = comp?.str(PID.Mob_Name) ?? '';
    session.sampleRate = this.sampleRate;
    session.bitDepth = this.dominantBitDepth();
    session.mediaFiles = this.mediaFiles;
    session.coverage = {
      ...session.coverage,
      tracks: 'decoded', trackKinds: 'partial', playlists: 'decoded', inserts: 'unsupported', sends: 'unsupported',
      automation: 'decoded', groups: 'unsupported', vcas: 'unsupported', clipGain: 'decoded', fades: 'decoded',
      markers: 'decoded', mediaFiles: 'decoded', timecode: 'unsupported',
    };
    this.diag('aaf/track-kinds', 'AAF carries audio, video and data slots only: aux, master, VCA and folder tracks are not exported, and video/data slots are not listed', null);
    if (!comp) {
      this.diag('aaf/no-composition', 'the file holds no CompositionMob: no tracks');
      session.diagnostics = this.diagnostics;
      return session;
    }
    const slots = comp.refs(PID.Mob_Slots);
    // Each timeline slot's segment is read once, for the timecode and then for the tracks.
    const segs = slots.map((s) => (s.className === 'TimelineMobSlot' ? s.ref(PID.MobSlot_Segment) : null));
    this.readTimecode(slots, segs, session);
    let n = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot.className === 'EventMobSlot') {
        session.markers.push(...(this.markersOf(slot)));
        continue;
      }
      const seg = segs[i];
      if (!seg) continue;
      const def = seg.weakKey(PID.Component_DataDefinition) ?? '';
      if (def === DATA_DEF.DescriptiveMetadata || seg.isA('Event')) {
        session.markers.push(...(this.markersOf(slot)));
        continue;
      }
      if (!SOUND_DEFS.has(def)) continue;
      session.tracks.push(this.trackOf(slot, seg, ++n));
    }
    if (this.vendor === 'protools') {
      for (const g of joinMultiMonoTracks(session.tracks)) {
        this.diag('aaf/multi-mono-track', `Pro Tools track "${g.name}" is written as ${g.channels} mono slots of that name, one a channel: it is a ${channelFormatFor(g.channels) ?? `${g.channels}-channel`} track`);
      }
    }
    session.markers.sort((a, b) => a.position - b.position);
    if (this.clipsMissing) session.coverage.playlists = 'partial';
    // A nested sequence that could not be read may hold automation (see noteNested).
    if (this.unreadNested) session.coverage.automation = 'partial';
    for (const p of this.file.problems) this.diag('aaf/missing-storage', p.message, p.offset);
    if (this.unknownOps.size) {
      this.diag('aaf/unknown-operation', `operation groups not interpreted (their first input is read): ${[...this.unknownOps].join(', ')}`);
    }
    if (this.unknownAutomation.size) {
      // Values that change over time in an operation the reader does not know may be automation it cannot name: not "none".
      session.coverage.automation = 'partial';
      this.diag('aaf/unknown-automation', `parameters not interpreted change over time: ${[...this.unknownAutomation].join('; ')}`);
    }
    session.diagnostics = this.diagnostics;
    return session;
  }

  private formatVersion(header: AafObject): string | null {
    const v = header.bytes(PID.Header_Version);
    return v && v.length >= 2 ? `${v[0]}.${v[1]}` : null;
  }

  private identifications(header: AafObject): IdentificationInfo[] {
    const out: IdentificationInfo[] = [];
    for (const i of header.refs(PID.Header_IdentificationList)) {
      out.push({
        company: i.str(PID.Identification_CompanyName),
        product: i.str(PID.Identification_ProductName),
        version: i.str(PID.Identification_ProductVersionString),
        platform: i.str(PID.Identification_Platform),
      });
    }
    return out;
  }

  /** Every file SourceMob that describes sound becomes a media file; the dominant rate is the session rate. */
  private collectMedia(): void {
    const rates = new Map<number, number>();
    for (const { key, classId } of this.mobs.entries()) {
      if (this.file.baselineClassOf(classId) !== 'SourceMob') continue;
      const mob = this.mobs.get(key);
      if (!mob) continue;
      const media = this.mediaOfSourceMob(mob, key);
      if (media?.sampleRate) rates.set(media.sampleRate, (rates.get(media.sampleRate) ?? 0) + 1);
    }
    let best: number | null = null;
    for (const [r, c] of rates) if (best === null || c > rates.get(best)!) best = r;
    if (best === null) {
      this.diag('aaf/no-audio-essence', 'no audio essence descriptor: the session rate is assumed to be 48000 Hz');
    } else {
      this.sampleRate = Math.round(best);
      if (rates.size > 1) this.diag('aaf/mixed-rates', `essence sample rates ${[...rates.keys()].join(', ')}; ${best} (the most used) is the session rate`);
    }
  }

  private dominantBitDepth(): number | null {
    const c = new Map<number, number>();
    for (const m of this.mediaFiles) if (m.bitDepth) c.set(m.bitDepth, (c.get(m.bitDepth) ?? 0) + 1);
    let best: number | null = null;
    for (const [b, n] of c) if (best === null || n > c.get(best)!) best = b;
    return best;
  }

  private topLevelComposition(): AafObject | null {
    const comps: AafObject[] = [];
    // Each composition's MobID as the mob set keys it (what references are resolved by).
    const keyOf = new Map<AafObject, string>();
    for (const { key, classId } of this.mobs.entries()) {
      if (this.file.baselineClassOf(classId) !== 'CompositionMob') continue;
      const m = this.mobs.get(key);
      if (!m) continue;
      comps.push(m);
      keyOf.set(m, key);
    }
    if (comps.length === 0) return null;
    const top = comps.filter((c) => c.auid(PID.Mob_UsageCode) === USAGE_TOP_LEVEL);
    if (top.length === 1) return top[0];
    // The compositions other compositions use (nested sequences): not the session's timeline.
    const referenced = new Set<string>();
    for (const c of comps) for (const id of this.referencedMobIds(c)) referenced.add(id);
    const unused = (c: AafObject): boolean => !referenced.has(keyOf.get(c)!);
    if (top.length > 1) {
      // Several marked TopLevel: the first that no other composition uses.
      const chosen = top.find(unused) ?? top[0];
      this.diag('aaf/several-top-level', premiereNote(top.length, chosen.str(PID.Mob_Name) ?? '', chosen === top[0]));
      return chosen;
    }
    // No UsageCode (older writers): the composition no other composition references.
    const candidates = comps.filter((c) => c.auid(PID.Mob_UsageCode) !== USAGE_LOWER_LEVEL);
    const roots = (candidates.length ? candidates : comps).filter(unused);
    // Several unreferenced compositions: the one with the most slots is the timeline (empty bins hold none).
    let chosen = roots[0] ?? comps[0];
    let most = -1;
    for (const r of roots) {
      const n = (r.refs(PID.Mob_Slots)).length;
      if (n > most) {
        most = n;
        chosen = r;
      }
    }
    if (roots.length > 1) this.diag('aaf/several-top-level', `${roots.length} unreferenced compositions; reading "${chosen.str(PID.Mob_Name) ?? ''}"`);
    return chosen;
  }

  private referencedMobIds(comp: AafObject): string[] {
    const out: string[] = [];
    const visit = (o: AafObject | null, depth: number): void => {
      if (!o || depth > MAX_NESTING) return;
      if (o.isA('SourceReference')) {
        const id = o.bytes(PID.SourceReference_SourceID);
        if (id) out.push(keyOf(id));
      }
      for (const pid of [PID.Sequence_Components, PID.OperationGroup_InputSegments, PID.Selector_Alternates, PID.EssenceGroup_Choices]) {
        for (const c of o.refs(pid)) visit(c, depth + 1);
      }
      for (const pid of [PID.MobSlot_Segment, PID.Selector_Selected, PID.Transition_OperationGroup]) visit(o.ref(pid), depth + 1);
    };
    for (const s of comp.refs(PID.Mob_Slots)) visit(s, 0);
    return out;
  }

  /**
   * A component's Length in edit units, null when it has none. A negative
   * Length is a damaged field (lengths in a sequence would run backwards):
   * BAD_MAGIC at the component.
   */
  private lengthOf(c: AafObject): number | null {
    const len = c.num64(PID.Component_Length);
    if (len !== null && len < 0) {
      throw new FormatError({ code: 'BAD_MAGIC', format: 'aaf', offset: c.entry.offset, path: this.path, message: `${c.className} "${c.entry.name}" has a negative Length (${len} edit units)` });
    }
    return len;
  }

  /** Positions and lengths past 2^53 samples come from damaged 64-bit fields: LIMIT maxSafeInteger, at the object. */
  private exact(o: AafObject, what: string, ...values: number[]): void {
    if (values.every((v) => Number.isSafeInteger(v))) return;
    throw new FormatError({ code: 'LIMIT', format: 'aaf', offset: o.entry.offset, path: this.path, limit: SAFE_INTEGER_LIMIT, message: `${what} position or length ${values.join(', ')} is beyond 2^53 samples` });
  }

  /** Edit units (a 64-bit value) at `rate` → samples at the session rate, exact and rounded to nearest. */
  private samplesBig(eu: bigint, rate: Rational): number {
    const n = Number(eu);
    return Number.isSafeInteger(n) ? this.samples(n, rate) : this.samplesExact(eu, rate);
  }

  /** Absolute sample position of edit unit `pos` of the walk's rate (clips' edges and transitions' edges alike). */
  private positionOf(pos: number, st: WalkState): number {
    return this.start + st.base + this.samples(pos, st.rate);
  }

  /**
   * The offset into a media file of a clip starting `eu` edit units (at
   * `rate`) into what it refers to, moved by `shift`: converted once, exactly,
   * when the shift is at the same rate.
   */
  private shifted(eu: number, rate: Rational, shift: Shift): number {
    if (shift.eu === 0) return this.samples(eu, rate) + shift.samples;
    if (shift.rate.num * rate.den === rate.num * shift.rate.den) return this.samples(eu + shift.eu, rate) + shift.samples;
    return this.samples(eu, rate) + this.samples(shift.eu, shift.rate) + shift.samples;
  }

  /** Edit units (an integer) at `rate` → samples at the session rate, exact and rounded to nearest. */
  private samples(eu: number, rate: Rational): number {
    if (rate.num <= 0 || rate.den <= 0) return 0;
    // Exact in doubles while the product stays below 2^53; BigInt beyond.
    const x = eu * this.sampleRate * rate.den;
    if (Number.isSafeInteger(x) && x >= 0) {
      let q = Math.floor(x / rate.num);
      let r = x - q * rate.num;
      // The float quotient can be one off next to an integer: the remainder puts it right.
      if (r < 0) {
        q -= 1;
        r += rate.num;
      } else if (r >= rate.num) {
        q += 1;
        r -= rate.num;
      }
      return 2 * r >= rate.num ? q + 1 : q;
    }
    return this.samplesExact(BigInt(eu), rate);
  }

  private samplesExact(eu: bigint, rate: Rational): number {
    if (rate.num <= 0 || rate.den <= 0) return 0;
    const n = eu * BigInt(this.sampleRate) * BigInt(rate.den);
    const d = BigInt(rate.num);
    const q = n >= 0n ? (2n * n + d) / (2n * d) : -((-2n * n + d) / (2n * d));
    return Number(q);
  }

  /** The session start and frame rate from the first Timecode segment of the composition's timeline slots (`segs`: each slot's segment, null for other slots). */
  private readTimecode(slots: AafObject[], segs: Array<AafObject | null>, session: Session): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      let seg = segs[i];
      if (!seg) continue;
      // A sound or picture sequence holds no Timecode: its (maybe thousands of) components are not loaded.
      if (NOT_TIMECODE_DEFS.has(seg.weakKey(PID.Component_DataDefinition) ?? '')) continue;
      seg = timecodeOf(seg);
      // A Pulldown's input runs at the timecode's own rate (film projects wrap a 30 fps timecode in one).
      let pulled = false;
      if (seg.className === 'Pulldown') {
        const input = seg.ref(PID.Pulldown_InputSegment);
        if (!input) continue;
        seg = timecodeOf(input);
        pulled = true;
      }
      if (seg.className !== 'Timecode') continue;
      const slotRate = editRateOf(slot);
      const startFrames = seg.i64(PID.Timecode_Start) ?? 0n;
      const fps = seg.u16(PID.Timecode_FPS) ?? 0;
      const drop = seg.bool(PID.Timecode_Drop) ?? false;
      const fr = frameRateOf(fps, drop, slotRate);
      // Start is a Position: edit units of the slot, or of the Pulldown's input (the timecode's own frames).
      const rate = pulled ? timecodeRate(fps, drop, slotRate) : slotRate;
      this.start = this.samplesBig(startFrames, rate.num > 0 ? rate : { num: fps || 1, den: 1 });
      session.start = this.start;
      session.frameRate = fr;
      session.startTimecode = fr ? framesToTimecode(Number(startFrames), fr) : null;
      session.coverage.timecode = fr ? 'decoded' : 'partial';
      if (!fr) this.diag('aaf/frame-rate', `timecode FPS ${fps} at edit rate ${rate.num}/${rate.den} is not a known frame rate`, seg.entry.offset);
      return;
    }
    session.start = 0;
    this.diag('aaf/no-timecode', 'the composition has no Timecode segment: positions count from 00:00:00:00');
    session.coverage.timecode = 'partial';
  }

  /** The local pid of a dynamic property (by its AUID and the names writers give it), or undefined when the file declares none. */
  private dynamicPid(role: DynamicRole): number | undefined {
    if (!this.dynamicPids.has(role)) this.dynamicPids.set(role, this.file.dynamicPid(DYNAMIC_KEYS[role]));
    return this.dynamicPids.get(role);
  }

  /** The tagged values of an attribute list (a dynamic property) of `o`, by name. */
  private tagsOf(o: AafObject, role: DynamicRole): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (!o.props.hasDynamic()) return out;
    const pid = this.dynamicPid(role);
    if (pid === undefined || !o.has(pid)) return out;
    for (const tv of o.refs(pid)) {
      const name = tv.str(PID.TaggedValue_Name);
      const raw = tv.bytes(PID.TaggedValue_Value);
      if (!name) continue;
      const v = raw ? decodeIndirect(raw) : null;
      out.set(name, v && typeof v.value === 'object' && v.value !== null ? numericValue(v) : v?.value ?? null);
    }
    return out;
  }

  private trackOf(slot: AafObject, seg: AafObject, n: number): Track {
    const physical = slot.u32(PID.MobSlot_PhysicalTrackNumber);
    const slotName = slot.str(PID.MobSlot_SlotName)?.trim();
    const track = newTrack(`t${n}`, slotName || `Audio ${physical ?? n}`, 'audio');
    const tags = this.tagsOf(slot, 'timeline');
    const ms = mixerMuteSolo(tags);
    track.muted = ms.muted;
    track.solo = ms.solo;
    const st = walkStart(slot, track);
    if (st.rate.num <= 0 || st.rate.den <= 0) {
      this.diag('aaf/bad-edit-rate', `slot "${track.name}" has edit rate ${st.rate.num}/${st.rate.den}: its clips are not placed`, slot.entry.offset);
    }
    const origin = slot.num64(PID.TimelineMobSlot_Origin) ?? 0;
    const content = this.slotAutomation(seg, track);
    const clips: Clip[] = [];
    // (Not -0 for an origin of 0: positions stay small integers for the compiler.)
    if (content) this.walk(content, origin === 0 ? 0 : -origin, st, null, 0, false, false, clips);
    // Pro Tools writes fades as audio clips: the clips beside them are the faded ones.
    if (this.vendor === 'protools') attachRenderedFades(clips);
    track.playlists.push({ name: track.name, active: true, clips });
    const format = tags.get('_TRACK_FORMAT');
    const fromFormat = typeof format === 'number' ? ({ 1: 1, 2: 2, 3: 6, 4: 8 } as Record<number, number>)[format] ?? null : null;
    track.channels = fromFormat ?? (st.channelsSeen.n || (clips.length ? 1 : null));
    track.channelFormat = channelFormatFor(track.channels);
    return track;
  }

  /**
   * Track-level gain/pan: the operation groups that wrap a slot's whole
   * content become `track`'s automation lanes. Returns what they wrap.
   */
  private slotAutomation(seg: AafObject, track: Track): AafObject | null {
    let content: AafObject | null = seg;
    for (let depth = 0; content?.className === 'OperationGroup' && depth < MAX_NESTING; depth++) {
      const op = content.weakKey(PID.OperationGroup_Operation) ?? '';
      const lane = this.automationOf(content, op);
      if (lane) track.automation.push(lane);
      else if (!this.unknownOperation(content, op, track.name)) break;
      // An operation not interpreted around the whole slot is passed through: gain or pan groups beneath it are still the track's.
      content = content.firstRef(PID.OperationGroup_InputSegments);
    }
    return content;
  }

  /** An automation lane for a track-level gain or pan group; null for other operations. */
  private automationOf(group: AafObject, op: string): Automation | null {
    const isGain = op === OP_DEF.MonoAudioGain || op === OP_DEF.StereoAudioGain;
    if (!isGain && op !== OP_DEF.MonoAudioPan) return null;
    return this.laneOf(group, isGain);
  }

  /**
   * What a gain or pan group says as automation. Its points are those of
   * its level (gain) or pan parameter, and of any other of its parameters
   * that changes over time (a surround pan's other axes, say). It is
   * automated (not `isDefault`) when a curve of that parameter leaves the
   * identity (1.0 gain, 0.5 pan), or when another parameter changes.
   * Constants are settings, not automation (a fader or pan position): they
   * count as a point and leave the lane default.
   */
  private laneOf(group: AafObject, isGain: boolean): Automation {
    const identity = isGain ? 1 : 0.5;
    let points = 0;
    let automated = false;
    for (const p of group.refs(PID.OperationGroup_Parameters)) {
      const def = p.auid(PID.Parameter_Definition);
      const own = isGain ? GAIN_PARAMS.has(def ?? '') : def === PARAM_DEF.Pan;
      if (p.className === 'VaryingValue') {
        if (!own) {
          if (!changesOverTime(p)) continue;
          automated = true;
        }
        for (const cp of p.refs(PID.VaryingValue_PointList)) {
          points += 1;
          const v = cp.indirectNumber(PID.ControlPoint_Value);
          if (v !== null && Math.abs(v - identity) > 1e-6) automated = true;
        }
      } else if (own && p.className === 'ConstantValue') {
        points += 1;
      }
    }
    return { parameter: isGain ? 'volume' : 'pan', points, isDefault: !automated };
  }

  /** Clips of a segment placed at `pos` (edit units of the slot). */
  /**
   * Appends the clips of a segment placed at `pos` (edit units, a safe
   * integer while positions are exact; see clipOf) to `out`.
   */
  private walk(seg: AafObject, pos: number, st: WalkState, gain: GainCtx | null, depth: number, muted: boolean, stretched: boolean, out: Clip[]): void {
    // The time limit is looked at every 256 segments (from the first): a clock read per segment is a cost at 16,000 clips.
    if ((this.segments++ & 255) === 0) this.deadline?.check(seg.entry.offset);
    const maxDepth = Math.min(MAX_NESTING, this.file.limits.maxDepth);
    if (depth > maxDepth) {
      throw new FormatError({ code: 'LIMIT', format: 'aaf', offset: seg.entry.offset, path: this.path, limit: 'maxDepth', message: `segments nested more than ${maxDepth} deep` });
    }
    switch (seg.className) {
      case 'SourceClip':
        // An indexed store, not push: a track's list starts empty (held by V8 as a list of small
        // integers until an object goes in), and the push inlined in this function's optimized code
        // bailed out on such a list ("not a Smi" in node --trace-deopt) three times in a
        // 16,000-clip read, each time leaving this function unoptimized until compiled again.
        out[out.length] = this.clipOf(seg, pos, this.lengthOf(seg) ?? 0, st, gain, muted, stretched);
        return;
      case 'Sequence':
        this.walkSequence(seg, pos, st, gain, depth, muted, stretched, out);
        return;
      case 'OperationGroup':
        this.walkOperation(seg, pos, st, gain, depth, muted, stretched, out);
        return;
      case 'Selector': {
        const tags = this.tagsOf(seg, 'component');
        const disabled = tags.get('_DISABLE_CLIP_FLAG');
        if (typeof disabled === 'number' && disabled !== 0) {
          // A muted clip: the Selector selects a Filler and keeps the clip as its alternate.
          const alt = (seg.refs(PID.Selector_Alternates))[0];
          if (alt) {
            this.walk(alt, pos, st, gain, depth + 1, true, stretched, out);
            return;
          }
        }
        const sel = seg.ref(PID.Selector_Selected);
        if (sel) this.walk(sel, pos, st, gain, depth + 1, muted, stretched, out);
        return;
      }
      case 'EssenceGroup': {
        const first = (seg.refs(PID.EssenceGroup_Choices))[0];
        if (first) this.walk(first, pos, st, gain, depth + 1, muted, stretched, out);
        return;
      }
      case 'NestedScope':
        this.walkNestedScope(seg, pos, st, gain, depth, muted, stretched, out);
        return;
      case 'ScopeReference':
        this.walkScopeReference(seg, pos, st, gain, depth, muted, stretched, out);
        return;
      case 'Filler':
      case 'Timecode':
      case 'TimecodeStream':
      case 'TimecodeStream12M':
      case 'EdgeCode':
        return;
      default:
        if (!seg.isA('Event')) {
          this.diag('aaf/unhandled-segment', `${seg.className} segments are not read (their clips, if any, are missing)`, seg.entry.offset, true);
          this.clipsMissing = true;
        }
    }
  }

  /**
   * A NestedScope plays its last slot ([AAF OS] NestedScope); the slots
   * before it, which all start where the scope starts, are what
   * ScopeReferences inside it play.
   */
  private walkNestedScope(seg: AafObject, pos: number, st: WalkState, gain: GainCtx | null, depth: number, muted: boolean, stretched: boolean, out: Clip[]): void {
    const slots = seg.refs(PID.NestedScope_Slots);
    const last = slots.length - 1;
    if (last < 0) return;
    st.scopes.push({ slots, index: last, start: pos, st, played: [] });
    try {
      this.walk(slots[last], pos, st, gain, depth + 1, muted, stretched, out);
    } finally {
      st.scopes.pop();
    }
  }

  /**
   * A ScopeReference plays, over its own span, what another slot of an
   * enclosing NestedScope plays at the same time: RelativeScope counts
   * scopes outwards (0, the innermost), RelativeSlot slots back from the one
   * being walked in that scope (1, the slot before). The slot it names is
   * walked from where its scope starts, and its clips are cut to the span.
   * A reference to another slot of the composition itself (outside every
   * NestedScope), or to a slot that is not there, is not followed.
   *
   * A slot is walked once for all the references to it in one context (a
   * Sequence of references passes the same one to each), and each takes
   * copies of its clips: slots made of references to slots made of
   * references would otherwise be walked a number of times that grows as a
   * power of their depth, and its automation counted as often.
   */
  private walkScopeReference(ref: AafObject, pos: number, st: WalkState, gain: GainCtx | null, depth: number, muted: boolean, stretched: boolean, out: Clip[]): void {
    const relScope = ref.u32(PID.ScopeReference_RelativeScope) ?? 0;
    const relSlot = ref.u32(PID.ScopeReference_RelativeSlot) ?? 0;
    const k = st.scopes.length - 1 - relScope;
    const scope = k >= 0 ? st.scopes[k] : null;
    const target = scope ? scope.index - relSlot : -1;
    if (!scope || relSlot < 1 || target < 0) {
      const what = scope
        ? `the slot ${relSlot} before its own in a NestedScope that has ${scope.index} slot${scope.index === 1 ? '' : 's'} before it`
        : k === -1 ? 'another slot of the composition' : `a scope ${relScope} out, beyond the composition`;
      this.diag('aaf/scope-reference', `a ScopeReference to ${what} is not followed (its clips, if any, are missing)`, ref.entry.offset, true);
      this.clipsMissing = true;
      return;
    }
    let played = scope.played.find((p) => p.index === target && p.gain === gain && p.muted === muted && p.stretched === stretched);
    if (!played) {
      // Inside the slot referred to, references count from it, in its own scope and those around that.
      const inner: WalkState = { ...scope.st, scopes: [...st.scopes.slice(0, k), { ...scope, index: target }] };
      played = { index: target, gain, muted, stretched, clips: [] };
      this.walk(scope.slots[target], scope.start, inner, gain, depth + 1, muted, stretched, played.clips);
      scope.played.push(played);
    }
    const from = this.positionOf(pos, st);
    const to = this.positionOf(pos + (this.lengthOf(ref) ?? 0), st);
    for (const c of played.clips) {
      const cut = cutToSpan(c, from, to);
      if (cut) out[out.length] = cut; // as in walk
    }
  }

  /**
   * The components of a Sequence one after another. A Transition overlaps
   * the segments on both sides ([AAF OS] Sequence): the cursor steps back,
   * and it becomes the fade-out of the clips before it that end where it
   * ends, and the fade-in of the clips after it that start where it starts
   * (when those are clips, not gaps or transitions: a nested sequence's
   * other clips keep their own edges).
   */
  private walkSequence(seq: AafObject, start: number, st: WalkState, gain: GainCtx | null, depth: number, muted: boolean, stretched: boolean, out: Clip[]): void {
    let pos = start;
    /** What came before the current component: its kind and the clips it added (out[prevFrom..out.length)). */
    let prevKind: 'none' | 'clips' | 'gap' | 'transition' = 'none';
    let prevFrom = out.length;
    /** The fade a Transition left for the clips that follow it. */
    let fadeIn: Fade | null = null;
    // Each component is loaded as it is reached (not the whole sequence first): a long sequence's objects then die young.
    for (const e of seq.refEntries(PID.Sequence_Components)) {
      const c = this.file.loadNow(e);
      const len = this.lengthOf(c) ?? 0;
      if (c.className === 'Transition') {
        const end = this.positionOf(pos, st);
        pos -= len;
        const fade: Fade = { length: this.samples(len, st.rate), shape: this.fadeShapeOf(c) };
        if (prevKind === 'clips') for (let i = prevFrom; i < out.length; i++) if (out[i].position + out[i].length === end) out[i].fadeOut = { ...fade };
        fadeIn = fade;
        prevKind = 'transition';
        prevFrom = out.length;
        continue;
      }
      const from = out.length;
      if (c.className !== 'Filler') this.walk(c, pos, st, gain, depth + 1, muted, stretched, out);
      const kind = out.length > from ? 'clips' : 'gap';
      if (fadeIn && kind === 'clips') {
        const at = this.positionOf(pos, st);
        for (let i = from; i < out.length; i++) if (out[i].position === at) out[i].fadeIn = { ...fadeIn };
      }
      fadeIn = null;
      prevKind = kind;
      prevFrom = from;
      pos += len;
    }
  }

  /**
   * The curve of a Transition's effect. Media Composer states it in a
   * "Curve Type" constant (0 linear, 1 equal power) and always writes a
   * linear interpolation beside it; the others give the interpolation of
   * the varying parameter (linear, log, power...).
   */
  private fadeShapeOf(transition: AafObject): string | null {
    const g = transition.ref(PID.Transition_OperationGroup);
    if (!g) return null;
    let interpolated: string | null = null;
    for (const p of g.refs(PID.OperationGroup_Parameters)) {
      if (p.className === 'ConstantValue' && p.auid(PID.Parameter_Definition) === PARAM_DEF.CurveType) {
        const v = p.indirectNumber(PID.ConstantValue_Value);
        if (v === 0) return 'linear';
        if (v === 1) return 'power';
      } else if (p.className === 'VaryingValue' && interpolated === null) {
        const k = p.weakKey(PID.VaryingValue_Interpolation);
        if (k && INTERP_DEF[k]) interpolated = INTERP_DEF[k];
      }
    }
    return interpolated;
  }

  private walkOperation(g: AafObject, pos: number, st: WalkState, gain: GainCtx | null, depth: number, muted: boolean, stretched: boolean, out: Clip[]): void {
    const op = g.weakKey(PID.OperationGroup_Operation) ?? '';
    if (op === OP_DEF.AudioChannelCombiner) {
      const inputs = g.refs(PID.OperationGroup_InputSegments);
      const hidden: AafObject[] = [];
      const first = this.firstSourceClip(inputs[0] ?? null, 0, hidden);
      if (!first) {
        const unread = hidden[0];
        if (unread) {
          this.diag('aaf/unhandled-segment', `${unread.className} segments in a channel combiner are not read (their clips are missing)`, unread.entry.offset, true);
          this.clipsMissing = true;
        }
        return;
      }
      st.channelsSeen.n = Math.max(st.channelsSeen.n, inputs.length);
      const clipLen = combinerLengthFromGroup(this.lengthOf(g), this.lengthOf(first));
      const clip = this.clipOf(first, pos, clipLen, st, gain, muted, stretched);
      clip.channel = null;
      out[out.length] = clip; // as in walk
      return;
    }
    // Other operations read their first input only.
    const input = g.firstRef(PID.OperationGroup_InputSegments);
    if (op === OP_DEF.MonoAudioGain || op === OP_DEF.StereoAudioGain) {
      const g2 = this.gainOf(g, gain, pos, st);
      if (input) this.walk(input, pos, st, g2, depth + 1, muted, stretched, out);
      return;
    }
    if (op === OP_DEF.AvidAudioWarp) {
      if (!input) return;
      // Media Composer states the input's own edit rate as _MIXMATCH_RATE_NUM/DENOM (e.g. 30 fps material in a 25 fps sequence).
      const tags = this.tagsOf(input, 'component');
      const num = tags.get('_MIXMATCH_RATE_NUM');
      const den = tags.get('_MIXMATCH_RATE_DENOM');
      const inner: WalkState = typeof num === 'number' && typeof den === 'number' && num > 0 && den > 0
        ? { ...st, rate: { num, den }, base: st.base + this.samples(pos, st.rate) }
        : st;
      this.walk(input, inner === st ? pos : 0, inner, gain, depth + 1, muted, true, out);
      return;
    }
    if (op === OP_DEF.MonoAudioPan) {
      // A pan around a clip is read through; when it moves (keyframes on the clip), it is the track's pan automation.
      const lane = this.laneOf(g, false);
      if (!lane.isDefault) addLane(st.track, lane);
    } else {
      this.unknownOperation(g, op, st.track.name);
    }
    if (input) this.walk(input, pos, st, gain, depth + 1, muted, stretched, out);
  }

  /**
   * Notes an operation group the mapping does not interpret (false for the
   * ones it does, which have their own handling): it is listed, and when one
   * of its parameters changes over time, so is where it was met.
   */
  private unknownOperation(g: AafObject, op: string, trackName: string): boolean {
    if (KNOWN_OPS.has(op)) return false;
    this.unknownOps.add(op || '(none)');
    if (this.unknownAutomation.size < 20 && g.refEntries(PID.OperationGroup_Parameters).some((e) => this.file.storageClass(e) === 'VaryingValue' && changesOverTime(this.file.loadNow(e)))) {
      this.noteUnknownAutomation(op || '(none)', trackName);
    }
    return true;
  }

  /** Values that change over time where the mapping cannot say what they control (see unknownOperation): automation coverage becomes partial. */
  private noteUnknownAutomation(what: string, trackName: string): void {
    if (this.unknownAutomation.size < 20) this.unknownAutomation.add(`${what} on "${trackName}"`);
  }

  /**
   * The first SourceClip a segment plays, looking through sequences, groups,
   * selectors and nested scopes; null when there is none. Segments of
   * another class on the way (a ScopeReference, which needs the scopes of
   * a walk) go into `unread` when it is given.
   */
  private firstSourceClip(seg: AafObject | null, depth: number, unread?: AafObject[]): AafObject | null {
    if (!seg || depth > MAX_NESTING) return null;
    if (seg.className === 'SourceClip') return seg;
    if (seg.className === 'Sequence') {
      for (const c of seg.refs(PID.Sequence_Components)) {
        const s = this.firstSourceClip(c, depth + 1, unread);
        if (s) return s;
      }
      return null;
    }
    if (seg.className === 'OperationGroup') return this.firstSourceClip((seg.refs(PID.OperationGroup_InputSegments))[0] ?? null, depth + 1, unread);
    if (seg.className === 'EssenceGroup') return this.firstSourceClip((seg.refs(PID.EssenceGroup_Choices))[0] ?? null, depth + 1, unread);
    if (seg.className === 'Selector') return this.firstSourceClip(seg.ref(PID.Selector_Selected), depth + 1, unread);
    if (seg.className === 'NestedScope') return this.firstSourceClip(seg.refs(PID.NestedScope_Slots).at(-1) ?? null, depth + 1, unread);
    if (seg.className !== 'Filler' && seg.className !== 'Transition') unread?.push(seg);
    return null;
  }

  /** Clip gain from a gain group's Amplitude (constant) and envelope parameters, combined with outer groups. */
  private gainOf(g: AafObject, outer: GainCtx | null, pos: number, st: WalkState): GainCtx {
    const out: GainCtx = { db: outer?.db ?? 0, envelope: outer?.envelope ?? null, seen: true, envStart: outer?.envStart ?? 0, envLength: outer?.envLength ?? 0 };
    for (const e of g.refEntries(PID.OperationGroup_Parameters)) {
      const p = this.file.loadNow(e);
      const def = p.auid(PID.Parameter_Definition);
      if (!GAIN_PARAMS.has(def ?? '')) {
        // Another parameter that changes over time is not clip gain the model can name: it may be automation.
        if (p.className === 'VaryingValue' && changesOverTime(p)) {
          this.noteUnknownAutomation(`${g.weakKey(PID.OperationGroup_Operation) ?? '(none)'} parameter ${def ?? '(none)'}`, st.track.name);
        }
        continue;
      }
      if (p.className === 'ConstantValue') {
        const v = p.indirectNumber(PID.ConstantValue_Value);
        if (v !== null) out.db += dbOf(v);
      } else if (p.className === 'VaryingValue') {
        const pts: Array<[number, number]> = [];
        for (const cp of p.refs(PID.VaryingValue_PointList)) {
          const t = cp.rational(PID.ControlPoint_Time);
          const v = cp.indirectNumber(PID.ControlPoint_Value);
          if (t && t.den !== 0 && v !== null) pts.push([t.num / t.den, v]);
        }
        if (pts.length === 0) continue;
        const first = pts[0][1];
        if (pts.every(([, v]) => Math.abs(v - first) < 1e-9)) {
          // A flat curve is a constant gain (Pro Tools writes 1.0 curves around every clip).
          out.db += dbOf(first);
        } else {
          out.envelope = pts;
          out.envStart = this.positionOf(pos, st);
          out.envLength = this.positionOf(pos + (this.lengthOf(g) ?? 0), st) - out.envStart;
        }
      }
    }
    return out;
  }

  private clipOf(sc: AafObject, pos: number, len: number, st: WalkState, gain: GainCtx | null, muted: boolean, stretched: boolean): Clip {
    const srcId = sc.bytes(PID.SourceReference_SourceID);
    const slotId = sc.u32(PID.SourceReference_SourceMobSlotID) ?? 0;
    const r = srcId && !allZero(srcId) ? this.resolveClip(srcId, slotId) : null;
    if (r?.nested) {
      // Inside a nested sequence's own mapping, the sequences it plays are noted for it (see nestedFacts).
      if (this.collecting) this.collecting.add(r.nested);
      else this.noteNested(r.nested, st.track);
    }
    const startTime = sc.num64(PID.SourceClip_StartTime) ?? 0;
    // Edit units are carried as doubles: exact up to 2^53, which no real position comes near.
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(pos + len) || !Number.isSafeInteger(startTime)) {
      throw new FormatError({ code: 'LIMIT', format: 'aaf', offset: sc.entry.offset, path: this.path, limit: SAFE_INTEGER_LIMIT, message: `clip position ${pos}, length ${len} or start ${startTime} (edit units) is beyond 2^53` });
    }
    const position = this.positionOf(pos, st);
    const length = this.positionOf(pos + len, st) - position;
    const sourceOffset = r && r.shift ? this.shifted(startTime, st.rate, r.shift) : null;
    if (!Number.isSafeInteger(position) || !Number.isSafeInteger(length) || (sourceOffset !== null && !Number.isSafeInteger(sourceOffset))) {
      this.exact(sc, 'clip', position, length, sourceOffset ?? 0);
    }
    // The fields in newClip's order (a literal is cheaper than its spread, at 16,000 clips).
    const clip: Clip = {
      sourceOffset,
      mediaFileId: r?.mediaFileId ?? null,
      channel: 1,
      muted,
      gain: gain?.seen ? gainOfCtx(gain, position, length) : null,
      fadeIn: null,
      fadeOut: null,
      isFadeRender: this.vendor === 'protools' && isProToolsFadeRenderName(r?.masterName),
      name: r?.name ?? '',
      position,
      length,
    };
    if (stretched) clip.timeStretched = true;
    return clip;
  }

  /**
   * resolve() for a clip's SourceID bytes, cached under a hash of them:
   * thousands of clips share a few mobs, and a key string per clip costs
   * more than the lookup.
   */
  private resolveClip(id: Uint8Array, slotId: number): Resolved {
    let h = slotId | 0;
    for (let i = 0; i + 3 < id.length; i += 4) h = Math.imul(h ^ (id[i] | (id[i + 1] << 8) | (id[i + 2] << 16) | (id[i + 3] << 24)), 16777619);
    const bucket = this.resolvedByBytes.get(h);
    if (bucket) {
      for (const c of bucket) {
        if (c.slot !== slotId || c.id.length !== id.length) continue;
        let same = true;
        for (let i = 0; i < id.length; i++) if (c.id[i] !== id[i]) { same = false; break; }
        if (same) return c.r;
      }
    }
    const r = this.resolve(keyOf(id), slotId, 0);
    const entry = { id: id.slice(), slot: slotId, r };
    if (bucket) bucket.push(entry);
    else this.resolvedByBytes.set(h, [entry]);
    return r;
  }
  private readonly resolvedByBytes = new Map<number, Array<{ id: Uint8Array; slot: number; r: Resolved }>>();

  /** What a SourceClip points at: its name and media file, following MasterMob → SourceMob chains. */
  private resolve(mobId: string, slotId: number, depth: number): Resolved {
    const k = `${slotId}:${mobId}`;
    let p = this.resolved.get(k);
    if (!p) {
      p = this.resolveNow(mobId, slotId, depth);
      this.resolved.set(k, p);
    }
    return p;
  }

  private resolveNow(mobId: string, slotId: number, depth: number): Resolved {
    const mob = this.mobs.get(mobId);
    if (!mob) {
      this.diag('aaf/missing-mob', `a SourceClip refers to mob ${keyHex(mobId)}, which the file does not contain`, null, true);
      return { name: '', mediaFileId: null, shift: NO_SHIFT, masterName: null, nested: null };
    }
    const name = mob.str(PID.Mob_Name) ?? '';
    if (mob.className === 'SourceMob') {
      const m = this.mediaOfSourceMob(mob, mobId);
      if (m) return { name: name || m.name, mediaFileId: m.id, shift: NO_SHIFT, masterName: null, nested: null };
    }
    const inner = depth < 8 ? this.innerReference(mob, slotId) : null;
    const down = inner ? this.resolve(inner.mobId, inner.slotId, depth + 1) : null;
    const below = down ? down.shift : NO_SHIFT;
    let shift = below;
    // A sub-clip (a composition), or a master clip that starts part way into its file: the one
    // clip's start in the mob beneath is where the outer clip's StartTime counts from.
    if (mob.className === 'CompositionMob' || (mob.className === 'MasterMob' && inner?.alone && inner.startTime !== 0)) {
      shift = inner?.alone && below ? { eu: inner.startTime, rate: inner.rate, samples: this.samples(below.eu, below.rate) + below.samples } : null;
    }
    return {
      name,
      mediaFileId: down?.mediaFileId ?? null,
      shift,
      masterName: mob.className === 'MasterMob' ? name : down?.masterName ?? null,
      nested: mob.className === 'CompositionMob' && inner && !inner.alone ? this.nestedSlot(mobId, slotId, name, inner.slot, inner.segment) : down?.nested ?? null,
    };
  }

  /** Registers a nested sequence's slot for nestedFacts; returns its key. */
  private nestedSlot(mobId: string, slotId: number, name: string, slot: AafObject, segment: AafObject | null): string {
    const key = `${slotId}:${mobId}`;
    if (!this.nestedSlots.has(key)) this.nestedSlots.set(key, { name, slot, segment });
    return key;
  }
  private readonly nestedSlots = new Map<string, { name: string; slot: AafObject; segment: AafObject | null }>();

  /**
   * A nested sequence's facts, found once by mapping its slot as a track
   * would be mapped: its own automation that moves (a gain or pan group
   * around its whole slot, pan keyframes on its clips), and the nested
   * sequences its clips play (noted, not mapped from inside this mapping, so
   * no mapping runs inside another). A sequence whose slot cannot be read
   * (a damaged file) keeps the error, which leaves automation unverified for
   * the tracks that play it instead of failing the whole file.
   */
  private nestedFacts(key: string): NestedFacts {
    const have = this.nestedByKey.get(key);
    if (have) return have;
    const { name, slot, segment } = this.nestedSlots.get(key)!;
    const track = newTrack(`nested ${key}`, `${name} (nested sequence)`, 'audio');
    const st = walkStart(slot, track);
    const children = new Set<string>();
    const clips: Clip[] = [];
    let error: string | null = null;
    this.collecting = children;
    try {
      const content = segment ? this.slotAutomation(segment, track) : null;
      if (content && st.rate.num > 0 && st.rate.den > 0) this.walk(content, 0, st, null, 0, false, false, clips);
    } catch (e) {
      // The time limit still ends the read; other errors are this sequence's.
      if (!(e instanceof FormatError) || e.limit === 'maxMillis') throw e;
      error = e.offset === null ? e.detail : `${e.detail}, at byte ${e.offset}`;
    } finally {
      this.collecting = null;
    }
    const facts: NestedFacts = { name, clips: clips.length, lanes: track.automation.filter((a) => !a.isDefault), children: [...children], error };
    this.nestedByKey.set(key, facts);
    return facts;
  }
  private readonly nestedByKey = new Map<string, NestedFacts>();
  /** While a nested sequence is mapped: the nested sequences its clips play. */
  private collecting: Set<string> | null = null;

  /**
   * A clip of `track` plays a nested sequence: its moving automation, and
   * that of the sequences it plays in turn, is the track's (each sequence
   * once per track, whatever the nesting or its loops), and a diagnostic
   * says what the one clip stands for.
   */
  private noteNested(key: string, track: Track): void {
    const todo = [key];
    while (todo.length) {
      const k = todo.pop()!;
      const seen = `${track.id}\u0000${k}`;
      if (this.nestedSeen.has(seen)) continue;
      this.nestedSeen.add(seen);
      const n = this.nestedFacts(k);
      if (n.error !== null) {
        this.unreadNested = true;
        this.diag('aaf/nested-sequence', `"${track.name}" plays "${n.name}", a nested sequence that could not be read (${n.error}): its automation is not known`);
        continue;
      }
      for (const lane of n.lanes) addLane(track, { ...lane });
      const moving = n.lanes.length ? `; its ${n.lanes.map((a) => a.parameter).join(' and ')} automation is the track's` : '';
      this.diag('aaf/nested-sequence', `"${track.name}" plays "${n.name}", a nested sequence of ${n.clips} clip${n.clips === 1 ? '' : 's'}, as one clip (named after the sequence, with the media of its first clip)${moving}`);
      todo.push(...n.children);
    }
  }
  private readonly nestedSeen = new Set<string>();
  private unreadNested = false;

  /**
   * The SourceClip inside a mob's slot `slotId` (or its only slot): the mob
   * and slot it refers to, its StartTime at the slot's edit rate, and
   * whether it is all the slot plays from its start (see loneSourceClip).
   */
  private innerReference(mob: AafObject, slotId: number): { mobId: string; slotId: number; startTime: number; rate: Rational; alone: boolean; slot: AafObject; segment: AafObject | null } | null {
    // Slots are read up to the one asked for (a stereo master is resolved once per channel).
    const entries = mob.refEntries(PID.Mob_Slots);
    let slot: AafObject | null = null;
    for (const e of entries) {
      const s = this.file.loadNow(e);
      if (s.u32(PID.MobSlot_SlotID) === slotId || entries.length === 1) {
        slot = s;
        break;
      }
    }
    if (!slot) return null;
    const segment = slot.ref(PID.MobSlot_Segment);
    const lone = this.loneSourceClip(segment, 0);
    const sc = lone ?? this.firstSourceClip(segment, 0);
    const id = sc?.bytes(PID.SourceReference_SourceID);
    if (!sc || !id || !id.some((b) => b !== 0)) return null;
    return {
      mobId: keyOf(id),
      slotId: sc.u32(PID.SourceReference_SourceMobSlotID) ?? 0,
      startTime: sc.num64(PID.SourceClip_StartTime) ?? 0,
      rate: editRateOf(slot),
      alone: lone !== null,
      slot,
      segment,
    };
  }

  /**
   * The SourceClip a segment plays alone from its start: the segment itself,
   * the one input of an operation (a gain), or the first component of a
   * Sequence that holds nothing after it but Filler. Null for anything else
   * (several clips, a leading gap, a channel combiner).
   */
  private loneSourceClip(seg: AafObject | null, depth: number): AafObject | null {
    if (!seg || depth > MAX_NESTING) return null;
    if (seg.className === 'SourceClip') return seg;
    if (seg.className === 'OperationGroup') {
      const inputs = seg.refs(PID.OperationGroup_InputSegments);
      return inputs.length === 1 ? this.loneSourceClip(inputs[0], depth + 1) : null;
    }
    if (seg.className === 'Sequence') {
      const comps = seg.refs(PID.Sequence_Components);
      for (let i = 1; i < comps.length; i++) if (comps[i].className !== 'Filler') return null;
      return comps.length ? this.loneSourceClip(comps[0], depth + 1) : null;
    }
    return null;
  }

  /** A media file for a file SourceMob (null for tape/import/recording source mobs and non-audio essence). */
  private mediaOfSourceMob(mob: AafObject, key: string): MediaFile | null {
    const have = this.mediaBySourceMob.get(key);
    if (have) return have;
    if (this.factsBySourceMob.has(key)) return null;
    // Tape, import and picture descriptors are told by their storage's CLSID and not read; a storage of
    // any other class (or none: a damaged entry) is read, and says what it is or what is wrong with it.
    const de = mob.refEntry(PID.SourceMob_EssenceDescription);
    const c = de && this.file.storageClass(de);
    const skip = baselineIsA(c, 'EssenceDescriptor') && (!baselineIsA(c, 'FileDescriptor') || baselineIsA(c, 'DigitalImageDescriptor'));
    const desc = de && !skip ? this.file.loadNow(de) : null;
    let facts: MediaFacts | null = null;
    if (desc && desc.isA('FileDescriptor') && !desc.isA('DigitalImageDescriptor')) {
      facts = mediaFacts(desc);
      const audio = facts.sampleRate !== null && (facts.channels !== null || facts.bitDepth !== null || desc.isA('SoundDescriptor') || facts.format === 'wav' || facts.format === 'aiff');
      if (!audio) facts = null;
    }
    this.factsBySourceMob.set(key, facts);
    if (!facts) return null;
    const path = facts.url ? pathFromUrl(facts.url) : null;
    const embedded = this.essenceKeys.has(key);
    const mobName = mob.str(PID.Mob_Name);
    const m: MediaFile = {
      id: `m${this.mediaFiles.length + 1}`,
      name: path ? baseName(path) : mobName || `embedded-${this.mediaFiles.length + 1}`,
      path,
      embedded,
      online: embedded ? true : null,
      channels: facts.channels,
      sampleRate: facts.sampleRate,
      bitDepth: facts.bitDepth,
      length: facts.length,
      format: facts.format,
    };
    this.mediaFiles.push(m);
    this.mediaBySourceMob.set(key, m);
    if (!embedded) this.onlineChecks.push(m);
    return m;
  }

  /** Whether external media can be opened beside the AAF (null when the caller gave no way to look). */
  private async isOnline(path: string | null): Promise<boolean | null> {
    if (!this.opts.openRelative || !path) return null;
    const parts = path.split(/[\\/]/).filter(Boolean);
    const tries: string[] = [];
    if (!/^([a-z]:|\/)/i.test(path) && !path.startsWith('\\')) tries.push(path);
    for (let k = 1; k <= Math.min(4, parts.length); k++) tries.push(parts.slice(parts.length - k).join('/'));
    for (const t of tries) {
      const src = await this.opts.openRelative(t).catch(() => null);
      if (src) {
        await src.close?.();
        return true;
      }
    }
    return false;
  }

  /** Markers of an EventMobSlot (events carry their Position) or of a timeline slot of DescriptiveMarkers (placed by the sequence). */
  private markersOf(slot: AafObject): Marker[] {
    const timeline = slot.className === 'TimelineMobSlot';
    const rate = slot.rational(timeline ? PID.TimelineMobSlot_EditRate : PID.EventMobSlot_EditRate) ?? { num: 0, den: 1 };
    const seg = slot.ref(PID.MobSlot_Segment);
    if (!seg) return [];
    const events = seg.className === 'Sequence' ? seg.refs(PID.Sequence_Components) : [seg];
    const out: Marker[] = [];
    let cursor = 0n;
    for (const e of events) {
      const at = cursor;
      cursor += e.i64(PID.Component_Length) ?? 0n;
      if (!e.isA('Event')) continue;
      const pos = timeline ? at : e.i64(PID.Event_Position) ?? 0n;
      const comment = e.str(PID.Event_Comment) ?? '';
      const user = e.props.hasDynamic() ? e.str(this.dynamicPid('markerUser')) : null;
      const len = e.i64(PID.Component_Length) ?? 0n;
      const marker = { name: user || comment, position: this.start + this.samplesBig(pos, rate), length: len > 1n ? this.samplesBig(len, rate) : 0, comment };
      this.exact(e, 'marker', marker.position, marker.length);
      out.push(marker);
    }
    return out;
  }
}

/** A timeline slot's edit rate (0/1 when it has none: nothing is placed at it). */
function editRateOf(slot: AafObject): Rational {
  return slot.rational(PID.TimelineMobSlot_EditRate) ?? { num: 0, den: 1 };
}

/** The walk of a slot's content from its start, for `track` (a session track, or a nested sequence mapped as one). */
function walkStart(slot: AafObject, track: Track): WalkState {
  return { rate: editRateOf(slot), base: 0, track, channelsSeen: { n: 0 }, scopes: [] };
}

/**
 * A copy of `clip` cut to the samples [from, to); null when none of it is
 * there. A cut edge loses its fade, the offset into the media moves with a
 * cut start, and a gain envelope keeps its points inside, with its level at
 * each cut edge.
 */
function cutToSpan(clip: Clip, from: number, to: number): Clip | null {
  const end = clip.position + clip.length;
  if (end <= from || clip.position >= to) return null;
  const c = structuredClone(clip);
  const head = Math.max(0, from - c.position);
  const length = Math.min(end, to) - c.position - head;
  if (head === 0 && length === c.length) return c;
  if (c.gain?.envelope) c.gain = { db: c.gain.db, envelope: cutEnvelope(c.gain.envelope, head, length) };
  if (head > 0) {
    c.fadeIn = null;
    c.position += head;
    if (c.sourceOffset !== null) c.sourceOffset += head;
  }
  if (head + length < c.length) c.fadeOut = null;
  c.length = length;
  return c;
}

/** The points of an envelope ([sample offset, dB]) between `head` and `head + length`, from `head` on, with its level (interpolated) at both ends. */
function cutEnvelope(env: Array<[number, number]>, head: number, length: number): Array<[number, number]> {
  const inside = env.filter(([x]) => x > head && x < head + length).map(([x, v]): [number, number] => [x - head, v]);
  return [[0, round3(valueOn(env, head))], ...inside, [length, round3(valueOn(env, head + length))]];
}

/** Adds a lane of clip-level automation to the track: into its lane of that parameter when it has one (which is then automated if either is). */
function addLane(track: Track, lane: Automation): void {
  const same = track.automation.find((a) => a.parameter === lane.parameter);
  if (!same) {
    track.automation.push(lane);
    return;
  }
  same.points += lane.points;
  same.isDefault &&= lane.isDefault;
}

/** Whether a VaryingValue's points hold more than one value (a value that cannot be decoded counts as a change). */
function changesOverTime(vv: AafObject): boolean {
  let first: number | undefined;
  for (const cp of vv.refs(PID.VaryingValue_PointList)) {
    const v = cp.indirectNumber(PID.ControlPoint_Value);
    if (v === null) return true;
    if (first === undefined) first = v;
    else if (Math.abs(v - first) > 1e-9) return true;
  }
  return false;
}

function dbOf(v: number): number {
  if (v <= 0) return -144;
  return 20 * Math.log10(v);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function allZero(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** A clip's gain from its groups' (see GainCtx): envelope points in samples from the clip's start. */
function gainOfCtx(g: GainCtx, position: number, length: number): ClipGain {
  return { db: round3(g.db), envelope: g.envelope ? envelopeOver(g, position, length) : null };
}

/**
 * The points of the gain envelope over the clip at `position` (`length`
 * samples), in samples from its start. The usual group holds the one clip
 * and its points span it. A group around several clips (a nested sequence)
 * gives each clip the points within it, and where the curve runs on past
 * an edge, its level there.
 */
function envelopeOver(g: GainCtx, position: number, length: number): Array<[number, number]> {
  const pts = g.envelope!;
  const level = (v: number): number => round3(dbOf(v) + g.db);
  if (g.envStart === position && g.envLength === length) return pts.map(([t, v]) => [Math.round(t * length), level(v)]);
  const at = pts.map(([t, v]) => [g.envStart + t * g.envLength - position, v] as [number, number]);
  // The level at each edge, and the points between.
  const out: Array<[number, number]> = [[0, level(valueOn(at, 0))]];
  for (const [x, v] of at) if (Math.round(x) > 0 && Math.round(x) < length) out.push([Math.round(x), level(v)]);
  if (length > 0) out.push([length, level(valueOn(at, length))]);
  return out;
}

/** The value at `x` of a curve through `points` ([x, value], x ascending): linear between points, flat beyond the ends. */
function valueOn(points: ReadonlyArray<readonly [number, number]>, x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x1, v1] = points[i];
    if (x <= x1) {
      const [x0, v0] = points[i - 1];
      return x1 === x0 ? v1 : v0 + ((v1 - v0) * (x - x0)) / (x1 - x0);
    }
  }
  return points[points.length - 1][1];
}

/** The frame rate from a Timecode's FPS, drop flag and its slot's edit rate (30 at 30000/1001 is 29.97). */
export function frameRateOf(fps: number, drop: boolean, rate: Rational) {
  if (fps <= 0) return null;
  return makeFrameRate(ntscTimecode(fps, rate) ? (fps * 1000) / 1001 : fps, drop);
}

/** Whether a timecode of `fps` nominal frames runs 1000/1001 slow: a slot at an NTSC rate, or at that timecode's NTSC rate. */
function ntscTimecode(fps: number, rate: Rational): boolean {
  return rate.den === 1001 || (rate.den > 0 && Math.abs(rate.num / rate.den - (fps * 1000) / 1001) < 0.01);
}

/** The edit rate of a timecode of `fps` nominal frames in a slot of `rate` (30 fps in a 24000/1001 slot: 30000/1001). Drop frame is always NTSC. */
function timecodeRate(fps: number, drop: boolean, rate: Rational): Rational {
  return fps <= 0 ? { num: 0, den: 1 } : drop || ntscTimecode(fps, rate) ? { num: fps * 1000, den: 1001 } : { num: fps, den: 1 };
}

/** A timecode slot's segment, or the first Timecode or Pulldown of a Sequence (the segment itself when it has neither). */
function timecodeOf(seg: AafObject): AafObject {
  if (seg.className !== 'Sequence') return seg;
  return seg.refs(PID.Sequence_Components).find((c) => c.className === 'Timecode' || c.className === 'Pulldown') ?? seg;
}
