/**
 * One element of a pattern leaf: a value to equal, or a matcher object such as `{"prefix": "job-"}`.
 * The checks follow what EventBridge's rule compiler accepts (aws/event-ruler JsonRuleCompiler).
 */
import { isJsonObject, isJsonScalar, type JsonValue } from '../json.js';
import { suggest } from '../../util/suggest.js';
import { parseCidr } from './cidr.js';
import { comparableNumberProblem, parseNumericRange } from './numeric.js';
import type { PatternPath } from './pattern-path.js';
import { problemAt, type PatternProblem } from './problems.js';
import type { Matcher, StringMatch } from './types.js';
import { parseWildcard } from './wildcard.js';

/** Also the names a field inside `$or` may not have. */
export const MATCHER_NAMES = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'] as const;

const EXCLUDABLE = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;
type Excludable = (typeof EXCLUDABLE)[number];

type Parsed<T> = { value: T } | { problems: PatternProblem[] };

const fail = (path: PatternPath, message: string, hint?: string): { problems: PatternProblem[] } => ({ problems: [problemAt(path, message, hint)] });

function stringMatch(kind: Excludable, text: string, ignoreCase: boolean, path: PatternPath): Parsed<StringMatch> {
  switch (kind) {
    case 'prefix':
    case 'suffix':
      return { value: { kind, text, ignoreCase } };
    case 'equals-ignore-case':
      return { value: { kind, text } };
    case 'wildcard': {
      const parsed = parseWildcard(text);
      return 'regex' in parsed
        ? { value: { kind, text, regex: parsed.regex } }
        : fail(path, `the wildcard "${text}" is not valid: ${parsed.problem}`, 'write \\* for a literal asterisk and \\\\ for a backslash');
    }
  }
}

/** `{"prefix": "x"}`, `{"prefix": {"equals-ignore-case": "x"}}` and the like. */
function affixOrText(kind: Excludable, value: unknown, path: PatternPath): Parsed<StringMatch> {
  if (typeof value === 'string') return stringMatch(kind, value, false, path);
  const affix = kind === 'prefix' || kind === 'suffix';
  if (affix && isJsonObject(value)) {
    const keys = Object.keys(value);
    const text = value['equals-ignore-case'];
    if (keys.length === 1 && typeof text === 'string') return stringMatch(kind, text, true, [...path, 'equals-ignore-case']);
    return fail(path, `${kind} takes a string, or {"equals-ignore-case": "..."} to ignore case`);
  }
  return fail(path, `${kind} takes a string${affix ? `, or {"equals-ignore-case": "..."} to ignore case` : ''}, not ${describe(value)}`);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isJsonObject(value)) return 'an object';
  return JSON.stringify(value) ?? String(value);
}

/** `{"anything-but": {"prefix": "x" | ["x", "y"]}}`. */
function anythingButMatching(value: Record<string, unknown>, path: PatternPath): Parsed<StringMatch[]> {
  const keys = Object.keys(value);
  const [kind] = keys;
  if (keys.length !== 1 || !(EXCLUDABLE as readonly string[]).includes(kind as string)) {
    return fail(path, `anything-but takes one of ${EXCLUDABLE.join(', ')} as an object, not {${keys.map((k) => JSON.stringify(k)).join(', ')}}`);
  }
  const op = kind as Excludable;
  const at = [...path, op];
  const texts = value[op];
  const list = Array.isArray(texts) ? texts : [texts];
  if (list.length === 0 || !list.every((t): t is string => typeof t === 'string')) return fail(at, `inside anything-but, ${op} takes a string or a list of strings`);
  const problems: PatternProblem[] = [];
  const matches: StringMatch[] = [];
  list.forEach((text, i) => {
    const where = Array.isArray(texts) ? [...at, i] : at;
    if (text === '' && (op === 'prefix' || op === 'suffix')) {
      problems.push(problemAt(where, `an empty ${op} inside anything-but would exclude every string`));
      return;
    }
    const parsed = stringMatch(op, text, false, where);
    if ('value' in parsed) matches.push(parsed.value);
    else problems.push(...parsed.problems);
  });
  return problems.length > 0 ? { problems } : { value: matches };
}

