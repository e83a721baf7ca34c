/**
 * JobSpec + mapping.yaml + catalog → Plan: where and on what the job runs. Pure: everything it reads
 * is passed in, so estimate, convert and submit get the same Plan for the same inputs.
 */
import { loadedModules } from '../model/modules.js';
import type { Component, JobSpec } from '../model/schema.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import type { Architecture, Catalog } from './catalog/types.js';
import { INSTANCE_STARTUP_MINUTES } from './billing.js';
import { findModuleSetup } from './config/module-match.js';
import type { AmiByArchitecture, MappingConfig, TimeMargin } from './config/types.js';
import type { InstanceCandidate, ModulePlan, Packing, Placement, Plan } from './plan-types.js';
import { architecturePolicy } from './select/architecture.js';
import { catalogIndex } from './select/catalog-index.js';
import { planDiagnostic } from './select/diagnostic.js';
import { instanceNeeds, memoryNotes, resolveGpuModel } from './select/needs.js';
import { packCandidates, type PackingLimits } from './select/packing.js';
import { CANDIDATES_KEPT, oversizeNotes, selectInstances } from './select/select.js';
import { placementSettings, type PlacementSettings, type PlanOverrides } from './select/settings.js';

export interface PlanInputs {
  job: JobSpec;
  mapping: MappingConfig;
  catalog: Catalog;
  overrides?: PlanOverrides;
  /** The script, for the findings. */
  file: string;
}

/** An instance of a job without a time limit still dies: a lost client must not leak cost. */
const DEFAULT_TTL_WITHOUT_TIME_LIMIT_MINUTES = 24 * 60;

/** `rounds` tasks one after another at their time limit, plus the margin; `overhead` minutes before them. */
function ttlMinutes(job: JobSpec, margin: TimeMargin, rounds = 1, overhead = 0): number {
  if (job.spawn.ttlMinutes !== undefined) return job.spawn.ttlMinutes;
  const limit = job.timeLimitMinutes;
  if (limit === null || limit === 'unlimited') return DEFAULT_TTL_WITHOUT_TIME_LIMIT_MINUTES;
  const busy = overhead + rounds * limit;
  return margin.kind === 'minutes' ? busy + margin.minutes : Math.ceil(busy * (1 + margin.fraction));
}

function scriptBody(job: JobSpec): string {
  return job.script.encoding === 'base64' ? Buffer.from(job.script.content, 'base64').toString('latin1') : job.script.content;
}

function modulePlans(job: JobSpec, mapping: MappingConfig, file: string, diagnostics: Diagnostic[]): ModulePlan[] {
  return loadedModules(scriptBody(job)).map(({ name, offset }) => {
    const found = findModuleSetup(mapping.modules, name);
    if (!found) {
      diagnostics.push({
        ...planDiagnostic(
          file,
          'warning',
          'module-not-mapped',
          `the script loads module "${name}", which mapping.yaml does not map: on EC2 there is no module system, so the command will fail unless the AMI provides it`,
          `add it to mapping.yaml, e.g. \`modules: { ${name.split('/')[0]}: { conda: …, container: …, packages: […] } }\``,
        ),
        range: { start: offset, end: offset + name.length },
      });
    }
    return { name, setup: found?.setup ?? null };
  });
}

/** AMI: #SPAWN --ami, else a module's image, else the partition's, else the defaults'. */
function amiFor(arch: Architecture, job: JobSpec, settings: PlacementSettings, modules: ModulePlan[]): Plan['ami'] {
  if (job.spawn.ami) return { arch, id: job.spawn.ami, source: 'spawn-directive' };
  const fromModule = modules.map((m) => m.setup?.ami?.[arch]).find((id) => id !== undefined);
  if (fromModule) return { arch, id: fromModule, source: 'module' };
  const configured = settings.amis[arch];
  if (configured) return { arch, id: configured.value, source: configured.source === 'partition' ? 'partition' : 'defaults' };
  return { arch, id: null, source: 'none' };
}

