import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_BUNDLES, agentScript } from '../../src/launch/ec2/agent-script.js';
import type { AgentJob } from '../../src/launch/ec2/agent/run-share.js';
import { bootScript } from '../../src/launch/ec2/user-data.js';
import { bundlePath } from '../../src/launch/local/bundles.js';
import { taskJobId } from '../../src/model/array-positions.js';
import { analyseScript } from '../../src/model/analyse.js';
import { ROOT } from '../support/run-cli.js';
import { BUCKET, startWorld, type World } from '../unit/ec2-bootstrap/harness.js';

process.env.SPAWN_SLURM_DIST = join(ROOT, 'dist');

/** The fake IMDS's instance id. */
const INSTANCE = 'i-0123456789abcdef0';
const TTL_SHUTDOWN = '-h +30 spawn-slurm: the job reached its time-to-live';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world.close());

/** What the client puts under the job's prefix before it launches instances: agent.sh, the bundles, job.json and the inputs. */
function stage(jobId: number, script: string, inputs: Record<string, string>, slots: Pick<AgentJob, 'slots' | 'slotsByType'>) {
  const prefix = `jobs/${jobId}/`;
  const home = mkdtempSync(join(world.dir, `client-${jobId}-`));
  // Not created here: the agent recreates the submit directory's path on the instance.
  const submitDir = join(home, 'project');
  const analysis = analyseScript({ text: script }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [] });
  const agentJob: AgentJob = { jobId, job: analysis.job, script: Buffer.from(script).toString('base64'), environment: { PATH: '/opt/from-client/bin', HOME: home }, submitDir, ...slots };
  world.s3.putObject(BUCKET, `${prefix}agent.sh`, agentScript());
  for (const name of AGENT_BUNDLES) world.s3.putObject(BUCKET, `${prefix}agent/${name}`, readFileSync(bundlePath(name)));
  world.s3.putObject(BUCKET, `${prefix}job.json`, JSON.stringify(agentJob), 'application/json');
  for (const [path, body] of Object.entries(inputs)) world.s3.putObject(BUCKET, `${prefix}inputs/${path}`, body);
  return { prefix, submitDir };
}

/** Boots one instance as cloud-init would: the user data under bash, `shutdown` recorded instead of obeyed. */
function boot(jobId: number, prefix: string, env: Record<string, string> = {}) {
  const stubs = mkdtempSync(join(world.dir, `instance-${jobId}-`));
  const calls = join(stubs, 'shutdown.calls');
  writeFileSync(join(stubs, 'shutdown'), `#!/bin/bash\necho "$*" >> '${calls}'\n`);
  chmodSync(join(stubs, 'shutdown'), 0o755);
  const userData = join(stubs, 'user-data.sh');
  writeFileSync(userData, bootScript({ jobId, bucket: BUCKET, prefix, ttlMinutes: 30 }));
  const instanceDir = join(stubs, 'instance');
  const path = `${stubs}:${process.env.PATH}`;
  // Asynchronous: the fake IMDS and S3 answer from this process.
  const child = spawn('bash', [userData], {
    cwd: stubs,
    env: {
      PATH: path,
      HOME: stubs,
      SPAWN_SLURM_INSTANCE_DIR: instanceDir,
      SPAWN_IMDS_ENDPOINT: world.imds.url,
      SPAWN_S3_ENDPOINT: world.s3.url,
      SPAWN_S3_BACKOFF: '0',
      SPAWN_SLURM_SUPERVISOR_IDLE_MS: '1500',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  const ended = new Promise<{ status: number | null; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output: Buffer.concat(output).toString('utf8') });
    });
  });
  return { ended, path, instanceDir, shutdowns: () => readFileSync(calls, 'utf8').trim().split('\n') };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const object = (key: string) => world.s3.getObject(BUCKET, key)?.body.toString('utf8');
const keysUnder = (prefix: string) =>
  world.s3
    .objects(BUCKET)
    .map((o) => o.key)
    .filter((key) => key.startsWith(prefix));
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path, { throwIfNoEntry: false })?.isFile());

