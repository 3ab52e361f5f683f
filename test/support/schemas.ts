/** Where the published schemas live: $SCHEMAS_DIR or ../shared/schemas beside the project. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const SCHEMAS = process.env.SCHEMAS_DIR ?? resolve(__dirname, '../../../shared/schemas');
export const SARIF_SCHEMA = resolve(SCHEMAS, 'sarif-schema-2.1.0.json');
export const JUNIT_XSD = resolve(SCHEMAS, 'junit-10.xsd');
export const HAVE_SARIF_SCHEMA = existsSync(SARIF_SCHEMA);
export const HAVE_JUNIT_XSD = existsSync(JUNIT_XSD);

if (!HAVE_SARIF_SCHEMA || !HAVE_JUNIT_XSD) {
  // eslint-disable-next-line no-console
  console.warn(`schemas not found at ${SCHEMAS}: schema validation tests are skipped (set SCHEMAS_DIR); structural checks still run`);
}
