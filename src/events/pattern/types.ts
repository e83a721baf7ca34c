/**
 * A parsed EventBridge event pattern: what `parseEventPattern` returns and `matchesPattern` evaluates.
 * Every matcher keeps the pattern text it came from (`source`), so explanations quote the pattern as written.
 */
import type { JsonScalar, JsonValue } from '../json.js';

/** The matchers that test a string (alone, or excluded by `anything-but`). */
export type StringMatch =
  | { kind: 'prefix'; text: string; ignoreCase: boolean }
  | { kind: 'suffix'; text: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; text: string }
  | { kind: 'wildcard'; text: string; regex: RegExp };

/** Bounds of a `numeric` matcher; an open side is ±Infinity. `["=", 5]` is [5, 5]. */
export interface NumericRange {
  min: number;
  minInclusive: boolean;
  max: number;
  maxInclusive: boolean;
}

export interface CidrBlock {
  family: 'ipv4' | 'ipv6';
  /** The address as a number (32 or 128 bits) and how many of its leading bits must match. */
  network: bigint;
  prefixLength: number;
}

export type Matcher = { source: JsonValue } & (
  | { kind: 'equals'; value: JsonScalar }
  | StringMatch
  /** `{"anything-but": "x" | 5 | [...]}`: any value but these. */
  | { kind: 'anything-but'; values: readonly (string | number)[] }
  /** `{"anything-but": {"prefix": ...}}` and the like: any value but a string these match. */
  | { kind: 'anything-but-matching'; matches: readonly StringMatch[] }
  | { kind: 'numeric'; range: NumericRange }
  | { kind: 'exists'; exists: boolean }
  | { kind: 'cidr'; block: CidrBlock }
);

/** A field of the pattern: a leaf (a list of alternatives) or an object matched against the event's object there. */
export type PatternField = { name: string } & ({ kind: 'leaf'; matchers: readonly Matcher[] } | { kind: 'nested'; pattern: EventPattern });

/** Every field must match, and one of the `$or` alternatives (when there are any). */
export interface EventPattern {
  fields: readonly PatternField[];
  or?: readonly EventPattern[];
}
