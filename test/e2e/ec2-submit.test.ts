import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeEc2 } from '../support/fake-ec2/server.js';
import type { InstanceSimulator } from '../support/instance-simulator.js';
import { LocalCluster } from '../support/local-cluster.js';
import { BIN } from '../support/run-cli.js';
import { readEvents } from '../../src/store/event-log.js';
import { waitUntil } from '../support/wait-until.js';
import type { S3Server } from '../support/s3-server/server.js';
import { startSimulatedEc2, type SimulatedEc2 } from '../support/simulated-ec2.js';

/**
 * submit --backend ec2 end to end through the built binary: the real SDK clients talk to the fake EC2
 * and the S3 server, and every instance the fake launches boots on this machine from its user data,
 * with a metadata service of its own, fetching the agent from S3 like a real one.
 */
const BUCKET = 'spawn-e2e-jobs';
const clientCredentials = { accessKeyId: 'AKIAE2ECLIENTXXXXXXX', secretAccessKey: 'e2e/client/secret' };
let world: SimulatedEc2;
let fake: FakeEc2;
let s3: S3Server;
let simulator: InstanceSimulator;
const cluster = new LocalCluster('ec2-submit');
const env = () => world.env();

beforeAll(async () => {
  world = await startSimulatedEc2(cluster, { bucket: BUCKET, client: clientCredentials, storageLines: ['    prefix: e2e/'] });
  ({ fake, s3, simulator } = world);
}, 30_000);
afterAll(async () => {
  await world?.close();
  await cluster.dispose();
});

