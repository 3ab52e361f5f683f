/** The built-in profiles (specs/*.json) and policy resolution. */
import localizedEdit from '../../specs/netflix-localized-edit.json';
import premixWav from '../../specs/netflix-premix-wav.json';
import animationDialogue from '../../specs/netflix-animation-dialogue.json';
import { RULES_BY_ID } from './rules/index.js';
import { normalizeSetting, PolicyError, type PolicyFile, type ProfileDef, type ResolvedPolicy, type RuleSetting } from './config.js';

export const PROFILES: Readonly<Record<string, ProfileDef>> = {
  'netflix-localized-edit': localizedEdit as unknown as ProfileDef,
  'netflix-premix-wav': premixWav as unknown as ProfileDef,
  'netflix-animation-dialogue': animationDialogue as unknown as ProfileDef,
};

export const PROFILE_IDS = Object.keys(PROFILES);

/** Loads a policy referenced by `extends` that is not a profile id (a file path); Node callers pass one. */
export type PolicyLoader = (ref: string, from: string | null) => { policy: PolicyFile; where: string };

function applySettings(target: Record<string, RuleSetting>, rules: Record<string, unknown>, where: string): void {
  for (const [id, input] of Object.entries(rules)) {
    const rule = RULES_BY_ID.get(id);
    if (!rule) throw new PolicyError(`${where}: unknown rule "${id}" (see \`inspect-session rules\`)`);
    const s = normalizeSetting(id, input as never, where);
    const prev = target[id] ?? { severity: rule.severity, options: defaultOptions(id) };
    target[id] = { severity: s.severity ?? prev.severity, options: { ...prev.options, ...(s.options ?? {}) } };
  }
}

export function defaultOptions(id: string): Record<string, unknown> {
  const rule = RULES_BY_ID.get(id);
  const out: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(rule?.options ?? {})) out[k] = o.default;
  return out;
}

/** Resolve a profile id, or a policy file that extends one (with its chain), into per-rule settings. */
export function resolvePolicy(input: string | PolicyFile, loader?: PolicyLoader, where = '<policy>'): ResolvedPolicy {
  if (typeof input === 'string') {
    const p = PROFILES[input];
    if (!p) throw new PolicyError(`unknown profile "${input}" (one of ${PROFILE_IDS.join(', ')})`);
    const rules: Record<string, RuleSetting> = {};
    applySettings(rules, p.rules, `profile ${p.id}`);
    return { profile: { id: p.id, version: p.version, title: p.title, specification: p.specification }, scope: p.scope, rules };
  }
  return resolveChain(input, loader, where, 0);
}

function resolveChain(policy: PolicyFile, loader: PolicyLoader | undefined, where: string, depth: number): ResolvedPolicy {
  if (depth > 16) throw new PolicyError(`${where}: "extends" chain is deeper than 16 (a cycle?)`);
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) throw new PolicyError(`${where}: a policy must be a JSON object`);
  const ext = policy.extends;
  if (!ext || typeof ext !== 'string') throw new PolicyError(`${where}: a policy needs "extends": one of ${PROFILE_IDS.join(', ')} (or another policy file)`);
  let base: ResolvedPolicy;
  if (PROFILES[ext]) base = resolvePolicy(ext);
  else {
    if (!loader) throw new PolicyError(`${where}: "extends": "${ext}" is not a built-in profile (${PROFILE_IDS.join(', ')})`);
    const loaded = loader(ext, where);
    base = resolveChain(loaded.policy, loader, loaded.where, depth + 1);
  }
  const rules = Object.fromEntries(Object.entries(base.rules).map(([k, v]) => [k, { ...v, options: { ...v.options } }]));
  if (policy.rules !== undefined) {
    if (typeof policy.rules !== 'object' || policy.rules === null || Array.isArray(policy.rules)) throw new PolicyError(`${where}: "rules" must be an object`);
    applySettings(rules, policy.rules, where);
  }
  return { ...base, rules };
}
