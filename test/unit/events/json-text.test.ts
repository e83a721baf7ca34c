import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, parseJsonText } from '../../../src/events/json-text.js';

describe('parseJsonText', () => {
  it.each([
    ['{"a": }', 'line 1, column 7'],
    ['{\n  "a": 1,\n}', 'line 3, column 1'],
    ['[1,]', 'line 1, column 4'],
    ['{"a":"b\nc"}', 'line 1, column 8'],
    ['{"a" 1}', 'line 1, column 6'],
    ['[1] x', 'line 1, column 5'],
    ['', 'line 1, column 1'],
    ['[true, nul]', 'line 1, column 8'],
  ])('%j: names where it goes wrong (%s)', (text, where) => {
    const reading = parseJsonText(text);
    expect(reading.ok ? '' : reading.problem).toMatch(new RegExp(`^not valid JSON: .* \\(${where}\\)$`, 's'));
  });

  it('finds no error in JSON, whatever it holds', () => {
    for (const text of ['"x"', ' [1, {"a": [true, null, -1.5e3, "\\u12ab\\n"]}] ', '{}', '[]', '0']) expect(jsonErrorOffset(text)).toBe(-1);
  });

  it('is quick and does not overflow on long strings and deep nesting', () => {
    expect(jsonErrorOffset(`"${'a'.repeat(1_000_000)}`)).toBe(1_000_001);
    expect(jsonErrorOffset('['.repeat(100_000))).toBe(100_000);
  });
});
