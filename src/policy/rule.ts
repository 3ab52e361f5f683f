/**
 * A rule is data plus a pure check over the session model (ESLint's
 * meta + create): id, description, spec citations, default severity,
 * required coverage, options with defaults, and `check(ctx)`.
 */
import type { CoverageFeature, FrameRate, Session } from '../model/session.js';
import type { Severity, Subject } from '../report/types.js';

export type SpecCitation = {
  /** Profile id the citation belongs to. */
  profile: string;
  /** Specification file (in the specs/ texts). */
  source: string;
  /** The quoted requirement. */
  quote: string;
};

export type OptionDoc = { type: string; default: unknown; description: string };

/** Which inputs a rule looks at: every input, sessions only, or WAV files only. */
export type RuleScope = 'any' | 'session' | 'wav';

export type RuleDocs = {
  passes: string[];
  fails: string[];
  unverified: string[];
  notes?: string[];
};

export type RuleMeta = {
  id: string;
  description: string;
  spec: SpecCitation[];
  severity: Severity;
  /** Coverage features that must be `decoded` for the rule to run. */
  requires: CoverageFeature[];
  scope: RuleScope;
  options: Record<string, OptionDoc>;
  docs: RuleDocs;
};

/** Reference values given for a run (CLI flags or API). */
export type CheckInputs = {
  /** --frame-rate */
  frameRate?: FrameRate | null;
  /** --picture-length: frames (number or digits) or a timecode duration. */
  pictureLength?: string | number | null;
  /** --picture ref.wav: the reference length in samples and its sample rate. */
  picture?: { samples: number; sampleRate: number; path?: string } | null;
  /** --lines: dubbing-script line counts per character. */
  lines?: Record<string, number> | null;
  /** --knp: the character names list. */
  knp?: string[] | null;
};

export type FindingInit = {
  subject?: Partial<Subject>;
  message: string;
  /** Absolute sample position of the finding (session clock). */
  position?: number | null;
  /** Absolute end position, for timecode out. */
  end?: number | null;
  measured?: string | number | null;
  expected?: string | number | null;
  unit?: string | null;
  fix?: string | null;
  /** Lower the severity of this finding (e.g. estimates report at most a warning). */
  maxSeverity?: Severity;
};

export type NoteInit = { subject?: Partial<Subject>; message: string; measured?: string | number | null; expected?: string | number | null; unit?: string | null };

export type RuleContext = {
  readonly session: Session;
  readonly options: Record<string, unknown>;
  readonly inputs: CheckInputs;
  readonly profileId: string;
  /** The delivery's zip name, when the session came from (or names) a zip package. */
  readonly packageName: string | null;
  fail(f: FindingInit): void;
  pass(p: NoteInit): void;
  unverified(p: NoteInit & { missing?: string[] }): void;
};

export type Rule = RuleMeta & {
  /** Coverage needed for this run, when it depends on options (default: `requires`). */
  requiresFor?(ctx: Pick<RuleContext, 'options' | 'inputs' | 'session'>): CoverageFeature[];
  /** Whether the rule applies to this input at all (no result when false). */
  appliesTo?(ctx: Pick<RuleContext, 'options' | 'session' | 'packageName' | 'profileId'>): boolean;
  check(ctx: RuleContext): void;
};

export function defineRule(rule: Rule): Rule {
  return rule;
}
