/** Command-line parsing for inspect-session (node:util parseArgs), with help per command. */
import { parseArgs } from 'node:util';

export type Command = 'check' | 'model' | 'rules' | 'dump' | 'help' | 'version';

export class UsageError extends Error {
  override name = 'UsageError';
}

const CHECK_OPTIONS = {
  profile: { type: 'string' },
  policy: { type: 'string' },
  lines: { type: 'string' },
  knp: { type: 'string' },
  'frame-rate': { type: 'string' },
  'picture-length': { type: 'string' },
  picture: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  strict: { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'no-hash': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MODEL_OPTIONS = { json: { type: 'boolean' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } as const;
const RULES_OPTIONS = { profile: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;
const DUMP_OPTIONS = { blocks: { type: 'boolean' }, raw: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } as const;

export type CheckArgs = { command: 'check'; paths: string[]; values: Record<string, string | boolean | undefined> };
export type ModelArgs = { command: 'model'; paths: string[]; values: Record<string, string | boolean | undefined> };
export type RulesArgs = { command: 'rules'; paths: string[]; values: Record<string, string | boolean | undefined> };
export type DumpArgs = { command: 'dump'; paths: string[]; values: Record<string, string | boolean | undefined> };
export type ParsedArgs = CheckArgs | ModelArgs | RulesArgs | DumpArgs | { command: 'help'; topic: string | null } | { command: 'version' };

const COMMANDS = new Set(['check', 'model', 'rules', 'dump']);

export function parseCommandLine(argv: string[]): ParsedArgs {
  if (argv.length === 0) return { command: 'help', topic: null };
  if (argv[0] === '--version' || argv[0] === '-V') return { command: 'version' };
  if (argv[0] === 'help') return { command: 'help', topic: argv[1] ?? null };
  if ((argv[0] === '--help' || argv[0] === '-h') && argv.length === 1) return { command: 'help', topic: null };
  const command = COMMANDS.has(argv[0]) ? (argv[0] as 'check' | 'model' | 'rules' | 'dump') : 'check';
  const rest = COMMANDS.has(argv[0]) ? argv.slice(1) : argv;
  const options = command === 'check' ? CHECK_OPTIONS : command === 'model' ? MODEL_OPTIONS : command === 'rules' ? RULES_OPTIONS : DUMP_OPTIONS;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')}\nRun 'inspect-session ${command} --help' for the options.`);
  }
  if (parsed.values.help) return { command: 'help', topic: command };
  // An empty argument (an unset shell variable in "$FILE") would otherwise be read as a file with no name.
  if (parsed.positionals.some((p) => p === '')) throw new UsageError(`an empty path was given (an unset variable in a script?)\nRun 'inspect-session ${command} --help' for the options.`);
  return { command, paths: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> } as ParsedArgs;
}

export const HELP: Record<string, string> = {
  main: `inspect-session — check audio post-production deliverables against delivery specifications

Usage:
  inspect-session [check] <path...> [options]   check deliverables (the default command)
  inspect-session model <path...> [--json]      print the normalized session model
  inspect-session rules [--profile id]          list the rules, with spec citations
  inspect-session dump <path> [--blocks]        format-level dump (PTX blocks, AAF objects, RIFF chunks, zip entries)

A <path> is a .ptx/.ptf/.pts session, an .aaf, a Session Info as Text export (.txt),
a .wav, a delivery .zip, a folder, or a *.session.json model.

Exit codes: 0 passed · 1 findings at or above --fail-on · 2 usage error or unreadable input
            3 no failures but some checks unverified (1 with --strict)

Run 'inspect-session <command> --help' for the options of a command.
`,
  check: `inspect-session check <path...> [options]

Checks each delivery and prints a report. Files of one session given together
(Show.ptx Show.txt Show.aaf in one folder) are merged into one model.

Options:
  --profile <id>           netflix-localized-edit | netflix-premix-wav | netflix-animation-dialogue | auto (default)
  --policy <file.json>     a policy: { "extends": "<profile>", "rules": { "<rule id>": ["error", { options }] } }
  --lines <file>           dubbing-script line counts (CSV "character,lines" or JSON {"Maria": 120})
  --knp <file>             the character names list (CSV "character" or a JSON array)
  --frame-rate <rate>      23.976 | 24 | 25 | 29.97 | 30 (tokens 23976, 2997 accepted)
  --picture-length <len>   picture duration: frames or HH:MM:SS:FF at --frame-rate
  --picture <ref.wav>      take the picture length from a reference WAV
  --format <fmt>           text | json | junit | sarif | html (default: text on a terminal, json when piped)
  -o, --output <file>      write the report to a file (format from the extension unless --format)
  --fail-on <level>        error (default) | warning
  --strict                 unverified checks count as failures (exit 1 instead of 3)
  -j, --jobs <n>           deliveries inspected in parallel (default: CPU count)
  -q, --quiet              only failures and the summary; no progress
  -v, --verbose            list passing checks too
  --no-color               no colours (also NO_COLOR)
  --no-hash                do not hash inputs (sha256) for the report

Examples:
  inspect-session Show_PKG1_ep101_es-ES_LocalizedEditProject_24_v1.zip --knp knp.csv --lines lines.csv
  inspect-session check Show.ptx Show.txt --frame-rate 24 --format json -o report.json
  inspect-session PKG1_Show_24_Mono_es-ES_PreMixQC_v1.wav --picture-length 01:32:10:00 --frame-rate 24
  inspect-session deliveries/ --jobs 2 --format junit -o qc.xml
`,
  model: `inspect-session model <path...> [--json]

Prints the normalized session model (JSON with --json, a summary otherwise).
Several files of one session are merged. Example: inspect-session model Show.ptx --json > Show.session.json
`,
  rules: `inspect-session rules [--profile <id>] [--format text|md|json]

Lists the rules (all, or those of one profile) with severity, required coverage and the spec line they enforce.
`,
  dump: `inspect-session dump <path> [--blocks] [--raw <out>]

Format-level dump for people who debug exports: the PTX block tree (--blocks), the AAF object tree,
RIFF chunks, zip entries. --raw writes the de-obfuscated bytes of a Pro Tools session to <out>.
`,
};
