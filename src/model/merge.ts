/**
 * One model from several views of one session (the .ptx, its Session Info as
 * Text export, an AAF export). Minimal version: the first session wins and
 * every source is listed. Feature-by-feature merging lands with the session
 * text reader.
 */
import type { Session } from './session.js';

export function mergeSessions(sessions: Session[]): Session {
  if (sessions.length === 0) throw new Error('mergeSessions needs at least one session');
  if (sessions.length === 1) return sessions[0];
  const [first, ...rest] = sessions;
  return {
    ...first,
    sources: sessions.flatMap((s) => s.sources ?? [s.source]),
    diagnostics: [
      ...first.diagnostics,
      ...rest.map((s) => ({ code: 'merge/not-merged', message: `${s.source.path}: not merged (merging is not implemented yet)`, source: s.source.path })),
    ],
  };
}
