// A validator for the subset of JSON Schema (2020-12) that schemas/*.json use: type (one or a
// list; integer), const, enum, pattern, required, properties, items, anyOf, allOf, and $ref to
// "#/$defs/NAME". Returns the list of problems, each with its JSON path; [] means valid.
export function validate(schema, value, root = schema, path = '$') {
  const errors = [];
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) return [`${path}: unknown $ref ${schema.$ref}`];
    errors.push(...validate(target, value, root, path));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    const ok = types.some((t) => t === actual || (t === 'integer' && Number.isInteger(value)) || (t === 'number' && actual === 'number'));
    if (!ok) return [...errors, `${path}: ${actual} where ${types.join(' or ')} is expected`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.pattern && typeof value === 'string' && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: '${value}' does not match ${schema.pattern}`);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${path}: no key '${k}'`);
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in value) errors.push(...validate(s, value[k], root, `${path}.${k}`));
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errors.push(...validate(schema.items, v, root, `${path}[${i}]`)));
  if (schema.allOf) for (const s of schema.allOf) errors.push(...validate(s, value, root, path));
  if (schema.anyOf) {
    const each = schema.anyOf.map((s) => validate(s, value, root, path));
    if (!each.some((e) => e.length === 0)) errors.push(`${path}: matches none of anyOf (${each.map((e) => e[0]).join(' | ')})`);
  }
  return errors;
}
