/**
 * Compare a session model with a corpus expected-model file the way
 * shared/corpus/expected-model/README.md says: sample rate exact, start
 * timecode with separators normalised, audio tracks in order (adjacent
 * same-name tracks folded), clips without rendered fades sorted by position
 * within the tolerance, markers by position with name or comment.
 */
import type { Session } from '../../src/model/session.js';

type ExpClip = { name: string; position: number | null; length: number | null; sourceOffset: number | null; isFadeRender?: boolean };
type ExpTrack = { name: string | null; clips: ExpClip[] };
export type ExpectedModel = {
  sampleRate: number | null;
  startTimecode: string | null;
  tracks: ExpTrack[];
  markers: Array<{ name: string; position: number | null; comment?: string }>;
  tolerance?: { samples?: number };
};

function fold<T extends { name: string | null }>(tracks: T[]): T[] {
  const out: T[] = [];
  for (const t of tracks) {
    const prev = out[out.length - 1];
    if (prev && t.name !== null && prev.name !== null && prev.name.trim() === t.name.trim()) continue;
    out.push(t);
  }
  return out;
}

const norm = (tc: string): string => tc.replace(/[;.]/g, ':');

/** Differences between a model and its expected facts (empty when they agree). */
export function compareWithExpected(s: Session, exp: ExpectedModel): string[] {
  const tol = exp.tolerance?.samples ?? 1;
  const diffs: string[] = [];
  if (exp.sampleRate !== null && s.sampleRate !== exp.sampleRate) diffs.push(`sampleRate ${s.sampleRate} ≠ ${exp.sampleRate}`);
  if (exp.startTimecode !== null && (s.startTimecode === null || norm(s.startTimecode) !== norm(exp.startTimecode))) {
    diffs.push(`startTimecode ${s.startTimecode} ≠ ${exp.startTimecode}`);
  }
  const mine = fold(s.tracks.filter((t) => t.kind === 'audio' || !t.kind).map((t) => ({ name: t.name as string | null, clips: t.playlists[0]?.clips ?? [] })));
  const theirs = fold(exp.tracks);
  if (mine.length !== theirs.length) diffs.push(`track count ${mine.length} ≠ ${theirs.length} (${mine.map((t) => t.name).join('|')} vs ${theirs.map((t) => t.name).join('|')})`);
  for (let i = 0; i < Math.min(mine.length, theirs.length); i++) {
    const a = mine[i];
    const b = theirs[i];
    if (b.name !== null && a.name?.trim() !== b.name.trim()) diffs.push(`track ${i + 1} name "${a.name}" ≠ "${b.name}"`);
    const ac = a.clips.filter((c) => !c.isFadeRender).slice().sort((x, y) => x.position - y.position);
    const bc = b.clips.filter((c) => !c.isFadeRender).slice().sort((x, y) => (x.position ?? 0) - (y.position ?? 0));
    if (ac.length !== bc.length) {
      diffs.push(`track ${i + 1} "${b.name ?? a.name}": ${ac.length} clips ≠ ${bc.length}`);
      continue;
    }
    for (let k = 0; k < ac.length; k++) {
      for (const f of ['position', 'length', 'sourceOffset'] as const) {
        const want = bc[k][f];
        const got = ac[k][f];
        if (want === null || want === undefined) continue;
        if (got === null || Math.abs(got - want) > tol) diffs.push(`track ${i + 1} clip ${k + 1} "${bc[k].name}" ${f} ${got} ≠ ${want}`);
      }
    }
  }
  const ms = s.markers.slice().sort((x, y) => x.position - y.position);
  const em = exp.markers.slice().sort((x, y) => (x.position ?? 0) - (y.position ?? 0));
  if (ms.length !== em.length) diffs.push(`marker count ${ms.length} ≠ ${em.length}`);
  else {
    for (let k = 0; k < em.length; k++) {
      if (em[k].name !== ms[k].name && em[k].name !== ms[k].comment) diffs.push(`marker ${k + 1} name "${ms[k].name}" ≠ "${em[k].name}"`);
      const p = em[k].position;
      if (p !== null && Math.abs(ms[k].position - p) > tol) diffs.push(`marker ${k + 1} position ${ms[k].position} ≠ ${p}`);
    }
  }
  return diffs;
}
