import { defineRule } from '../../rule.js';
import { edit } from '../spec.js';

export default defineRule({
  id: 'track/no-groups',
  description: 'No track or clip groups.',
  spec: [edit('Groups - clips or tracks should remain independent and not grouped to each other.')],
  severity: 'error',
  requires: ['groups'],
  scope: 'session',
  options: {},
  docs: { passes: ['The session has no groups.'], fails: ['Any group (mix/edit group, clip group).'], unverified: ['Groups are not decoded (AAF, Session Info as Text).'] },
  check(ctx) {
    const s = ctx.session;
    const names = new Map(s.tracks.map((t) => [t.id, t.name]));
    for (const g of s.groups) {
      const members = g.trackIds.map((id) => names.get(id) ?? id);
      ctx.fail({
        subject: { track: members[0] ?? null, chunk: g.name },
        message: `Group '${g.name}' groups ${members.length} tracks${members.length ? `: ${members.join(', ')}` : ''}`,
        measured: g.name, expected: 'no groups', fix: `Delete group '${g.name}'.`,
      });
    }
    if (!s.groups.length) ctx.pass({ message: 'No groups' });
  },
});
