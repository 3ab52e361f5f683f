/**
 * session-inspector: read audio post-production deliverables into one
 * normalized session model and check them against delivery specifications.
 */
export * from './model/session.js';
export * from './model/timecode.js';
export { FormatError, isFormatError, type FormatErrorCode } from './io/errors.js';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './io/limits.js';
export { BufferSource, SliceSource, fromBytes, type ByteSource } from './io/byte-source.js';
export { sniff, type DetectedFormat } from './detect.js';
export { readSession, dumpInput, detectFormat } from './read.js';
export type { ReadOptions, DumpOptions, Progress } from './formats/types.js';
export { validateSession, normalizeSession } from './formats/model/index.js';
export { openZip, dumpZip, type ZipArchive, type ZipEntry, type OpenZipOptions } from './formats/zip/index.js';
export { readPackage, buildPackageSession, type PackageContainer, type PackageItem } from './package/index.js';
export { mergeSessions } from './model/merge.js';

// Policy engine
export { checkSession, summarize, policyFor, type CheckOptions, type FailOn } from './policy/check.js';
export { runRules, coverageHint } from './policy/engine.js';
export { resolvePolicy, PROFILES, PROFILE_IDS, type PolicyLoader } from './policy/profiles.js';
export { PolicyError, type PolicyFile, type ProfileDef, type ResolvedPolicy, type RuleSetting } from './policy/config.js';
export { RULES, RULES_BY_ID } from './policy/rules/index.js';
export { detectProfile } from './policy/detect-profile.js';
export type { Rule, RuleMeta, RuleContext, CheckInputs, SpecCitation } from './policy/rule.js';
export { renderRuleDoc, renderRulesIndex } from './policy/docs.js';
export {
  parseTrackName, parsePackageName, parsePremixName, parseRecordingName, parseRecordingSessionName,
} from './policy/names.js';
export { checkLanguageTag, isLanguageTag } from './policy/bcp47.js';

// Reports
export { renderReport, formatForPath, type ReportFormat } from './report/index.js';
export type { Report, BatchReport, Result, Summary, InputInfo, RuleInfo, Outcome, Severity, Subject } from './report/types.js';
export { VERSION, TOOL_NAME } from './version.js';
export type { RenderContext } from './report/types.js';
export { renderJunit } from './report/junit.js';
export { renderSarif, type SarifOptions } from './report/sarif.js';
export { renderHtml, type HtmlOptions } from './report/html.js';
