/**
 * Every reproducer the fuzzer saved (test/fuzz/found/<format>-<hash>.bin,
 * with a .json note of its file name, failure signature and how it was made)
 * is replayed: it must now give a session or a FormatError, never a finding.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputName, runInput } from './harness.js';
import { FUZZ_LIMITS } from './pass.js';
import type { FuzzFormat } from './structure.js';

const FOUND = join(__dirname, 'found');
type Note = { format: FuzzFormat; name: string; signature: string; seed: string; ops: string[] };

const cases = existsSync(FOUND)
  ? readdirSync(FOUND).filter((f) => f.endsWith('.bin')).sort().map((file) => {
    const notePath = join(FOUND, file.replace(/\.bin$/, '.json'));
    const format = file.split('-').slice(0, -1).join('-') as FuzzFormat;
    const note: Note = existsSync(notePath)
      ? JSON.parse(readFileSync(notePath, 'utf8'))
      : { format, name: inputName(format, ''), signature: '?', seed: '?', ops: [] };
    return { file, note };
  })
  : [];

describe('fuzz reproducers (test/fuzz/found)', () => {
  it('there are reproducers to replay', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  it.each(cases)('$file no longer fails', async ({ file, note }) => {
    const bytes = new Uint8Array(readFileSync(join(FOUND, file)));
    const outcome = await runInput(bytes, { format: note.format, name: note.name, limits: FUZZ_LIMITS });
    expect(outcome.kind === 'finding' ? `${outcome.signature}\n${outcome.message}` : 'no finding', `was: ${note.signature} (from ${note.seed}: ${note.ops.join('; ')})`).toBe('no finding');
  });
});
