#!/usr/bin/env node
// Writes the model samples in samples/localized-edit/: a clean Localized Edit
// Project and one with typical mistakes (an EQ on a track, an alternate
// playlist, a mis-cased track name, tracks out of script order).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples', 'localized-edit');
mkdirSync(root, { recursive: true });

const RATE = 48000;
const START = 172_320_000; // 00:59:50:00 at 24 fps, 48 kHz
const HOUR = 172_800_000; // 01:00:00:00
const PKG = 'Show_PKG123_ep101_es-ES_LocalizedEditProject_24_v1.zip';

function build({ faulty }) {
  const mediaFiles = [];
  const tracks = [];
  const cast = faulty
    ? [['es-ES_MARIA', 6], ['es-ES_ANA', 3], ['es-ES_Juan', 4], ['es-ES_WALLA_1', 2]]
    : [['es-ES_MARIA', 6], ['es-ES_JUAN', 4], ['es-ES_ANA', 3], ['es-ES_WALLA_1', 2]];
  cast.forEach(([name, n], ti) => {
    const clips = [];
    for (let i = 0; i < n; i++) {
      const id = `m${mediaFiles.length + 1}`;
      const clipName = `${name.toUpperCase().replace('ES-ES', 'es-ES')}_${String(i + 1).padStart(2, '0')}`;
      const length = 96_000 + 24_000 * ((i + ti) % 3);
      mediaFiles.push({
        id, name: `${clipName}.wav`, path: `Audio Files/${clipName}.wav`, embedded: false, online: true,
        channels: 1, sampleRate: RATE, bitDepth: 24, length, format: 'wav',
      });
      clips.push({
        name: clipName, position: HOUR + ti * 1_000_000 + i * 480_000, length, sourceOffset: 0, mediaFileId: id, channel: 1,
        muted: false, gain: { db: i % 2 ? -2.5 : 0, envelope: null },
        fadeIn: { length: 480, shape: 'linear' }, fadeOut: { length: 960, shape: 'linear' }, isFadeRender: false,
      });
    }
    const playlists = [{ name: `${name}.01`, active: true, clips }];
    if (faulty && ti === 0) playlists.push({ name: `${name}.02`, active: false, clips: clips.slice(0, 2) });
    tracks.push({
      id: `t${ti + 1}`, name, kind: 'audio', channels: 1, channelFormat: 'mono',
      active: true, hidden: false, muted: false, solo: false, playlists,
      inserts: faulty && ti === 1 ? [{ slot: 1, name: 'EQ3 7-Band', manufacturer: 'Avid', active: true }] : [],
      sends: [], automation: [{ parameter: 'volume', points: 1, isDefault: true }], vca: null, output: 'Main 1-2',
    });
  });
  return {
    schemaVersion: 1,
    source: {
      path: `${PKG}!Show.ptx`, format: 'ptx', formatVersion: '12',
      application: { name: 'Pro Tools Ultimate', version: '2023.12.0' },
    },
    name: 'Show',
    sampleRate: RATE,
    bitDepth: 24,
    frameRate: { fps: 24, label: '24', dropFrame: false },
    start: START,
    startTimecode: '00:59:50:00',
    tracks,
    groups: [],
    mediaFiles,
    markers: [{ name: 'Reel 1', position: HOUR, length: 0, comment: '' }],
    // What the delivery zip holds: the session and its audio files.
    package: {
      kind: 'zip', name: PKG,
      entries: [
        { path: 'Show.ptx', size: 180_000, isDirectory: false, role: 'session' },
        ...mediaFiles.map((m) => ({ path: m.path, size: 44 + m.length * 3, isDirectory: false, role: 'audio', referenced: true })),
      ],
    },
    audio: null,
    coverage: {
      tracks: 'decoded', trackKinds: 'decoded', playlists: 'decoded', inserts: 'decoded', sends: 'decoded',
      automation: 'decoded', groups: 'decoded', vcas: 'decoded', clipGain: 'decoded', fades: 'decoded',
      markers: 'decoded', mediaFiles: 'decoded', timecode: 'decoded',
    },
    diagnostics: [],
  };
}

const write = (name, value) => writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n');
write('clean.session.json', build({ faulty: false }));
write('faulty.session.json', build({ faulty: true }));
write('knp.csv', 'character\nMaria\nJuan\nAna\n');
write('lines.csv', 'character,lines\nMaria,120\nJuan,80\nAna,30\n');
write('policy.json', { extends: 'netflix-localized-edit', rules: { 'session/start': ['error', { start: '00:59:50:00' }] } });
console.log(`wrote samples to ${root}`);