describe('submit --backend ec2 (built binary, fake EC2, S3 server, simulated instances)', () => {
  it('without a terminal and without --yes nothing is launched', async () => {
    cluster.write('never.sbatch', '#!/bin/bash\n#SBATCH -t 5\ntrue\n');
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', 'never.sbatch'], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Would launch 1 × ');
    expect(result.stderr).toContain('nothing was launched: there is no terminal to ask for confirmation');
    expect(fake.calls('RunInstances')).toHaveLength(0);
  });

  it('--max-cost refuses a plan above it', async () => {
    cluster.write('dear.sbatch', '#!/bin/bash\n#SBATCH -t 2-00:00:00 --array=0-99 -c 8\ntrue\n');
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--max-cost', '1', 'dear.sbatch'], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/above --max-cost \$1\.00: nothing was launched/);
    expect(fake.calls('RunInstances')).toHaveLength(0);
  });

  it('runs an array on packed instances and brings its output files back; queue and history show it as sacct would', async () => {
    cluster.write(
      'array.sbatch',
      '#!/bin/bash\n#SBATCH --array=0-5 -t 5 -c 1 --mem=1G -J sweep\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID as $SLURM_JOB_ID on $SLURM_CLUSTER_NAME"\nexit $((SLURM_ARRAY_TASK_ID == 4 ? 3 : 0))\n',
    );
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--wait', 'array.sbatch'], { env: { ...env(), AWS_SECRET_ACCESS_KEY_SHADOW: 'x' } });
    expect(result.stderr).toContain('Would launch');
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    // sbatch --wait: the worst exit status of the tasks.
    expect(result.status, result.stderr).toBe(3);
    expect(fake.calls('RunInstances').length).toBeLessThanOrEqual(2);
    for (let task = 0; task < 6; task++) {
      const file = join(cluster.dir, `slurm-${id}_${task}.out`);
      expect(
        existsSync(file),
        `${file}\n${simulator
          .booted()
          .map((i) => simulator.output(i))
          .join('\n')}`,
      ).toBe(true);
      expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`^task ${task} of ${id} as \\d+`));
    }
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string; exitCode: string }> }).jobs;
    expect(rows.find((r) => r.jobId === `${id}_4`)).toMatchObject({ state: 'FAILED', exitCode: '3:0' });
    expect(rows.find((r) => r.jobId === `${id}_0`)).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
    // Every instance shuts itself down once nothing is left for it.
    await waitUntil('every instance to shut down', () => fake.instances().every((i) => i.state === 'shutting-down' || i.state === 'terminated'));
    // No credential of this machine went to S3.
    for (const object of s3.objects(BUCKET)) expect(object.body.toString('latin1')).not.toContain(clientCredentials.secretAccessKey);
  }, 120_000);

  it('cancel terminates every instance of the job and ends it CANCELLED', async () => {
    cluster.write('long.sbatch', '#!/bin/bash\n#SBATCH --array=0-3 -t 10 -c 1 --mem=1G\nsleep 300\n');
    const submitted = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', 'long.sbatch'], { env: env() });
    expect(submitted.status, submitted.stderr).toBe(0);
    const id = Number(submitted.stdout.trim());
    const launched = fake.instances().filter((i) => i.tags['spawn-slurm:job-id'] === String(id));
    expect(launched.length).toBeGreaterThan(0);
    await waitUntil(
      'a task of the job to run on an instance',
      async () => (await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes('"RUNNING"'),
      60_000,
      200,
    );
    const cancel = await cluster.runAsync(['cancel', String(id)], { env: env() });
    expect(cancel.status, cancel.stderr).toBe(0);
    for (const instance of launched) expect(['shutting-down', 'terminated']).toContain(fake.instance(instance.instanceId)?.state);
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string }> }).jobs;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'CANCELLED')).toBe(true);
  }, 120_000);

  it('a spot interruption gives its tasks back, and they run again on another instance, none twice', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'ec2-spot-marks-'));
    // Task 0 runs long the first time only (mkdir succeeds once over all instances), so the notice finds it running.
    cluster.write(
      'spot.sbatch',
      `#!/bin/bash\n#SBATCH --array=0-3 -t 5 -c 1 --mem=1G\n#SPAWN --tasks-per-instance=2\nif [ "$SLURM_ARRAY_TASK_ID" = 0 ] && mkdir ${marks}/first 2>/dev/null; then sleep 120; fi\necho "task $SLURM_ARRAY_TASK_ID"\n`,
    );
    const submitted = await cluster.runAsync(['submit', '--backend', 'ec2', '--purchase', 'spot', '--yes', '--parsable', 'spot.sbatch'], { env: env() });
    expect(submitted.status, submitted.stderr).toBe(0);
    const id = Number(submitted.stdout.trim());
    await waitUntil('task 0 to start on an instance', () => existsSync(join(marks, 'first')), 60_000);
    const running = s3.objects(BUCKET).find((o) => new RegExp(`/${id}/running/[^/]+/0$`).test(o.key));
    const victim = running?.key.split('/').at(-2) as string;
    expect(fake.instance(victim)?.market).toBe('spot');
    fake.interruptSpot(victim);
    await waitUntil('the job to end', async () => !(await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes(`"${id}`), 90_000, 300);
    const results = JSON.parse(s3.getObject(BUCKET, s3.objects(BUCKET).find((o) => o.key.endsWith(`/${id}/results/0.json`))?.key ?? '')?.body.toString() ?? '{}');
    expect(results).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
    expect(results.instanceId).not.toBe(victim);
    // Ran to its end once: its output holds one line, written by the rerun.
    expect(readFileSync(join(cluster.dir, `slurm-${id}_0.out`), 'utf8')).toBe('task 0\n');
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string }> }).jobs;
    expect(rows.filter((r) => /_\d+$/.test(r.jobId)).map((r) => r.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    const events = readEvents(join(cluster.stateDir, 'ec2', 'jobs', String(id), 'events.jsonl'));
    expect(events.filter((e) => e['detail-type'] === 'Task Requeued' && e.detail.arrayTaskId === 0)).toHaveLength(1);
    expect(events.filter((e) => e['detail-type'] === 'Task Ended' && e.detail.arrayTaskId === 0)).toHaveLength(1);
  }, 150_000);

  it('a submit killed while RunInstances is in flight is resumed by the next command: no duplicate, no untracked instance', async () => {
    cluster.write('resumed.sbatch', '#!/bin/bash\n#SBATCH --array=0-1 -t 5 -c 1 --mem=1G\necho "task $SLURM_ARRAY_TASK_ID"\n');
    const before = fake.calls('RunInstances').length;
    fake.setLatency(1500);
    const child = spawn(process.execPath, [BIN, 'submit', '--backend', 'ec2', '--yes', 'resumed.sbatch'], {
      cwd: cluster.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...cluster.env(env()) },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await waitUntil('RunInstances to reach EC2', () => fake.calls('RunInstances').length > before);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    const id = Math.max(...readdirSync(join(cluster.stateDir, 'ec2', 'jobs')).map(Number));
    // EC2 launched what the lost call asked for, after the client was gone.
    await waitUntil('the lost call to launch', () => fake.instances().some((i) => i.tags['spawn-slurm:job-id'] === String(id)));
    fake.setLatency(0);
    await waitUntil('the job to end', async () => !(await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes(`"${id}`), 90_000, 300);
    const ofJob = fake.instances().filter((i) => i.tags['spawn-slurm:job-id'] === String(id));
    expect(ofJob).toHaveLength(1);
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    const rows = (JSON.parse(history.stdout) as { jobs: Array<{ jobId: string; state: string }> }).jobs;
    expect(rows.filter((r) => /_\d+$/.test(r.jobId)).map((r) => r.state)).toEqual(['COMPLETED', 'COMPLETED']);
    expect(readFileSync(join(cluster.dir, `slurm-${id}_1.out`), 'utf8')).toBe('task 1\n');
  }, 150_000);

  it('dependencies hold across backends: nothing is launched before a local job it depends on has ended, and a local job waits for an EC2 one', async () => {
    const marks = mkdtempSync(join(tmpdir(), 'ec2-dependency-marks-'));
    const first = cluster.submit('first.sbatch', `#!/bin/bash\n#SBATCH -t 5\nwhile [ ! -e ${marks}/go ]; do sleep 0.1; done\n`);
    cluster.write('second.sbatch', '#!/bin/bash\n#SBATCH -t 5 -c 1 --mem=1G\necho second\n');
    const second = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', `--dependency=afterok:${first}`, 'second.sbatch'], { env: env() });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain('waits for its dependency: nothing is launched');
    const secondId = Number(second.stdout.trim());
    const never = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', `--dependency=afternotok:${first}`, 'second.sbatch'], { env: env() });
    const neverId = Number(never.stdout.trim());
    const third = cluster.submit('third.sbatch', '#!/bin/bash\n#SBATCH -t 5\necho third\n', [`--dependency=afterok:${secondId}`]);
    const ofJob = (id: number) => fake.instances().filter((i) => i.tags['spawn-slurm:job-id'] === String(id));
    const queued = await cluster.runAsync(['queue', '--json'], { env: env() });
    expect(queued.stdout).toContain('Dependency');
    expect(ofJob(secondId)).toHaveLength(0);

    writeFileSync(join(marks, 'go'), '');
    await waitUntil('the local job and then the EC2 job after it, then the local job after that', () => cluster.ended(third) !== undefined, 90_000, 200);
    expect(ofJob(secondId)).toHaveLength(1);
    expect(ofJob(secondId)[0]?.launchTime.getTime()).toBeGreaterThanOrEqual(Date.parse(cluster.ended(first)?.detail.endTime ?? ''));
    expect(cluster.ended(third)?.detail.state).toBe('COMPLETED');
    expect(readFileSync(join(cluster.dir, `slurm-${secondId}.out`), 'utf8')).toBe('second\n');
    // afternotok of a job that completed can never be satisfied: it ends without launching anything.
    const history = await cluster.runAsync(['history', '-j', String(neverId), '--json'], { env: env() });
    expect((JSON.parse(history.stdout) as { jobs: Array<{ state: string }> }).jobs[0]?.state).toBe('CANCELLED');
    expect(ofJob(neverId)).toHaveLength(0);
  }, 150_000);
});

