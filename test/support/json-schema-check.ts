/**
 * A JSON Schema (draft 2020-12) check for the keywords spawn-slurm's own schemas use, and no others: a
 * keyword it does not know is an error, so a schema cannot quietly rely on one that is not checked.
 */

type Schema = { [keyword: string]: unknown };

const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', '$defs']);
const CHECKED = new Set(['type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'pattern', 'minimum', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  return typeOf(value) === type;
}

const equal = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class SchemaChecker {
  constructor(private readonly root: Schema) {}

  /** Where `value` breaks the schema: `detail.exitCode: does not match ^[0-9]+:[0-9]+$`; empty when it conforms. */
  problems(value: unknown): string[] {
    const found: string[] = [];
    this.check(this.root, value, '', found);
    return found;
  }

  private resolve(ref: string): Schema {
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const defs = this.root.$defs as Record<string, Schema> | undefined;
    const target = match?.[1] ? defs?.[match[1]] : undefined;
    if (!target) throw new Error(`unsupported or unknown $ref ${ref}`);
    return target;
  }

  private check(schema: Schema, value: unknown, at: string, found: string[]): void {
    const where = at || '(the event)';
    for (const keyword of Object.keys(schema)) {
      if (!ANNOTATIONS.has(keyword) && !CHECKED.has(keyword)) throw new Error(`the schema uses "${keyword}" at ${where}, which this check does not implement`);
    }
    if (typeof schema.$ref === 'string') this.check(this.resolve(schema.$ref), value, at, found);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => hasType(value, t))) {
        found.push(`${where}: is ${typeOf(value)}, not ${types.join(' or ')}`);
        return;
      }
    }
    if ('const' in schema && !equal(schema.const, value)) found.push(`${where}: is ${JSON.stringify(value)}, not ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => equal(e, value))) found.push(`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      found.push(`${where}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    if (typeof value === 'number' && typeof schema.minimum === 'number' && value < schema.minimum) found.push(`${where}: ${value} is below ${schema.minimum}`);
    if (Array.isArray(value) && schema.items) {
      for (const [i, item] of value.entries()) this.check(schema.items as Schema, item, `${at}[${i}]`, found);
    }
    if (typeOf(value) === 'object') this.checkObject(schema, value as Record<string, unknown>, at, found);
  }

  private checkObject(schema: Schema, object: Record<string, unknown>, at: string, found: string[]): void {
    const prefix = at ? `${at}.` : '';
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!Object.hasOwn(object, name)) found.push(`${prefix}${name}: is missing`);
    for (const [name, child] of Object.entries(object)) {
      if (schema.propertyNames) this.check(schema.propertyNames as Schema, name, `${prefix}${name} (the name)`, found);
      const declared = Object.hasOwn(properties, name) ? properties[name] : undefined;
      if (declared) this.check(declared, child, `${prefix}${name}`, found);
      else if (schema.additionalProperties === false) found.push(`${prefix}${name}: is not a field the schema knows`);
      else if (typeof schema.additionalProperties === 'object') this.check(schema.additionalProperties as Schema, child, `${prefix}${name}`, found);
    }
  }
}
