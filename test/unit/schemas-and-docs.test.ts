import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSession } from '../../src/formats/model/index.js';
import { renderRuleDoc, renderRulesIndex } from '../../src/policy/docs.js';
import { RULES } from '../../src/policy/rules/index.js';
import { PROFILES } from '../../src/policy/profiles.js';
import { VERSION } from '../../src/version.js';
import { baseSession } from '../support/model.js';

const ROOT = resolve(__dirname, '../..');

describe('session schema', () => {
  it('accepts the samples and the builders', () => {
    for (const f of readdirSync(join(ROOT, 'samples/localized-edit')).filter((f) => f.endsWith('.session.json'))) {
      expect(validateSession(JSON.parse(readFileSync(join(ROOT, 'samples/localized-edit', f), 'utf8'))), f).toEqual([]);
    }
    expect(validateSession(JSON.parse(JSON.stringify(baseSession())))).toEqual([]);
  });

  it('names the path and reason of each error', () => {
    const s = JSON.parse(JSON.stringify(baseSession()));
    s.tracks[0].playlists[0].clips[1].position = 1.5;
    delete s.name;
    s.coverage.inserts = 'maybe';
    const errs = validateSession(s);
    expect(errs).toContainEqual({ path: '/tracks/0/playlists/0/clips/1/position', message: 'must be integer, not number' });
    expect(errs).toContainEqual({ path: '/', message: 'is missing required property "name"' });
    expect(errs.some((e) => e.path === '/coverage/inserts')).toBe(true);
  });
});

describe('rule metadata and docs', () => {
  it('every rule id in the catalog is implemented, sorted, with a spec citation', () => {
    const catalog = readFileSync(resolve(ROOT, '../shared/design/rules.md'), 'utf8');
    const ids = new Set([...catalog.matchAll(/^\| ((?:session|package|track|clip|wav)\/[a-z-]+) \|/gm)].map((m) => m[1]));
    expect(ids.size).toBeGreaterThan(30);
    expect(RULES.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(RULES.map((r) => r.id)).toEqual(RULES.map((r) => r.id).slice().sort());
    for (const r of RULES) {
      expect(r.spec.length, r.id).toBeGreaterThan(0);
      for (const c of r.spec) expect(readFileSync(resolve(ROOT, '../shared/specs', c.source), 'utf8'), `${r.id}: "${c.quote}"`).toContain(c.quote);
    }
  });

  it('every profile names only known rules, and every rule is in a profile', () => {
    const used = new Set(Object.values(PROFILES).flatMap((p) => Object.keys(p.rules)));
    for (const id of used) expect(RULES.some((r) => r.id === id), id).toBe(true);
    for (const r of RULES) expect(used.has(r.id), r.id).toBe(true);
  });

  it('docs/rules is up to date with the metadata (run `npm run docs`)', () => {
    for (const r of RULES) {
      const file = join(ROOT, 'docs/rules', `${r.id}.md`);
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run docs`).toBe(renderRuleDoc(r));
    }
    expect(readFileSync(join(ROOT, 'docs/rules/README.md'), 'utf8')).toBe(renderRulesIndex(RULES));
  });

  it('VERSION equals package.json', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version).toBe(VERSION);
  });
});
