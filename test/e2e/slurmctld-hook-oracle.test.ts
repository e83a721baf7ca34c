import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cancel, findOracle, oracleCommand, oracleEnv, oracleRequired } from '../conformance/oracle.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * The SLUG 2024 workflow on a real Slurm: slurmctld runs `slurmctld-hook epilog` as its
 * EpilogSlurmctld when a job ends; the hook's event goes through the configuration's rules, and a rule
 * submits the follow-up job through the cluster's slurmrestd, where it runs. CI starts the 22.05 oracle
 * with EpilogSlurmctld set to a small program in SPAWN_SLURM_ORACLE_HOOK_DIR (see .ci/run) that runs the
 * hook for whatever configuration and state directory the file `current` there names.
 */
const hookDir = process.env.SPAWN_SLURM_ORACLE_HOOK_DIR;
const found = findOracle('22.05');
const oracle = found.oracle;
const made: number[] = [];

describe('EpilogSlurmctld on a real Slurm 22.05: a job ends, its event arrives, a rule submits the follow-up through slurmrestd, and it runs', () => {
  if (!oracle || !hookDir || !existsSync(join(hookDir, 'epilog'))) {
    const why = !oracle ? `no Slurm 22.05 answers (tried ${found.tried.join(', ') || 'nothing'})` : 'SPAWN_SLURM_ORACLE_HOOK_DIR names no directory with an epilog program';
    if (oracleRequired() && found.configured) it('has its oracle with the hook', () => expect.fail(`${why}; .ci/run starts the oracle with SLURM_ORACLE_EPILOG_CTLD`));
    else it.skip(`skipped: ${why}`, () => {});
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-hook-oracle-'));
  afterAll(() => {
    rmSync(join(hookDir, 'current'), { force: true });
    cancel(oracle, made);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the follow-up job with the ended job id', async () => {
    const state = join(dir, 'state');
    writeFileSync(
      join(dir, 'mapping.yaml'),
      [
        'clusters:',
        '  - name: oracle',
        `    url: unix:${oracle.restSocket}`,
        'rules:',
        '  - name: analyse-after-simulate',
        '    pattern:',
        '      detail-type: [Job Ended]',
        '      detail: { name: [simulate], state: [COMPLETED] }',
        '    actions:',
        '      - submit: analyse.sbatch',
        '        backend: slurm',
        '        args: ["--dependency=afterok:${SPAWN_EVENT_JOB_ID}"]',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'analyse.sbatch'),
      `#!/bin/bash\n#SBATCH -J analyse -t 2 --mem=64M -o ${dir}/analyse-%j.out\necho "analysing the output of job $SPAWN_EVENT_JOB_ID ($SPAWN_EVENT_DETAIL_TYPE)"\n`,
    );
    writeFileSync(join(hookDir, 'current'), `${join(dir, 'mapping.yaml')}\n${state}\n`);

    const sbatch = spawnSync(oracleCommand(oracle, 'sbatch'), ['--parsable', '-J', 'simulate', '-t', '2', '--mem=64M', '-o', '/dev/null', '--wrap', 'echo simulated'], {
      cwd: dir,
      env: oracleEnv(oracle),
      encoding: 'utf8',
    });
    expect(sbatch.status, sbatch.stderr).toBe(0);
    const simulate = Number(sbatch.stdout.trim().split(';')[0]);
    made.push(simulate);
    const outputs = () => spawnSync('sh', ['-c', `ls ${dir}/analyse-*.out 2>/dev/null`], { encoding: 'utf8' }).stdout.trim();
    await waitUntil('the follow-up job to run on the cluster', () => outputs() !== '' && readFileSync(outputs().split('\n')[0] as string, 'utf8').length > 0, 90_000, 250);
    const file = outputs().split('\n');
    expect(file).toHaveLength(1);
    const analyse = Number(/analyse-(\d+)\.out$/.exec(file[0] as string)?.[1]);
    made.push(analyse);
    expect(analyse).toBeGreaterThan(simulate);
    expect(readFileSync(file[0] as string, 'utf8')).toBe(`analysing the output of job ${simulate} (Job Ended)\n`);
    // The follow-up was submitted through slurmrestd with the dependency on the job that ended.
    const shown = spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'job', '-o', String(analyse)], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout;
    expect(shown).toContain('JobName=analyse');
  }, 120_000);
});
