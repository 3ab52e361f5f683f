import { main } from './run.js';

// A reader that stops early (`inspect-session dump x.ptx --blocks | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`inspect-session: internal error: ${(e as Error)?.stack ?? e}\n`); process.exitCode = 2; },
);
