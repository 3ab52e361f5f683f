/**
 * The policy engine: runs the rules of a resolved policy over one session
 * model. It decides `unverified` from coverage before a rule runs, turns a
 * rule that throws into an unverified internal finding (never a crash or a
 * pass), and adds a pass for a rule that found nothing.
 */
import type { CoverageFeature, Session } from '../model/session.js';
import { samplesToTimecode } from '../model/timecode.js';
import type { Outcome, Result, Severity, Subject } from '../report/types.js';
import type { ResolvedPolicy } from './config.js';
import type { CheckInputs, FindingInit, NoteInit, Rule, RuleContext } from './rule.js';
import { RULES_BY_ID } from './rules/index.js';
import { packageNameOf } from './model-helpers.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function capSeverity(s: Severity, max?: Severity): Severity {
  return max && RANK[max] < RANK[s] ? max : s;
}

const VIEW_NAMES: Record<string, string> = {
  ptx: 'the Pro Tools session', ptf: 'the Pro Tools session', pts: 'the Pro Tools session', aaf: 'the AAF',
  'session-text': 'the Session Info as Text export', wav: 'the WAV file', model: 'the model file',
};

/** The views a model was read from (the session files inside a zip or folder). */
function viewsOf(s: Session): string[] {
  const formats = (s.sources?.length ? s.sources : [s.source]).map((x) => x.format).filter((f) => f !== 'zip' && f !== 'folder');
  return [...new Set(formats)];
}

/** Why a feature is not established, and which input would establish it, for unverified messages. */
export function coverageHint(feature: string, s: Session): string {
  const views = viewsOf(s);
  const has = (f: string) => views.includes(f);
  const ptx = has('ptx') || has('ptf') || has('pts');
  const named = views.map((v) => VIEW_NAMES[v] ?? v).join(' and ') || `the ${s.source.format} input`;
  const level = s.coverage?.[feature as keyof Session['coverage']] ?? 'unsupported';
  const base = `${feature} ${level === 'partial' ? 'is only partly decoded' : 'is not decoded'} from ${named}`;
  const add = (what: string) => `${base}; add ${what}`;
  switch (feature) {
    case 'inserts':
      return has('session-text') ? base : add("the session's Session Info as Text export (it lists the plug-ins per track)");
    case 'trackKinds':
      return ptx ? `${base} (aux, master and VCA tracks of Pro Tools 10+ sessions are not decoded)` : add('the .ptx');
    case 'automation':
    case 'groups':
      return ptx ? base : add('the Pro Tools session');
    default:
      return base;
  }
}

function missingCoverage(s: Session, features: CoverageFeature[]): CoverageFeature[] {
  return features.filter((f) => s.coverage?.[f] !== 'decoded');
}

function specFor(rule: Rule, profileId: string): string {
  return (rule.spec.find((c) => c.profile === profileId) ?? rule.spec[0])?.quote ?? '';
}

function inScope(rule: Rule, policy: ResolvedPolicy, s: Session): boolean {
  if (rule.scope === 'wav' && policy.scope === 'by-input') return s.audio != null;
  if (rule.scope === 'session' && policy.scope === 'by-input') return s.audio == null;
  return true;
}

/** Run every enabled rule of `policy` over `session`. */
export function runRules(session: Session, policy: ResolvedPolicy, inputs: CheckInputs = {}): Result[] {
  const results: Result[] = [];
  const packageName = packageNameOf(session);
  const file = session.source.path;
  const fr = session.frameRate;
  const tc = (pos: number | null | undefined): string | null => {
    if (pos == null || !fr) return null;
    try {
      return samplesToTimecode(pos, fr, session.sampleRate);
    } catch {
      return null;
    }
  };
  const ids = Object.keys(policy.rules).sort();
  for (const id of ids) {
    const setting = policy.rules[id];
    if (setting.severity === 'off') continue;
    const rule = RULES_BY_ID.get(id);
    if (!rule) continue;
    const severity = setting.severity;
    const options = setting.options;
    const spec = specFor(rule, policy.profile.id);
    if (!inScope(rule, policy, session)) continue;
    const lite = { session, options, inputs, packageName, profileId: policy.profile.id };
    if (rule.appliesTo && !rule.appliesTo(lite)) continue;
    const base = (outcome: Outcome, subject: Partial<Subject> | undefined, message: string): Result => ({
      ruleId: id, outcome, severity, message,
      subject: { file: subject?.file ?? file, track: subject?.track ?? null, clip: subject?.clip ?? null, ...(subject?.chunk ? { chunk: subject.chunk } : {}) },
      timecodeIn: null, timecodeOut: null, position: null, measured: null, expected: null, unit: null, spec, fix: null,
    });
    const needed = rule.requiresFor ? rule.requiresFor(lite) : rule.requires;
    const missing = missingCoverage(session, needed);
    if (missing.length) {
      results.push({
        ...base('unverified', undefined, `Not verified: ${missing.map((m) => coverageHint(m, session)).join('; ')}`),
        missing,
      });
      continue;
    }
    const own: Result[] = [];
    const ctx: RuleContext = {
      session, options, inputs, packageName, profileId: policy.profile.id,
      fail(f: FindingInit) {
        own.push({
          ...base('fail', f.subject, f.message),
          severity: capSeverity(severity, f.maxSeverity),
          position: f.position ?? null,
          timecodeIn: tc(f.position),
          timecodeOut: tc(f.end),
          measured: f.measured ?? null, expected: f.expected ?? null, unit: f.unit ?? null, fix: f.fix ?? null,
        });
      },
      pass(p: NoteInit) {
        own.push({ ...base('pass', p.subject, p.message), measured: p.measured ?? null, expected: p.expected ?? null, unit: p.unit ?? null });
      },
      unverified(p: NoteInit & { missing?: string[] }) {
        own.push({
          ...base('unverified', p.subject, p.message), measured: p.measured ?? null, expected: p.expected ?? null, unit: p.unit ?? null,
          ...(p.missing ? { missing: p.missing } : {}),
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      own.length = 0;
      own.push({ ...base('unverified', undefined, `Internal error in rule ${id}: ${(e as Error)?.message ?? String(e)}`), missing: ['internal'] });
    }
    if (!own.length) own.push(base('pass', undefined, 'No findings'));
    results.push(...own);
  }
  return results;
}
