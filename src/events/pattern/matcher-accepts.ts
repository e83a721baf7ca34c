/** Whether one value of the event satisfies one matcher (`exists` is decided by the caller: it is about absence). */
import type { JsonScalar } from '../json.js';
import { cidrContains } from './cidr.js';
import { inNumericRange } from './numeric.js';
import type { Matcher, StringMatch } from './types.js';

function stringMatches(match: StringMatch, text: string): boolean {
  switch (match.kind) {
    case 'prefix':
      return match.ignoreCase ? text.toLowerCase().startsWith(match.text.toLowerCase()) : text.startsWith(match.text);
    case 'suffix':
      return match.ignoreCase ? text.toLowerCase().endsWith(match.text.toLowerCase()) : text.endsWith(match.text);
    case 'equals-ignore-case':
      return text.toLowerCase() === match.text.toLowerCase();
    case 'wildcard':
      return match.regex.test(text);
  }
}

export function matcherAccepts(matcher: Matcher, value: JsonScalar): boolean {
  switch (matcher.kind) {
    case 'equals':
      // Numbers compare as numbers: 300 in a pattern matches 300.0 and 3e2 in an event (event-ruler's numericEquals).
      return value === matcher.value;
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'wildcard':
      return typeof value === 'string' && stringMatches(matcher, value);
    case 'anything-but':
      return !matcher.values.includes(value as string | number);
    case 'anything-but-matching':
      return typeof value !== 'string' || !matcher.matches.some((m) => stringMatches(m, value));
    case 'numeric':
      return typeof value === 'number' && inNumericRange(matcher.range, value);
    case 'cidr':
      return typeof value === 'string' && cidrContains(matcher.block, value);
    case 'exists':
      return matcher.exists;
  }
}