describe("the job's files on EC2 (built binary)", () => {
  it('stages storage.inputs once for the job, recreates them on the instances, and brings storage.outputs back', async () => {
    const mapping = readFileSync(join(cluster.dir, 'mapping.yaml'), 'utf8').replace('    prefix: e2e/\n', '    prefix: e2e/\n  inputs: ["data/**"]\n  outputs: ["results/*.txt"]\n');
    cluster.write('files.yaml', mapping);
    mkdirSync(join(cluster.dir, 'data'), { recursive: true });
    cluster.write('data/in.txt', 'forty-two\n');
    cluster.write(
      'files.sbatch',
      '#!/bin/bash\n#SBATCH --array=0-2 -t 5 -c 1 --mem=1G\nmkdir -p results\necho "$SLURM_ARRAY_TASK_ID read $(cat data/in.txt)" > results/r_$SLURM_ARRAY_TASK_ID.txt\n',
    );
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--config', join(cluster.dir, 'files.yaml'), '--yes', '--wait', 'files.sbatch'], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('put 1 input file(s)');
    expect(result.stderr).not.toContain('ec2-input-not-staged');
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    expect(
      s3
        .objects(BUCKET)
        .filter((o) => o.key.includes(`/${id}/inputs/`))
        .map((o) => o.key.slice(o.key.indexOf('/inputs/'))),
    ).toEqual(['/inputs/data/in.txt']);
    const keys = s3
      .objects(BUCKET)
      .filter((o) => o.key.includes(`/${id}/`))
      .map((o) => o.key);
    for (const task of [0, 1, 2])
      expect(
        existsSync(join(cluster.dir, 'results', `r_${task}.txt`)),
        `${keys.join('\n')}\n${simulator
          .booted()
          .map((i) => simulator.output(i))
          .join('\n')}`,
      ).toBe(true);
    for (const task of [0, 1, 2]) expect(readFileSync(join(cluster.dir, 'results', `r_${task}.txt`), 'utf8')).toBe(`${task} read forty-two\n`);
  }, 120_000);

  it('warns, at the line that uses it, about a file of the submit directory nothing sends to the instances', async () => {
    cluster.write('lonely.csv', 'a,b\n');
    cluster.write('lonely.sbatch', '#!/bin/bash\n#SBATCH -t 5\nsort lonely.csv\n');
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', 'lonely.sbatch'], { env: env() });
    expect(result.stderr).toMatch(/lonely\.sbatch:3:6 warning ec2-input-not-staged lonely\.csv is in the submit directory here, but nothing sends it to the instances/);
    const estimate = await cluster.runAsync(['estimate', 'lonely.sbatch'], { env: env() });
    expect(estimate.stderr).toContain('ec2-input-not-staged');
  });
});