/** Groups of instances alive at once: mapping.yaml's max_concurrent counts instances, and a task takes one per node. */
function instanceGroupLimit(settings: PlacementSettings, instancesPerTask: number): number | null {
  const instanceLimit = settings.maxConcurrent?.value;
  return instanceLimit === undefined ? null : Math.max(1, Math.floor(instanceLimit / instancesPerTask));
}

/** Tasks at once: the array's %N, and what max_concurrent instances hold (packed tasks share them). */
function maxConcurrent(job: JobSpec, settings: PlacementSettings, instancesPerTask: number, packing: Packing | null): number | null {
  const groups = instanceGroupLimit(settings, instancesPerTask);
  const limits = [job.array?.maxRunning ?? null, groups === null ? null : groups * (packing?.tasksPerInstance ?? 1)].filter((n): n is number => n !== null);
  return limits.length === 0 ? null : Math.min(...limits);
}

/** A job without a time limit is packed for an hour of work: the layouts compare the same either way. */
const PACKING_REFERENCE_MINUTES = 60;

function packingLimits(job: JobSpec, component: Component, settings: PlacementSettings, mapping: MappingConfig): PackingLimits {
  const limit = job.timeLimitMinutes;
  const exclusive = component.needs.exclusive && component.exclusive !== 'user';
  return {
    tasks: job.array?.count ?? 1,
    throttle: job.array?.maxRunning ?? null,
    maxInstances: instanceGroupLimit(settings, component.needs.nodes),
    userCap: job.spawn.tasksPerInstance ?? null,
    shareable: component.needs.nodes === 1 && !exclusive && component.needs.memoryPerNodeMiB !== 'all',
    runtimeMinutes: typeof limit === 'number' && limit > 0 ? limit : PACKING_REFERENCE_MINUTES,
    margin: mapping.defaults.os_memory_margin,
  };
}

function settingNotes(job: JobSpec, settings: PlacementSettings, mapping: MappingConfig, file: string): Diagnostic[] {
  const notes: Diagnostic[] = [];
  if (settings.unmappedPartitions.length > 0 && Object.keys(mapping.partitions).length > 0 && settings.partition === null) {
    notes.push(
      planDiagnostic(
        file,
        'info',
        'partition-not-mapped',
        `partition ${settings.unmappedPartitions.join(', ')} is not in mapping.yaml: the defaults apply`,
        `mapping.yaml knows ${Object.keys(mapping.partitions).join(', ')}`,
      ),
    );
  }
  const limit = job.timeLimitMinutes;
  if ((limit === null || limit === 'unlimited') && job.spawn.ttlMinutes === undefined) {
    notes.push(
      planDiagnostic(
        file,
        'warning',
        'ttl-without-time-limit',
        `the job has no time limit, so its instances get the default time-to-live of ${DEFAULT_TTL_WITHOUT_TIME_LIMIT_MINUTES / 60} hours: a task still running then is terminated`,
        'give the job a time limit (#SBATCH --time) or a TTL (#SPAWN --ttl)',
      ),
    );
  }
  if (job.components.length > 1) {
    notes.push(
      planDiagnostic(
        file,
        'warning',
        'heterogeneous-job-first-component',
        `the job has ${job.components.length} heterogeneous components; only the first is placed and priced`,
        'split the components into separate jobs linked with --dependency',
      ),
    );
  }
  return notes;
}

