/**
 * Why an event matches a pattern or not, field by field, for `events test`: each leaf says what the
 * event holds there and which of the pattern's values or matchers accepts it (or that none does, with a
 * note on the usual surprises: a number written as a string, a difference in case, a missing field).
 */
import { isJsonObject, type JsonScalar } from '../json.js';
import { matchObject, type Outcome } from './evaluate.js';
import { matcherAccepts } from './matcher-accepts.js';
import { formatPatternPath } from './pattern-path.js';
import type { EventPattern, Matcher } from './types.js';

export interface MatchReason {
  /** The field in the pattern: `detail.state`, `detail.$or[1].exitCode`, `detail.items[0].name`. */
  path: string;
  matched: boolean;
  reason: string;
}

export interface MatchExplanation {
  matched: boolean;
  /** In pattern order; a `$or` or a list of objects first, then what each alternative or element gave. */
  reasons: MatchReason[];
}

const show = (value: unknown) => JSON.stringify(value) ?? String(value);
const list = (items: readonly unknown[]) => `[${items.map(show).join(', ')}]`;

/** What surprises people when a value that looks right does not match. */
function note(matchers: readonly Matcher[], values: JsonScalar[]): string | undefined {
  for (const m of matchers) {
    for (const v of values) {
      if (m.kind === 'numeric' && typeof v === 'string') return `numeric matches only JSON numbers, and ${show(v)} is a string`;
      if (m.kind === 'equals' && typeof m.value !== typeof v && String(m.value) === String(v))
        return `${show(m.value)} and ${show(v)} differ: one is a ${typeof m.value}, the other a ${typeof v}`;
      if (m.kind === 'equals' && typeof m.value === 'string' && typeof v === 'string' && m.value.toLowerCase() === v.toLowerCase()) {
        return `only the case differs: {"equals-ignore-case":${show(m.value)}} would match`;
      }
      if (m.kind === 'exists' && !m.exists) return '{"exists":false} asks for the field to be absent';
    }
  }
  return undefined;
}

function leafReason(outcome: Extract<Outcome, { kind: 'leaf' }>): string {
  const { matchers, values, eventValue, matched } = outcome;
  const alternatives = list(matchers.map((m) => m.source));
  const equalsOnly = matchers.every((m) => m.kind === 'equals');
  if (values.length === 0) {
    const holds = eventValue === undefined ? 'missing from the event' : isJsonObject(eventValue) ? 'holds an object, not a value' : 'holds a list without values';
    if (matched) return `${holds}, which {"exists":false} accepts`;
    const anythingBut = matchers.some((m) => m.kind === 'anything-but' || m.kind === 'anything-but-matching');
    return anythingBut && eventValue === undefined ? `${holds} (anything-but matches only a value that is there)` : holds;
  }
  const subject = values.length === 1 && !Array.isArray(eventValue) ? show(values[0]) : `the list ${list(values)}`;
  if (matched) {
    for (const m of matchers) {
      const accepted = values.find((v) => matcherAccepts(m, v));
      if (accepted === undefined) continue;
      const what = values.length === 1 && !Array.isArray(eventValue) ? subject : `${show(accepted)} (in ${subject})`;
      return equalsOnly ? `${what} is one of ${alternatives}` : `${what} matches ${show(m.source)}`;
    }
  }
  const why = note(matchers, values);
  const base =
    values.length === 1 && !Array.isArray(eventValue)
      ? `${subject} ${equalsOnly ? 'is not one of' : 'matches none of'} ${alternatives}`
      : `nothing in ${subject} ${equalsOnly ? 'is one of' : 'matches'} ${alternatives}`;
  return why ? `${base} (${why})` : base;
}

function reasons(outcomes: Outcome[]): MatchReason[] {
  return outcomes.flatMap(outcomeReasons);
}

function outcomeReasons(outcome: Outcome): MatchReason[] {
  const path = formatPatternPath(outcome.path);
  switch (outcome.kind) {
    case 'leaf':
      return [{ path, matched: outcome.matched, reason: leafReason(outcome) }];
    case 'or': {
      const first = outcome.alternatives.findIndex((a) => a.matched);
      const reason = first >= 0 ? `alternative ${first} matches` : `none of the ${outcome.alternatives.length} alternatives matches`;
      return [{ path, matched: outcome.matched, reason }, ...outcome.alternatives.flatMap((a) => reasons(a.outcomes))];
    }
    case 'elements': {
      const first = outcome.elements.findIndex((e) => e.matched);
      const reason = first >= 0 ? `element ${first} of the list matches` : `none of the ${outcome.elements.length} objects in the list matches`;
      return [{ path, matched: outcome.matched, reason }, ...outcome.elements.flatMap((e) => reasons(e.outcomes))];
    }
  }
}

export function explainMatch(pattern: EventPattern, event: unknown): MatchExplanation {
  const outcomes: Outcome[] = [];
  const matched = matchObject(pattern, isJsonObject(event) ? event : {}, [], outcomes);
  return { matched, reasons: reasons(outcomes) };
}
