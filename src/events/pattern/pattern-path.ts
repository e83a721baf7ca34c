import { formatFieldPath } from '../../util/field-path.js';

/** Where something sits in a pattern or an event: field names, `$or`, and list positions. */
export type PatternPath = readonly (string | number)[];

/** `detail.state`, `detail.state[1]`, `$or[0].source`, `detail["a.b"]`; the empty path is the whole pattern. */
export function formatPatternPath(path: PatternPath): string {
  return formatFieldPath(path, 'the pattern');
}
