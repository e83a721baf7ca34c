/**
 * Turns zod issues into diagnostics that name the field path, say what was expected and what the file
 * holds, and point at the offending key or value.
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import type { Diagnostic, Origin } from '../../parser/diagnostic.js';
import { formatFieldPath } from '../../util/field-path.js';
import { suggest } from '../../util/suggest.js';
import { MAPPING_CODES } from './codes.js';
import type { CustomIssueParams } from './schema.js';
import { FIELD_HINTS } from './schema.js';
import { knownKeysAt } from './schema-keys.js';
import { locate } from './yaml-locate.js';
import type { Target } from './yaml-locate.js';

export interface IssueSource {
  doc: Document;
  origin: Origin;
  schema: z.core.$ZodType;
}

type Path = readonly PropertyKey[];

/** `partitions.gpu.instance_types[2]`, `modules["gcc/12.2.0"].setup`. */
export function fieldPath(path: Path): string {
  return formatFieldPath(path, 'top level');
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a map';
}

const YAML_1_1_BOOLEANS = /^(?:y|yes|n|no|on|off)$/i;

/** Hints that hold whatever the field: YAML's typing surprises. */
function typingHint(expected: string | undefined, input: unknown): string | undefined {
  if (expected === 'boolean' && typeof input === 'string' && YAML_1_1_BOOLEANS.test(input)) {
    return 'YAML 1.2 reads yes/no/on/off as text: write true or false';
  }
  if ((expected === 'number' || expected === 'int') && typeof input === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(input)) {
    return 'remove the quotes: the value must be a number';
  }
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    return `put the value in quotes: "${String(input)}"`;
  }
  if (expected === 'object' && input === null) return 'give the section some settings, or remove it';
  return undefined;
}

function diagnostic(code: string, message: string, hint: string | undefined, source: IssueSource, path: Path, target: Target): Diagnostic {
  return {
    code,
    severity: 'error',
    message,
    ...(hint ? { hint } : {}),
    origin: source.origin,
    range: locate(source.doc, path, target),
  };
}

/**
 * `secret:` where the map takes `secret_env:` (and `token:` beside `token_env:`): the value is a secret,
 * which the file must not hold. The message does not repeat it.
 */
function literalSecret(objectPath: Path, key: string, known: readonly string[]): string | undefined {
  if (!known.includes(`${key}_env`)) return undefined;
  return `${fieldPath([...objectPath, key])}: the ${key} itself never goes in the configuration file`;
}

function unknownKey(objectPath: Path, key: string, source: IssueSource): Diagnostic {
  const known = knownKeysAt(source.schema, objectPath);
  const secret = literalSecret(objectPath, key, known);
  if (secret) {
    const hint = `put it in an environment variable and name that variable instead: ${key}_env: VARIABLE_NAME`;
    return diagnostic(MAPPING_CODES.unknownKey, secret, hint, source, [...objectPath, key], 'key');
  }
  const [closest] = suggest(key, known);
  const what = objectPath.length === 0 ? 'unknown section' : 'unknown key';
  const message = `${fieldPath([...objectPath, key])}: ${what}${closest ? `; did you mean "${closest}"?` : ''}`;
  const hint =
    key === '<<'
      ? 'YAML merge keys (<<) are not supported: repeat the settings, or reuse a whole value with an alias (*name)'
      : known.length > 0
        ? `known ${objectPath.length === 0 ? 'sections' : 'keys'} here: ${known.join(', ')}`
        : undefined;
  return diagnostic(MAPPING_CODES.unknownKey, message, hint, source, [...objectPath, key], 'key');
}

export function issueDiagnostics(issue: z.core.$ZodIssue, source: IssueSource): Diagnostic[] {
  const path = issue.path;
  const at = fieldPath(path);
  const input = 'input' in issue ? issue.input : undefined;
  const fieldHint = FIELD_HINTS.get(issue.message)?.(input);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(path, key, source));
    case 'invalid_key': {
      const inner = issue.issues[0];
      const name = describeValue(String(path.at(-1)));
      const why = inner?.code === 'custom' ? inner.message : `expected ${inner?.message ?? 'a valid name'}`;
      const message = `${fieldPath(path.slice(0, -1))}: the name ${name} is not valid: ${why}`;
      return [diagnostic(MAPPING_CODES.invalidName, message, undefined, source, path, 'key')];
    }
    case 'custom': {
      const params = (issue.params ?? {}) as CustomIssueParams;
      return [diagnostic(params.code ?? MAPPING_CODES.invalidValue, `${at}: ${issue.message}`, params.hint, source, path, 'value')];
    }
    case 'invalid_type':
    case 'invalid_union': {
      const expectedType = issue.code === 'invalid_type' ? issue.expected : undefined;
      // zod reports 2.5 for an integer field as a type error; to a user it is a number with a wrong value.
      const code = input === undefined ? MAPPING_CODES.missingValue : expectedType === 'int' && typeof input === 'number' ? MAPPING_CODES.invalidValue : MAPPING_CODES.wrongType;
      const message = `${at}: expected ${issue.message}, got ${describeValue(input)}`;
      return [diagnostic(code, message, fieldHint ?? typingHint(expectedType, input), source, path, 'value')];
    }
    case 'invalid_value': {
      const [closest] = typeof input === 'string' ? suggest(input, issue.values.map(String)) : [];
      const message = `${at}: expected ${issue.message}, got ${describeValue(input)}${closest ? `; did you mean "${closest}"?` : ''}`;
      return [diagnostic(MAPPING_CODES.invalidValue, message, fieldHint, source, path, 'value')];
    }
    default: {
      const message = `${at}: expected ${issue.message}, got ${describeValue(input)}`;
      return [diagnostic(MAPPING_CODES.invalidValue, message, fieldHint, source, path, 'value')];
    }
  }
}
