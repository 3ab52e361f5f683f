/** Shared by the track-kind rules: one result per track of a forbidden kind. */
import type { TrackKind } from '../../../model/session.js';
import type { RuleContext } from '../../rule.js';

export function checkNoKind(ctx: RuleContext, kind: TrackKind, label: string, fix: string): void {
  const found = ctx.session.tracks.filter((t) => t.kind === kind);
  for (const t of found) {
    ctx.fail({ subject: { track: t.name }, message: `Track ${t.name} is ${label}`, measured: t.kind, expected: 'audio tracks only', fix });
  }
  if (!found.length) ctx.pass({ message: `No ${label.replace(/^an? /, '')} in ${ctx.session.tracks.length} tracks` });
}