function placementFor(component: Component, inputs: PlanInputs, settings: PlacementSettings, modules: ModulePlan[], diagnostics: Diagnostic[]): Placement | null {
  const { job, mapping, catalog, file } = inputs;
  const index = catalogIndex(catalog);
  const gpu = resolveGpuModel(component.needs.gpusPerNode > 0 ? component.needs.gpuType : null, mapping.gres, index.knownGpuModels, file);
  if (!gpu.ok) {
    diagnostics.push(gpu.diagnostic);
    return null;
  }
  const needs = instanceNeeds(component.needs, gpu.model, mapping.defaults.os_memory_margin, component.needs.nodes);
  diagnostics.push(...memoryNotes(needs, file));
  const architectures = architecturePolicy(index, {
    allowList: settings.allowList,
    amis: Object.fromEntries(Object.entries(settings.amis).map(([arch, ami]) => [arch, ami.value])) as AmiByArchitecture,
    moduleAmis: modules.flatMap((m) => (m.setup?.ami ? [m.setup.ami] : [])),
    spawnAmi: job.spawn.ami !== undefined,
  });
  const limits = packingLimits(job, component, settings, mapping);
  const packs = limits.shareable && limits.tasks > 1;
  const selection = selectInstances({
    index,
    needs,
    region: settings.region.value,
    purchase: settings.purchase.value,
    allowList: settings.allowList,
    partition: settings.partition,
    forcedTypes: settings.forcedTypes,
    architectures: architectures.allowed,
    maxPriceUsd: settings.maxPriceUsd?.value ?? null,
    file,
    // Packing compares every type that fits: a larger one may hold several tasks for less.
    ...(packs ? { keep: Number.POSITIVE_INFINITY } : {}),
  });
  diagnostics.push(...selection.diagnostics);
  if (selection.candidates.length === 0) return null;
  const packed = packCandidates(selection.candidates, needs, limits, { keep: CANDIDATES_KEPT, forced: settings.forcedTypes.length > 0 });
  if (settings.forcedTypes.length === 0) diagnostics.push(...oversizeNotes(needs, packed.candidates[0] as InstanceCandidate, file));
  return {
    region: settings.region.value,
    purchase: settings.purchase.value,
    instancesPerTask: component.needs.nodes,
    placementGroup: component.needs.nodes > 1,
    needs,
    partition: settings.partition,
    forced: settings.forcedTypes.length > 0,
    packing: component.needs.nodes > 1 ? { ...packed.packing, instances: packed.packing.instances * component.needs.nodes } : packed.packing,
    unpacked: selection.candidates[0] as InstanceCandidate,
    candidates: packed.candidates,
    rejected: selection.rejected,
  };
}

export function buildPlan(inputs: PlanInputs): Plan {
  const { job, mapping, catalog, file } = inputs;
  const diagnostics: Diagnostic[] = [];
  const settings = placementSettings(job, mapping, inputs.overrides);
  diagnostics.push(...settingNotes(job, settings, mapping, file));
  const modules = modulePlans(job, mapping, file, diagnostics);
  const placement = placementFor(job.components[0] as Component, inputs, settings, modules, diagnostics);
  const arch = placement?.candidates[0]?.arch ?? 'x86_64';
  const s3 = job.spawn.s3Stage ?? mapping.storage.s3 ?? null;
  return {
    version: 1,
    job,
    placement,
    ami: amiFor(arch, job, settings, modules),
    ttlMinutes: ttlMinutes(job, mapping.defaults.ttl_margin),
    // A multi-node task launches its own group, which lives one round; a packed instance runs them all.
    instanceTtlMinutes: ttlMinutes(job, mapping.defaults.ttl_margin, placement && placement.instancesPerTask === 1 ? placement.packing.rounds : 1, INSTANCE_STARTUP_MINUTES),
    tasks: {
      count: job.array?.count ?? 1,
      array: job.array,
      maxConcurrent: maxConcurrent(job, settings, placement?.instancesPerTask ?? (job.components[0] as Component).needs.nodes, placement?.packing ?? null),
    },
    modules,
    storage: { s3, efs: mapping.storage.efs ?? null, efsMount: mapping.storage.efs_mount ?? null, inputs: mapping.storage.inputs, outputs: mapping.storage.outputs },
    spawn: { iamRole: job.spawn.iamRole ?? mapping.spawn.iam_role ?? null, keyName: job.spawn.keyName ?? mapping.spawn.key_name ?? null, tags: mapping.spawn.tags },
    catalog: catalog.source,
    diagnostics,
  };
}
