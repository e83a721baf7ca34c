import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';

// Two seconds to a Slurm minute, so that time limits can be tested; KillWait stays Slurm's (seconds).
const cluster = new LocalCluster('lifecycle', { SPAWN_SLURM_SECONDS_PER_MINUTE: '2' });
afterAll(() => cluster.dispose());

const started = (id: number) => cluster.events(id).some((e) => e['detail-type'] === 'Task Started');
const reasonOf = (id: number) => cluster.run(['queue', '-j', String(id), '--noheader', '-o', '%r']).stdout.trim();

describe('job lifecycle on the local backend', () => {
  it('follows a dependency chain: afterok waits, then runs; a failed step fails afterok and satisfies afternotok', async () => {
    // The first job runs until the test lets it go, so nothing here depends on timing.
    const first = cluster.submit('a.sh', '#!/bin/bash\nwhile [ ! -e go ]; do sleep 0.05; done\necho a > a.out\n');
    const second = cluster.submit('b.sh', '#!/bin/bash\ncat a.out\nexit 4\n', [`--dependency=afterok:${first}`, '-o', 'b.txt']);
    await cluster.waitFor('reason Dependency', () => reasonOf(second) === 'Dependency');
    const okAfterFail = cluster.submit('c.sh', '#!/bin/bash\necho c\n', [`--dependency=afterok:${second}`]);
    const notOk = cluster.submit('d.sh', '#!/bin/bash\necho d\n', [`--dependency=afternotok:${second}`]);
    const any = cluster.submit('e.sh', '#!/bin/bash\necho e\n', [`--dependency=afterany:${second}`]);
    const killed = cluster.submit('f.sh', '#!/bin/bash\necho f\n', [`--dependency=afterok:${second}`, '--kill-on-invalid-dep=yes']);
    expect(started(second)).toBe(false);
    cluster.write('go', '');

    expect((await cluster.waitForEnd(second)).detail).toMatchObject({ state: 'FAILED', exitCode: '4:0' });
    expect(cluster.read('b.txt')).toBe('a\n');
    expect((await cluster.waitForEnd(notOk)).detail.state).toBe('COMPLETED');
    expect((await cluster.waitForEnd(any)).detail.state).toBe('COMPLETED');
    expect((await cluster.waitForEnd(killed)).detail).toMatchObject({ state: 'CANCELLED', reason: 'DependencyNeverSatisfied' });
    await cluster.waitFor('DependencyNeverSatisfied', () => reasonOf(okAfterFail) === 'DependencyNeverSatisfied');
    expect(started(okAfterFail)).toBe(false);
    cluster.run(['cancel', String(okAfterFail)]);
  });

  it('singleton waits for the earlier job of the same name, and `?` needs any one dependency', async () => {
    const one = cluster.submit('s1.sh', '#!/bin/bash\nsleep 0.5\n', ['-J', 'solo']);
    const two = cluster.submit('s2.sh', '#!/bin/bash\ntrue\n', ['-J', 'solo', '--dependency=singleton']);
    const endOne = await cluster.waitForEnd(one);
    const startTwo = await cluster.waitFor('the singleton to start', () => cluster.events(two).find((e) => e['detail-type'] === 'Task Started'));
    expect(Date.parse(startTwo.time)).toBeGreaterThanOrEqual(Date.parse(endOne.time));
    const failing = cluster.submit('x.sh', '#!/bin/bash\nexit 1\n');
    const either = cluster.submit('y.sh', '#!/bin/bash\ntrue\n', [`--dependency=afterok:${failing}?afterany:${two}`]);
    expect((await cluster.waitForEnd(either)).detail.state).toBe('COMPLETED');
  });

  it('aftercorr starts each task after the same task of the other array', async () => {
    const producer = cluster.submit('p.sh', '#!/bin/bash\n[ "$SLURM_ARRAY_TASK_ID" = 2 ] && exit 1\necho p$SLURM_ARRAY_TASK_ID > p$SLURM_ARRAY_TASK_ID\n', ['--array=1-3']);
    const consumer = cluster.submit('q.sh', '#!/bin/bash\ncat p$SLURM_ARRAY_TASK_ID\n', ['--array=1-3', `--dependency=aftercorr:${producer}`, '-o', 'q%a.txt']);
    await cluster.waitForEnd(producer);
    await cluster.waitFor('tasks 1 and 3', () => cluster.taskEnds(consumer).size === 2);
    expect(cluster.read('q1.txt')).toBe('p1\n');
    expect(cluster.read('q3.txt')).toBe('p3\n');
    expect(cluster.taskEnds(consumer).has(2)).toBe(false);
    cluster.run(['cancel', String(consumer)]);
    await cluster.waitForEnd(consumer);
  });

  it('a time limit signals the job and ends it as TIMEOUT 0:15; --signal=B:USR1@N reaches the script first', async () => {
    const script = "#!/bin/bash\ntrap 'echo got USR1' USR1\nfor i in $(seq 600); do sleep 0.1; done\n";
    const id = cluster.submit('limit.sh', script, ['-t', '1', '--signal=B:USR1@30', '-o', 'limit.out']);
    const ended = await cluster.waitForEnd(id, 30_000);
    expect(ended.detail).toMatchObject({ state: 'TIMEOUT', exitCode: '0:15' });
    expect(cluster.taskEnds(id).get(null)?.detail.reason).toBe('TimeLimit');
    expect(cluster.read('limit.out')).toContain('got USR1');
  });

  it('cancel ends running tasks (CANCELLED), one array task alone, and --signal only signals', async () => {
    const id = cluster.submit('sig.sh', "#!/bin/bash\ntrap 'echo usr1 $SLURM_ARRAY_TASK_ID' USR1\nfor i in $(seq 300); do sleep 0.1; done\n", ['--array=0-3', '-o', 'sig-%a.out']);
    await cluster.waitFor('two tasks running', () => cluster.events(id).filter((e) => e['detail-type'] === 'Task Started').length >= 2);
    expect(cluster.run(['cancel', '--signal=USR1', `${id}_0`]).status).toBe(0);
    await cluster.waitFor('the signal to arrive', () => cluster.read('sig-0.out').includes('usr1 0'));
    expect(cluster.run(['cancel', `${id}_0`]).status).toBe(0);
    await cluster.waitFor('task 0 to end', () => cluster.taskEnds(id).get(0));
    expect(cluster.taskEnds(id).get(0)?.detail.state).toBe('CANCELLED');
    expect(cluster.taskEnds(id).get(1)).toBeUndefined();
    expect(cluster.run(['cancel', String(id)]).status).toBe(0);
    const ended = await cluster.waitForEnd(id);
    expect(ended.detail.state).toBe('CANCELLED');
    expect(cluster.run(['cancel', String(id)]).stderr).toContain('already completing or completed');
  });

  // Task 1 waits for the test, task 2 ends at once: one CPU stays free for the dependent job.
  it('a dependency on one array task (id_task) waits for that task only; id_* waits for all', async () => {
    const array = cluster.submit('tasks.sh', '#!/bin/bash\n[ "$SLURM_ARRAY_TASK_ID" = 2 ] && exit 0\nwhile [ ! -e tasks-go ]; do sleep 0.05; done\n', ['--array=1-2']);
    const one = cluster.submit('one.sh', '#!/bin/bash\ntrue\n', [`--dependency=afterok:${array}_2`]);
    const all = cluster.submit('all.sh', '#!/bin/bash\ntrue\n', [`--dependency=afterany:${array}_*`]);
    expect((await cluster.waitForEnd(one)).detail.state).toBe('COMPLETED');
    expect(cluster.ended(array)).toBeUndefined();
    expect(started(all)).toBe(false);
    cluster.write('tasks-go', '');
    expect((await cluster.waitForEnd(all)).detail.state).toBe('COMPLETED');
  });

  it("logs prints a task's output, --stderr its error file, --follow until it ends", async () => {
    const id = cluster.submit('talk.sh', '#!/bin/bash\necho first\necho oops >&2\nwhile [ ! -e talk-go ]; do sleep 0.05; done\necho last\n', [
      '--array=7',
      '-o',
      'talk-%a.out',
      '-e',
      'talk-%a.err',
    ]);
    await cluster.waitFor('the first line', () => cluster.run(['logs', `${id}_7`]).stdout === 'first\n');
    expect(cluster.run(['logs', `${id}_7`, '--stderr']).stdout).toBe('oops\n');
    expect(cluster.run(['logs', String(id)]).stderr).toContain(`name one task: ${id}_7`);
    const following = cluster.runAsync(['logs', '--follow', `${id}_7`]);
    cluster.write('talk-go', '');
    expect((await following).stdout).toBe('first\nlast\n');
    expect(JSON.parse(cluster.run(['logs', '--json', `${id}_7`]).stdout)).toEqual({ path: expect.stringMatching(/talk-7\.out$/), bytes: 11, ended: true });
  });

  it('--hold keeps a job pending (JobHeldUser) until release', async () => {
    const id = cluster.submit('held.sh', '#!/bin/bash\necho released\n', ['--hold', '-o', 'held.out']);
    await cluster.waitFor('reason JobHeldUser', () => reasonOf(id) === 'JobHeldUser');
    expect(started(id)).toBe(false);
    expect(cluster.run(['release', String(id)]).status).toBe(0);
    expect((await cluster.waitForEnd(id)).detail.state).toBe('COMPLETED');
    expect(cluster.read('held.out')).toBe('released\n');
  });

  it('--begin in the future waits with reason BeginTime', async () => {
    const id = cluster.submit('later.sh', '#!/bin/bash\ntrue\n', ['--begin=now+1hour']);
    await cluster.waitFor('reason BeginTime', () => reasonOf(id) === 'BeginTime');
    cluster.run(['cancel', String(id)]);
  });

  it('--deadline removes a job that can no longer end in time (DEADLINE); --test-only makes no job', async () => {
    const late = cluster.submit('late.sh', '#!/bin/bash\ntrue\n', ['--hold', '--deadline=now+5', '-t', '5']);
    expect((await cluster.waitForEnd(late)).detail).toMatchObject({ state: 'DEADLINE', reason: 'DeadLine' });
    const test = cluster.run(['submit', '--test-only', '-c', '1', 'late.sh']);
    expect(test.status).toBe(0);
    const id = Number(/^sbatch: Job (\d+) to start at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d using 1 processors on nodes \S+ in partition local\n$/.exec(test.stderr)?.[1]);
    expect(id).toBe(late + 1);
    expect(test.stdout).toBe('');
    expect(cluster.events(id)).toEqual([]);
  });

  it('gives jobs srun, sbatch, scontrol and squeue on their PATH, and only there', async () => {
    const chain = [
      '#!/bin/bash',
      '#SBATCH -n 2',
      "srun -l bash -c 'echo rank $SLURM_PROCID of $SLURM_STEP_NUM_TASKS step $SLURM_STEP_ID' | sort",
      'srun -n 2 bash -c \'exit $((SLURM_PROCID + 2))\'; echo "srun exit $?"',
      'scontrol show hostnames',
      'next=$(sbatch --parsable --dependency=afterok:$SLURM_JOB_ID -o chained.out next.sh input.dat)',
      'echo "next $next"',
      'squeue -j $SLURM_JOB_ID --noheader -o %T',
      'module load gcc/12; echo "module $?"',
    ].join('\n');
    cluster.write('next.sh', '#!/bin/bash\necho "chained with $1 after $SLURM_JOB_DEPENDENCY"\n', 0o755);
    const id = cluster.submit('steps.sh', `${chain}\n`, ['-o', 'steps.out']);
    await cluster.waitForEnd(id);
    const out = cluster.read('steps.out').split('\n');
    expect(out.slice(0, 2)).toEqual(['0: rank 0 of 2 step 0', '1: rank 1 of 2 step 0']);
    expect(out).toContain('srun exit 3');
    expect(cluster.read('steps.out')).toMatch(/srun: error: \S+: task 1: Exited with exit code 3/);
    expect(out).toContain(cluster.events(id)[1]?.detail.nodeList);
    const next = Number(out.find((l) => l.startsWith('next '))?.slice(5));
    expect(out).toContain('RUNNING');
    expect(out).toContain('module 1');
    expect(cluster.read('steps.out')).toContain('spawn-slurm: module gcc/12: this machine has no module system');
    await cluster.waitForEnd(next);
    expect(cluster.read('chained.out')).toBe(`chained with input.dat after afterok:${id}\n`);
    // The user's own PATH has no such commands.
    expect(cluster.run(['submit', '--wrap', 'command -v srun || echo none', '-o', 'path.out', '--export=NONE', '--wait']).status).toBe(0);
    expect(cluster.read('path.out')).toMatch(/\.state\/bin\/srun\n$/);
  });
});
