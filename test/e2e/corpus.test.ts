import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

const CORPUS = fixture('corpus');
const scripts = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.sbatch'))
  .sort();

describe('the script corpus through the built binary', () => {
  it('holds at least 40 scripts', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(40);
  });

  it('lints the whole corpus in one run: exit 0 or 1, one JSON entry per script', () => {
    const result = runCli(['lint', '--format', 'json', '.'], { cwd: CORPUS });
    expect([0, 1], result.stderr).toContain(result.status);
    const report = JSON.parse(result.stdout) as { version: number; files: { file: string; accepted: boolean; diagnostics: { code: string }[] }[] };
    expect(report.version).toBe(1);
    expect(report.files.map((f) => f.file.replace(/^\.\//, '')).sort()).toEqual(scripts);
    const refused = report.files.filter((f) => !f.accepted);
    expect(result.status).toBe(refused.length > 0 ? 1 : 0);
    for (const file of report.files) for (const d of file.diagnostics) expect(d.code).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it.each(scripts)('inspect --json %s: valid JSON, exit 1 exactly when sbatch would refuse it', (name) => {
    const result = runCli(['inspect', name, '--json'], { cwd: CORPUS });
    expect([0, 1], result.stderr).toContain(result.status);
    const report = JSON.parse(result.stdout) as { version: number; accepted: boolean; job: unknown };
    expect(report.version).toBe(1);
    expect(result.status).toBe(report.accepted ? 0 : 1);
  });
});
