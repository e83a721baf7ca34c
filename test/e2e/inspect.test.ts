import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

function script(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-e2e-'));
  const file = join(dir, 'job.sbatch');
  writeFileSync(file, text);
  return file;
}

describe('spawn-slurm inspect (built binary)', () => {
  it('hands the arguments after -- to the script, not to the sbatch option parser', () => {
    const result = runCli(['inspect', fixture('examples', 'gpu-train.sbatch'), '-t', '30', '--json', '--', 'input.dat', '-v']);
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).not.toContain('unexpected-cli-argument');
    expect(report.job.timeLimitMinutes).toBe(30);
  });

  it('prints the JSON contract for an example script', () => {
    const result = runCli(['inspect', fixture('examples', 'gpu-train.sbatch'), '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ version: 1, accepted: true });
    expect(out.job).toMatchObject({
      name: 'train-resnet',
      timeLimitMinutes: 720,
      nodes: { min: 1, max: 1 },
      ntasksPerNode: 1,
      cpusPerTask: 8,
      memory: { perNodeMiB: 65536 },
      gres: [{ name: 'gpu', type: 'a100', count: 1 }],
      partition: 'gpu',
      output: 'logs/%x-%j.out',
      spawn: { region: 'us-east-1', spot: true },
    });
  });

  it('lets command-line options override the script and SBATCH_* variables, as sbatch does', () => {
    const file = script('#!/bin/bash\n#SBATCH -J fromscript -t 30\n#SBATCH --mem=1G\ntrue\n');
    const result = runCli(['inspect', file, '-t', '20', '--json', '--mem', '4G'], { env: { SBATCH_JOB_NAME: 'fromenv', SBATCH_TIMELIMIT: '15' } });
    expect(result.status).toBe(0);
    const job = JSON.parse(result.stdout).job;
    expect(job).toMatchObject({ name: 'fromenv', timeLimitMinutes: 20, memory: { perNodeMiB: 4096 } });
  });

  it('reads the script from standard input and names the job sbatch', () => {
    const result = runCli(['inspect', '-', '--json'], { input: '#!/bin/sh\n#SBATCH -t 1:30\ntrue\n' });
    expect(JSON.parse(result.stdout).job).toMatchObject({ name: 'sbatch', timeLimitMinutes: 2 });
  });

  it('refuses what sbatch refuses: accepted false, job null, exit 1, diagnostics with positions', () => {
    const file = script('#!/bin/bash\n#SBATCH --job-name=x\n#SBATCH --mem-per=100\n');
    const result = runCli(['inspect', file, '--json']);
    expect(result.status).toBe(1);
    const out = JSON.parse(result.stdout);
    expect(out.accepted).toBe(false);
    expect(out.job).toBeNull();
    expect(out.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'ambiguous-option', line: 3, column: 9, endColumn: 22 })]);
  });

  it('prints a readable summary without --json', () => {
    const result = runCli(['inspect', fixture('examples', 'array-sweep.sbatch')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('sbatch would accept it');
    expect(result.stdout).toMatch(/array\s+0-999%50 → 1000 tasks, at most 50 at once/);
  });

  it('is a usage error (exit 2) for a bad release or a stray argument', () => {
    expect(runCli(['inspect', fixture('examples', 'array-sweep.sbatch'), '--slurm-release', '19.05']).status).toBe(2);
    expect(runCli(['inspect', fixture('examples', 'array-sweep.sbatch'), 'stray']).status).toBe(2);
  });

  it('reports an unreadable file with exit 1', () => {
    const result = runCli(['inspect', '/nonexistent/job.sbatch']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot read /nonexistent/job.sbatch: no such file');
  });

  it('works as `spawn slurm inspect`', () => {
    const result = runCli(['inspect', fixture('examples', 'mpi-simulation.sbatch'), '--json'], {});
    const viaSpawn = runCli(['inspect', fixture('examples', 'mpi-simulation.sbatch'), '--json'], { bin: 'spawn' });
    expect(viaSpawn.status).toBe(0);
    expect(viaSpawn.stdout).toBe(result.stdout);
  });
});
