#!/usr/bin/env node
/**
 * Builds the in-browser QC page: docs/app/src/main.ts (which imports the
 * library from src/index.ts) bundled for platform 'browser' with the same
 * settings as the library's browser build in tsup.config.ts (dist/browser/),
 * into one classic script, docs/app/app.js, so docs/app/index.html works
 * opened straight from disk (file://, where module scripts are blocked) or
 * served as a static folder. Nothing is fetched at run time.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = resolve(root, 'docs/app');

await build({
  config: false,
  entry: { app: resolve(appDir, 'src/main.ts') },
  outDir: appDir,
  format: ['iife'],
  platform: 'browser',
  target: 'es2022',
  noExternal: [/.*/],
  sourcemap: true,
  splitting: false,
  dts: false,
  clean: false,
  silent: true,
  // tsup names IIFE output app.global.js by default; the page loads app.js.
  outExtension: () => ({ js: '.js' }),
  tsconfig: resolve(root, 'tsconfig.json'),
});

const out = resolve(appDir, 'app.js');
if (!existsSync(out)) throw new Error(`build-app: ${out} was not written`);
console.log(`build-app: wrote ${out} (${statSync(out).size} bytes); open docs/app/index.html`);
