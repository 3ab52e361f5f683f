/** Where the shared corpus lives: $SESSION_CORPUS or ../shared/corpus beside the project. */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const CORPUS = process.env.SESSION_CORPUS ?? resolve(__dirname, '../../../shared/corpus');
export const HAVE_CORPUS = existsSync(CORPUS);

/** Path inside the corpus. */
export function corpusPath(...parts: string[]): string {
  return resolve(CORPUS, ...parts);
}

/** The names of the files ending in `.${ext}` in a corpus folder, sorted; none without the corpus. */
export function corpusFiles(ext: string, ...folder: string[]): string[] {
  if (!HAVE_CORPUS) return [];
  const suffix = `.${ext}`;
  return readdirSync(corpusPath(...folder)).filter((n) => n.endsWith(suffix)).sort();
}

if (!HAVE_CORPUS) {
  // eslint-disable-next-line no-console
  console.warn(`corpus not found at ${CORPUS}: corpus tests are skipped (set SESSION_CORPUS)`);
}
