import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FakeEc2 } from './fake-ec2/server.js';
import { startFakeImds, type FakeImds, type ImdsCredentials } from './fake-imds.js';

/**
 * Boots the fake EC2's instances on this machine: each new instance gets its own instance metadata
 * service and runs its user data under bash, with `shutdown` recorded (and `shutdown -h now` ending the
 * instance in the fake EC2, as its shutdown behaviour terminate would). The fake's spot notices show in
 * the instance's metadata; an instance the fake terminates has its processes killed, as a machine that
 * goes away would. Each instance's files live under `dir/<instance id>`, and its agent sees the job's
 * submit directory under `dir/<instance id>/root`, so nothing is shared with the client but S3.
 */
export interface InstanceSimulator {
  /** Instance ids booted so far. */
  booted(): string[];
  /** What each instance's boot printed (stdout and stderr together). */
  output(instanceId: string): string;
  close(): Promise<void>;
}

interface Booted {
  imds: FakeImds;
  child: ChildProcess;
  dir: string;
  output: string[];
  exited: boolean;
  stopped: boolean;
}

const SHUTDOWN_STUB = '#!/bin/bash\necho "$*" >> "$SPAWN_TEST_SHUTDOWN_LOG"\n';

export function startInstanceSimulator(options: { ec2: FakeEc2; s3Url: string; credentials: ImdsCredentials; dir: string; env?: Record<string, string> }): InstanceSimulator {
  const instances = new Map<string, Booted>();
  const stubs = join(options.dir, 'stubs');
  mkdirSync(stubs, { recursive: true });
  writeFileSync(join(stubs, 'shutdown'), SHUTDOWN_STUB);
  chmodSync(join(stubs, 'shutdown'), 0o755);
  let closed = false;

  async function boot(instanceId: string): Promise<void> {
    const found = options.ec2.instance(instanceId);
    if (!found?.userData) return;
    const dir = join(options.dir, instanceId);
    mkdirSync(join(dir, 'root'), { recursive: true });
    const script = join(dir, 'user-data.sh');
    writeFileSync(script, gunzipSync(Buffer.from(found.userData, 'base64')));
    const imds = await startFakeImds({
      instanceId,
      region: options.ec2.region,
      availabilityZone: found.zone,
      instanceType: found.instanceType,
      localIpv4: found.privateIpAddress,
      amiLaunchIndex: found.launchIndex,
      reservationId: found.reservationId,
      role: 'spawn-slurm-instance',
      credentials: options.credentials,
    });
    const child = spawn('bash', [script], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: `${stubs}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: dir,
        SPAWN_TEST_SHUTDOWN_LOG: join(dir, 'shutdown.log'),
        SPAWN_SLURM_INSTANCE_DIR: join(dir, 'instance'),
        SPAWN_AGENT_PATH_PREFIX: join(dir, 'root'),
        SPAWN_IMDS_ENDPOINT: imds.url,
        SPAWN_S3_ENDPOINT: options.s3Url,
        SPAWN_S3_BACKOFF: '0',
        SPAWN_SLURM_SUPERVISOR_IDLE_MS: '1500',
        SPAWN_AGENT_SPOT_POLL_MS: '200',
        ...options.env,
      },
    });
    const booted: Booted = { imds, child, dir, output: [], exited: false, stopped: false };
    child.stdout?.on('data', (chunk: Buffer) => booted.output.push(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => booted.output.push(chunk.toString('utf8')));
    child.on('exit', () => {
      booted.exited = true;
    });
    instances.set(instanceId, booted);
  }

  /** The machine goes away: the boot script, the agent, the supervisor (its own session) and their tasks. */
  function killInstance(booted: Booted): void {
    if (booted.stopped) return;
    booted.stopped = true;
    const pids = [booted.child.pid];
    const lock = join(booted.dir, 'instance', 'state', 'supervisor.lock');
    try {
      pids.push((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid);
    } catch {
      // No supervisor yet.
    }
    for (const pid of pids) {
      if (pid === undefined) continue;
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    void booted.imds.close();
  }

  function shutdownNow(booted: Booted): boolean {
    const log = join(booted.dir, 'shutdown.log');
    return existsSync(log) && readFileSync(log, 'utf8').split('\n').includes('-h now');
  }

  const timer = setInterval(() => {
    if (closed) return;
    for (const instance of options.ec2.instances()) {
      const booted = instances.get(instance.instanceId);
      if (!booted) {
        if (instance.state === 'pending' || instance.state === 'running') {
          instances.set(instance.instanceId, { stopped: false } as Booted);
          void boot(instance.instanceId);
        }
        continue;
      }
      if (!booted.child) continue;
      if (instance.state === 'shutting-down' || instance.state === 'terminated') {
        killInstance(booted);
        continue;
      }
      const notice = options.ec2.spotNotice(instance.instanceId);
      booted.imds.setSpotInstanceAction(notice ?? undefined);
      if (booted.exited && shutdownNow(booted) && !booted.stopped) {
        booted.stopped = true;
        options.ec2.shutdownFromInside(instance.instanceId);
        void booted.imds.close();
      }
    }
  }, 100);

  return {
    booted: () => [...instances.keys()],
    output: (id) => instances.get(id)?.output.join('') ?? '',
    close: async () => {
      closed = true;
      clearInterval(timer);
      for (const booted of instances.values()) if (booted.child) killInstance(booted);
    },
  };
}
