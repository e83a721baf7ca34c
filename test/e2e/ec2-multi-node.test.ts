import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../src/store/event-log.js';
import type { FakeEc2 } from '../support/fake-ec2/server.js';
import type { InstanceSimulator } from '../support/instance-simulator.js';
import { LocalCluster } from '../support/local-cluster.js';
import { runCliAsync } from '../support/run-cli.js';
import type { S3Server } from '../support/s3-server/server.js';
import { startSimulatedEc2, type SimulatedEc2 } from '../support/simulated-ec2.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * A multi-node job on EC2 through the built binary: its instances are launched as one group, find each
 * other through S3, and the first runs the script with the job's node list while srun reaches the
 * others. The simulated instances share this machine, so the remote shell is a stand-in that records
 * the node it was asked for and runs the command through a shell, as sshd would.
 */
const BUCKET = 'spawn-e2e-multi-node';
const clientCredentials = { accessKeyId: 'AKIAE2EMULTINODEXXXX', secretAccessKey: 'e2e/multi/secret' };
let world: SimulatedEc2;
let fake: FakeEc2;
let s3: S3Server;
let simulator: InstanceSimulator;
const cluster = new LocalCluster('ec2-multi-node');
const rshLog = () => join(cluster.dir, 'rsh.log');
const mountLog = () => join(cluster.dir, 'mount.log');
/** Stands in for the EFS file system: every instance's mount of it is this directory. */
const efsDir = () => join(cluster.dir, 'efs');
const env = () => world.env();