/** `{"anything-but": "x" | 5 | ["x", "y"] | [1, 2]}`: all strings or all numbers. */
function anythingButValues(value: unknown, path: PatternPath): Parsed<(string | number)[]> {
  const list = Array.isArray(value) ? value : [value];
  const shape = 'a string, a number, a list of strings or a list of numbers, or an object such as {"prefix": "x"}';
  const allStrings = list.every((v) => typeof v === 'string');
  const allNumbers = list.every((v) => typeof v === 'number');
  if (list.length === 0 || !(allStrings || allNumbers)) {
    return fail(path, `anything-but takes ${shape}`, list.length > 0 && list.some((v) => typeof v === 'string') ? 'a list may not mix strings with numbers, true, false or null' : undefined);
  }
  const problems = list.flatMap((v, i) => {
    const problem = typeof v === 'number' ? comparableNumberProblem(v) : undefined;
    return problem ? [problemAt(Array.isArray(value) ? [...path, i] : path, problem)] : [];
  });
  return problems.length > 0 ? { problems } : { value: list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number') };
}

function matcherObject(element: Record<string, JsonValue>, path: PatternPath): Parsed<Matcher> {
  const keys = Object.keys(element);
  if (keys.length !== 1) {
    const hint = keys.length > 1 ? `the elements of a leaf are alternatives: write each matcher as its own element, [{"${keys[0]}": …}, {"${keys[1]}": …}]` : undefined;
    return fail(
      path,
      keys.length === 0 ? 'an empty object is not a matcher: name one, such as {"prefix": "job-"}' : `a matcher holds one operator, not ${keys.length} (${keys.join(', ')})`,
      hint,
    );
  }
  const op = keys[0] as string;
  const value = element[op];
  const at = [...path, op];
  const source = element;
  switch (op) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard': {
      const parsed = affixOrText(op, value, at);
      return 'value' in parsed ? { value: { source, ...parsed.value } } : parsed;
    }
    case 'anything-but': {
      if (isJsonObject(value)) {
        const parsed = anythingButMatching(value, at);
        return 'value' in parsed ? { value: { source, kind: 'anything-but-matching', matches: parsed.value } } : parsed;
      }
      const parsed = anythingButValues(value, at);
      return 'value' in parsed ? { value: { source, kind: 'anything-but', values: parsed.value } } : parsed;
    }
    case 'numeric': {
      const parsed = parseNumericRange(value);
      return 'range' in parsed ? { value: { source, kind: 'numeric', range: parsed.range } } : fail(at, parsed.problem, parsed.hint);
    }
    case 'exists':
      return typeof value === 'boolean' ? { value: { source, kind: 'exists', exists: value } } : fail(at, `exists takes true or false, not ${describe(value)}`);
    case 'cidr': {
      if (typeof value !== 'string') return fail(at, `cidr takes a network like "10.0.0.0/24", not ${describe(value)}`);
      const parsed = parseCidr(value);
      return 'problem' in parsed ? fail(at, parsed.problem) : { value: { source, kind: 'cidr', block: parsed } };
    }
    default: {
      const [closest] = suggest(op, MATCHER_NAMES);
      return fail(path, `"${op}" is not a matcher${closest ? `; did you mean "${closest}"?` : ''}`, `matchers: ${MATCHER_NAMES.join(', ')}`);
    }
  }
}

/** One element of a leaf list, parsed. */
export function parseLeafElement(element: unknown, path: PatternPath): Parsed<Matcher> {
  if (typeof element === 'number' && !Number.isFinite(element)) return fail(path, `${element} is not a number JSON can hold`);
  if (isJsonScalar(element)) return { value: { source: element, kind: 'equals', value: element } };
  if (isJsonObject(element)) return matcherObject(element, path);
  return fail(
    path,
    `a leaf lists strings, numbers, true, false, null and matcher objects, not ${describe(element)}`,
    Array.isArray(element) ? 'flatten the inner list into the leaf: its elements are alternatives already' : undefined,
  );
}
