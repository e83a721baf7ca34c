import { execFileSync } from 'node:child_process';
import { availableParallelism, hostname, totalmem } from 'node:os';
import type { NodeFacts } from '../../store/job-record.js';

/** What the configuration may set about this machine as a cluster (mapping.yaml `local:`). */
export interface LocalSettings {
  cluster_name?: string;
  partition?: string;
  node_name?: string;
  cpus?: number;
  memory_mib?: number;
  def_mem_per_cpu_mib?: number;
  kill_wait_seconds?: number;
}

/** Slurm's KillWait default: seconds between the time-limit SIGTERM and SIGKILL. */
const DEFAULT_KILL_WAIT_SECONDS = 30;

/** GPU indices `nvidia-smi -L` lists (`GPU 0: NVIDIA A10G (UUID: …)`); none when it is missing or fails. */
function detectGpus(): number[] {
  try {
    const out = execFileSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return [...out.matchAll(/^GPU (\d+):/gm)].map((m) => Number(m[1]));
  } catch {
    return [];
  }
}

/** This machine as a one-node cluster: its cores, memory and GPUs, with the configuration's overrides. */
export function localNodeFacts(settings: LocalSettings = {}): NodeFacts {
  const host = hostname();
  const cpus = settings.cpus ?? availableParallelism();
  const memoryMiB = settings.memory_mib ?? Math.floor(totalmem() / 1048576);
  return {
    clusterName: settings.cluster_name ?? 'local',
    defaultPartition: settings.partition ?? 'local',
    nodeName: settings.node_name ?? (host.split('.')[0] || 'localhost'),
    hostName: host,
    cpus,
    memoryMiB,
    gpus: detectGpus(),
    // As a site without DefMemPerCPU shares memory out: evenly per CPU.
    defMemPerCpuMiB: settings.def_mem_per_cpu_mib ?? Math.floor(memoryMiB / cpus),
    killWaitSeconds: settings.kill_wait_seconds ?? DEFAULT_KILL_WAIT_SECONDS,
  };
}