describe('an EC2 instance booting with the user data, against a fake IMDSv2 and S3', () => {
  it('finds Node, runs its share under the Slurm environment, uploads outputs, results and its log, and shuts down', { timeout: 60_000 }, async () => {
    const jobId = 5100;
    const script = [
      '#!/bin/bash',
      '#SBATCH --array=0-3 -t 1 -o out/%A_%a.out',
      'echo "task=$SLURM_ARRAY_TASK_ID array=$SLURM_ARRAY_JOB_ID job=$SLURM_JOB_ID count=$SLURM_ARRAY_TASK_COUNT"',
      'echo "input=$(cat data/in.txt)"',
      'echo "path=$PATH"',
      '',
    ].join('\n');
    // `out/` is a directory marker: Slurm fails a task whose output directory is missing.
    const { prefix, submitDir } = stage(jobId, script, { 'data/in.txt': 'forty-two\n', 'out/': '' }, { slots: 1, slotsByType: { 'c7i.large': 2 } });
    const instance = boot(jobId, prefix);
    const { status, output } = await instance.ended;
    expect(status, output).toBe(0);
    expect(instance.shutdowns()).toEqual([TTL_SHUTDOWN, '-h now']);

    for (const index of [0, 1, 2, 3]) {
      expect(JSON.parse(object(`${prefix}results/${index}.json`) ?? '{}')).toMatchObject({ index, instanceId: INSTANCE, exitCode: '0:0', state: 'COMPLETED' });
      const taskOutput = object(`${prefix}outputs/out/${jobId}_${index}.out`);
      expect(taskOutput).toBe(readFileSync(join(submitDir, 'out', `${jobId}_${index}.out`), 'utf8'));
      const [slurm, input, path] = taskOutput?.split('\n') ?? [];
      expect(slurm).toBe(`task=${index} array=${jobId} job=${taskJobId(jobId, 4, index)} count=4`);
      expect(input).toBe('input=forty-two');
      // The job tools first, then the submitter's PATH, then the instance's.
      expect(path?.replace(/^path=[^:]*:/, '')).toBe(`/opt/from-client/bin:${instance.path}`);
    }
    expect(keysUnder(`${prefix}boot/`)).toEqual([]);
    const log = object(`${prefix}logs/${INSTANCE}.log`);
    // The fake IMDS's instance type, c7i.large, holds two tasks at once.
    expect(log).toContain('2 task(s) at once');
    expect(log).toContain('fetched 2 input object(s)');
    expect(log).toContain('ran task(s) [');
    expect(log).toBe(readFileSync(join(instance.instanceDir, 'agent.log'), 'utf8'));

    // The SDK used the instance profile's temporary credentials, through IMDSv2 tokens, and kept them in memory.
    expect(world.s3.requests.filter((r) => r.accessKeyId === world.credentials.AccessKeyId && r.headers['user-agent']?.includes('aws-sdk-js')).length).toBeGreaterThan(0);
    const secrets = [world.credentials.SecretAccessKey, world.credentials.Token];
    for (const stored of keysUnder(prefix)) for (const secret of secrets) expect(object(stored), stored).not.toContain(secret);
    for (const file of [...filesUnder(instance.instanceDir), ...filesUnder(submitDir)]) {
      const text = readFileSync(file, 'utf8');
      for (const secret of secrets) expect(text, file).not.toContain(secret);
    }
  });

  it('on a spot interruption notice gives the running task back, still uploads its log and shuts down', { timeout: 60_000 }, async () => {
    const jobId = 5200;
    const script = '#!/bin/bash\n#SBATCH --array=0-1 -t 1 -o %a.out\ntouch "started-$SLURM_ARRAY_TASK_ID"\nwhile [ ! -e finish ]; do sleep 0.1; done\n';
    const { prefix, submitDir } = stage(jobId, script, {}, { slots: 1 });
    const instance = boot(jobId, prefix, { SPAWN_AGENT_SPOT_POLL_MS: '200' });
    try {
      await waitFor(() => existsSync(join(submitDir, 'started-0')), 'task 0 to start');
      world.imds.setSpotInstanceAction({ action: 'terminate', time: new Date(Date.now() + 120_000).toISOString().replace(/\.\d+Z$/, 'Z') });
      const { status, output } = await instance.ended;
      expect(status, output).toBe(0);
    } finally {
      world.imds.setSpotInstanceAction(undefined);
      // Ends the task if the agent did not.
      if (existsSync(submitDir)) writeFileSync(join(submitDir, 'finish'), '');
    }
    expect(instance.shutdowns()).toEqual([TTL_SHUTDOWN, '-h now']);
    expect(keysUnder(`${prefix}results/`)).toEqual([]);
    expect(keysUnder(`${prefix}claims/`)).toEqual([]);
    expect(keysUnder(`${prefix}running/`)).toEqual([]);
    expect(world.imds.requests.some((r) => r.path === '/latest/meta-data/spot/instance-action' && r.status === 200)).toBe(true);
    expect(object(`${prefix}logs/${INSTANCE}.log`)).toContain('gave back [0]');
  });

  it('when the agent fails, leaves the end of its log in boot/ beside the log and shuts down', { timeout: 60_000 }, async () => {
    const jobId = 5300;
    const { prefix, submitDir } = stage(jobId, '#!/bin/bash\necho never\n', { '../escape.txt': 'outside' }, { slots: 1 });
    const instance = boot(jobId, prefix);
    const { status } = await instance.ended;
    expect(status).not.toBe(0);
    expect(instance.shutdowns()).toEqual([TTL_SHUTDOWN, '-h now']);
    const failure = object(`${prefix}boot/${INSTANCE}.failed`);
    expect(failure).toContain('the agent failed with status 1');
    expect(failure).toContain('spawn-slurm agent: refusing "../escape.txt"');
    expect(object(`${prefix}logs/${INSTANCE}.log`)).toContain('refusing "../escape.txt"');
    expect(existsSync(join(submitDir, '..', 'escape.txt'))).toBe(false);
    expect(keysUnder(`${prefix}claims/`)).toEqual([]);
  });
});
