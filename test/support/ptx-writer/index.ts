/**
 * A Pro Tools session writer for tests, samples and benchmarks. It writes what
 * the reader and other readers of the format (ptformat) expect: the plain
 * 20-byte header, the XOR scheme of the version (0x01 up to PT9, 0x05 from PT10),
 * the index pointer at 0x14, top-level blocks with declared sizes, the content
 * types Pro Tools uses for each fact, and the trailing 0x0002 index.
 *
 * Layouts follow docs/formats/ptx.md (and the sessions in the corpus):
 * - PT10+ (`version: 12`): 0x2067 at 0x1F, 0x1028, 0x1004 (0x103a, 0x1003 → 0x1001),
 *   0x204d, 0x262a (0x2629 → 0x2628), 0x1054 (0x1052 → 0x1050 → 0x104f), 0x1015
 *   (0x1014), 0x2624 (0x261c → 0x261b → 0x102d → 0x2619), 0x202b, 0x2030, 0x0003, 0x0002.
 * - PT5–8 (`version: 5 | 6 | 8`): 0x0003 at 0x1F, regions in 0x100b (0x1008 → 0x1007);
 *   PT5/6 playlists in 0x1012 (0x1011 → 0x100f → 0x100e), PT8 in 0x1054.
 */
import { applyXorInPlace, PTX_MAGIC, XOR_TYPE_PT10, XOR_TYPE_PT5 } from '../../../src/formats/ptx/unxor.js';

export type WriterClip = {
  /** Region name (one region per distinct name/file/offset/length). */
  name: string;
  /** Index into `files`. */
  file: number;
  /** Samples relative to the session start. */
  position: number;
  length: number;
  sourceOffset?: number;
  /** PT10+ only: a fade-in / fade-out of this length, written as a fade-list entry (0x2630) and a fade placement. */
  fadeIn?: number;
  fadeOut?: number;
};

export type WriterTrack = {
  name: string;
  /** One playlist per channel (1 mono, 2 stereo …). */
  channels: Array<{ playlistName?: string; clips: WriterClip[] }>;
};

export type WriterSession = {
  /** 5, 6 (PT5–6 layout), 8 (PT7–9 layout) or 12 (PT10+ layout). */
  version: 5 | 6 | 8 | 12;
  /** Big-endian (PT5 Mac) byte order; only for version 5/6. */
  bigEndian?: boolean;
  /** XOR value byte (0x13); the scheme follows the version. */
  xorValue?: number;
  application?: string;
  versionString?: string;
  sampleRate: number;
  bitDepth?: number;
  /** 0x204d: rate code and start in frames. */
  timecode?: { code: number; startFrames: number };
  files: Array<{ name: string; length: number; type?: 'WAVE' | 'AIFF' }>;
  tracks: WriterTrack[];
  markers?: Array<{ name: string; position: number; end?: number }>;
  /** Track groups: member ordinals in mixer order (see `mixerOrder`), as Pro Tools stores them. */
  groups?: Array<{ name: string; members: number[] }>;
  /** Order of the mixer records (indexes into `tracks`); default: track order. */
  mixerOrder?: number[];
  /** Extra mixer records of other content types (e.g. an aux track whose id is not known), appended. */
  otherRecords?: Array<{ contentType: number; name: string }>;
};

