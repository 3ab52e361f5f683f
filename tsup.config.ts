import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    // The two entries share one copy of the core (a chunk), so an error thrown through
    // `session-inspector/node` is an instance of the FormatError exported by the main entry.
    splitting: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts', 'cli/task': 'src/cli/task.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The library for browsers (dist/browser/): the core (src/index.ts, no
    // node: imports) with its dependencies bundled in, as an ES module
    // (index.js) and a classic script (index.global.js → window.SessionInspector)
    // for pages opened from file://, where module scripts are blocked.
    entry: { index: 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm', 'iife'],
    globalName: 'SessionInspector',
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    sourcemap: true,
    splitting: false,
    dts: false,
  },
]);
