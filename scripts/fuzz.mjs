#!/usr/bin/env node
/**
 * Fuzz campaign: `npm run fuzz -- --format aaf --iterations N --seed S`.
 * Compiles test/fuzz/cli.ts and test/fuzz/worker.ts (with the readers from
 * src/) into a temporary folder with esbuild (installed with vitest/tsup),
 * then runs the campaign; reproducers go to test/fuzz/found/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'session-inspector-fuzz-'));
try {
  await build({
    entryPoints: { cli: join(root, 'test/fuzz/cli.ts'), worker: join(root, 'test/fuzz/worker.ts') },
    outdir: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', outExtension: { '.js': '.mjs' },
    // test/support/corpus.ts finds the corpus beside the repository through __dirname.
    define: { __dirname: JSON.stringify(join(root, 'test/support')) },
    logLevel: 'warning',
  });
  process.env.FUZZ_ROOT = root;
  process.env.FUZZ_WORKER = join(out, 'worker.mjs');
  const { main } = await import(pathToFileURL(join(out, 'cli.mjs')).href);
  process.exitCode = await main(process.argv.slice(2));
} finally {
  rmSync(out, { recursive: true, force: true });
}