const queueHas = async (id: number) => (await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes(`"${id}`);

beforeAll(async () => {
  const rsh = cluster.write('fake-rsh', `#!/bin/sh\nhost=$1\nshift\necho "$host" >> '${rshLog()}'\nexec /bin/sh -c "$*"\n`, 0o755);
  // mount -t nfs4 -o OPTIONS SOURCE TARGET: the target becomes the shared directory.
  const mount = cluster.write('fake-mount', `#!/bin/bash\necho "$*" >> '${mountLog()}'\ntarget=\${@: -1}\nrmdir "$target" && ln -s '${efsDir()}' "$target"\n`, 0o755);
  world = await startSimulatedEc2(cluster, { bucket: BUCKET, client: clientCredentials, instanceEnv: { SPAWN_AGENT_RSH: rsh, SPAWN_AGENT_MOUNT: mount } });
  ({ fake, s3, simulator } = world);
}, 30_000);
afterAll(async () => {
  await world?.close();
  await cluster.dispose();
});

describe('multi-node jobs on EC2 (built binary, fake EC2, S3 server, simulated instances)', () => {
  it('launches the nodes as one group in a placement group; the script runs on the first with the node list, and srun reaches every node', async () => {
    cluster.write(
      'mpi.sbatch',
      [
        '#!/bin/bash',
        '#SBATCH -N 3 --ntasks-per-node=2 -t 5 -c 1 --mem=1G -J mpi',
        'echo "nodes=$SLURM_JOB_NODELIST count=$SLURM_JOB_NUM_NODES per-node=$SLURM_TASKS_PER_NODE first=$SLURMD_NODENAME"',
        'cat "$SPAWN_SLURM_HOSTFILE"',
        `srun bash -c 'echo "rank $SLURM_PROCID node $SLURM_NODEID local $SLURM_LOCALID on $SLURMD_NODENAME of $SLURM_STEP_NODELIST"' | sort -n -k2`,
        '',
      ].join('\n'),
    );
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--wait', 'mpi.sbatch'], { env: env() });
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    const boots = () =>
      simulator
        .booted()
        .map((i) => `${i}:\n${simulator.output(i)}`)
        .join('\n');
    expect(result.status, `${result.stderr}\n${boots()}`).toBe(0);

    const runs = fake.calls('RunInstances');
    expect(runs).toHaveLength(1);
    const group = `spawn-slurm-${readFileSync(join(cluster.stateDir, 'ec2', 'store-id'), 'utf8').trim()}-${id}`;
    expect(runs[0]?.params).toMatchObject({ MinCount: '3', MaxCount: '3', 'Placement.GroupName': group });
    expect(fake.calls('CreatePlacementGroup').map((c) => c.params['GroupName'])).toEqual([group]);
    const nodes = fake
      .instances()
      .filter((i) => i.tags['spawn-slurm:job-id'] === String(id))
      .sort((a, b) => a.launchIndex - b.launchIndex);
    expect(nodes).toHaveLength(3);
    expect(new Set(nodes.map((n) => n.zone)).size).toBe(1);
    const names = nodes.map((n) => `ip-${n.privateIpAddress.replace(/\./g, '-')}`);

    const output = readFileSync(join(cluster.dir, `slurm-${id}.out`), 'utf8');
    const [header, ...rest] = output.trimEnd().split('\n');
    expect(header).toMatch(new RegExp(`^nodes=\\S+ count=3 per-node=2\\(x3\\) first=${names[0]}$`));
    expect(rest.slice(0, 3)).toEqual(names);
    const ranks = rest.slice(3);
    expect(ranks).toHaveLength(6);
    for (let rank = 0; rank < 6; rank++) {
      const node = Math.floor(rank / 2);
      expect(ranks[rank]).toMatch(new RegExp(`^rank ${rank} node ${node} local ${rank % 2} on ${names[node]} of \\S+$`));
    }
    // Ranks on the other nodes went through the remote shell, two to each; none on the first node did.
    expect(readFileSync(rshLog(), 'utf8').trim().split('\n').sort()).toEqual([names[1], names[1], names[2], names[2]].sort());

    // The job key: made on the first node, authorised on the others, its private half never in S3.
    const home = (instanceId: string) => join(cluster.dir, '.instances', instanceId);
    const publicKey = readFileSync(join(home(nodes[0]!.instanceId), 'instance', 'ssh', 'id_ed25519.pub'), 'utf8').trim();
    for (const worker of nodes.slice(1)) expect(readFileSync(join(home(worker.instanceId), '.ssh', 'authorized_keys'), 'utf8')).toContain(publicKey);
    for (const object of s3.objects(BUCKET)) expect(object.body.toString('latin1')).not.toContain('PRIVATE KEY');

    const events = readEvents(join(cluster.stateDir, 'ec2', 'jobs', String(id), 'events.jsonl'));
    const ended = events.find((e) => e['detail-type'] === 'Task Ended');
    expect(ended?.detail).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
    expect(ended?.detail.nodeList).toMatch(/^ip-/);

    // Every node shuts down, and the placement group goes once they are gone.
    await waitUntil('every node to shut down', () => nodes.every((n) => ['shutting-down', 'terminated'].includes(fake.instance(n.instanceId)?.state ?? '')), 60_000);
    await waitUntil(
      'the placement group to be deleted',
      async () => {
        await queueHas(id);
        return !fake.placementGroups().some((g) => g.groupName === group);
      },
      60_000,
      300,
    );
  }, 150_000);

  it('a node lost mid-run ends its group, and the job runs again on a whole new group', async () => {
    const mark = join(cluster.dir, 'first-run');
    cluster.write(
      'lost.sbatch',
      `#!/bin/bash\n#SBATCH -N 2 -t 5 -c 1 --mem=1G\nif mkdir '${mark}' 2>/dev/null; then sleep 120; fi\nsrun hostname >/dev/null\necho "done on $SLURM_JOB_NODELIST"\n`,
    );
    const submitted = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', '--parsable', 'lost.sbatch'], { env: env() });
    expect(submitted.status, submitted.stderr).toBe(0);
    const id = Number(submitted.stdout.trim());
    await waitUntil('the script to start on the first node', () => existsSync(mark), 60_000);
    await waitUntil('queue to show the job running', async () => (await cluster.runAsync(['queue', '-j', String(id), '--json'], { env: env() })).stdout.includes('"RUNNING"'), 60_000, 200);
    const first = fake
      .instances()
      .filter((i) => i.tags['spawn-slurm:job-id'] === String(id))
      .sort((a, b) => a.launchIndex - b.launchIndex);
    expect(first).toHaveLength(2);
    // The second node goes away (as a hardware failure would): EC2 ends it from outside.
    fake.shutdownFromInside(first[1]!.instanceId);
    await waitUntil('the job to end', async () => !(await queueHas(id)), 120_000, 300);
    const history = await cluster.runAsync(['history', '-j', String(id), '--json'], { env: env() });
    expect((JSON.parse(history.stdout) as { jobs: Array<{ state: string }> }).jobs[0]?.state).toBe('COMPLETED');
    const all = fake.instances().filter((i) => i.tags['spawn-slurm:job-id'] === String(id));
    expect(all).toHaveLength(4);
    expect(first.every((i) => ['shutting-down', 'terminated'].includes(fake.instance(i.instanceId)?.state ?? ''))).toBe(true);
    const events = readEvents(join(cluster.stateDir, 'ec2', 'jobs', String(id), 'events.jsonl'));
    expect(events.filter((e) => e['detail-type'] === 'Task Requeued')).toHaveLength(1);
    expect(readFileSync(join(cluster.dir, `slurm-${id}.out`), 'utf8')).toMatch(/^done on ip-/);
  }, 200_000);
});

describe('storage.efs (built binary, simulated instances)', () => {
  it('mounts the file system where the cluster has it: a job submitted from under it writes its files there directly, nothing through S3', async () => {
    const project = join(efsDir(), 'project');
    mkdirSync(join(project, 'data'), { recursive: true });
    writeFileSync(join(project, 'data', 'in.txt'), 'input on the shared file system\n');
    const mapping = readFileSync(join(cluster.dir, 'mapping.yaml'), 'utf8').replace('storage:\n', `storage:\n  efs: fs-0123456789abcdef0\n  efs_mount: ${efsDir()}\n`);
    cluster.write('efs.yaml', mapping);
    writeFileSync(
      join(project, 'efs.sbatch'),
      '#!/bin/bash\n#SBATCH -N 2 -t 5 -c 1 --mem=1G\ncat data/in.txt > result.txt\nsrun bash -c \'echo "rank $SLURM_PROCID" > rank-$SLURM_PROCID.txt\'\necho ran in "$PWD"\n',
    );
    const result = await runCliAsync(['submit', '--backend', 'ec2', '--yes', '--wait', 'efs.sbatch'], {
      cwd: project,
      env: cluster.env({ ...env(), SPAWN_SLURM_CONFIG: join(cluster.dir, 'efs.yaml') }),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`the submit directory is on EFS fs-0123456789abcdef0, which the instances mount at ${efsDir()}`);
    const id = Number(/Submitted batch job (\d+)/.exec(result.stdout)?.[1]);
    expect(readFileSync(join(project, 'result.txt'), 'utf8')).toBe('input on the shared file system\n');
    expect(readFileSync(join(project, 'rank-1.txt'), 'utf8')).toBe('rank 1\n');
    expect(readFileSync(join(project, `slurm-${id}.out`), 'utf8')).toMatch(new RegExp(`^ran in .*${project}$`, 'm'));
    // Each node mounted it with the NFS options AWS recommends, at the cluster's path.
    const mounts = readFileSync(mountLog(), 'utf8').trim().split('\n');
    expect(mounts).toHaveLength(2);
    for (const line of mounts)
      expect(line).toMatch(
        new RegExp(`^-t nfs4 -o nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport fs-0123456789abcdef0.efs.us-east-1.amazonaws.com:/ \\S+${efsDir()}$`),
      );
    // Nothing of the job's files went through S3.
    const keys = s3
      .objects(BUCKET)
      .map((o) => o.key)
      .filter((k) => k.includes(`/${id}/`));
    expect(keys.filter((k) => /\/(inputs|outputs)\//.test(k))).toEqual([]);
  }, 150_000);

  it('is refused when nothing says where it is mounted', async () => {
    const mapping = readFileSync(join(cluster.dir, 'mapping.yaml'), 'utf8').replace('storage:\n', 'storage:\n  efs: fs-0bbbbbbbbbbbbbbb2\n');
    cluster.write('efs-unmounted.yaml', mapping);
    cluster.write('plain.sbatch', '#!/bin/bash\n#SBATCH -t 5\ntrue\n');
    const before = fake.calls('RunInstances').length;
    const result = await cluster.runAsync(['submit', '--backend', 'ec2', '--yes', 'plain.sbatch'], { env: { ...env(), SPAWN_SLURM_CONFIG: join(cluster.dir, 'efs-unmounted.yaml') } });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('storage.efs fs-0bbbbbbbbbbbbbbb2 is not mounted on this machine');
    expect(result.stderr).toContain('storage.efs_mount');
    expect(fake.calls('RunInstances')).toHaveLength(before);
  });
});
