import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  /** The cluster's CPUs all free again (a cancelled filler may still be completing). */
  const idle = async (): Promise<boolean> => {
    for (let i = 0; i < 600; i++) {
      const nodes = spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'node', '-o'], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout;
      if (/\bCPUAlloc=0\b/.test(nodes)) return true;
      await sleep(100);
    }
    return false;
  };

  /** A job of an hour that takes these resources of the cluster, running before this returns. */
  const occupy = async (resources: string[]): Promise<number> => {
    expect(await idle()).toBe(true);
    const filler = cli(['submit', '--backend', 'slurm', '--slurmrestd', `unix:${oracle.restSocket}`, '--parsable', ...resources, '-t', '60', '-J', 'filler', '--wrap', 'sleep 600']);
    expect(filler.status).toBe(0);
    const id = Number(filler.stdout.trim());
    made.push(id);
    expect(await stateOf(id, 'RUNNING')).toBe(true);
    return id;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `spawn-slurm-burst-${oracle.release}-`));
    // Local ids far from the cluster's own, so that `history -j` names one job only.
    mkdirSync(join(dir, '.state'), { recursive: true });
    writeFileSync(join(dir, '.state', 'next-job-id'), '900000\n');
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
    const fillerId = await occupy(['--exclusive']);
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

  it('splits an array: the tasks the cluster can start now run there, the rest here, as one job', async () => {
    const fillerId = await occupy(['-c', '1']);
    writeFileSync(join(dir, 'split.sbatch'), '#!/bin/sh\n#SBATCH --array=0-3 -c 1 -t 2 -o split-%a.out\necho "task $SLURM_ARRAY_TASK_ID on $SLURM_CLUSTER_NAME"\n');
    const result = cli(['submit', '--backend', 'auto', '--config', config('  start_after: 10m\n'), '--parsable', '--wait', 'split.sbatch']);
    expect(result.stderr).toMatch(
      /^spawn-slurm: auto: partition debug of cluster oracle can start 1 of the 4 tasks now and would start the next at .*: tasks 0 go there, 1-3 run on local\n$/,
    );
    expect(result.status).toBe(0);
    const id = Number(result.stdout.trim());
    const record = JSON.parse(readFileSync(join(dir, '.state', 'jobs', String(id), 'record.json'), 'utf8')) as { placement: { split: { jobId: number; indices: string } } };
    made.push(record.placement.split.jobId);
    expect(record.placement.split.indices).toBe('0');
    // Every index ran once, task 0 on the cluster (its SLURM_CLUSTER_NAME), the others here.
    expect(readFileSync(join(dir, 'split-0.out'), 'utf8')).not.toContain('on local');
    for (const task of [1, 2, 3]) expect(readFileSync(join(dir, `split-${task}.out`), 'utf8')).toBe(`task ${task} on local\n`);
    const rows = cli(['history', '-j', String(id), '--noheader'])
      .stdout.trim()
      .split('\n');
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual([`${id}_0`, `${id}_1`, `${id}_2`, `${id}_3`]);
    expect(rows.every((r) => / COMPLETED +0:0 /.test(r))).toBe(true);
    cancel(oracle, [fillerId]);
  }, 120_000);

  it('waits for both parts of a split array in a dependency, and cancels both parts together', async () => {
    const fillerId = await occupy(['-c', '1']);
    const policy = config('  start_after: 10m\n');
    // The cluster's task outlasts the local ones: the dependent job must wait for it.
    writeFileSync(
      join(dir, 'slow-head.sbatch'),
      '#!/bin/sh\n#SBATCH --array=0-2 -c 1 -t 2 -o /dev/null\n[ "$SLURM_CLUSTER_NAME" = local ] || sleep 4\ndate +%s%N > "stamp-$SLURM_ARRAY_TASK_ID"\n',
    );
    const split = cli(['submit', '--backend', 'auto', '--config', policy, '--parsable', 'slow-head.sbatch']);
    expect(split.status).toBe(0);
    const id = Number(split.stdout.trim());
    const clusterPart = (JSON.parse(readFileSync(join(dir, '.state', 'jobs', String(id), 'record.json'), 'utf8')) as { placement: { split: { jobId: number } } }).placement.split.jobId;
    made.push(clusterPart);
    const after = cli(['submit', '--wait', `--dependency=afterok:${id}`, '--wrap', 'date +%s%N > stamp-after']);
    expect(after.status).toBe(0);
    const stamp = (name: string) => Number(readFileSync(join(dir, name), 'utf8'));
    expect(stamp('stamp-after')).toBeGreaterThan(stamp('stamp-0'));

    const sleepy = cli(['submit', '--backend', 'auto', '--config', policy, '--parsable', '--array=0-2', '-c', '1', '-t', '5', '-o', '/dev/null', '--wrap', 'sleep 300']);
    const sleepyId = Number(sleepy.stdout.trim());
    const sleepyPart = (JSON.parse(readFileSync(join(dir, '.state', 'jobs', String(sleepyId), 'record.json'), 'utf8')) as { placement: { split: { jobId: number } } }).placement.split.jobId;
    made.push(sleepyPart);
    expect(cli(['cancel', String(sleepyId)]).status).toBe(0);
    expect(await stateOf(sleepyPart, 'CANCELLED')).toBe(true);
    const rows = cli(['history', '-j', String(sleepyId), '--noheader'])
      .stdout.trim()
      .split('\n');
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.every((r) => r.startsWith(`${sleepyId}_`) && / CANCELLED /.test(r)),
      rows.join('\n'),
    ).toBe(true);
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
