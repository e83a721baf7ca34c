import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/parser/line-index.js';
import { parseMappingText } from '../../../src/mapping/config/loader.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/mapping');

/** Each fixture states what it must produce: `# expect: <code> at <line>:<column>`. */
function expectations(text: string): string[] {
  return [...text.matchAll(/^# expect: (\S+) at (\d+:\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
}

function findings(text: string, file: string): string[] {
  const lines = new LineIndex(text);
  return parseMappingText(text, file).diagnostics.map((d) => {
    const { line, column } = lines.position(d.range?.start ?? -1);
    return `${d.code} ${line}:${column}`;
  });
}

function fixtureFiles(folder: string): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((f) => f.endsWith('.yaml'));
}

describe('broken mapping files', () => {
  it.each(fixtureFiles('broken'))('%s reports its problems at the right place', (name) => {
    const file = join(FIXTURES, 'broken', name);
    const text = readFileSync(file, 'utf8');
    const expected = expectations(text);
    expect(expected.length, 'the fixture states its expected diagnostics').toBeGreaterThan(0);
    expect(findings(text, file).sort()).toEqual(expected.sort());
  });

  it.each(fixtureFiles('broken'))('%s yields no config', (name) => {
    const file = join(FIXTURES, 'broken', name);
    expect(parseMappingText(readFileSync(file, 'utf8'), file).config).toBeUndefined();
  });
});

describe('mapping files with warnings', () => {
  it.each(fixtureFiles('warnings'))('%s reports its findings and still loads', (name) => {
    const file = join(FIXTURES, 'warnings', name);
    const text = readFileSync(file, 'utf8');
    expect(findings(text, file).sort()).toEqual(expectations(text).sort());
    const result = parseMappingText(text, file);
    expect(result.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
    expect(result.config).toBeDefined();
  });
});

describe('valid example files', () => {
  it.each(fixtureFiles('.'))('%s loads without any diagnostic', (name) => {
    const file = join(FIXTURES, name);
    const result = parseMappingText(readFileSync(file, 'utf8'), file);
    expect(result.diagnostics).toEqual([]);
    expect(result.config).toBeDefined();
  });
});
