/**
 * ESLint RuleTester-style tables: each case is a model (and inputs/options);
 * the test asserts the rule's overall outcome (fail > unverified > pass, or
 * `none` when the rule gives no result) and, optionally, what the messages say.
 */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { runRules } from '../../src/policy/engine.js';
import { resolvePolicy } from '../../src/policy/profiles.js';
import type { CheckInputs } from '../../src/policy/rule.js';
import type { Result, Severity } from '../../src/report/types.js';

export type RuleCase = {
  name: string;
  session: Session;
  inputs?: CheckInputs;
  options?: Record<string, unknown>;
  /** Profile whose settings apply (default: the first that has the rule). */
  profile?: string;
  /** Text (substring or RegExp) that some result message must contain. */
  message?: string | RegExp;
  /** Expected number of failing results. */
  fails?: number;
  /** Expected severity of the failing results. */
  severity?: Severity;
};

export type Outcome = 'pass' | 'fail' | 'unverified' | 'none';

export function overall(results: Result[]): Outcome {
  if (!results.length) return 'none';
  if (results.some((r) => r.outcome === 'fail')) return 'fail';
  if (results.some((r) => r.outcome === 'unverified')) return 'unverified';
  return 'pass';
}

/** Run one rule with the settings of `profile`, its options overridden by `options`. */
export function runOne(ruleId: string, profile: string, session: Session, inputs: CheckInputs = {}, options: Record<string, unknown> = {}): Result[] {
  const policy = resolvePolicy(profile);
  const setting = policy.rules[ruleId];
  if (!setting) throw new Error(`profile ${profile} has no rule ${ruleId}`);
  return runRules(session, { ...policy, rules: { [ruleId]: { ...setting, options: { ...setting.options, ...options } } } }, inputs);
}

export function ruleTable(
  ruleId: string,
  profile: string,
  table: { pass?: RuleCase[]; fail?: RuleCase[]; unverified?: RuleCase[]; none?: RuleCase[] },
): void {
  describe(ruleId, () => {
    for (const outcome of ['pass', 'fail', 'unverified', 'none'] as const) {
      for (const c of table[outcome] ?? []) {
        it(`${outcome}: ${c.name}`, () => {
          const results = runOne(ruleId, c.profile ?? profile, c.session, c.inputs, c.options);
          const got = overall(results);
          expect(got, results.map((r) => `${r.outcome}: ${r.message}`).join('\n')).toBe(outcome);
          if (c.message) {
            const msgs = results.map((r) => r.message);
            expect(msgs.some((m) => (typeof c.message === 'string' ? m.includes(c.message) : c.message!.test(m))), msgs.join('\n')).toBe(true);
          }
          const failing = results.filter((r) => r.outcome === 'fail');
          if (c.fails !== undefined) expect(failing.length).toBe(c.fails);
          if (c.severity) for (const f of failing) expect(f.severity).toBe(c.severity);
          for (const r of results) expect(r.ruleId).toBe(ruleId);
        });
      }
    }
  });
}
