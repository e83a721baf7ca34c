import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancel, oracleCommand, oracleEnv, type Oracle } from '../conformance/oracle.js';
import { describePerOracle } from '../conformance/oracle-suites.js';
import { runCli } from '../support/run-cli.js';

/** `submit --backend auto` against a real cluster made busy on purpose. */
describePerOracle('--backend auto bursts from a busy cluster', (oracle: Oracle) => {
  let dir = '';
  const made: number[] = [];
  const cli = (args: string[]) => runCli(args, { cwd: dir, env: { SPAWN_SLURM_STATE_DIR: join(dir, '.state'), SPAWN_SLURM_SUPERVISOR_IDLE_MS: '1500', SLURM_CONF: oracle.conf } });
  const config = (burst: string) => {
    const file = join(dir, `burst-${made.length}-${Date.now()}.yaml`);
    writeFileSync(file, `clusters:\n  - name: oracle\n    url: unix:${oracle.restSocket}\nburst:\n${burst}`);
    return file;
  };
  const stateOf = async (id: number, wanted: string): Promise<boolean> => {
    for (let i = 0; i < 600; i++) {
      const shown = spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'job', '-o', String(id)], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout;
      if (shown.includes(`JobState=${wanted}`)) return true;
      await sleep(100);
    }
    return false;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `spawn-slurm-burst-${oracle.release}-`));
  });
  afterAll(() => {
    cancel(oracle, made);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a job on the cluster when it would start soon enough, and says why', () => {
    const result = cli(['submit', '--backend', 'auto', '--config', config('  start_after: 1d\n'), '--parsable', '-t', '1', '--hold', '--wrap', 'true']);
    expect(result.status).toBe(0);
    made.push(Number(result.stdout.trim()));
    expect(result.stderr).toMatch(/^spawn-slurm: auto: partition debug of cluster oracle expects to start it .*: submitting there\n$/);
    expect(spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'job', '-o', result.stdout.trim()], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout).toContain('JobName=wrap');
  });

  it('runs a job elsewhere while a long job fills the cluster, and records why with the job', async () => {
    const filler = cli(['submit', '--backend', 'slurm', '--slurmrestd', `unix:${oracle.restSocket}`, '--parsable', '--exclusive', '-t', '60', '-J', 'filler', '--wrap', 'sleep 600']);
    expect(filler.status).toBe(0);
    const fillerId = Number(filler.stdout.trim());
    made.push(fillerId);
    expect(await stateOf(fillerId, 'RUNNING')).toBe(true);
    const result = cli(['submit', '--backend', 'auto', '--config', config('  start_after: 10m\n'), '--json', '--wait', '-t', '1', '--wrap', 'echo ran here']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /^spawn-slurm: auto: partition debug of cluster oracle expects to start it at \S+ \S+ UTC, in [^(]+ \(start_after: 10 min; running jobs ending\): running it on local\n$/,
    );
    const answer = JSON.parse(result.stdout) as { jobId: number; backend: string; reason: string };
    expect(answer.backend).toBe('local');
    expect(readFileSync(join(dir, `slurm-${answer.jobId}.out`), 'utf8')).toBe('ran here\n');
    const record = JSON.parse(readFileSync(join(dir, '.state', 'jobs', String(answer.jobId), 'record.json'), 'utf8')) as { placement: { backend: string; reason: string } };
    expect(record.placement).toEqual({ backend: 'local', reason: answer.reason });
    // estimate --cluster takes the same live figure instead of mapping.yaml's queue_wait.
    writeFileSync(join(dir, 'job.sbatch'), '#!/bin/sh\n#SBATCH -t 30 -c 1 --mem=1G\ntrue\n');
    const estimate = cli(['estimate', 'job.sbatch', '--json', '--config', config('  start_after: 10m\ncluster:\n  queue_wait: 4h\n'), '--cluster', 'oracle']);
    expect(estimate.status).toBe(0);
    const cluster = (JSON.parse(estimate.stdout) as { cluster: { queueWaitMinutes: number; queueWaitSource: string } }).cluster;
    expect(cluster.queueWaitSource).toBe('cluster oracle: running jobs ending');
    expect(cluster.queueWaitMinutes).toBeGreaterThan(50);
    expect(cluster.queueWaitMinutes).toBeLessThanOrEqual(60);
    cancel(oracle, [fillerId]);
  }, 120_000);

  it('runs a job elsewhere when its partition does not exist on the cluster', () => {
    const result = cli(['submit', '--backend', 'auto', '--config', config('  start_after: 1d\n'), '-p', 'nosuch', '-t', '1', '--wrap', 'true']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('spawn-slurm: auto: cluster oracle has no partition nosuch: running it on local\n');
  });

  it('runs a job elsewhere when the cluster cannot be reached', () => {
    const file = join(dir, 'unreachable.yaml');
    writeFileSync(file, 'clusters:\n  - name: gone\n    url: unix:/nonexistent/slurmrestd.socket\n');
    const result = cli(['submit', '--backend', 'auto', '--config', file, '-t', '1', '--wrap', 'true']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('spawn-slurm: auto: cluster gone cannot be asked (cannot reach slurmrestd at unix:/nonexistent/slurmrestd.socket: no such socket): running it on local\n');
  });
});