describe('submit --backend auto bursting to ec2 (built binary)', () => {
  it('sends a job to EC2 when the cluster cannot be asked, and runs it there', async () => {
    const mapping = readFileSync(join(cluster.dir, 'mapping.yaml'), 'utf8');
    cluster.write('burst.yaml', `${mapping}clusters:\n  - name: gone\n    url: unix:${join(cluster.dir, 'no-such.socket')}\nburst:\n  cluster: gone\n  to: ec2\n  max_cost_per_job: 50\n`);
    cluster.write('burst.sbatch', '#!/bin/bash\n#SBATCH -t 5 -c 1 --mem=1G\necho "burst on $SLURM_CLUSTER_NAME"\n');
    const result = await cluster.runAsync(['submit', '--backend', 'auto', '--config', join(cluster.dir, 'burst.yaml'), '--yes', '--wait', 'burst.sbatch'], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/spawn-slurm: auto: cluster gone cannot be asked \(.*\): running it on ec2/);
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    expect(readFileSync(join(cluster.dir, `slurm-${id}.out`), 'utf8')).toMatch(/^burst on /);
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    expect((JSON.parse(history.stdout) as { jobs: Array<{ state: string }> }).jobs[0]?.state).toBe('COMPLETED');
  }, 120_000);
});

describe('submit --backend spawn (built binary, S3 server)', () => {
  it('writes the parameter file and bundle, puts the bundle in S3 and runs spawn launch with them', async () => {
    const stubs = join(cluster.dir, '.spawn-stub');
    mkdirSync(stubs, { recursive: true });
    writeFileSync(join(stubs, 'spawn'), `#!/bin/bash\nprintf '%s\\n' "$@" > ${join(stubs, 'args')}\ncp "$3" ${join(stubs, 'params.yaml')}\nexit 7\n`, { mode: 0o755 });
    cluster.write('spawned.sbatch', '#!/bin/bash\n#SBATCH --array=0-3 -t 5 -c 1 --mem=1G -J spawned\necho hi\n');
    const result = await cluster.runAsync(['submit', '--backend', 'spawn', '--yes', 'spawned.sbatch'], { env: { ...env(), PATH: `${stubs}:${process.env.PATH}` } });
    // spawn's own exit status.
    expect(result.status, result.stderr).toBe(7);
    expect(readFileSync(join(stubs, 'args'), 'utf8').trim().split('\n')).toEqual(['launch', '--param-file', 'spawned.params.yaml', '--no-detach', '--yes']);
    expect(readFileSync(join(stubs, 'params.yaml'), 'utf8')).toContain('slurm_array_task_id');
    const bundle = s3.objects(BUCKET).find((o) => o.key.startsWith('e2e/') && o.key.endsWith('-spawned.bundle.sh'));
    expect(bundle?.body.toString()).toBe(readFileSync(join(cluster.dir, 'spawned.bundle.sh'), 'utf8'));
  });

  it('without the launcher on PATH says how to get it and prints the command, launching nothing', async () => {
    cluster.write('unlaunched.sbatch', '#!/bin/bash\n#SBATCH -t 5 -J unlaunched\necho hi\n');
    const result = await cluster.runAsync(['submit', '--backend', 'spawn', '--yes', 'unlaunched.sbatch'], { env: { ...env(), PATH: '/usr/bin:/bin' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the spawn launcher is not on PATH, so nothing was launched');
    expect(result.stderr).toContain('spawn launch --param-file unlaunched.params.yaml --no-detach --yes');
    expect(existsSync(join(cluster.dir, 'unlaunched.params.yaml'))).toBe(true);
  });
});
