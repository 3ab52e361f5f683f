/**
 * The policy check the page runs: the library's `checkSession` (the policy
 * engine), plus the report the page shows for a file it could not read.
 */
import { checkSession as engineCheck, summarize, TOOL_NAME, VERSION } from '../../../src/index.js';
import type { InputInfo, Report, Session } from '../../../src/index.js';

export type CheckOptions = { profile: string; delivery: string; input: InputInfo };

/** Check a session with the profile chosen on the page (`auto` detects it from the session). */
export async function checkSession(session: Session, opts: CheckOptions): Promise<Report> {
  return engineCheck(session, { profile: opts.profile, delivery: opts.delivery, inputInfo: [opts.input] });
}

/** A report for an input that could not be read (verdict "unreadable"). */
export function unreadableReport(input: InputInfo, profile: string): Report {
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    profile: { id: profile, version: '' },
    delivery: input.path,
    inputs: [input],
    results: [],
    summary: summarize([], 'error', true),
    rules: [],
    session: null,
  };
}
