/**
 * Reads an EventBridge event pattern (a JSON object) into an `EventPattern`, or says everything that is
 * wrong with it, each problem located by its path inside the pattern. Never throws on bad input.
 * What is accepted follows EventBridge's rule compiler (aws/event-ruler JsonRuleCompiler): every leaf is
 * a non-empty list, objects are not empty, `$or` is a list of at least two objects, and inside `$or`
 * no field may have a name the compiler keeps for matchers.
 */
import { isJsonObject } from '../json.js';
import { MATCHER_NAMES, parseLeafElement } from './parse-matcher.js';
import type { PatternPath } from './pattern-path.js';
import { formatPatternProblem, problemAt, type PatternProblem } from './problems.js';
import type { EventPattern, Matcher, PatternField } from './types.js';

export type PatternParseResult = { ok: true; pattern: EventPattern } | { ok: false; problems: PatternProblem[] };

const OR = '$or';

/** Names EventBridge's rule compiler keeps for itself inside `$or`: the matchers, and words reserved for more (aws/event-ruler Constants). */
const RESERVED_IN_OR = new Set<string>([
  ...MATCHER_NAMES,
  'exactly',
  'html',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

interface Walk {
  problems: PatternProblem[];
  /** Inside a `$or` alternative, where matcher names are not field names. */
  insideOr: boolean;
}

function leaf(name: string, value: unknown[], path: PatternPath, walk: Walk): PatternField {
  if (value.length === 0)
    walk.problems.push(problemAt(path, "a pattern's leaf must list at least one value or matcher", 'leave the field out to accept any value, or write [{"exists": true}]'));
  const matchers: Matcher[] = [];
  value.forEach((element, i) => {
    const parsed = parseLeafElement(element, [...path, i]);
    if ('value' in parsed) matchers.push(parsed.value);
    else walk.problems.push(...parsed.problems);
  });
  return { name, kind: 'leaf', matchers };
}

function alternatives(value: unknown, path: PatternPath, walk: Walk): EventPattern[] {
  if (!Array.isArray(value) || value.length < 2) {
    walk.problems.push(problemAt(path, '$or must be a list of at least two patterns', 'write $or: [{...}, {...}]; with one alternative, write its fields without $or'));
    return [];
  }
  const inner = { ...walk, insideOr: true };
  return value.map((alternative, i) => object(alternative, [...path, i], inner));
}

function object(value: unknown, path: PatternPath, walk: Walk): EventPattern {
  if (!isJsonObject(value)) {
    walk.problems.push(
      problemAt(path, path.length === 0 ? 'a pattern must be an object of event fields' : `${path.at(-2) === OR ? 'an alternative of $or' : 'this'} must be an object of event fields`),
    );
    return { fields: [] };
  }
  const names = Object.keys(value);
  if (names.length === 0) {
    walk.problems.push(
      problemAt(
        path,
        'an object in a pattern must name at least one field',
        path.length === 0 ? 'to match every event spawn-slurm writes, use {"source": [{"prefix": "spawn-slurm."}]}' : undefined,
      ),
    );
  }
  const fields: PatternField[] = [];
  let or: EventPattern[] | undefined;
  for (const name of names) {
    const at = [...path, name];
    const child = value[name];
    if (name === OR) {
      or = alternatives(child, at, walk);
      continue;
    }
    if (walk.insideOr && RESERVED_IN_OR.has(name)) {
      walk.problems.push(problemAt(at, `"${name}" is a name EventBridge keeps for matchers, which it does not accept as a field name inside $or`));
      continue;
    }
    if (Array.isArray(child)) fields.push(leaf(name, child, at, walk));
    else if (isJsonObject(child)) fields.push({ name, kind: 'nested', pattern: object(child, at, walk) });
    else
      walk.problems.push(
        problemAt(
          at,
          "a pattern's leaf must be an array of values or matchers",
          `write ${JSON.stringify(name)}: [${JSON.stringify(child) ?? 'value'}] (the list holds the values that match)`,
        ),
      );
  }
  return or ? { fields, or } : { fields };
}

export function parseEventPattern(input: unknown): PatternParseResult {
  const walk: Walk = { problems: [], insideOr: false };
  const pattern = object(input, [], walk);
  return walk.problems.length === 0 ? { ok: true, pattern } : { ok: false, problems: walk.problems };
}

/** A pattern already known to be valid (one from a loaded configuration); a problem here is a bug. */
export function compileEventPattern(input: unknown): EventPattern {
  const parsed = parseEventPattern(input);
  if (!parsed.ok) throw new Error(`invalid event pattern: ${parsed.problems.map(formatPatternProblem).join('; ')}`);
  return parsed.pattern;
}
