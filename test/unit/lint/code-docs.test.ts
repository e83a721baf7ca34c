import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_CATALOG } from '../../../src/lint/code-catalog.js';
import { ruleInfo } from '../../../src/lint/codes.js';
import { LINT_RULES } from '../../../src/lint/rules/index.js';
import { MAPPING_CODES } from '../../../src/mapping/config/codes.js';
import { collectEmittedCodes } from '../../support/emitted-codes.js';
import { probedCodes } from '../../support/probe-codes.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const DOCS = join(ROOT, 'docs/rules');

const emitted = collectEmittedCodes(ROOT);
const probed = probedCodes();

/** `invalid-${option}` → /^invalid-[a-z0-9-]+$/ */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&'));
  return new RegExp(`^${parts.join('[a-z0-9-]+')}$`);
}

const templateExpansions = new Map([...emitted.templates.keys()].map((t) => [t, [...probed].filter((code) => templatePattern(t).test(code))]));

const ALL_CODES = [...new Set([...emitted.literals.keys(), ...[...templateExpansions.values()].flat(), ...Object.values(MAPPING_CODES), ...LINT_RULES.map((rule) => rule.code)])].sort();

function severityOf(code: string): string | undefined {
  return LINT_RULES.find((rule) => rule.code === code)?.severity ?? CODE_CATALOG[code]?.severity;
}

const docPages = existsSync(DOCS) ? readdirSync(DOCS).filter((name) => name.endsWith('.md') && name !== 'README.md') : [];

describe('finding the codes the sources emit', () => {
  it('finds codes at every kind of construction site, and no conditions or foreign codes', () => {
    const found = new Set(ALL_CODES);
    for (const code of [
      'unknown-option', // code: '…' property
      'directive-after-command', // code: cond ? '…' : '…'
      'invalid-time', // refusal('…', …)
      'array-index-too-large', // a builder whose code is its third argument
      'invalid-array', // a default parameter value
      'gpu-type-unknown', // planDiagnostic(file, severity, '…', …)
      'module-not-mapped', // ...planDiagnostic(…), spread into a list
      'catalog-cache-stale', // a string-literal union in a type
      'invalid-open-mode', // a template, expanded by probing the parser
      'invalid-pbs-directive',
      'mapping-duplicate-key',
      'no-time-limit',
    ]) {
      expect(found, code).toContain(code);
    }
    expect(found).not.toContain('after-command');
    expect(found).not.toContain('custom');
    expect(ALL_CODES.length).toBeGreaterThan(150);
  });

  it.each([...templateExpansions])('the code template %s is reached by a probe', (_template, codes) => {
    expect(codes.length).toBeGreaterThan(0);
  });
});

describe.each(ALL_CODES)('%s', (code) => {
  it('has a catalog entry with a real title and description', () => {
    const info = ruleInfo(code);
    expect(info.title).not.toBe(code);
    expect(info.title.length).toBeGreaterThan(8);
    expect(info.description).not.toMatch(/^See docs\/rules/);
    expect(info.description.length).toBeGreaterThan(30);
    expect(['error', 'warning', 'info']).toContain(severityOf(code));
  });

  it('has a docs page with its title and severity', () => {
    const path = join(DOCS, `${code}.md`);
    expect(existsSync(path), `docs/rules/${code}.md is missing`).toBe(true);
    const page = readFileSync(path, 'utf8');
    expect(page.split('\n')[0]).toBe(`# ${code}: ${ruleInfo(code).title}`);
    expect(page).toContain(`**Severity:** ${severityOf(code)}`);
    expect(page).toMatch(/## Example\n\n```(sh|yaml)\n/);
  });
});

describe('docs/rules', () => {
  it('has a page only for codes that exist', () => {
    const stale = docPages.map((name) => name.slice(0, -'.md'.length)).filter((code) => !ALL_CODES.includes(code));
    expect(stale).toEqual([]);
  });

  it('has catalog entries only for codes that exist', () => {
    expect(Object.keys(CODE_CATALOG).filter((code) => !ALL_CODES.includes(code))).toEqual([]);
  });

  it('indexes every code once, with its title and severity, in README.md', () => {
    const index = readFileSync(join(DOCS, 'README.md'), 'utf8');
    const rows = [...index.matchAll(/^\| \[`([a-z0-9-]+)`\]\(\1\.md\) \| (.+) \| (error|warning|info) \|$/gm)];
    expect(rows.map((r) => r[1]).sort()).toEqual(ALL_CODES);
    for (const [, code, title, severity] of rows) {
      expect(title).toBe(ruleInfo(code as string).title.replace(/\|/g, '\\|'));
      expect(severity).toBe(severityOf(code as string));
    }
  });
});
