import { describe, expect, it } from 'vitest';
import { packingFor, packedSeconds, tasksThatFit } from '../../../src/mapping/select/packing.js';
import type { InstanceCandidate, InstanceNeeds } from '../../../src/mapping/plan-types.js';
import { planForText } from '../../support/plan-for.js';

const script = (directives: string) => `#!/bin/bash\n${directives}\nrun\n`;

async function placementOf(directives: string) {
  const plan = await planForText(script(directives));
  if (!plan.placement) throw new Error(`no placement: ${plan.diagnostics.map((d) => d.message).join('; ')}`);
  return { plan, placement: plan.placement };
}

describe('packing tasks onto instances, from the Plan', () => {
  it('puts many small tasks on each instance instead of one instance per task', async () => {
    const { plan, placement } = await placementOf('#SBATCH --array=0-999 -c 2 --mem=3G -t 10');
    const chosen = placement.candidates[0]!;
    expect(chosen.tasksPerInstance).toBeGreaterThan(1);
    expect(placement.packing.tasksPerInstance).toBe(chosen.tasksPerInstance);
    // Every task has a slot, on as few instances as that takes, and each slot has the task's CPUs and memory.
    expect(placement.packing.instances).toBe(Math.ceil(1000 / chosen.tasksPerInstance));
    expect(chosen.vcpus).toBeGreaterThanOrEqual(2 * chosen.tasksPerInstance);
    expect(chosen.memoryMiB * 0.9).toBeGreaterThanOrEqual(3072 * chosen.tasksPerInstance);
    expect(placement.packing.rounds).toBe(1);
    expect(plan.tasks.maxConcurrent).toBeNull();
    // The comparison figure: the cheapest type for one task alone.
    expect(placement.unpacked.vcpus).toBeLessThan(chosen.vcpus);
  });

  it('gives an instance that runs several rounds of tasks a time-to-live for all of them', async () => {
    const { plan, placement } = await placementOf('#SBATCH --array=0-99%6 -c 1 --mem=1G -t 30');
    // A task's lifetime is its 30-minute limit plus the default 30-minute margin; the instance's also
    // holds the start-up and every further round.
    expect(placement.packing.rounds).toBeGreaterThan(1);
    expect(plan.ttlMinutes).toBe(60);
    expect(plan.instanceTtlMinutes).toBe(2 + placement.packing.rounds * 30 + 30);
    const forced = await placementOf('#SBATCH --array=0-99%6 -c 1 --mem=1G -t 30\n#SPAWN --ttl=5h');
    expect(forced.plan.instanceTtlMinutes).toBe(300);
    // Each multi-node task launches its own group of instances, which lives for that one task.
    const multiNode = await placementOf('#SBATCH --array=0-9%2 -N 2 -c 2 --mem=2G -t 30');
    expect(multiNode.placement.packing.rounds).toBe(5);
    expect(multiNode.plan.instanceTtlMinutes).toBe(2 + 30 + 30);
  });

  it('keeps %N across instances: no more slots than tasks may run at once', async () => {
    const { plan, placement } = await placementOf('#SBATCH --array=0-99%6 -c 1 --mem=1G -t 30');
    expect(placement.packing.concurrency).toBe(6);
    expect(placement.packing.instances * placement.packing.tasksPerInstance).toBeGreaterThanOrEqual(6);
    expect(placement.packing.tasksPerInstance).toBeLessThanOrEqual(6);
    expect(placement.packing.rounds).toBe(Math.ceil(Math.ceil(100 / placement.packing.instances) / Math.ceil(6 / placement.packing.instances)));
    expect(plan.tasks.maxConcurrent).toBe(6);
  });

  it('gives each fallback type its own number of tasks, since a capacity fallback to another size packs differently', async () => {
    const { placement } = await placementOf('#SBATCH --array=0-255 -c 2 --mem=2G -t 20');
    for (const c of placement.candidates) {
      expect(c.tasksPerInstance).toBe(Math.min(Math.floor(c.vcpus / 2), Math.floor((c.memoryMiB * 0.9) / 2048), 256));
    }
  });

  it('packs GPU tasks by GPUs: one GPU per task on a multi-GPU type', async () => {
    const { placement } = await placementOf('#SBATCH --array=0-31 --gres=gpu:1 -c 4 --mem=16G -t 60');
    const chosen = placement.candidates[0]!;
    expect(chosen.gpu).not.toBeNull();
    expect(chosen.tasksPerInstance).toBeLessThanOrEqual(chosen.gpu!.count);
  });

  it.each([
    ['--exclusive', '#SBATCH --array=0-99 -c 2 --mem=2G -t 10 --exclusive'],
    ['--mem=0 (the whole node)', '#SBATCH --array=0-99 -c 2 --mem=0 -t 10'],
    ['multi-node tasks', '#SBATCH --array=0-9 -N 2 -c 2 --mem=2G -t 10'],
    ['#SPAWN --tasks-per-instance=1', '#SBATCH --array=0-99 -c 2 --mem=2G -t 10\n#SPAWN --tasks-per-instance=1'],
  ])('never shares an instance for %s', async (_what, directives) => {
    const { placement } = await placementOf(directives);
    expect(placement.candidates.every((c) => c.tasksPerInstance === 1)).toBe(true);
  });

  it('#SPAWN --tasks-per-instance caps the tasks that share an instance', async () => {
    const { placement } = await placementOf('#SBATCH --array=0-999 -c 1 --mem=1G -t 10\n#SPAWN --tasks-per-instance=3');
    expect(Math.max(...placement.candidates.map((c) => c.tasksPerInstance))).toBeLessThanOrEqual(3);
    expect(placement.packing.tasksPerInstance).toBeGreaterThan(1);
  });

  it('counts mapping.yaml max_concurrent in instances: packed tasks share them', async () => {
    const { mappingFrom } = await import('../../support/plan-for.js');
    const plan = await planForText(script('#SBATCH --array=0-999 -c 1 --mem=1G -t 10'), { mapping: mappingFrom('defaults:\n  max_concurrent: 5\n') });
    const packing = plan.placement!.packing;
    expect(packing.instances).toBe(5);
    expect(packing.concurrency).toBe(5 * packing.tasksPerInstance);
    expect(plan.tasks.maxConcurrent).toBe(packing.concurrency);
  });
});

