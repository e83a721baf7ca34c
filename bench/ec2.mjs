// EC2 figures.
//   ec2.packed_cost_ratio        the array example packed (the Plan's layout, which estimate, convert and
//                                submit share) ÷ one fresh instance per task, both from `estimate --json`,
//                                at the time limit and the purchase the Plan buys
//   ec2.calls_per_1000_tasks     EC2 API calls `submit --backend ec2` makes for a 1,000-task array
//   ec2.submit_1000_seconds      wall time of that submit through the binary (start-up, Plan, the job put
//                                in S3, the packed instances launched), against the local fake EC2 with
//                                20 ms per call and the local S3 server
//   ec2.submit_10000_seconds     the same for 10,000 tasks
//   ec2.launch_1000_seconds, ec2.launch_10000_seconds   the launch phase alone (Plan → instances)
//   ec2.one_call_per_task_1000_seconds  1,000 RunInstances calls, one per task, in the same run
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { runNode } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'spawn-slurm.cjs');
const EXAMPLE = join(root, 'fixtures', 'examples', 'array-sweep.sbatch');

function totalAtLimit(cost) {
  if (!cost.known) throw new Error(`no ${cost.purchase} price: ${cost.reason}`);
  const run = cost.runs.find((r) => r.basis === 'time-limit');
  if (!run) throw new Error('the example has no time limit');
  return run.totalUsd;
}

