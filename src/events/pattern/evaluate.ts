/**
 * Matching an event against a pattern, with EventBridge's semantics: every field of the pattern must
 * match (and one `$or` alternative); a leaf matches when any of its matchers accepts any of the event's
 * values there (an array in the event offers each of its elements); a field missing from the event
 * matches only `{"exists": false}`, and so does one holding an object, which is not a leaf (EventBridge
 * user guide, Exists matching). A pattern object matched against an array of objects matches when one
 * element matches it as a whole, so fields from different elements never combine (event-ruler's
 * array-consistent matching).
 *
 * One evaluator serves both `matchesPattern` (stops at the first field that fails) and `explainMatch`
 * (given an outcome list, evaluates everything and records why).
 */
import { isJsonObject, isJsonScalar, ownField, type JsonObject, type JsonScalar } from '../json.js';
import { matcherAccepts } from './matcher-accepts.js';
import type { PatternPath } from './pattern-path.js';
import type { EventPattern, Matcher, PatternField } from './types.js';

export type Outcome =
  | { kind: 'leaf'; path: PatternPath; matched: boolean; matchers: readonly Matcher[]; values: JsonScalar[]; eventValue: unknown }
  | { kind: 'or'; path: PatternPath; matched: boolean; alternatives: { matched: boolean; outcomes: Outcome[] }[] }
  | { kind: 'elements'; path: PatternPath; matched: boolean; elements: { matched: boolean; outcomes: Outcome[] }[] };

/** The scalars an event offers at a field: itself, or the scalars of an array (nested arrays included). */
function leafValues(value: unknown): JsonScalar[] {
  const values: JsonScalar[] = [];
  const pending = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (isJsonScalar(next)) values.push(next);
    else if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) pending.push(next[i]);
  }
  return values;
}

/** The objects inside an array (nested arrays included), in order. */
function arrayObjects(array: unknown[]): JsonObject[] {
  const objects: JsonObject[] = [];
  const pending: unknown[] = [array];
  while (pending.length > 0) {
    const next = pending.pop();
    if (isJsonObject(next)) objects.push(next);
    else if (Array.isArray(next)) for (let i = next.length - 1; i >= 0; i--) pending.push(next[i]);
  }
  return objects;
}

function leafMatches(matchers: readonly Matcher[], values: JsonScalar[]): boolean {
  if (values.length === 0) return matchers.some((m) => m.kind === 'exists' && !m.exists);
  return matchers.some((m) => values.some((v) => matcherAccepts(m, v)));
}

function matchNested(pattern: EventPattern, value: unknown, path: PatternPath, out: Outcome[] | undefined): boolean {
  if (!Array.isArray(value)) return matchObject(pattern, isJsonObject(value) ? value : {}, path, out);
  const objects = arrayObjects(value);
  if (objects.length === 0) return matchObject(pattern, {}, path, out);
  if (!out) return objects.some((object) => matchObject(pattern, object, path, undefined));
  const elements = objects.map((object, i) => {
    const outcomes: Outcome[] = [];
    return { matched: matchObject(pattern, object, [...path, i], outcomes), outcomes };
  });
  const matched = elements.some((e) => e.matched);
  out.push({ kind: 'elements', path, matched, elements });
  return matched;
}

function matchField(field: PatternField, object: JsonObject, path: PatternPath, out: Outcome[] | undefined): boolean {
  const value = ownField(object, field.name);
  // Paths only matter to an explanation; matching alone does not build them.
  const at = out ? [...path, field.name] : path;
  if (field.kind === 'nested') return matchNested(field.pattern, value, at, out);
  const values = leafValues(value);
  const matched = leafMatches(field.matchers, values);
  out?.push({ kind: 'leaf', path: at, matched, matchers: field.matchers, values, eventValue: value });
  return matched;
}

function matchAlternatives(or: readonly EventPattern[], object: JsonObject, path: PatternPath, out: Outcome[] | undefined): boolean {
  if (!out) return or.some((alternative) => matchObject(alternative, object, path, undefined));
  const alternatives = or.map((alternative, i) => {
    const outcomes: Outcome[] = [];
    return { matched: matchObject(alternative, object, [...path, '$or', i], outcomes), outcomes };
  });
  const matched = alternatives.some((a) => a.matched);
  out.push({ kind: 'or', path: [...path, '$or'], matched, alternatives });
  return matched;
}

/** With `out`, every field is evaluated and its outcome recorded; without, evaluation stops at the first failure. */
export function matchObject(pattern: EventPattern, object: JsonObject, path: PatternPath, out: Outcome[] | undefined): boolean {
  let matched = true;
  for (const field of pattern.fields) {
    if (!matchField(field, object, path, out)) {
      if (!out) return false;
      matched = false;
    }
  }
  if (pattern.or && !matchAlternatives(pattern.or, object, path, out)) matched = false;
  return matched;
}

/** Whether the event matches; any value is accepted (one that is not an object matches only absences). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, isJsonObject(event) ? event : {}, [], undefined);
}
