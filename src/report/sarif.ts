/**
 * SARIF 2.1.0 (OASIS), the format code-scanning services and IDEs read.
 *
 * Audio has no lines or columns, so a result's place is given as
 * `logicalLocations` (the track, clip or chunk, kind "track" | "clip" |
 * "chunk") under the input file's `artifactLocation`, and its time as
 * `properties.timecodeIn/timecodeOut/position` (with measured/expected/unit).
 * One run per delivery. Outcomes map to SARIF `kind` (§3.27.9): fail → "fail"
 * with level error/warning/note; pass → "pass"; unverified → "open" ("the
 * tool could not determine whether the result is a failure"), level "none"
 * as the spec requires for every kind other than "fail".
 */
import { inputIndexFor, reportsOf, ruleInfo, subjectLabel } from './subject.js';
import type { BatchReport, RenderContext, Report, Result, RuleInfo, Severity } from './types.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Options beyond the render context. */
export type SarifOptions = RenderContext & {
  /** Include passing results (kind "pass"). Default true, so a run shows what was checked. */
  includePasses?: boolean;
};

type Json = Record<string, unknown>;

/**
 * Render a report (or a batch) as a SARIF 2.1.0 log (JSON text).
 *
 * @example
 * ```ts
 * await writeFile('qc.sarif', renderSarif(report));
 * ```
 */
export function renderSarif(report: Report | BatchReport, ctx: SarifOptions = {}): string {
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: reportsOf(report).map((r) => runOf(r, ctx.includePasses ?? true)),
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function runOf(report: Report, includePasses: boolean): Json {
  const rules = rulesOf(report);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.results
    .filter((r) => includePasses || r.outcome !== 'pass')
    .map((r) => resultOf(report, r, ruleIndex.get(r.ruleId)!));
  return {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        semanticVersion: /^\d+\.\d+\.\d+/.test(report.tool.version) ? report.tool.version : undefined,
        rules: rules.map(ruleDescriptorOf),
        properties: { profile: report.profile },
      },
    },
    invocations: [invocationOf(report)],
    artifacts: report.inputs.map((i) => ({
      location: { uri: artifactUri(i.path) },
      ...(i.bytes !== null ? { length: i.bytes } : {}),
      ...(i.sha256 ? { hashes: { 'sha-256': i.sha256 } } : {}),
      properties: { kind: i.kind, bytesRead: i.bytesRead },
    })),
    results,
    properties: { delivery: report.delivery ?? null, summary: report.summary, session: report.session ?? null },
  };
}

/** Rule metadata from the report, plus a minimal descriptor for any rule id a result names that the list lacks. */
function rulesOf(report: Report): RuleInfo[] {
  const rules = [...(report.rules ?? [])];
  for (const r of report.results) {
    if (!rules.some((x) => x.id === r.ruleId)) {
      rules.push({ id: r.ruleId, description: r.ruleId, spec: r.spec, specSource: '', severity: r.severity, requires: [], docs: '' });
    }
  }
  return rules;
}