export const benchmarks = [
  {
    name: 'ec2-packing',
    run() {
      const result = runNode([bin, 'estimate', EXAMPLE, '--json'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      if (result.status !== 0) throw new Error(`estimate failed (${result.status}): ${result.stderr}`);
      const report = JSON.parse(result.stdout);
      const bought = report.instance.boughtAs === 'spot' ? 'spot' : 'onDemand';
      const packed = totalAtLimit(report.cost[bought]);
      const single = totalAtLimit(report.packing.onePerInstance.cost[bought]);
      const { tasksPerInstance, instances } = report.packing;
      return {
        'ec2.packed_cost_ratio': {
          value: packed / single,
          goal: '< 1',
          note: `fixtures/examples/array-sweep.sbatch: $${packed.toFixed(2)} packed (${tasksPerInstance} per instance, ${instances} × ${report.instance.chosen.instanceType}) ÷ $${single.toFixed(2)} (${report.packing.onePerInstance.instances} × ${report.packing.onePerInstance.instanceType})`,
        },
      };
    },
  },
];

const LATENCY_MS = 20;
const IMAGE = 'ami-0123456789abcdef0';

async function loadBundle() {
  const outfile = join(root, 'bench', 'tmp', 'ec2-bundle.cjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [join(root, 'bench', 'ec2-entry.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return createRequire(import.meta.url)(outfile);
}

async function planFor(lib, tasks) {
  const text = `#!/bin/bash\n#SBATCH --array=0-${tasks - 1} -c 2 --mem=4G -t 30\nrun\n`;
  const analysis = lib.analyseScript({ text }, { fileName: 'bench.sbatch', release: '22.05', env: {}, cliArgs: [], arraySizeIsHardLimit: false, maxArraySize: 100_001 });
  const plan = lib.buildPlan({ job: analysis.job, mapping: lib.defaultMappingConfig(), catalog: await lib.loadEmbeddedCatalog(), file: 'bench.sbatch' });
  if (!plan.placement) throw new Error('no placement for the bench job');
  return plan.placement;
}

const seconds = () => Number(process.hrtime.bigint()) / 1e9;

async function launchPacked(lib, tasks) {
  const placement = await planFor(lib, tasks);
  const fake = await lib.startFakeEc2({ latencyMs: LATENCY_MS, maxLifetimeMs: 600_000 });
  const client = lib.makeEc2Client({ region: fake.region, endpoint: fake.url, credentials: fake.credentials });
  try {
    const start = seconds();
    const result = await lib.launchInstances(
      {
        jobId: 1000 + tasks,
        batchKey: `tasks-0-${tasks - 1}`,
        count: placement.packing.instances,
        allOrNothing: false,
        candidates: placement.candidates.map((c) => ({ instanceType: c.instanceType })),
        purchase: placement.purchase,
        imageId: IMAGE,
        userData: Buffer.from('#!/bin/bash\n').toString('base64'),
        tags: { 'spawn:managed': 'true' },
      },
      { client },
    );
    const elapsed = seconds() - start;
    if (result.instances.length !== placement.packing.instances) throw new Error(`launched ${result.instances.length} of ${placement.packing.instances}`);
    return { elapsed, calls: fake.requests.length, instances: result.instances.length, perInstance: placement.packing.tasksPerInstance, type: placement.candidates[0].instanceType };
  } finally {
    client.destroy();
    await fake.close();
  }
}

async function oneCallPerTask(lib, tasks) {
  const fake = await lib.startFakeEc2({ latencyMs: LATENCY_MS, maxLifetimeMs: 600_000 });
  const client = lib.makeEc2Client({ region: fake.region, endpoint: fake.url, credentials: fake.credentials });
  try {
    const start = seconds();
    for (let i = 0; i < tasks; i++) {
      await client.runInstances({ ImageId: IMAGE, InstanceType: 'm5a.large', MinCount: 1, MaxCount: 1, ClientToken: `bench-${i}` });
    }
    return { elapsed: seconds() - start, calls: fake.requests.length };
  } finally {
    client.destroy();
    await fake.close();
  }
}

/** The binary, without blocking this process: the fake EC2 and S3 servers run in it. */
function runAsync(args, options) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const BUCKET = 'bench-jobs';
const CLIENT = { accessKeyId: 'AKIABENCHCLIENTXXXXX', secretAccessKey: 'bench/client/secret' };

async function submitThroughCli(lib, tasks) {
  const fake = await lib.startFakeEc2({ ...CLIENT, latencyMs: LATENCY_MS, maxLifetimeMs: 600_000 });
  const s3 = await lib.startS3Server({ credentials: [CLIENT], buckets: [BUCKET], region: 'us-east-1', maxLifetimeMs: 600_000 });
  const dir = mkdtempSync(join(tmpdir(), 'bench-ec2-submit-'));
  const state = join(dir, '.state');
  try {
    writeFileSync(
      join(dir, 'mapping.yaml'),
      `defaults:\n  region: us-east-1\n  ami:\n    x86_64: ${IMAGE}\nstorage:\n  s3:\n    bucket: ${BUCKET}\nspawn:\n  iam_role: spawn-slurm-instance\n`,
    );
    writeFileSync(join(dir, 'bench.sbatch'), `#!/bin/bash\n#SBATCH --array=0-${tasks - 1} -c 2 --mem=4G -t 30\nrun\n`);
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      SPAWN_SLURM_STATE_DIR: state,
      SPAWN_SLURM_CONFIG: join(dir, 'mapping.yaml'),
      SPAWN_SLURM_EC2_ENDPOINT: fake.url,
      SPAWN_SLURM_S3_ENDPOINT: s3.url,
      // The watcher submit leaves behind must not look before it is stopped below.
      SPAWN_SLURM_EC2_POLL_MS: '600000',
      AWS_ACCESS_KEY_ID: CLIENT.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CLIENT.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const start = seconds();
    const result = await runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', '--max-array-size', '100001', 'bench.sbatch'], { cwd: dir, env });
    const elapsed = seconds() - start;
    if (result.status !== 0) throw new Error(`submit --backend ec2 failed (${result.status}): ${result.stderr}`);
    return { elapsed, calls: fake.requests.length, instances: fake.instances().length };
  } finally {
    try {
      process.kill(JSON.parse(readFileSync(join(state, 'ec2', 'watcher.lock'), 'utf8')).pid, 'SIGKILL');
    } catch {
      // No watcher (or gone).
    }
    await Promise.all([fake.close(), s3.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

benchmarks.push({
  name: 'ec2-launch',
  async run() {
    const lib = await loadBundle();
    const thousand = await launchPacked(lib, 1000);
    const tenThousand = await launchPacked(lib, 10_000);
    const submitted = await submitThroughCli(lib, 1000);
    const submittedTen = await submitThroughCli(lib, 10_000);
    const naive = await oneCallPerTask(lib, 1000);
    const how = (r, tasks) => `${tasks} tasks → ${r.instances} × ${r.type} (${r.perInstance} per instance), ${r.calls} calls, ${LATENCY_MS} ms per call`;
    const whole = (r, tasks) =>
      `submit --backend ec2 --yes through the binary, ${tasks} tasks → ${r.instances} instances, ${r.calls} EC2 calls (${LATENCY_MS} ms each), the job put in the local S3 server`;
    return {
      'ec2.calls_per_1000_tasks': { value: submitted.calls, goal: '≤ 10', note: whole(submitted, 1000) },
      'ec2.submit_1000_seconds': { value: submitted.elapsed, note: whole(submitted, 1000) },
      'ec2.submit_10000_seconds': { value: submittedTen.elapsed, note: whole(submittedTen, 10_000) },
      'ec2.launch_1000_seconds': { value: thousand.elapsed, note: `launch phase alone: ${how(thousand, 1000)}` },
      'ec2.launch_10000_seconds': { value: tenThousand.elapsed, note: `launch phase alone: ${how(tenThousand, 10_000)}` },
      'ec2.one_call_per_task_1000_seconds': { value: naive.elapsed, note: `${naive.calls} RunInstances calls of one instance each, one after the other` },
    };
  },
});
