/**
 * Profiles and policies. A profile (specs/<id>.json) names the rules of one
 * specification with their severities and options; a policy file `extends` a
 * profile (or another policy) and overrides severity and options per rule,
 * ESLint style: { "extends": "netflix-localized-edit", "rules": { "track/walla-limit": ["error", { "max": 10 }] } }.
 */
import type { Severity } from '../report/types.js';

export type RuleSettingInput = Severity | 'off' | [Severity | 'off'] | [Severity | 'off', Record<string, unknown>];

export type ProfileDef = {
  id: string;
  version: string;
  title: string;
  /** The specification text the profile enforces (specs/ of the design). */
  specification: string;
  /** `by-input`: wav/* rules check WAV inputs, session/track/clip rules check sessions. */
  scope: 'all' | 'by-input';
  rules: Record<string, RuleSettingInput>;
};

export type PolicyFile = {
  extends?: string;
  rules?: Record<string, RuleSettingInput>;
};

export type RuleSetting = { severity: Severity | 'off'; options: Record<string, unknown> };

export type ResolvedPolicy = {
  profile: { id: string; version: string; title: string; specification: string };
  scope: 'all' | 'by-input';
  rules: Record<string, RuleSetting>;
};

export class PolicyError extends Error {
  override name = 'PolicyError';
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export function normalizeSetting(id: string, input: RuleSettingInput, where: string): { severity?: Severity | 'off'; options?: Record<string, unknown> } {
  if (typeof input === 'string') {
    if (!SEVERITIES.has(input)) throw new PolicyError(`${where}: rule "${id}": severity must be error, warning, info or off, not "${input}"`);
    return { severity: input };
  }
  if (Array.isArray(input) && input.length >= 1 && input.length <= 2) {
    const [sev, opts] = input;
    if (!SEVERITIES.has(sev)) throw new PolicyError(`${where}: rule "${id}": severity must be error, warning, info or off, not ${JSON.stringify(sev)}`);
    if (opts !== undefined && (typeof opts !== 'object' || opts === null || Array.isArray(opts))) {
      throw new PolicyError(`${where}: rule "${id}": options must be an object`);
    }
    return { severity: sev, options: opts };
  }
  throw new PolicyError(`${where}: rule "${id}": expected "error" | "warning" | "info" | "off" or [severity, { options }]`);
}
