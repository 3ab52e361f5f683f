/**
 * The report: what the policy engine produced for one delivery. Every output
 * format (text, json, junit, sarif, html) is rendered from this object; the
 * JSON format is this object as is (schemas/report.schema.json).
 */
import type { Session } from '../model/session.js';

export type Severity = 'error' | 'warning' | 'info';
export type Outcome = 'pass' | 'fail' | 'unverified';

export type Subject = {
  /** Input file (or `package.zip!entry`). */
  file: string | null;
  track: string | null;
  clip: string | null;
  /** WAV chunk or package entry, when the finding is about one. */
  chunk?: string | null;
};

export type Result = {
  ruleId: string;
  outcome: Outcome;
  severity: Severity;
  message: string;
  subject: Subject;
  /** HH:MM:SS:FF at the session's frame rate, where the finding has a position. */
  timecodeIn: string | null;
  timecodeOut: string | null;
  /** Absolute sample position (session clock). */
  position: number | null;
  measured: string | number | null;
  expected: string | number | null;
  unit: string | null;
  /** The quoted requirement. */
  spec: string;
  fix: string | null;
  /** For unverified results: the coverage features that were missing. */
  missing?: string[];
};

export type InputInfo = {
  path: string;
  /** ptx | ptf | pts | aaf | session-text | wav | zip | folder | model */
  kind: string;
  sha256: string | null;
  bytes: number | null;
  bytesRead: number | null;
  /**
   * Set when the input could not be read: `code` is the FormatError's code
   * (TRUNCATED, BAD_MAGIC, …), NOT_FOUND for a path that is not there,
   * CANNOT_OPEN for a file the system would not open (permissions, a folder,
   * I/O), INTERNAL for anything else; a batch (runBatch) adds TIMEOUT,
   * WORKER_EXIT and TASK for a delivery whose worker failed.
   */
  error?: { code: string; message: string; offset: number | null } | null;
};

export type RuleInfo = {
  id: string;
  description: string;
  spec: string;
  specSource: string;
  severity: Severity;
  requires: string[];
  docs: string;
};

export type Summary = {
  pass: number;
  fail: number;
  unverified: number;
  errors: number;
  warnings: number;
  /** pass | fail | unverified | unreadable */
  verdict: 'pass' | 'fail' | 'unverified' | 'unreadable';
};

export type Report = {
  schemaVersion: 1;
  tool: { name: string; version: string };
  profile: { id: string; version: string };
  /** The delivery's name (zip, folder or first input). */
  delivery?: string;
  inputs: InputInfo[];
  results: Result[];
  summary: Summary;
  /** Metadata of the rules that ran (for SARIF/HTML/JUnit). */
  rules?: RuleInfo[];
  /** Session-level facts for report headers: name, rate, bit depth, frame rate, start. */
  session?: {
    name: string; sampleRate: number; bitDepth: number | null; frameRate: string | null;
    startTimecode: string | null; trackCount: number; clipCount: number;
  } | null;
};

/** Several deliveries checked in one run (a folder of deliveries). */
export type BatchReport = {
  schemaVersion: 1;
  tool: { name: string; version: string };
  reports: Report[];
  summary: Summary & { deliveries: number };
};

/** What formatters may use beyond the report: the session models (timeline pictures). */
export type RenderContext = {
  sessions?: Session[];
  color?: boolean;
};
