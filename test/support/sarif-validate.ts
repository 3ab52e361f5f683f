/** The published SARIF 2.1.0 schema (draft-04, read through ajv-draft-04) as a validator. */
import { readFileSync } from 'node:fs';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { HAVE_SARIF_SCHEMA, SARIF_SCHEMA } from './schemas.js';

type Validate = ((log: unknown) => boolean) & { errors?: unknown[] | null };

let cached: Validate | null = null;

/** The compiled validator; null when the schema file is absent. */
export function sarifValidator(): Validate | null {
  if (!HAVE_SARIF_SCHEMA) return null;
  if (!cached) {
    const ajv = new Ajv04({ allErrors: true, strict: false });
    addFormats(ajv);
    cached = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8'))) as Validate;
  }
  return cached;
}
