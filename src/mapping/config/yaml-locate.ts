/** Finds where a field path (`partitions.gpu.max_price`) sits in a parsed YAML document. */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';
import type { TextRange } from '../../parser/diagnostic.js';

/** Whether a diagnostic is about a key itself (unknown, misspelt) or about the value under it. */
export type Target = 'key' | 'value';

interface Found {
  /** Range of the key of the innermost pair reached. */
  key?: TextRange;
  /** Range of the innermost node reached. */
  value?: TextRange;
  complete: boolean;
}

/** The text of a mapping key as the loaded object sees it (`1:` becomes `"1"`). */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : '';
}

function rangeOf(node: unknown): TextRange | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range ? { start: range[0], end: range[1] } : undefined;
}

function walk(doc: Document, path: readonly PropertyKey[]): Found {
  let node: unknown = doc.contents;
  let key: TextRange | undefined;
  for (const segment of path) {
    // An alias's contents are checked where its anchor defines them.
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) return { key, value: rangeOf(node), complete: false };
      key = rangeOf(pair.key);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      key = undefined;
      node = node.items[segment];
    } else {
      return { key, value: rangeOf(node), complete: false };
    }
  }
  return { key, value: rangeOf(node), complete: true };
}

const isEmpty = (range: TextRange | undefined) => range === undefined || range.end <= range.start;

/**
 * The range a diagnostic about `path` should underline. When the path does not exist (a required field
 * left out, a value brought in by an alias), the closest enclosing key or node stands in for it.
 */
export function locate(doc: Document, path: readonly PropertyKey[], target: Target): TextRange {
  const found = walk(doc, path);
  const preferKey = target === 'key' || !found.complete || isEmpty(found.value);
  const range = preferKey ? (found.key ?? found.value) : found.value;
  return range ?? { start: 0, end: 0 };
}
