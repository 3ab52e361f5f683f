import { main } from './run.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`inspect-session: internal error: ${(e as Error)?.stack ?? e}\n`); process.exitCode = 2; },
);
