import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RestApiVersion } from '../../../src/launch/slurm/job-description/index.js';

interface Schema {
  type?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  required?: string[];
}

interface SchemaFile {
  root: string;
  schemas: Record<string, Schema>;
}

const DIR = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'slurm-openapi');

export function submissionSchema(version: RestApiVersion): SchemaFile {
  return JSON.parse(readFileSync(join(DIR, `${version}-job-submit.json`), 'utf8')) as SchemaFile;
}

/** A deviation from the document that the real server needs, allowed by path (`job.nodes`) and why. */
export type Allowance = (path: string, value: unknown) => boolean;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every problem of `value` against `schema`: a property the schema does not have, a type or enum mismatch, a required field missing. */
export function schemaProblems(file: SchemaFile, value: unknown, allow: Allowance = () => false): string[] {
  const problems: string[] = [];
  const resolve = (schema: Schema): Schema => (schema.$ref ? resolve(file.schemas[schema.$ref.split('/').at(-1) as string] as Schema) : schema);
  const check = (raw: Schema, v: unknown, path: string): void => {
    if (allow(path, v)) return;
    const schema = resolve(raw);
    const type = typeOf(v);
    if (schema.type && schema.type !== type && !(schema.type === 'number' && type === 'integer')) {
      problems.push(`${path}: ${type} where the schema has ${schema.type}`);
      return;
    }
    if (schema.enum && !schema.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is none of ${schema.enum.join(', ')}`);
    if (type === 'array' && schema.items) {
      for (const [i, item] of (v as unknown[]).entries()) check(schema.items, item, `${path}[${i}]`);
    }
    if (type !== 'object' || !schema.properties) return;
    const object = v as Record<string, unknown>;
    for (const field of schema.required ?? []) if (!(field in object)) problems.push(`${path}: no ${field}, which is required`);
    for (const [field, item] of Object.entries(object)) {
      const sub = schema.properties[field];
      if (sub) check(sub, item, path ? `${path}.${field}` : field);
      else if (!allow(path ? `${path}.${field}` : field, item)) problems.push(`${path ? `${path}.` : ''}${field}: no such property`);
    }
  };
  check({ $ref: file.root }, value, '');
  return problems;
}
