/**
 * The project's schemas are valid JSON Schema 2020-12 (ajv compiles them),
 * and ajv agrees with the built-in validator the CLI uses on what is valid.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../src/model/json-schema.js';
import sessionSchema from '../../schemas/session.schema.json';
import reportSchema from '../../schemas/report.schema.json';
import { baseSession, wavSession } from '../support/model.js';
import { checkSession } from '../../src/policy/check.js';

const ROOT = resolve(__dirname, '../..');
const ajv = new Ajv2020({ strict: false, allErrors: true });
const session = ajv.compile(sessionSchema);
const report = ajv.compile(reportSchema);

function agree(schema: Record<string, unknown>, check: (v: unknown) => boolean, value: unknown): boolean {
  const ours = validateAgainst(schema, value).length === 0;
  expect(ours).toBe(check(value));
  return ours;
}

describe('schemas against ajv (JSON Schema 2020-12)', () => {
  it('valid models: samples and builders', () => {
    const dir = join(ROOT, 'samples/localized-edit');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.session.json'))) {
      expect(agree(sessionSchema, session, JSON.parse(readFileSync(join(dir, f), 'utf8'))), f).toBe(true);
    }
    expect(agree(sessionSchema, session, JSON.parse(JSON.stringify(baseSession())))).toBe(true);
    expect(agree(sessionSchema, session, JSON.parse(JSON.stringify(wavSession('PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav'))))).toBe(true);
  });

  it('invalid models: both reject', () => {
    const bad = [
      (s: any) => { s.tracks[0].kind = 'bus'; },
      (s: any) => { s.sampleRate = '48000'; },
      (s: any) => { s.tracks[0].playlists[0].clips[0].position = 1.5; },
      (s: any) => { s.coverage.inserts = 'maybe'; },
      (s: any) => { delete s.tracks; },
      (s: any) => { s.schemaVersion = 2; },
    ];
    for (const mutate of bad) {
      const s = JSON.parse(JSON.stringify(baseSession()));
      mutate(s);
      expect(agree(sessionSchema, session, s)).toBe(false);
    }
  });

  it('reports from the engine are valid reports', () => {
    const r = JSON.parse(JSON.stringify(checkSession(baseSession(), { profile: 'netflix-localized-edit' })));
    expect(agree(reportSchema, report, r)).toBe(true);
    r.results[0].outcome = 'maybe';
    expect(agree(reportSchema, report, r)).toBe(false);
  });
});
