/** Plans built by hand around a real JobSpec, so estimate tests control every price. */
import { expect } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import type { CatalogSource } from '../../../src/mapping/catalog/types.js';
import type { Purchase } from '../../../src/mapping/config/types.js';
import type { InstanceCandidate, Placement, Plan } from '../../../src/mapping/plan-types.js';
import { packingFor } from '../../../src/mapping/select/packing.js';

const OFFLINE: CatalogSource = { kind: 'embedded', generatedAt: '2026-07-20', sources: [] };

function jobFrom(directives: string) {
  const analysis = analyseScript({ text: `#!/bin/bash\n${directives}\nrun\n` }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [] });
  expect(analysis.accepted).toBe(true);
  return analysis.job;
}

export interface CandidateFigures {
  type: string;
  onDemand: number | null;
  spot: number | null;
  spotEstimated?: boolean;
  purchase?: Purchase;
}

export function candidate({ type, onDemand, spot, spotEstimated = false, purchase = 'spot' }: CandidateFigures): InstanceCandidate {
  const onDemandQuote = onDemand === null ? null : { usdPerHour: onDemand, purchase: 'on-demand' as const, estimated: false, basis: 'test on-demand price' };
  const spotQuote = spot === null ? null : { usdPerHour: spot, purchase: 'spot' as const, estimated: spotEstimated, basis: spotEstimated ? 'estimate: test' : 'test spot price' };
  const price = purchase === 'on-demand' ? onDemandQuote : spotQuote;
  return {
    instanceType: type,
    vcpus: 4,
    memoryMiB: 16384,
    arch: 'x86_64',
    gpu: null,
    efa: false,
    onDemand: onDemandQuote,
    spot: spotQuote,
    price,
    priceGap: price ? null : 'no price in this test',
    interruption: { index: 1, label: '5-10%' },
    ...(price ? {} : { rankingProxy: { usdPerHour: 12.3456, basis: 'stand-in used only to rank' } }),
    tasksPerInstance: 1,
    reason: `test reason for ${type}`,
  };
}

export interface PlanShape {
  candidates: InstanceCandidate[];
  region?: string;
  purchase?: Purchase;
  /** The mapping's max_concurrent, already combined with %N as buildPlan does. */
  maxConcurrent?: number | null;
  catalog?: CatalogSource;
  /** Tasks sharing one instance of the first candidate (default 1). */
  tasksPerInstance?: number;
}

export function planFor(directives: string, shape: PlanShape): { plan: Plan; placement: Placement } {
  const job = jobFrom(directives);
  const needs = job.components[0]!.needs;
  const maxConcurrent = shape.maxConcurrent === undefined ? (job.array?.maxRunning ?? null) : shape.maxConcurrent;
  const tasksPerInstance = shape.tasksPerInstance ?? 1;
  const [first, ...rest] = shape.candidates;
  const placement: Placement = {
    region: shape.region ?? 'us-east-1',
    purchase: shape.purchase ?? 'spot',
    instancesPerTask: needs.nodes,
    placementGroup: needs.nodes > 1,
    needs: { vcpus: needs.cpusPerNode, memoryMiB: null, jobMemoryMiB: null, gpus: needs.gpusPerNode, gpuModel: null, gpuTypeAsWritten: null, efa: needs.nodes > 1, localDiskMiB: null },
    partition: null,
    forced: false,
    packing: packingFor(tasksPerInstance, {
      tasks: job.array?.count ?? 1,
      throttle: maxConcurrent,
      maxInstances: null,
      userCap: null,
      shareable: true,
      runtimeMinutes: 60,
      margin: { kind: 'fraction', fraction: 0.1 },
    }),
    unpacked: first as InstanceCandidate,
    candidates: first ? [{ ...first, tasksPerInstance }, ...rest] : [],
    rejected: [],
  };
  const plan: Plan = {
    version: 1,
    job,
    placement,
    ami: { arch: 'x86_64', id: null, source: 'none' },
    ttlMinutes: 60,
    instanceTtlMinutes: 62,
    tasks: { count: job.array?.count ?? 1, array: job.array, maxConcurrent },
    modules: [],
    storage: { s3: null, efs: null, efsMount: null, inputs: [], outputs: [] },
    spawn: { iamRole: null, keyName: null, tags: {} },
    catalog: shape.catalog ?? OFFLINE,
    diagnostics: [],
  };
  return { plan, placement };
}
