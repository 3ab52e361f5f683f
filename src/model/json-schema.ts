/**
 * A small JSON Schema (2020-12 subset) validator for the project's own
 * schemas: type, enum, const, required, properties, additionalProperties,
 * items, anyOf, minimum, exclusiveMinimum, $ref to "#/$defs/…". It reports
 * every error with a JSON-pointer path, which is what a user needs to fix a
 * model file. (The tests cross-check the schemas with a full validator.)
 */
export type SchemaError = { path: string; message: string };
type Schema = Record<string, unknown>;

export function validateAgainst(root: Schema, value: unknown, maxErrors = 50): SchemaError[] {
  const errors: SchemaError[] = [];
  walk(root, root, value, '', errors, maxErrors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  // Integers are sample counts and positions: one beyond 2^53 (1e308) is not exact, so not an integer here.
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(t: string, v: unknown): boolean {
  const actual = typeOf(v);
  return t === actual || (t === 'number' && actual === 'integer');
}

function walk(root: Schema, schema: Schema, v: unknown, path: string, errors: SchemaError[], max: number): void {
  if (errors.length >= max) return;
  const at = path || '/';
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = (root.$defs as Record<string, Schema> | undefined)?.[name];
    if (target) walk(root, target, v, path, errors, max);
    return;
  }
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as Schema[]).some((s) => {
      const sub: SchemaError[] = [];
      walk(root, s, v, path, sub, 1);
      return sub.length === 0;
    });
    if (!ok) {
      // report the errors of the most specific alternative (the non-null one)
      const alt = (schema.anyOf as Schema[]).find((s) => !(s.type === 'null')) ?? (schema.anyOf as Schema[])[0];
      walk(root, alt, v, path, errors, max);
    }
    return;
  }
  if ('const' in schema && v !== schema.const) {
    errors.push({ path: at, message: `must be ${JSON.stringify(schema.const)}` });
    return;
  }
  if (Array.isArray(schema.enum) && !(schema.enum as unknown[]).includes(v)) {
    errors.push({ path: at, message: `must be one of ${(schema.enum as unknown[]).map((e) => JSON.stringify(e)).join(', ')}, not ${JSON.stringify(v)}` });
    return;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(t, v))) {
      errors.push({ path: at, message: `must be ${types.join(' or ')}, not ${typeOf(v)}` });
      return;
    }
  }
  if (typeof v === 'number') {
    if (typeof schema.minimum === 'number' && v < schema.minimum) errors.push({ path: at, message: `must be ≥ ${schema.minimum}` });
    if (typeof schema.exclusiveMinimum === 'number' && v <= schema.exclusiveMinimum) errors.push({ path: at, message: `must be > ${schema.exclusiveMinimum}` });
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const obj = v as Record<string, unknown>;
    for (const r of (schema.required as string[] | undefined) ?? []) {
      if (!(r in obj)) errors.push({ path: at, message: `is missing required property "${r}"` });
    }
    const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const [k, val] of Object.entries(obj)) {
      const child = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (props[k]) walk(root, props[k], val, child, errors, max);
      else if (schema.additionalProperties === false) errors.push({ path: child, message: 'is not allowed' });
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        walk(root, schema.additionalProperties as Schema, val, child, errors, max);
      }
    }
  }
  if (Array.isArray(v) && schema.items && typeof schema.items === 'object') {
    v.forEach((item, i) => walk(root, schema.items as Schema, item, `${path}/${i}`, errors, max));
  }
}
