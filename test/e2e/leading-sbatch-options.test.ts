import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from '../support/run-cli.js';

// A home, config and cache of its own: a user's mapping.yaml or refreshed catalog must not leak in.
const home = mkdtempSync(join(tmpdir(), 'spawn-slurm-leading-'));
const env = { HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config') };
const GPU_TRAIN = fixture('examples', 'gpu-train.sbatch');
const MAPPING = fixture('mapping', 'complete.yaml');

function script(text: string): string {
  const dir = mkdtempSync(join(home, 'job-'));
  const file = join(dir, 'job.sbatch');
  writeFileSync(file, text);
  return file;
}

const inspectJson = (args: string[], options: { env?: Record<string, string>; input?: string } = {}) => {
  const result = runCli(['inspect', ...args], { env: { ...env, ...options.env }, ...(options.input ? { input: options.input } : {}) });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout).job;
};

describe('sbatch options before the script name (built binary)', () => {
  it('inspect -t 5 job.sbatch --json: -t takes 5, the script is the next word', () => {
    expect(inspectJson(['-t', '5', GPU_TRAIN, '--json'])).toMatchObject({ name: 'train-resnet', timeLimitMinutes: 5 });
  });

  it('inspect -J name -p debug job.sbatch, in text and with --json before the script', () => {
    const text = runCli(['inspect', '-J', 'myname', '-p', 'debug', GPU_TRAIN], { env });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/name +myname/);
    expect(text.stdout).toMatch(/partition +debug/);
    expect(inspectJson(['--json', '-J', 'myname', '-p', 'debug', '--dependency=afterok:5', '-t', '30', GPU_TRAIN])).toMatchObject({
      name: 'myname',
      partition: 'debug',
      dependency: 'afterok:5',
      timeLimitMinutes: 30,
    });
  });

  it('overrides #SBATCH lines and SBATCH_* variables as command-line options do; after the script wins over before it', () => {
    const file = script('#!/bin/bash\n#SBATCH -J fromscript -t 30\n#SBATCH --mem=1G -p batch\ntrue\n');
    expect(inspectJson(['-J', 'fromcli', '--mem', '4G', file, '--json'])).toMatchObject({ name: 'fromcli', timeLimitMinutes: 30, memory: { perNodeMiB: 4096 }, partition: 'batch' });
    expect(inspectJson(['-t', '20', file, '--json'], { env: { SBATCH_TIMELIMIT: '15' } })).toMatchObject({ timeLimitMinutes: 20 });
    expect(inspectJson(['-t', '20', '-p', 'debug', file, '-t', '25', '--json'])).toMatchObject({ timeLimitMinutes: 25, partition: 'debug' });
  });

  it('gives a value-taking option the next word even when it looks like an option, as sbatch does', () => {
    expect(inspectJson(['-J', '--cloud', GPU_TRAIN, '--json'])).toMatchObject({ name: '--cloud' });
  });

  it('reads a script from standard input after leading options, and reports an unknown one as sbatch would', () => {
    expect(inspectJson(['-t', '5', '--json', '-'], { input: '#!/bin/sh\n#SBATCH -t 90\ntrue\n' })).toMatchObject({ name: 'sbatch', timeLimitMinutes: 5 });
    const unknown = runCli(['inspect', '--bogus', GPU_TRAIN, '--json'], { env });
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout).diagnostics).toMatchObject([{ code: 'unknown-option', origin: { kind: 'cli' } }]);
  });

  it('without a script name, says the script is missing instead of trying to read an option', () => {
    const result = runCli(['inspect', '-t', '5'], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("missing required argument 'script'");
    expect(result.stderr).not.toContain('cannot read');
  });

  it('estimate: the tool options mix with sbatch options before the script; there -c is --config, after it --cpus-per-task', () => {
    const mixed = runCli(['estimate', '--json', '-t', '60', '--cpus-per-task', '4', GPU_TRAIN], { env, cwd: home });
    expect(mixed.status, mixed.stderr).toBe(0);
    const report = JSON.parse(mixed.stdout);
    expect(report.job).toMatchObject({ timeLimitMinutes: 60 });
    expect(JSON.stringify(report)).toContain('"cpusPerNode":4');

    const config = runCli(['estimate', '-c', MAPPING, '-t', '60', GPU_TRAIN, '-c', '4'], { env, cwd: home });
    expect(config.status, config.stderr).toBe(0);
    expect(config.stdout).toContain('hpc.example.edu');
    expect(config.stdout).toMatch(/time limit +1:00:00 \(60 min\)/);
  });

  it('convert: -o before the script names the parameter file, as it does after it; sbatch options before it reach the job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-leading-convert-'));
    copyFileSync(fixture('convert', 'print-env.sbatch'), join(dir, 'print-env.sbatch'));
    const result = runCli(['convert', '-o', 'p.json', '-t', '90', '-J', 'renamed', 'print-env.sbatch', '--config', MAPPING, '--json'], { env, cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ paramFile: 'p.json', format: 'json', rows: 1, tasksPerRow: 3, bundleFile: 'p.bundle.sh' });
    expect(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')).defaults).toMatchObject({ ttl: '2h' });
    expect(readFileSync(join(dir, 'p.bundle.sh'), 'utf8')).toContain('export SLURM_JOB_NAME=renamed\n');
  });
});