/** Growable byte buffer with the file's byte order. */
class Out {
  buf = new Uint8Array(1 << 16);
  n = 0;
  constructor(readonly le: boolean) {}
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.n++] = v & 0xff;
    return this;
  }
  bytes(b: ArrayLike<number>): this {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >> 8) : this.u8(v >> 8).u8(v);
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    return this.bytes(this.le ? b : b.reverse());
  }
  u64(v: number): this {
    const lo = v % 0x1_0000_0000;
    const hi = Math.floor(v / 0x1_0000_0000);
    return this.le ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }
  patch32(at: number, v: number): void {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.buf.set(this.le ? b : b.reverse(), at);
  }
  /** 'Z', block type, size (patched), content type, body. Returns the block's offset. */
  block(bt: number, ct: number, body: () => void): number {
    const at = this.n;
    this.u8(0x5a).u16(bt).u32(0).u16(ct);
    body();
    this.patch32(at + 3, this.n - at - 7);
    return at;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Byte width of a packed region value. */
function width(v: number): number {
  let w = 0;
  while (v > 0) {
    w++;
    v = Math.floor(v / 256);
  }
  return w;
}

function packedLE(o: Out, v: number, w: number): void {
  for (let i = 0; i < w; i++) {
    o.u8(v % 256);
    v = Math.floor(v / 256);
  }
}

/** The packed source offset / length / start field after a region name. */
function threePoint(o: Out, off: number, len: number, start: number): void {
  const wo = width(off);
  const wl = width(len);
  const ws = width(start);
  // Big-endian files store the 5 header bytes reversed: widths at bytes 4, 3, 2.
  o.bytes(o.le ? [0, wo << 4, wl << 4, ws << 4, 0] : [0, 0, ws << 4, wl << 4, wo << 4]);
  packedLE(o, off, wo);
  packedLE(o, len, wl);
  packedLE(o, start, ws);
}

type RegionRec = { name: string; file: number; offset: number; length: number; start: number };

/** Writes an obfuscated session file. */
export function writePtx(s: WriterSession): Uint8Array {
  const pt10 = s.version >= 10;
  const v5 = s.version <= 6;
  const le = !(s.bigEndian && v5);
  const o = new Out(le);
  const refs = new Map<number, number[]>();
  const ref = (ct: number, at: number) => {
    let l = refs.get(ct);
    if (!l) refs.set(ct, (l = []));
    l.push(at);
  };

  // Plain header; byte 0x11 = byte order, 0x12 = scheme, 0x13 = value.
  o.u8(3);
  for (const c of PTX_MAGIC) o.u8(c.charCodeAt(0));
  const xorType = pt10 ? XOR_TYPE_PT10 : XOR_TYPE_PT5;
  const xorValue = s.xorValue ?? (pt10 ? 0x4f : 0x89);
  o.u8(le ? 0 : 1).u8(xorType).u8(xorValue);
  // 0x14: index pointer block (type 1, size 4, no content type).
  o.u8(0x5a).u16(1).u32(4).u32(0);

  const app = s.application ?? (pt10 ? 'Pro Tools Ultimate' : 'Pro Tools LE');
  const verStr = s.versionString ?? (pt10 ? '2021.10.0' : s.version === 8 ? '8.0.0' : `v${s.version}.0`);
  const docInfo = () => ref(0x0003, o.block(4, 0x0003, () => {
    const nums = pt10 ? [Number(verStr.split('.')[0]) || 12, Number(verStr.split('.')[1]) || 0, Number(verStr.split('.')[2]) || 0] : [s.version, 0, 0];
    o.u8(0).str(app).u32(3);
    for (const n of nums) o.u32(n);
    o.str(verStr).u8(1).str('Release').str('Pro Tools Session File').u16(6).str('MacOS');
  }));

  if (pt10) {
    ref(0x2067, o.block(9, 0x2067, () => {
      o.u32(0).u32(0x2a).bytes([0x7a, 0x6a, 0xd5, 0xd6, 0x1c, 0xc3, 0x0c, 0x36]).u16(0).u32(10);
      for (let i = 1; i <= 5; i++) o.str(`Info #${i}`);
      o.bytes(new Array(16).fill(0));
    }));
  } else docInfo();

  ref(0x1028, o.block(9, 0x1028, () => {
    o.u8(4).u8(s.bitDepth ?? 24).u32(s.sampleRate).bytes(new Array(6).fill(0));
  }));

  // Audio files: path entries (volume, folder "Audio Files", files), then per file its entry and rate/length.
  ref(0x1004, o.block(2, 0x1004, () => {
    o.u32(s.files.length);
    o.block(1, 0x103a, () => {
      o.u32(s.files.length + 2);
      o.u8(0).u32(0xffffffff).str('Macintosh HD').bytes([0x88, 0x74, 0x8f, 0xd5]);
      o.u8(1).u32(0).str('Audio Files').u32(0);
      for (const f of s.files) {
        const t = f.type ?? (/\.aif+$/i.test(f.name) ? 'AIFF' : 'WAVE');
        o.u8(2).u32(1).str(f.name).bytes([...t].reverse().map((c) => c.charCodeAt(0)));
      }
    });
    s.files.forEach((f, i) => {
      o.block(7, 0x1003, () => {
        o.u32(i + 2);
        o.block(2, 0x1001, () => {
          o.u32(s.sampleRate).u8(1).u8(s.bitDepth ?? 24).u64(f.length).bytes([0, 3, 0, 0, 0, 0]).u32(0x2a).bytes(new Array(8).fill(1));
        });
      });
    });
  }));

  if (s.timecode) {
    const tc = s.timecode;
    ref(0x204d, o.block(4, 0x204d, () => {
      o.u32(tc.code).bytes([0, 0, 0, 0, 0]).u32(tc.startFrames).u32(0).u32(1).u32(tc.code).str('24:00:00:00');
    }));
  }

  // Regions: v8+ share a region among placements; PT5–6 keep one region per placement (its start is the position).
  const regions: RegionRec[] = [];
  const regionKey = new Map<string, number>();
  const placementsOf = s.tracks.map((t) => t.channels.map((ch) => ch.clips.map((c) => {
    const off = c.sourceOffset ?? 0;
    const key = v5 ? `${regions.length}` : `${c.name}\u0000${c.file}\u0000${off}\u0000${c.length}`;
    let idx = regionKey.get(key);
    if (idx === undefined) {
      idx = regions.length;
      regions.push({ name: c.name, file: c.file, offset: off, length: c.length, start: v5 ? c.position : 0 });
      regionKey.set(key, idx);
    }
    return { region: idx, clip: c };
  })));

  if (pt10) {
    ref(0x262a, o.block(1, 0x262a, () => {
      o.u32(regions.length);
      for (const r of regions) {
        o.block(5, 0x2629, () => {
          o.block(2, 0x2628, () => {
            o.str(r.name);
            threePoint(o, r.offset, r.length, r.start);
            o.u16(0xfffe).u32(0).u16(0xffff).u16(4).u16(4).bytes(new Array(20).fill(0)).u32(0xffffffff);
          });
          o.u32(r.file).u32(0).u32(0x3f800000).u32(0x3f800000);
        });
      }
    }));
    // Fades: one 0x262f per fade (name, 4-byte header with the value width in byte 1, length, shape bytes).
    const fadeLens = s.tracks.flatMap((t) => t.channels.flatMap((ch) => ch.clips.flatMap((c) => [c.fadeIn, c.fadeOut].filter((x): x is number => x != null))));
    ref(0x2630, o.block(1, 0x2630, () => {
      o.u32(fadeLens.length);
      for (const len of fadeLens) {
        o.block(2, 0x262f, () => {
          const w = Math.max(1, width(len));
          o.u32(0).bytes([0, w << 4, 0, 0]);
          packedLE(o, len, w);
          o.bytes([3, 2]).bytes(new Array(10).fill(0));
        });
      }
    }));
  } else {
    ref(0x100b, o.block(1, 0x100b, () => {
      o.u32(regions.length);
      for (const r of regions) {
        o.block(1, 0x1008, () => {
          o.block(2, 0x1007, () => {
            o.str(r.name);
            threePoint(o, r.offset, r.length, r.start);
          });
          o.u32(r.file);
        });
      }
    }));
  }

  // Playlists: one per track channel, in track order.
  const playlistNames: string[] = [];
  const playlistBodies: Array<Array<{ region: number; clip: WriterClip; fadeAt?: number }>> = [];
  const setIndexes: number[][] = [];
  let fadeIndex = 0;
  s.tracks.forEach((t, ti) => {
    setIndexes.push(t.channels.map((ch, ci) => {
      playlistNames.push(ch.playlistName ?? t.name);
      // Fade placements sit at the clip boundary and index the fade list, in the order it was written.
      const body: Array<{ region: number; clip: WriterClip; fadeAt?: number }> = [];
      for (const pm of placementsOf[ti][ci]) {
        if (pt10 && pm.clip.fadeIn != null) body.push({ region: fadeIndex++, clip: pm.clip, fadeAt: pm.clip.position });
        body.push(pm);
        if (pt10 && pm.clip.fadeOut != null) body.push({ region: fadeIndex++, clip: pm.clip, fadeAt: pm.clip.position + pm.clip.length });
      }
      playlistBodies.push(body);
      return playlistNames.length - 1;
    }));
  });
  if (v5) {
    ref(0x1012, o.block(1, 0x1012, () => {
      o.u32(playlistNames.length);
      playlistNames.forEach((name, pi) => {
        o.block(1, 0x1011, () => {
          o.str(name).u32(playlistBodies[pi].length);
          for (const pm of playlistBodies[pi]) {
            o.block(1, 0x100f, () => {
              o.block(3, 0x100e, () => {
                o.u16(0).u32(pm.region);
                threePoint(o, pm.clip.position, 0, 0);
              });
              // Real 0x100f blocks end with one byte after 0x100e (ptformat's child scan relies on it).
              o.u8(0);
            });
          }
        });
      });
    }));
  } else {
    ref(0x1054, o.block(1, 0x1054, () => {
      o.u32(playlistNames.length);
      playlistNames.forEach((name, pi) => {
        o.block(3, 0x1052, () => {
          o.str(name).u32(playlistBodies[pi].length);
          for (const pm of playlistBodies[pi]) {
            o.block(2, 0x1050, () => {
              o.block(10, 0x104f, () => {
                o.u16(0).u32(pm.region).u8(0).u64(pm.fadeAt ?? pm.clip.position)
                  .bytes([0x03, 0xfe, 0xff, 0, 0, 0, 0]).bytes(new Array(8).fill(0xff)).bytes([0, 0, 0, 0, 0]);
              });
              o.u8(pm.fadeAt != null ? 1 : 0).u8(1);
            });
          }
          o.u8(1).u8(0);
        });
      });
    }));
  }

  // Playlist sets (tracks): name, u8 stereo flag, channel count, playlist indexes, 2a000000 + id.
  const ids = s.tracks.map((_, i) => [0x16 + i, 0x6b, 0xd5, 0xd6, 0x65, 0xc4, 0x29, 0x93]);
  ref(0x1015, o.block(1, 0x1015, () => {
    o.u32(s.tracks.length);
    s.tracks.forEach((t, i) => {
      ref(0x1015, o.block(6, 0x1014, () => {
        o.str(t.name).u8(t.channels.length > 1 ? 1 : 0).u32(t.channels.length);
        for (const pi of setIndexes[i]) o.u16(pi);
        o.u32(0).u32(0x2a).bytes(ids[i]).bytes([0, 0, 0, 0, 0, 0, 0]);
      }));
    });
  }));

  // Mixer records, so that track kinds, ids and group ordinals resolve.
  const order = s.mixerOrder ?? s.tracks.map((_, i) => i);
  const others = s.otherRecords ?? [];
  // Real files give the mixer record an id whose first 4 bytes are the playlist set's (the last 4
  // differ); the writer repeats the set's id, which readers pair the same way and which keeps the
  // committed samples (samples/packages, samples/session-text) byte-identical.
  const mixerId = (i: number) => ids[i];
  if (pt10) {
    const nameBlock = (name: string, id: number[]) => o.block(7, 0x2619, () => {
      o.str(name).u8(1).u16(1).u32(0).u32(0x2a).bytes(id).u32(0).u32(0x2a).bytes(id).bytes(new Array(8).fill(0));
    });
    ref(0x2624, o.block(1, 0x2624, () => {
      o.u32(order.length + others.length);
      for (const i of order) {
        const t = s.tracks[i];
        ref(0x2624, o.block(2, 0x261c, () => {
          o.block(7, 0x261b, () => {
            o.block(2, 0x102d, () => nameBlock(t.name, mixerId(i)));
          });
        }));
      }
      for (const r of others) ref(0x2624, o.block(2, r.contentType, () => { o.block(2, 0x102d, () => nameBlock(r.name, [9, 9, 9, 9, 9, 9, 9, 9])); }));
    }));
  } else {
    ref(0x2009, o.block(1, 0x2009, () => {
      o.u32(order.length + others.length);
      order.forEach((i) => {
        const t = s.tracks[i];
        ref(0x2009, o.block(3, 0x101d, () => {
          o.block(3, 0x101c, () => {
            o.block(2, 0x102d, () => {
              o.block(3, 0x101b, () => {
                o.str(t.name).u8(1).u8(1);
                if (!v5) o.block(1, 0x2102, () => { o.u32(0).u32(0x2a).bytes(mixerId(i)).bytes(new Array(8).fill(0)); });
              });
            });
            o.block(3, 0x101a, () => {
              o.u32(5);
              for (let k = 0; k < 5; k++) o.block(1, 0x1036, () => { o.block(1, 0x1019, () => {}); });
            });
          });
        }));
      });
      for (const r of others) {
        ref(0x2009, o.block(3, r.contentType, () => {
          o.block(3, 0x101c, () => { o.block(2, 0x102d, () => { o.block(3, 0x101b, () => { o.str(r.name).u8(1).u8(1); }); }); });
        }));
      }
    }));
  }

  if (s.groups?.length) {
    const groups = s.groups;
    ref(0x202b, o.block(2, 0x202b, () => {
      o.u32(groups.length);
      groups.forEach((g, gi) => {
        o.block(1, 0x202a, () => {
          o.str(g.name).u8(2).u32(gi + 1).u8(0).u8(0).u16(g.members.length).u16(0);
          for (const m of g.members) o.u16(m);
        });
      });
    }));
  }

  const markers = s.markers ?? [];
  const markerList = () => o.block(4, 0x2030, () => {
    o.u32(markers.length);
    markers.forEach((m, i) => {
      o.block(14, 0x2077, () => {
        o.u16(i + 1).bytes([1, 9, 0, 0]).str(m.name).u64(m.position).u64(m.end ?? m.position).bytes(new Array(16).fill(0));
      });
    });
  });
  // PT10+ keep the list in the marker lane (0x271a) and again at the top level: readers de-duplicate.
  if (pt10) {
    ref(0x271a, o.block(1, 0x271a, () => {
      o.block(7, 0x2619, () => { o.str('Markers').u8(0).u16(1).u32(0).u32(0x2a).bytes(new Array(8).fill(7)).bytes(new Array(12).fill(0)); });
      markerList();
    }));
  }
  ref(0x2030, markerList());

  if (pt10) docInfo();

  // Trailing index: per content type, the offsets of its blocks (01 | u16 4 | u16 1 | u32 offset).
  const indexAt = o.block(2, 0x0002, () => {
    o.u32(refs.size);
    for (const [ct, offs] of refs) {
      o.u32(1).u16(ct).u32(0xffffffff).u32(offs.length > 1 ? 1 : 0).u8(0).u32(offs.length);
      for (const at of offs) o.u8(1).u16(4).u16(1).u32(at).u8(0).u16(0).u32(0);
    }
  });
  o.patch32(0x14 + 7, indexAt);
  const bytes = o.result();
  return applyXorInPlace(bytes, xorType, xorValue);
}