function ruleDescriptorOf(rule: RuleInfo): Json {
  const cite = rule.specSource ? ` (${rule.specSource})` : '';
  const helpText = [`Spec${cite}: ${rule.spec}`, rule.requires.length ? `Needs: ${rule.requires.join(', ')}` : '', rule.docs ? `Docs: ${rule.docs}` : '']
    .filter(Boolean).join('\n');
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: `${rule.description}. Spec: ${rule.spec}` },
    help: { text: helpText, markdown: `**Spec**${cite}: ${rule.spec}${rule.docs ? `\n\nSee \`${rule.docs}\`.` : ''}` },
    defaultConfiguration: { level: levelOf(rule.severity) },
    properties: { spec: rule.spec, specSource: rule.specSource, requires: rule.requires, docs: rule.docs, tags: [rule.id.split('/')[0]] },
  };
}

/** "track/no-inserts" → "TrackNoInserts" (SARIF's rule `name` is an identifier-like string). */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function levelOf(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function resultOf(report: Report, r: Result, ruleIndex: number): Json {
  const kind = r.outcome === 'fail' ? 'fail' : r.outcome === 'pass' ? 'pass' : 'open';
  const idx = inputIndexFor(report.inputs, r.subject.file);
  const file = r.subject.file ?? report.inputs[idx]?.path ?? null;
  const logical = logicalLocationsOf(r);
  const location: Json = {};
  if (file) location.physicalLocation = { artifactLocation: { uri: artifactUri(file), ...(idx >= 0 && report.inputs[idx].path === file ? { index: idx } : {}) } };
  if (logical.length) location.logicalLocations = logical;
  const sentence = /[.!?]$/.test(r.message) ? r.message : `${r.message}.`;
  return {
    ruleId: r.ruleId,
    ruleIndex,
    kind,
    level: kind === 'fail' ? levelOf(r.severity) : 'none',
    message: { text: r.fix ? `${sentence} Fix: ${r.fix}` : sentence },
    ...(Object.keys(location).length ? { locations: [location] } : {}),
    partialFingerprints: { 'subject/v1': [r.ruleId, r.subject.file, r.subject.track, r.subject.clip, r.subject.chunk ?? null, r.timecodeIn].map((x) => x ?? '').join('|') },
    properties: {
      subject: subjectLabel(r.subject),
      timecodeIn: r.timecodeIn, timecodeOut: r.timecodeOut, position: r.position,
      measured: r.measured, expected: r.expected, unit: r.unit,
      spec: r.spec || ruleInfo(report, r.ruleId)?.spec || null,
      fix: r.fix,
      ...(r.missing ? { missing: r.missing } : {}),
    },
  };
}

function logicalLocationsOf(r: Result): Json[] {
  const out: Json[] = [];
  const file = r.subject.file ?? '';
  if (r.subject.track) out.push({ name: r.subject.track, kind: 'track', fullyQualifiedName: `${file}/tracks/${r.subject.track}` });
  if (r.subject.clip) {
    const track = r.subject.track ? `/tracks/${r.subject.track}` : '';
    out.push({ name: r.subject.clip, kind: 'clip', fullyQualifiedName: `${file}${track}/clips/${r.subject.clip}` });
  }
  if (r.subject.chunk) out.push({ name: r.subject.chunk, kind: 'chunk', fullyQualifiedName: `${file}/chunks/${r.subject.chunk}` });
  return out;
}

/** Input errors become tool execution notifications; the run failed when an input was unreadable. */
function invocationOf(report: Report): Json {
  const notes = report.inputs.filter((i) => i.error).map((i) => ({
    level: 'error',
    message: { text: `${i.path}: ${i.error!.message}${i.error!.offset !== null ? ` (at byte offset ${i.error!.offset})` : ''}` },
    descriptor: { id: i.error!.code },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(i.path) } } }],
  }));
  return { executionSuccessful: notes.length === 0, ...(notes.length ? { toolExecutionNotifications: notes } : {}) };
}

/**
 * The URI of an input path: relative paths stay relative references,
 * absolute ones become file: URIs; '/'-separated, each segment
 * percent-encoded (so spaces, '#', '%' and non-ASCII names stay valid), the
 * package entry separator '!' kept as is (RFC 3986 allows it in a path).
 */
export function artifactUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  const encode = (seg: string) => encodeURIComponent(seg).replace(/%21/g, '!');
  const drive = /^([A-Za-z]):\//.exec(p);
  if (drive) return `file:///${drive[1]}:/${p.slice(3).split('/').map(encode).join('/')}`;
  if (p.startsWith('/')) return `file://${p.split('/').map(encode).join('/')}`;
  // encodeURIComponent turns ':' into %3A, so a relative name never reads as a scheme.
  return p.split('/').map(encode).join('/');
}
