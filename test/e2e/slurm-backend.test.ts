import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readEvents } from '../../src/store/event-log.js';
import { cancel, oracleCommand, oracleEnv, type Oracle } from '../conformance/oracle.js';
import { describePerOracle } from '../conformance/oracle-suites.js';
import { runCli, type CliResult } from '../support/run-cli.js';

/**
 * `submit --backend slurm` against a real Slurm (each oracle that answers), through the built CLI:
 * jobs run for real, and queue, history, cancel and logs see them under the cluster's own ids.
 */
describePerOracle('the slurm backend runs jobs on a real cluster', (oracle: Oracle) => {
  let dir = '';
  const made: number[] = [];
  const env = (extra: Record<string, string> = {}) => ({
    SPAWN_SLURM_STATE_DIR: join(dir, '.state'),
    SPAWN_SLURM_BACKEND: 'slurm',
    SLURMRESTD_URL: `unix:${oracle.restSocket}`,
    SLURM_CONF: oracle.conf,
    ...extra,
  });
  const cli = (args: string[], extra: Record<string, string> = {}): CliResult => runCli(args, { cwd: dir, env: env(extra) });
  const submit = (args: string[], extra: Record<string, string> = {}): number => {
    const result = cli(['submit', '--parsable', ...args], extra);
    expect(result.stderr, `submit ${args.join(' ')}`).toBe('');
    expect(result.status).toBe(0);
    const id = Number(result.stdout.trim());
    made.push(id);
    return id;
  };
  const scontrolJob = (id: number): string => spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'job', '-o', String(id)], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout;
  const historyOf = (id: number): string[] =>
    cli(['history', '-j', String(id), '--noheader'])
      .stdout.trim()
      .split('\n');

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `spawn-slurm-rest-${oracle.release}-`));
  });
  afterAll(() => {
    cancel(oracle, made);
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs an array whose tasks' exit codes, output files and ids are the cluster's own", () => {
    writeFileSync(
      join(dir, 'sweep.sbatch'),
      '#!/bin/bash\n#SBATCH --array=1-3 -J sweep -t 5 -c 1 --mem=64M\n#SBATCH -o sweep-%A_%a.out\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID in $SLURM_SUBMIT_DIR"\nexit $((SLURM_ARRAY_TASK_ID - 1))\n',
    );
    const result = cli(['submit', '--wait', 'sweep.sbatch']);
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    made.push(id);
    // sbatch -W exits with the highest exit code of the tasks.
    expect(result.status).toBe(2);
    expect(scontrolJob(id)).toContain('JobName=sweep');
    const rows = historyOf(id);
    expect(
      rows.map((r) =>
        r
          .split(/\s+/)
          .filter((w) => w !== 'debug')
          .slice(0, 4),
      ),
    ).toEqual([
      [`${id}_1`, 'sweep', 'COMPLETED', '0:0'],
      [`${id}_2`, 'sweep', 'FAILED', '1:0'],
      [`${id}_3`, 'sweep', 'FAILED', '2:0'],
    ]);
    for (const task of [1, 2, 3]) expect(readFileSync(join(dir, `sweep-${id}_${task}.out`), 'utf8')).toBe(`task ${task} of ${id} in ${dir}\n`);
    expect(cli(['logs', `${id}_2`]).stdout).toBe(`task 2 of ${id} in ${dir}\n`);
  }, 120_000);

  it('hands a GPU job one of the fake GPUs', () => {
    const id = submit(['--gres=gpu:1', '-t', '2', '-o', 'gpu-%j.out', '--wrap', 'echo "gpus=$CUDA_VISIBLE_DEVICES"']);
    expect(cli(['submit', '--backend', 'slurm', '--wait', '--wrap', 'true', `--dependency=afterany:${id}`]).status).toBe(0);
    expect(readFileSync(join(dir, `gpu-${id}.out`), 'utf8')).toMatch(/^gpus=[01]\n$/);
  }, 120_000);

  it('runs a dependency chain in order', () => {
    const a = submit(['-J', 'chain-a', '-t', '2', '--wrap', 'date +%s%N > a.stamp']);
    const b = submit(['-J', 'chain-b', '-t', '2', `--dependency=afterok:${a}`, '--wrap', 'test -s a.stamp && date +%s%N > b.stamp']);
    const c = cli(['submit', '--wait', '-J', 'chain-c', '-t', '2', `--dependency=afterok:${b}`, '--wrap', 'test -s b.stamp']);
    expect(c.status).toBe(0);
    expect(Number(readFileSync(join(dir, 'b.stamp'), 'utf8'))).toBeGreaterThan(Number(readFileSync(join(dir, 'a.stamp'), 'utf8')));
    for (const id of [a, b]) expect(historyOf(id)[0]).toMatch(/COMPLETED +0:0/);
  }, 120_000);

  it('holds and releases a job on the cluster', () => {
    const id = submit(['-J', 'later', '-t', '1', '--begin=now+1hour', '--wrap', 'true']);
    expect(cli(['hold', String(id)]).status).toBe(0);
    expect(scontrolJob(id)).toMatch(/ Priority=0 .* Reason=JobHeld(User|Admin) /);
    expect(cli(['release', String(id)]).status).toBe(0);
    expect(scontrolJob(id)).not.toMatch(/ Priority=0 /);
    expect(cli(['cancel', String(id)]).status).toBe(0);
  });

  it('cancels a pending job on the cluster, and says so when it is gone', () => {
    const id = submit(['--hold', '-J', 'held', '--wrap', 'true']);
    expect(cli(['queue', '-j', String(id), '--noheader', '-o', '%i %t %r']).stdout).toBe(`${id} PD JobHeldUser\n`);
    expect(cli(['cancel', String(id)]).status).toBe(0);
    expect(scontrolJob(id)).toContain('JobState=CANCELLED');
    expect(historyOf(id)[0]).toMatch(/CANCELLED/);
    const again = cli(['cancel', String(id)]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`Kill job error on job id ${id}: Job/step already completing or completed`);
  }, 60_000);

  it("passes on the cluster's refusal in one line, and records nothing", () => {
    const recorded = () => (JSON.parse(cli(['history', '--json', '-S', 'now-1days']).stdout) as { jobs: unknown[] }).jobs.length;
    const before = recorded();
    const result = cli(['submit', '-p', 'no-such-partition', '--wrap', 'true']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^spawn-slurm: cannot submit to slurmrestd at unix:\S+: HTTP \d+, .*Invalid partition name specified.*\n$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(recorded()).toBe(before);
  });

  it.runIf(oracle.jwtUrl !== null)(
    'authenticates with a JWT over TCP, and never writes the token anywhere',
    () => {
      const token = /^SLURM_JWT=(\S+)/m.exec(spawnSync(oracleCommand(oracle, 'scontrol'), ['token', 'lifespan=600'], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout)?.[1] ?? '';
      expect(token).not.toBe('');
      const jwt = { SLURMRESTD_URL: oracle.jwtUrl ?? '', SLURM_JWT: token, SLURM_USER_NAME: 'root' };
      const id = submit(['-J', 'jwt', '-t', '1', '--hold', '--wrap', 'true'], jwt);
      expect(scontrolJob(id)).toContain('JobName=jwt');
      const stored = spawnSync('grep', ['-rl', token, join(dir, '.state')], { encoding: 'utf8' });
      expect(stored.stdout).toBe('');
      const bad = cli(['submit', '--wrap', 'true'], { ...jwt, SLURM_JWT: `${token.slice(0, -4)}AAAA` });
      expect(bad.status).toBe(1);
      expect(bad.stderr.trim().split('\n')[0]).toMatch(/^spawn-slurm: cannot submit to slurmrestd at http:\/\/127\.0\.0\.1:\d+: HTTP \d+, /);
      expect(bad.stderr).not.toContain(token);
    },
    60_000,
  );

  it("uses the cluster's own sbatch, scontrol and scancel on a login node (no slurmrestd given)", () => {
    const login = { SLURMRESTD_URL: '', PATH: `${oracle.bin ?? '/usr/bin'}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    writeFileSync(join(dir, 'login.sbatch'), '#!/bin/sh\n#SBATCH --array=0-1 -t 2 -o login-%a.out\necho "index $SLURM_ARRAY_TASK_ID"\nexit $SLURM_ARRAY_TASK_ID\n');
    const test = cli(['submit', '--test-only', 'login.sbatch'], login);
    expect(test.status).toBe(0);
    expect(test.stderr).toMatch(/^sbatch: Job \d+ to start at \S+ using 1 processors on nodes \S+ in partition \S+\n$/);
    const result = cli(['submit', '--wait', 'login.sbatch'], login);
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    made.push(id);
    expect(result.status).toBe(1);
    // sbatch read the directives itself: the array and its output pattern.
    expect(readFileSync(join(dir, 'login-1.out'), 'utf8')).toBe('index 1\n');
    expect(scontrolJob(id)).toContain('JobName=login.sbatch');
    expect(cli(['history', '-M', 'slurm', '-j', String(id), '--noheader'], login).stdout).toMatch(new RegExp(`^${id}_0 .*COMPLETED +0:0 .*\n${id}_1 .*FAILED +1:0 `));
    const held = submit(['--hold', '-J', 'login-held', '--wrap', 'true'], login);
    expect(scontrolJob(held)).toContain('Reason=JobHeldUser');
    expect(cli(['cancel', String(held)], login).status).toBe(0);
    expect(scontrolJob(held)).toContain('JobState=CANCELLED');
  }, 120_000);

  it('records Job Submitted, Task Started, Task Ended and Job Ended for a cluster job, like the local backend', () => {
    const id = submit(['-J', 'evented', '-t', '1', '--wrap', 'exit 3']);
    expect(cli(['submit', '--wait', '--wrap', 'true', `--dependency=afterany:${id}`]).status).toBe(0);
    cli(['history', '-j', String(id)]);
    const root = join(dir, '.state', 'clusters');
    const store = readdirSync(root).find((name) => existsSync(join(root, name, 'jobs', String(id)))) ?? '';
    const events = readEvents(join(root, store, 'jobs', String(id), 'events.jsonl'));
    expect(events.map((e) => e['detail-type'])).toEqual(['Job Submitted', 'Task Started', 'Task Ended', 'Job Ended']);
    expect(events.at(-1)?.detail).toMatchObject({ jobId: id, state: 'FAILED', exitCode: '3:0', backend: 'slurm' });
    expect(events[0]?.source).toBe('spawn-slurm.slurm');
  }, 60_000);
});
