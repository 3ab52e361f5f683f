/** Check a session against a profile or policy and build the report. */
import type { Session } from '../model/session.js';
import type { InputInfo, Report, Result, RuleInfo, Severity, Summary } from '../report/types.js';
import { TOOL_NAME, VERSION } from '../version.js';
import type { PolicyFile, ResolvedPolicy } from './config.js';
import { runRules } from './engine.js';
import { resolvePolicy, type PolicyLoader } from './profiles.js';
import type { CheckInputs } from './rule.js';
import { RULES_BY_ID } from './rules/index.js';
import { detectProfile } from './detect-profile.js';
import { countClips } from './summary-helpers.js';

export type FailOn = 'error' | 'warning';

export type CheckOptions = {
  /** Profile id, `auto` (default), a policy object, or an already resolved policy. */
  profile?: string;
  policy?: PolicyFile | ResolvedPolicy;
  loader?: PolicyLoader;
  inputs?: CheckInputs;
  failOn?: FailOn;
  /** Input descriptions for the report (path, kind, sha256, bytes...). */
  inputInfo?: InputInfo[];
  /** Name of the delivery (zip, folder or file). */
  delivery?: string;
};

function isResolved(p: PolicyFile | ResolvedPolicy): p is ResolvedPolicy {
  return (p as ResolvedPolicy).profile !== undefined && (p as ResolvedPolicy).scope !== undefined;
}

export function summarize(results: Result[], failOn: FailOn = 'error', unreadable = false): Summary {
  const s: Summary = { pass: 0, fail: 0, unverified: 0, errors: 0, warnings: 0, verdict: 'pass' };
  const failing = (sev: Severity) => sev === 'error' || (failOn === 'warning' && sev === 'warning');
  let failed = false;
  for (const r of results) {
    s[r.outcome]++;
    if (r.outcome === 'fail') {
      if (r.severity === 'error') s.errors++;
      if (r.severity === 'warning') s.warnings++;
      if (failing(r.severity)) failed = true;
    }
  }
  s.verdict = unreadable ? 'unreadable' : failed ? 'fail' : s.unverified > 0 ? 'unverified' : 'pass';
  return s;
}

export function ruleInfos(policy: ResolvedPolicy): RuleInfo[] {
  const out: RuleInfo[] = [];
  // By id in code-unit order: the same in every locale, and without a collator call per comparison
  // (localeCompare made this 0.2 ms a report).
  for (const [id, setting] of Object.entries(policy.rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (setting.severity === 'off') continue;
    const r = RULES_BY_ID.get(id);
    if (!r) continue;
    const cite = r.spec.find((c) => c.profile === policy.profile.id) ?? r.spec[0];
    out.push({
      id, description: r.description, spec: cite?.quote ?? '', specSource: cite?.source ?? '',
      severity: setting.severity, requires: [...r.requires], docs: `docs/rules/${id}.md`,
    });
  }
  return out;
}

/** Resolve which policy applies to a session. */
export function policyFor(session: Session, opts: CheckOptions = {}): ResolvedPolicy {
  if (opts.policy) return isResolved(opts.policy) ? opts.policy : resolvePolicy(opts.policy, opts.loader);
  const id = !opts.profile || opts.profile === 'auto' ? detectProfile(session) : opts.profile;
  return resolvePolicy(id);
}

/**
 * Check one delivery's session model and return the report.
 * @example
 * const report = checkSession(session, { profile: 'netflix-localized-edit', inputs: { frameRate: frameRate('24') } });
 * if (report.summary.verdict !== 'pass') process.exitCode = 1;
 */
export function checkSession(session: Session, opts: CheckOptions = {}): Report {
  const policy = policyFor(session, opts);
  const results = runRules(session, policy, opts.inputs ?? {});
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    profile: { id: policy.profile.id, version: policy.profile.version },
    delivery: opts.delivery ?? session.source.path,
    inputs: opts.inputInfo ?? (session.sources ?? [session.source]).map((s) => ({ path: s.path, kind: s.format, sha256: null, bytes: null, bytesRead: null })),
    results,
    summary: summarize(results, opts.failOn),
    rules: ruleInfos(policy),
    session: {
      name: session.name, sampleRate: session.sampleRate, bitDepth: session.bitDepth,
      frameRate: session.frameRate ? `${session.frameRate.label}${session.frameRate.dropFrame ? ' DF' : ''}` : null,
      startTimecode: session.startTimecode, trackCount: session.tracks.length, clipCount: countClips(session),
    },
  };
}

/** A report for a delivery that could not be read (exit 2). */
export function unreadableReport(path: string, error: { code: string; message: string; offset: number | null }, profileId = 'auto', inputInfo?: InputInfo[]): Report {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    profile: { id: profileId, version: '' },
    delivery: path,
    inputs: inputInfo ?? [{ path, kind: 'unknown', sha256: null, bytes: null, bytesRead: null, error }],
    results: [],
    summary: summarize([], 'error', true),
    rules: [],
    session: null,
  };
}
