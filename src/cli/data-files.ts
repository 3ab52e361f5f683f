/** Reading the user's side files: --lines, --knp (CSV or JSON), --policy. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PolicyFile } from '../policy/config.js';
import type { PolicyLoader } from '../policy/profiles.js';
import { UsageError } from './args.js';
import { systemErrorText } from './inspect.js';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${systemErrorText(e)}`);
  }
}

function parseJson(text: string, path: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** RFC 4180-ish CSV: quoted fields, "" escapes, CRLF/LF/CR. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === ';' || c === '\t') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows.map((r) => r.map((f) => f.trim()));
}

/** --lines: CSV with a header `character,lines`, or JSON {"Maria": 120}. */
export function loadLines(path: string): Record<string, number> {
  const text = readText(path, '--lines file');
  const out: Record<string, number> = {};
  if (/^\s*[{[]/.test(text)) {
    const v = parseJson(text, path, '--lines file');
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UsageError(`--lines file ${path}: expected a JSON object {"character": lines}`);
    for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new UsageError(`--lines file ${path}: "${k}" must have a non-negative number of lines`);
      out[k] = n;
    }
    return out;
  }
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.toLowerCase()) ?? [];
  const ci = header.indexOf('character');
  const li = header.indexOf('lines');
  if (ci < 0 || li < 0) throw new UsageError(`--lines file ${path}: the first row must be the header "character,lines"`);
  rows.forEach((r, i) => {
    const n = Number(r[li]);
    if (!r[ci]) return;
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--lines file ${path}, row ${i + 2}: '${r[li] ?? ''}' is not a number of lines`);
    out[r[ci]] = n;
  });
  return out;
}

/** --knp: CSV with a header `character` (one name per row), or a JSON array of names. */
export function loadKnp(path: string): string[] {
  const text = readText(path, '--knp file');
  if (/^\s*[{[]/.test(text)) {
    const v = parseJson(text, path, '--knp file');
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`--knp file ${path}: expected a JSON array of names`);
    return v as string[];
  }
  const rows = parseCsv(text);
  const header = rows.shift()?.map((h) => h.toLowerCase()) ?? [];
  const ci = header.indexOf('character');
  if (ci < 0) throw new UsageError(`--knp file ${path}: the first row must be the header "character"`);
  return rows.map((r) => r[ci]).filter((x): x is string => !!x);
}

export function loadPolicyFile(path: string): PolicyFile {
  return parseJson(readText(path, '--policy file'), path, '--policy file') as PolicyFile;
}

/** Resolves `extends` that names another policy file, relative to the file that extends it. */
export const policyLoader: PolicyLoader = (ref, from) => {
  const base = from && from !== '<policy>' ? dirname(from) : process.cwd();
  const path = resolve(base, ref);
  return { policy: loadPolicyFile(path), where: path };
};
