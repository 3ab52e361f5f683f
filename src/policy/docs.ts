/** Rule documentation generated from rule metadata (docs/rules/<id>.md, `inspect-session rules`). */
import type { Rule } from './rule.js';
import { PROFILES } from './profiles.js';

function profilesUsing(id: string): Array<{ id: string; severity: string }> {
  const out: Array<{ id: string; severity: string }> = [];
  for (const p of Object.values(PROFILES)) {
    const s = p.rules[id];
    if (s === undefined) continue;
    out.push({ id: p.id, severity: typeof s === 'string' ? s : s[0] });
  }
  return out;
}

function profileOptions(id: string): Array<{ profile: string; options: Record<string, unknown> }> {
  const out: Array<{ profile: string; options: Record<string, unknown> }> = [];
  for (const p of Object.values(PROFILES)) {
    const s = p.rules[id];
    if (Array.isArray(s) && s[1]) out.push({ profile: p.id, options: s[1] });
  }
  return out;
}

/** Markdown page of one rule. */
export function renderRuleDoc(rule: Rule): string {
  const lines: string[] = [];
  lines.push(`# ${rule.id}`, '', rule.description, '');
  lines.push(`- Default severity: **${rule.severity}**`);
  const used = profilesUsing(rule.id);
  lines.push(`- Profiles: ${used.length ? used.map((u) => `\`${u.id}\` (${u.severity})`).join(', ') : 'none (enable it in a policy)'}`);
  lines.push(`- Looks at: ${rule.scope === 'wav' ? 'WAV inputs' : rule.scope === 'session' ? 'sessions' : 'every input'}`);
  lines.push(`- Needs coverage: ${rule.requires.length ? rule.requires.map((r) => `\`${r}\``).join(', ') : 'nothing beyond the model'}`, '');
  lines.push('## Specification', '');
  for (const c of rule.spec) lines.push(`> ${c.quote}`, '>', `> — \`${c.source}\` (profile \`${c.profile}\`)`, '');
  lines.push('## Passes', '', ...rule.docs.passes.map((x) => `- ${x}`), '');
  lines.push('## Fails', '', ...rule.docs.fails.map((x) => `- ${x}`), '');
  lines.push('## Unverified', '', ...rule.docs.unverified.map((x) => `- ${x}`), '');
  if (rule.docs.notes?.length) lines.push('## Notes', '', ...rule.docs.notes.map((x) => `- ${x}`), '');
  lines.push('## Options', '');
  const opts = Object.entries(rule.options);
  if (!opts.length) lines.push('None.', '');
  else {
    lines.push('| option | type | default | meaning |', '|---|---|---|---|');
    for (const [k, o] of opts) lines.push(`| \`${k}\` | \`${o.type}\` | \`${JSON.stringify(o.default)}\` | ${o.description} |`);
    lines.push('');
    for (const po of profileOptions(rule.id)) lines.push(`Profile \`${po.profile}\` sets: \`${JSON.stringify(po.options)}\``, '');
  }
  lines.push('Override in a policy file:', '', '```json', JSON.stringify({ extends: used[0]?.id ?? 'netflix-localized-edit', rules: { [rule.id]: [rule.severity, Object.fromEntries(opts.map(([k, o]) => [k, o.default]))] } }), '```', '');
  return lines.join('\n');
}

/** Index page of all rules. */
export function renderRulesIndex(rules: readonly Rule[]): string {
  const lines = ['# Rules', '', 'Generated from the rule metadata by `npm run docs`; do not edit by hand.', '', '| rule | severity | profiles | checks |', '|---|---|---|---|'];
  for (const r of rules) {
    lines.push(`| [${r.id}](${r.id}.md) | ${r.severity} | ${profilesUsing(r.id).map((p) => p.id).join(', ')} | ${r.description} |`);
  }
  return lines.join('\n') + '\n';
}

export function renderRulesList(rules: readonly Rule[], format: 'text' | 'md' | 'json', profile: string | null): string {
  if (format === 'json') {
    return JSON.stringify(rules.map((r) => ({
      id: r.id, description: r.description, severity: r.severity, requires: r.requires, scope: r.scope,
      spec: profile ? r.spec.filter((c) => c.profile === profile) : r.spec, options: r.options, profiles: profilesUsing(r.id).map((p) => p.id),
    })), null, 2) + '\n';
  }
  if (format === 'md') return renderRulesIndex(rules);
  const width = Math.max(...rules.map((r) => r.id.length));
  const lines: string[] = [];
  for (const r of rules) {
    const cite = (profile ? r.spec.find((c) => c.profile === profile) : null) ?? r.spec[0];
    lines.push(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`);
    if (cite) lines.push(`${' '.repeat(width)}  ${' '.repeat(7)}  “${cite.quote}” (${cite.source})`);
  }
  return lines.join('\n') + '\n';
}