describe('packing arithmetic', () => {
  const needs: InstanceNeeds = { vcpus: 2, memoryMiB: 4506, jobMemoryMiB: 4096, gpus: 0, gpuModel: null, gpuTypeAsWritten: null, efa: false, localDiskMiB: null };
  const type = (vcpus: number, memoryMiB: number) => ({ vcpus, memoryMiB, gpu: null }) as InstanceCandidate;
  const limits = { tasks: 1000, throttle: null, maxInstances: null, userCap: null, shareable: true, runtimeMinutes: 30, margin: { kind: 'fraction' as const, fraction: 0.1 } };

  it('fits by vCPUs, memory after the OS margin, the array and the cap', () => {
    expect(tasksThatFit(type(16, 65536), needs, limits)).toBe(8);
    // 32 GiB less 10% = 29491 MiB holds 7 tasks of 4 GiB, though the vCPUs would take 8.
    expect(tasksThatFit(type(16, 32768), needs, limits)).toBe(7);
    expect(tasksThatFit(type(16, 65536), needs, { ...limits, tasks: 3 })).toBe(3);
    expect(tasksThatFit(type(16, 65536), needs, { ...limits, userCap: 2 })).toBe(2);
    expect(tasksThatFit(type(16, 65536), needs, { ...limits, shareable: false })).toBe(1);
  });

  it('bills each instance for one start-up and its own rounds, ending when its share is done', () => {
    // 25 tasks on 4 instances, one at a time: shares 7, 6, 6, 6 of 45 min after 2 min start-up.
    const packing = packingFor(1, { ...limits, tasks: 25, throttle: 4 });
    expect(packing).toEqual({ tasksPerInstance: 1, instances: 4, concurrency: 4, rounds: 7 });
    expect(packedSeconds(packing, 25, 45)).toEqual({ total: (2 + 7 * 45) * 60 + 3 * (2 + 6 * 45) * 60, longest: (2 + 7 * 45) * 60 });
  });
});
