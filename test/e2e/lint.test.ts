import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

const lint = (...args: string[]) => runCli(['lint', ...args], { cwd: fixture('lint') });

describe('spawn-slurm lint (built binary)', () => {
  it('exits 0 on a clean script and prints nothing on stdout', () => {
    const result = lint('clean.sbatch');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('0 errors, 0 warnings in 1 file');
  });

  it('prints file:line:col severity code message, with the hint on the next line', () => {
    const result = lint('warnings.sbatch');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'warnings.sbatch:2:1 warning no-time-limit no --time: the job may run (and bill) without bound outside the cluster',
      '  hint: add a limit, e.g. #SBATCH --time=2:00:00',
      'warnings.sbatch:5:1 warning directive-after-command #SBATCH: sbatch stops reading directives at the first command, so this directive is silently ignored',
      '  hint: move this directive above the first command',
      '',
    ]);
  });

  it('fails on warnings with --strict or over --max-warnings', () => {
    expect(lint('--strict', 'warnings.sbatch').status).toBe(1);
    expect(lint('--max-warnings', '1', 'warnings.sbatch').status).toBe(1);
    expect(lint('--max-warnings', '2', 'warnings.sbatch').status).toBe(0);
    expect(lint('--max-warnings', '0', 'clean.sbatch').status).toBe(0);
  });

  it('exits 1 on errors', () => {
    const result = lint('errors.sbatch');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^errors\.sbatch:3:16 error invalid-time /m);
    expect(result.stderr).toContain('sbatch would refuse 1 script');
  });

  it('searches directories for *.sbatch, *.slurm and *.sh files with #SBATCH lines, and expands globs', () => {
    const result = lint('--format', 'json', 'dir');
    const files = JSON.parse(result.stdout).files.map((f: { file: string }) => f.file);
    expect(files).toEqual(['dir/a.slurm', 'dir/sub/b.sh']);
    const globbed = JSON.parse(lint('--format', 'json', 'dir/**/*.sh').stdout).files.map((f: { file: string }) => f.file);
    expect(globbed).toEqual(['dir/plain.sh', 'dir/sub/b.sh']);
  });

  it('is a usage error when nothing matches or a flag is wrong', () => {
    expect(lint('no-such-dir/*.sbatch').status).toBe(2);
    expect(lint('--format', 'xml', 'clean.sbatch').status).toBe(2);
    expect(lint('--max-warnings', 'many', 'clean.sbatch').status).toBe(2);
  });

  it('honours spawn-slurm disable pragmas unless --no-inline-config', () => {
    const codes = (r: { stdout: string }) => JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
    expect(codes(lint('--format', 'json', 'pragmas.sbatch'))).toEqual([]);
    expect(codes(lint('--format', 'json', '--no-inline-config', 'pragmas.sbatch'))).toEqual(['no-time-limit', 'directive-after-command']);
  });

  it('writes JSON with a version, a summary and sorted diagnostics', () => {
    const out = JSON.parse(lint('--format', 'json', 'errors.sbatch', 'warnings.sbatch').stdout);
    expect(out.version).toBe(1);
    expect(out.summary).toMatchObject({ files: 2, errors: 1, warnings: 2, refused: 1 });
    expect(out.files[0]).toMatchObject({ file: 'errors.sbatch', accepted: false });
    expect(out.files[0].diagnostics[0]).toMatchObject({ code: 'invalid-time', line: 3, column: 16, endLine: 3, endColumn: 18, refusedBySbatch: true });
  });

  it('writes SARIF 2.1.0 with a rule for every result', () => {
    const sarif = JSON.parse(lint('--format', 'sarif', 'errors.sbatch', 'warnings.sbatch').stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('spawn-slurm');
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toEqual([...ruleIds].sort());
    for (const result of run.results) {
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/\.sbatch$/);
    }
    expect(run.results[0]).toMatchObject({ ruleId: 'invalid-time', level: 'error', locations: [{ physicalLocation: { region: { startLine: 3, startColumn: 16 } } }] });
  });

  it('writes GitHub annotations with escaped properties and data', () => {
    const out = lint('--format', 'github', 'errors.sbatch').stdout;
    expect(out).toMatch(/^::error file=errors\.sbatch,line=3,col=16,endColumn=18,title=spawn-slurm invalid-time::--time: .*%0Ahint: /m);
  });
});
