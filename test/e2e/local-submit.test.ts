import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';
import { fixture } from '../support/run-cli.js';

const cluster = new LocalCluster('submit');
afterAll(() => cluster.dispose());

const ENV_DUMP = '#!/bin/bash\nenv | grep ^SLURM_ | sort > "env-${SLURM_ARRAY_TASK_ID:-plain}.txt"\n';

describe('submit to the local backend (built binary)', () => {
  it('prints Submitted batch job N, returns at once, and ids increase and are never reused', async () => {
    cluster.write('hello.sh', '#!/bin/bash\necho "hello from $SLURM_JOB_ID"\n');
    const first = cluster.run(['submit', 'hello.sh']);
    expect(first.status).toBe(0);
    const id = Number(/^Submitted batch job (\d+)\n$/.exec(first.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);
    const second = cluster.run(['submit', '--parsable', 'hello.sh']);
    expect(Number(second.stdout.trim())).toBe(id + 1);
    await cluster.waitForEnd(id + 1);
    expect(cluster.read(`slurm-${id}.out`)).toBe(`hello from ${id}\n`);
    expect(cluster.ended(id)?.detail).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
  });

  it("runs the README's example array job and shows its output", async () => {
    copyFileSync(fixture('examples', 'hello-array.sbatch'), join(cluster.dir, 'hello-array.sbatch'));
    const result = await cluster.runAsync(['submit', '--wait', 'hello-array.sbatch']);
    expect(result.status).toBe(0);
    const id = Number(/^Submitted batch job (\d+)\n$/.exec(result.stdout)?.[1]);
    const outputs = [1, 2, 3, 4].map((task) => cluster.read(`hello-${id}_${task}.out`));
    expect(outputs[0]).toMatch(new RegExp(`^task 1 of 4 ran as job ${id + 1} on \\S+\n$`));
    expect(outputs[3]).toMatch(new RegExp(`^task 4 of 4 ran as job ${id} on \\S+\n$`));
  });

  it('runs an array under its %N throttle, with every task its own job id and output file', async () => {
    const id = cluster.submit('arr.sh', `${ENV_DUMP}echo "task $SLURM_ARRAY_TASK_ID" >> ledger\nsleep 0.3\n`, ['--array=1-5%2', '-J', 'arr', '-o', 'arr-%A_%a_%j.out']);
    const ended = await cluster.waitForEnd(id);
    expect(ended.detail.states).toEqual({ COMPLETED: 5 });
    const ends = cluster.taskEnds(id);
    expect([...ends.keys()].sort()).toEqual([1, 2, 3, 4, 5]);
    // The last task started keeps the array's id; the others get new ids (slurm-semantics §4.5).
    expect(ends.get(5)?.detail.taskJobId).toBe(id);
    expect(ends.get(1)?.detail.taskJobId).toBe(id + 1);
    for (const index of [1, 2, 3, 4, 5]) expect(existsSync(join(cluster.dir, `arr-${id}_${index}_${ends.get(index)?.detail.taskJobId}.out`))).toBe(true);
    // Never more than two running at once: replay starts and ends in log order.
    let running = 0;
    let most = 0;
    for (const event of cluster.events(id)) {
      if (event['detail-type'] === 'Task Started') most = Math.max(most, ++running);
      if (event['detail-type'] === 'Task Ended') running--;
    }
    expect(most).toBe(2);
    const env = cluster.read('env-3.txt');
    expect(env).toContain(`SLURM_ARRAY_JOB_ID=${id}\n`);
    expect(env).toContain('SLURM_ARRAY_TASK_COUNT=5\nSLURM_ARRAY_TASK_ID=3\nSLURM_ARRAY_TASK_MAX=5\nSLURM_ARRAY_TASK_MIN=1\nSLURM_ARRAY_TASK_STEP=1\n');
    expect(env).toContain('SLURM_JOB_NAME=arr\n');
  });

  it('folds pending array tasks in queue as N_[3-9%2] with the reason, and shows running ones', async () => {
    const id = cluster.submit('slow.sh', '#!/bin/bash\nsleep 30\n', ['--array=1-9%2']);
    await cluster.waitFor('two running tasks', () => cluster.events(id).filter((e) => e['detail-type'] === 'Task Started').length === 2);
    const queue = await cluster.waitFor('the reason in queue', () => {
      const out = cluster.run(['queue', '-j', String(id)]).stdout;
      return out.includes('JobArrayTaskLimit') && out;
    });
    const lines = queue.trimEnd().split('\n');
    expect(lines[0]).toBe('             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)');
    expect(lines[1]).toMatch(new RegExp(`^ +${id}_\\[3-9%2\\] +local +slow\\.sh +\\S+ PD +0:00 +1 \\(JobArrayTaskLimit\\)$`));
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual([`${id}_1`, `${id}_2`]);
    const json = JSON.parse(cluster.run(['queue', '--json', '-j', String(id)]).stdout) as { jobs: { jobId: string; state: string }[] };
    expect(json.jobs.map((j) => [j.jobId, j.state])).toEqual([
      [`${id}_[3-9%2]`, 'PENDING'],
      [`${id}_1`, 'RUNNING'],
      [`${id}_2`, 'RUNNING'],
    ]);
    const custom = cluster.run(['queue', '-j', String(id), '--noheader', '-o', '%i|%T|%r']).stdout;
    expect(custom.split('\n')[0]).toBe(`${id}_[3-9%2]|PENDING|JobArrayTaskLimit`);
    expect(cluster.run(['cancel', String(id)]).status).toBe(0);
    const ended = await cluster.waitForEnd(id);
    expect(ended.detail).toMatchObject({ state: 'CANCELLED', neverStarted: '3-9' });
    const history = cluster.run(['history', '-j', String(id), '--noheader']).stdout;
    expect(history).toMatch(new RegExp(`^${id}_\\[3-9%2\\] +slow\\.sh +local +CANCELLED`, 'm'));
    expect(history).toMatch(new RegExp(`^${id}_1 +slow\\.sh +local +CANCELLED +0:15`, 'm'));
  });

  it('--wait blocks and exits with the exit code, as sbatch -W does', async () => {
    cluster.write('exit3.sh', '#!/bin/bash\nexit 3\n');
    const result = await cluster.runAsync(['submit', '--wait', 'exit3.sh']);
    expect(result.status).toBe(3);
    const id = Number(/job (\d+)/.exec(result.stdout)?.[1]);
    expect(cluster.ended(id)?.detail).toMatchObject({ state: 'FAILED', exitCode: '3:0' });
    expect(cluster.taskEnds(id).get(null)?.detail.reason).toBe('NonZeroExitCode');
  });

  it('takes sbatch options before the script, script arguments after --, --wrap and standard input', async () => {
    cluster.write('args.sh', '#!/bin/bash\necho "$# [$1] [$2] $SLURM_JOB_NAME $PWD"\n');
    const before = cluster.run(['submit', '--parsable', '-J', 'named', '--chdir=/tmp', 'args.sh', '--', 'one', 'two words']);
    expect(before.status).toBe(0);
    const id = Number(before.stdout.trim());
    await cluster.waitForEnd(id);
    const output = `/tmp/slurm-${id}.out`;
    expect(readFileSync(output, 'utf8')).toBe('2 [one] [two words] named /tmp\n');
    rmSync(output);

    const wrapped = cluster.run(['submit', '--parsable', '--wrap', 'echo wrapped $SLURM_JOB_NAME', '-o', 'wrap-%j.out']);
    const wrapId = Number(wrapped.stdout.trim());
    await cluster.waitForEnd(wrapId);
    expect(cluster.read(`wrap-${wrapId}.out`)).toBe('wrapped wrap\n');

    const stdin = cluster.run(['submit', '--parsable', '-o', 'stdin-%j.out'], { input: '#!/bin/sh\necho from stdin\n' });
    const stdinId = Number(stdin.stdout.trim());
    await cluster.waitForEnd(stdinId);
    expect(cluster.read(`stdin-${stdinId}.out`)).toBe('from stdin\n');

    // As the spawn proposal writes it: options of its own after the script, --detach anywhere.
    const detached = cluster.run(['submit', 'args.sh', '--detach', '-o', 'det-%j.out']);
    expect(detached.stdout).toMatch(/^Submitted batch job \d+\n$/);
  });

  it('refuses what this machine can never run, saying by how much, and takes no id', () => {
    cluster.write('big.sh', '#!/bin/bash\ntrue\n');
    const before = Number(cluster.run(['submit', '--parsable', '--hold', 'big.sh']).stdout.trim());
    const cpus = cluster.run(['submit', '-c', '100000', 'big.sh']);
    expect(cpus.status).toBe(1);
    expect(cpus.stderr).toMatch(/Requested node configuration is not available: it asks for 100000 CPUs and this machine has (\d+) \(\d+ too many\)/);
    const gpus = cluster.run(['submit', '--gres=gpu:1', 'big.sh']);
    expect(gpus.status).toBe(1);
    expect(gpus.stderr).toContain('it asks for 1 GPU and this machine has none');
    const nodes = cluster.run(['submit', '-N', '2', 'big.sh']);
    expect(nodes.stderr).toContain('it asks for 2 nodes and this machine is one node');
    const after = Number(cluster.run(['submit', '--parsable', '--hold', 'big.sh']).stdout.trim());
    expect(after).toBe(before + 1);
    cluster.run(['cancel', String(before), String(after)]);
  });

  it('a missing output directory fails the task as Slurm does (FAILED, 0:53)', async () => {
    const id = cluster.submit('nodir.sh', '#!/bin/bash\necho never\n', ['-o', 'missing/out-%j.txt']);
    const ended = await cluster.waitForEnd(id);
    expect(ended.detail).toMatchObject({ state: 'FAILED', exitCode: '0:53' });
    expect(cluster.taskEnds(id).get(null)?.detail.reason).toBe('JobLaunchFailure');
    expect(existsSync(join(cluster.dir, 'missing'))).toBe(false);
  });

  it('keeps every job record and event log whole while several shells submit at once', async () => {
    cluster.write('quick.sh', '#!/bin/bash\ntrue\n');
    const submits = await Promise.all(Array.from({ length: 8 }, () => cluster.runAsync(['submit', '--parsable', 'quick.sh'])));
    const ids = submits.map((r) => Number(r.stdout.trim()));
    expect(submits.every((r) => r.status === 0)).toBe(true);
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) await cluster.waitForEnd(id);
    const jobs = readdirSync(join(cluster.stateDir, 'jobs'));
    for (const id of ids) expect(jobs).toContain(String(id));
  });

  it('an unknown job id is a clear error', () => {
    const cancel = cluster.run(['cancel', '999999']);
    expect(cancel.status).toBe(1);
    expect(cancel.stderr).toContain('Kill job error on job id 999999: Invalid job id specified');
    const logs = cluster.run(['logs', '999999']);
    expect(logs.status).toBe(1);
    expect(logs.stderr).toContain('Invalid job id specified: 999999');
    expect(cluster.run(['queue', '-j', 'x']).status).toBe(2);
  });
});

