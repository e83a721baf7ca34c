import type { Component, JobSpec } from '../../model/schema.js';
import type { NodeFacts, TaskRequest } from '../../store/job-record.js';
import { cpusOnNode } from '../task-script/slurm-environment.js';

export interface RequestCheck {
  request: TaskRequest;
  /** Why this machine can never run the job; empty when it can. */
  refusals: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function memoryOf(component: Component, cpus: number, gpus: number, node: NodeFacts): number {
  const memory = component.memory;
  if (memory === null) return node.defMemPerCpuMiB * cpus;
  if ('perNodeMiB' in memory) return memory.perNodeMiB === 0 ? node.memoryMiB : memory.perNodeMiB;
  if ('perCpuMiB' in memory) return memory.perCpuMiB * cpus;
  return memory.perGpuMiB * Math.max(gpus, 1);
}

/**
 * What each task of the job holds on this machine (CPUs, memory, GPUs), and why the machine, as a
 * one-node cluster, could never run it: Slurm would leave such a job pending for ever; here submit
 * refuses it and says by how much it does not fit.
 */
export function checkRequest(job: JobSpec, node: NodeFacts, nodesHeld = 1): RequestCheck {
  const refusals: string[] = [];
  const component = job.components[0] as Component;
  if (job.components.length > 1) refusals.push(`it is a heterogeneous job of ${job.components.length} components, which the local backend does not run`);
  if (component.needs.nodes > nodesHeld) refusals.push(`it asks for ${plural(component.needs.nodes, 'node')} and this machine is one node`);
  const cpus = cpusOnNode(component, node.cpus);
  const gpus = component.exclusive !== false ? Math.max(component.needs.gpusPerNode, node.gpus.length) : component.needs.gpusPerNode;
  const memoryMiB = memoryOf(component, cpus, gpus, node);
  if (cpus > node.cpus) refusals.push(`it asks for ${plural(cpus, 'CPU')} and this machine has ${node.cpus} (${cpus - node.cpus} too many)`);
  if (memoryMiB > node.memoryMiB) refusals.push(`it asks for ${memoryMiB} MiB of memory and this machine has ${node.memoryMiB} MiB (${memoryMiB - node.memoryMiB} MiB too much)`);
  if (gpus > node.gpus.length) {
    refusals.push(
      node.gpus.length === 0
        ? `it asks for ${plural(gpus, 'GPU')} and this machine has none (nvidia-smi -L lists no GPUs)`
        : `it asks for ${plural(gpus, 'GPU')} and this machine has ${node.gpus.length} (${gpus - node.gpus.length} too many)`,
    );
  }
  return { request: { cpus, memoryMiB, gpus }, refusals };
}
