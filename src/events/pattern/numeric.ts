/**
 * `{"numeric": [">", 0, "<=", 5]}`. EventBridge compares numbers from -5e9 to 5e9 with six decimal
 * places (aws/event-ruler ComparableNumber), so a pattern's bounds must lie within that; values are
 * compared as doubles here.
 */
import type { NumericRange } from './types.js';

const NUMERIC_LIMIT = 5e9;
const MAX_DECIMALS = 6;

/** Why EventBridge would refuse this number in a numeric comparison or an anything-but list. */
export function comparableNumberProblem(value: number): string | undefined {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) return `${value} is outside the numbers EventBridge compares (-5e9 to 5e9)`;
  // JavaScript writes numbers below 1e-6 with an exponent: those have more than six decimals.
  const text = String(value);
  const decimals = text.includes('e-') ? Infinity : (text.split('.')[1]?.length ?? 0);
  if (decimals > MAX_DECIMALS) return `${value} has more than ${MAX_DECIMALS} decimal places, which EventBridge does not compare`;
  return undefined;
}

const LOWER = { '>': false, '>=': true } as const;
const UPPER = { '<': false, '<=': true } as const;

type Parsed = { range: NumericRange } | { problem: string; hint?: string };

function bound(operator: unknown, value: unknown): { problem: string } | { value: number } {
  if (typeof value !== 'number') return { problem: `${JSON.stringify(operator)} must be followed by a number, not ${value === undefined ? 'nothing' : JSON.stringify(value)}` };
  const problem = comparableNumberProblem(value);
  return problem ? { problem } : { value };
}

export function parseNumericRange(terms: unknown): Parsed {
  const shape = 'a list like [">", 0, "<=", 5], ["<", 10] or ["=", 3.5]';
  if (!Array.isArray(terms) || terms.length === 0) return { problem: `numeric takes ${shape}` };
  const [operator, value, upperOperator, upperValue, ...rest] = terms as unknown[];
  const first = bound(operator, value);
  if (operator === '=') {
    if ('problem' in first) return first;
    if (terms.length > 2) return { problem: `numeric "=" takes one number; the list has ${terms.length - 2} more term(s)` };
    return { range: { min: first.value, minInclusive: true, max: first.value, maxInclusive: true } };
  }
  if (operator === '<' || operator === '<=') {
    if ('problem' in first) return first;
    if (terms.length > 2) return { problem: `numeric "${operator}" takes one number; put a lower bound first: [">", 0, "${operator}", ${first.value}]` };
    return { range: { min: -Infinity, minInclusive: false, max: first.value, maxInclusive: UPPER[operator] } };
  }
  if (operator !== '>' && operator !== '>=') {
    return { problem: `${JSON.stringify(operator)} is not a numeric operator`, hint: `use one of "=", "<", "<=", ">", ">=": ${shape}` };
  }
  if ('problem' in first) return first;
  const lower = { min: first.value, minInclusive: LOWER[operator] };
  if (terms.length === 2) return { range: { ...lower, max: Infinity, maxInclusive: false } };
  if (upperOperator !== '<' && upperOperator !== '<=') return { problem: `after a lower bound comes "<" or "<=" and an upper bound, not ${JSON.stringify(upperOperator)}` };
  const second = bound(upperOperator, upperValue);
  if ('problem' in second) return second;
  if (rest.length > 0) return { problem: `numeric takes at most two comparisons; the list has ${rest.length} more term(s)` };
  if (second.value <= first.value) return { problem: `the lower bound ${first.value} must be less than the upper bound ${second.value}` };
  return { range: { ...lower, max: second.value, maxInclusive: UPPER[upperOperator] } };
}

export function inNumericRange(range: NumericRange, value: number): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) return false;
  const aboveMin = range.minInclusive ? value >= range.min : value > range.min;
  const belowMax = range.maxInclusive ? value <= range.max : value < range.max;
  return aboveMin && belowMax;
}