describe('--mem on the local backend', () => {
  it('is enforced with a memory cgroup where this machine has one (OUT_OF_MEMORY, 0:125), and otherwise said once', async () => {
    const { detectMemoryLimits } = await import('../../src/launch/local/memory-limits.js');
    const limits = detectMemoryLimits(`probe${process.pid}`);
    limits?.dispose();
    const hog = '#!/bin/bash\npython3 -c "x = bytearray(300 * 1024 * 1024); print(len(x))" || head -c 300000000 /dev/zero | tail > /dev/null\necho after\n';
    const id = cluster.submit('hog.sh', hog, ['--mem=64M', '-o', 'hog.out']);
    const ended = await cluster.waitForEnd(id);
    if (limits) {
      expect(ended.detail).toMatchObject({ state: 'OUT_OF_MEMORY', exitCode: '0:125' });
      expect(cluster.taskEnds(id).get(null)?.detail.maxRssKiB).toBeGreaterThan(0);
    } else {
      expect(ended.detail.state).toBe('COMPLETED');
      expect(readFileSync(join(cluster.stateDir, 'supervisor.log'), 'utf8').match(/--mem is not enforced/g)).toHaveLength(1);
    }
    expect(cluster.read('hog.out')).toContain('after');
  });
});

describe('GPUs on the local backend', () => {
  it('hands each task GPUs of its own from those nvidia-smi -L lists, and waits when all are taken', async () => {
    const bin = join(cluster.dir, 'fake-gpu-bin');
    mkdirSync(bin, { recursive: true });
    cluster.write('fake-gpu-bin/nvidia-smi', '#!/bin/sh\necho "GPU 0: NVIDIA A10G (UUID: GPU-0)"\necho "GPU 1: NVIDIA A10G (UUID: GPU-1)"\n', 0o755);
    const env = { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` };
    const script =
      '#!/bin/bash\necho "$CUDA_VISIBLE_DEVICES $SLURM_JOB_GPUS $GPU_DEVICE_ORDINAL $SLURM_GPUS_ON_NODE" > gpu-$SLURM_ARRAY_TASK_ID.txt\nwhile [ ! -e gpu-go ]; do sleep 0.05; done\n';
    const id = cluster.submit('gpu.sh', script, ['--array=0-2', '--gres=gpu:1', '-c', '1'], env);
    await cluster.waitFor('two tasks on the two GPUs', () => existsSync(join(cluster.dir, 'gpu-0.txt')) && existsSync(join(cluster.dir, 'gpu-1.txt')));
    const reason = await cluster.waitFor('task 2 to wait for resources', () => {
      const out = cluster.run(['queue', '-j', String(id), '--noheader', '-o', '%i %r']).stdout;
      return /_2 Resources/.test(out) && out;
    });
    expect(reason).toContain(`${id}_2 Resources`);
    const given = [cluster.read('gpu-0.txt'), cluster.read('gpu-1.txt')].sort();
    expect(given).toEqual(['0 0 0 1\n', '1 1 1 1\n']);
    cluster.write('gpu-go', '');
    expect((await cluster.waitForEnd(id)).detail.states).toEqual({ COMPLETED: 3 });
    expect(['0 0 0 1\n', '1 1 1 1\n']).toContain(cluster.read('gpu-2.txt'));
  });
});
