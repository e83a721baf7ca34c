import type { Diagnostic } from '../parser/diagnostic.js';
import type { OptionSettings } from '../parser/option-state.js';
import { originOf } from '../parser/apply.js';
import { releaseAtLeast, type SlurmRelease } from '../parser/slurm-release.js';
import type { Distribution } from '../parser/values/binding.js';
import type { ExtraNodeInfo, ResourceRange } from '../parser/values/extra-node-info.js';
import type { TresPerTaskItem } from '../parser/values/licenses.js';
import { validateGres, type TresRequest } from './gres-validation.js';
import type { Component, Gpus, Gres, Memory, NodeNeeds } from './schema.js';
import { SettingsReader } from './settings-access.js';

type Report = (code: string, message: string, hint: string, at: string[]) => void;

/** One level of -B as sbatch stores it: the minimum of a range, nothing for `*`. */
function levelOf(range: ResourceRange): number | undefined {
  return range === '*' ? undefined : range.min;
}

/** A refusal reported at the latest of the given settings (the one sbatch read last). */
function diagnosticAt(read: SettingsReader, ids: string[], file: string, text: { code: string; message: string; hint: string }): Diagnostic {
  const settings = ids.map((id) => read.setting(id)).filter((s) => s !== undefined);
  const at = settings.reduce<(typeof settings)[number] | undefined>((a, b) => (!a || b.sequence > a.sequence ? b : a), undefined);
  const diagnostic: Diagnostic = { ...text, severity: 'error', refusedBySbatch: true, origin: at ? originOf(at.source, file) : { kind: 'file', file } };
  if (at?.source.kind === 'script') diagnostic.range = at.source.range;
  return diagnostic;
}

/** sbatch's plane check (_opt_verify): too few tasks to fill the planes of all nodes. */
function checkPlaneDistribution(distribution: Distribution | undefined, ntasks: number, minNodes: number, report: Report): void {
  const plane = distribution?.nodes === 'plane' ? distribution.planeSize : null;
  if (!plane) return;
  if ((minNodes <= 0 || Math.floor(ntasks / plane) < minNodes) && (minNodes - 1) * plane >= ntasks) {
    report(
      'plane-distribution-too-few-tasks',
      `sbatch refuses the script: "Too few processes for the requested {plane,node} distribution" (${ntasks} task${ntasks === 1 ? '' : 's'} cannot fill planes of ${plane} on ${minNodes} nodes)`,
      'ask for more tasks (-n), fewer nodes, or a smaller plane size',
      ['distribution'],
    );
  }
}

interface Counts {
  nodes: { min: number; max: number | null } | null;
  ntasks: number | null;
  ntasksPerNode: number | null;
  cpusPerTask: number | null;
  extraSockets: number | null;
}

const gpuRequests = (read: SettingsReader, id: string): TresRequest[] =>
  (read.value<{ type: string | null; count: number }[]>(id) ?? []).map((r) => ({ name: 'gpu', type: r.type, count: r.count }));

/** The GPUs of --tres-per-task (`gres/gpu[:type]=N`): sbatch counts them as --gpus-per-task (seen on 24.11.5). */
function tresPerTaskGpus(read: SettingsReader): GpuRequest[] {
  return (read.value<TresPerTaskItem[]>('tres-per-task') ?? []).flatMap((item) => {
    const match = /^gres\/gpu(?::(.+))?$/.exec(item.tres);
    return match ? [{ type: match[1] ?? null, count: item.count }] : [];
  });
}

/** The GPUs per task, from --gpus-per-task and then --tres-per-task. */
function perTaskGpus(read: SettingsReader): GpuRequest[] {
  return [...(read.value<GpuRequest[]>('gpus-per-task') ?? []), ...tresPerTaskGpus(read)];
}

/** The CPUs per task of --tres-per-task `cpu=N`, which stands for -c (seen on 24.11.5). */
function tresPerTaskCpus(read: SettingsReader): number | null {
  return read.value<TresPerTaskItem[]>('tres-per-task')?.find((item) => item.tres === 'cpu')?.count ?? null;
}

/** sbatch's GRES checks on the final counts; a refusal is reported, and counts the GPU options imply are filled in. */
function validateComponentGres(read: SettingsReader, counts: Counts, release: SlurmRelease, report: Report): Omit<Counts, 'extraSockets'> {
  const result = validateGres(
    {
      perJob: gpuRequests(read, 'gpus'),
      perNode: [...gpuRequests(read, 'gpus-per-node'), ...(read.value<Gres[]>('gres') ?? [])],
      perSocket: gpuRequests(read, 'gpus-per-socket'),
      perTask: perTaskGpus(read).map((r) => ({ name: 'gpu', type: r.type, count: r.count })),
      cpusPerGpu: read.int('cpus-per-gpu'),
      memPerGpu: read.value<number>('mem-per-gpu') ?? null,
      ntasksPerGpu: read.int('ntasks-per-tres') ?? read.int('ntasks-per-gpu'),
    },
    {
      numTasks: counts.ntasks,
      minNodes: counts.nodes?.min ?? null,
      maxNodes: counts.nodes?.max || null,
      ntasksPerNode: counts.ntasksPerNode,
      ntasksPerSocket: read.int('ntasks-per-socket'),
      socketsPerNode: read.int('sockets-per-node') ?? counts.extraSockets,
      cpusPerTask: counts.cpusPerTask,
    },
    release,
  );
  if (result.refusal) {
    const { code, message, option } = result.refusal;
    const mixed = code === 'gres-with-and-without-type';
    report(
      code,
      `sbatch refuses the script: "${message}"${mixed ? '' : ' ("Invalid generic resource (gres) specification")'}`,
      mixed ? 'give the GPU type in every GPU option, or in none' : 'make the GPU options agree with the task and node counts',
      mixed ? ['gres', 'gpus', 'gpus-per-node', 'gpus-per-socket', 'gpus-per-task'] : [`${option}`, 'gpus', 'gpus-per-task', 'gpus-per-node', 'gres'],
    );
    return counts;
  }
  const c = result.counts;
  return {
    nodes: c.minNodes !== null ? { min: c.minNodes, max: c.maxNodes } : counts.nodes,
    ntasks: c.numTasks,
    ntasksPerNode: c.ntasksPerNode,
    cpusPerTask: c.cpusPerTask,
  };
}

interface GpuRequest {
  type: string | null;
  count: number;
}

function gpuTotal(requests: GpuRequest[] | undefined): { count: number | null; type: string | null } {
  if (!requests || requests.length === 0) return { count: null, type: null };
  return { count: requests.reduce((sum, r) => sum + r.count, 0), type: requests.find((r) => r.type)?.type ?? null };
}

function memoryOf(read: SettingsReader): Memory | null {
  const mem = read.value<number>('mem');
  if (typeof mem === 'number') return { perNodeMiB: mem };
  const perCpu = read.value<number>('mem-per-cpu');
  // The controller maps --mem-per-cpu=0 to --mem=0 (job_mgr.c): all the memory of each node.
  if (perCpu === 0) return { perNodeMiB: 0 };
  if (typeof perCpu === 'number') return { perCpuMiB: perCpu };
  const perGpu = read.value<number>('mem-per-gpu');
  if (typeof perGpu === 'number') return { perGpuMiB: perGpu };
  return null;
}

function exclusiveOf(read: SettingsReader): Component['exclusive'] {
  if (!read.has('exclusive')) return false;
  const raw = (read.raw('exclusive') ?? '').toLowerCase();
  if (raw === 'user' || raw === 'mcs' || raw === 'topo') return raw;
  if (raw === 'oversubscribe') return false;
  return 'node';
}

function nodelistCount(nodelist: unknown): number | null {
  return Array.isArray(nodelist) ? new Set(nodelist as string[]).size : null;
}

/**
 * One job component as sbatch's _opt_verify() leaves it: node and task counts adjusted the way
 * sbatch adjusts them, then what each node must offer.
 */
export function resolveComponent(settings: OptionSettings, release: SlurmRelease, file: string, diagnostics: Diagnostic[]): Component {
  const read = new SettingsReader(settings);
  const nodeOption = read.value<{ min: number; max: number | null }>('nodes');
  let nodes = nodeOption ? { min: nodeOption.min, max: nodeOption.max } : null;
  let ntasks = read.int('ntasks');
  let ntasksPerNode = read.int('ntasks-per-node');
  let cpusPerTask = read.int('cpus-per-task') ?? tresPerTaskCpus(read);

  const report = (code: string, message: string, hint: string, at: string[]) => diagnostics.push(diagnosticAt(read, at, file, { code, message, hint }));

  // -w sets the node count: 22.05 raises -N to the number of hosts, later releases use the list only without -N.
  const listed = nodelistCount(read.value('nodelist'));
  if (listed !== null && (!nodes || !releaseAtLeast(release, '23.02'))) {
    nodes = nodes ? { min: Math.max(nodes.min, listed), max: nodes.max } : { min: listed, max: null };
    if (nodes.max !== null && nodes.min > nodes.max) {
      report(
        'nodelist-exceeds-node-count',
        `sbatch refuses the script: -w names ${nodes.min} hosts but -N allows at most ${nodes.max} ("invalid number of nodes (-N ${nodes.min}-${nodes.max})")`,
        'ask for as many nodes as -w lists, or list fewer hosts',
        ['nodelist', 'nodes'],
      );
    }
  }

  const minNodes = nodes?.min ?? 1;
  const fixedCount = !nodes || nodes.max === null || nodes.max === 0 || nodes.min === nodes.max;
  if (!releaseAtLeast(release, '23.02') && ntasksPerNode !== null && ntasks === null && fixedCount) {
    ntasks = minNodes * ntasksPerNode;
  }
  const distribution = read.value<Distribution>('distribution');
  checkPlaneDistribution(distribution, ntasks ?? 1, nodes?.min ?? 1, report);
  const extraInfo = read.value<ExtraNodeInfo>('extra-node-info');
  const extra = extraInfo ? { sockets: levelOf(extraInfo.sockets), cores: levelOf(extraInfo.cores), threads: levelOf(extraInfo.threads) } : undefined;
  if ((nodes || extra) && fixedCount && ntasks === null) {
    let implied = Math.max(minNodes, 1);
    let multiplied = false;
    for (const factor of [read.int('sockets-per-node') ?? extra?.sockets, read.int('cores-per-socket') ?? extra?.cores, read.int('threads-per-core') ?? extra?.threads]) {
      if (typeof factor === 'number' && factor > 0) {
        implied *= factor;
        multiplied = true;
      }
    }
    if (multiplied) ntasks = implied;
  } else if (nodes && ntasks !== null) {
    if (nodes.max !== null && ntasks < nodes.max) nodes = { min: nodes.min, max: ntasks };
    if (ntasks < nodes.min) {
      const setting = read.setting('ntasks');
      const warning: Diagnostic = {
        code: 'fewer-tasks-than-nodes',
        severity: 'warning',
        message: `sbatch warns "can't run ${ntasks} processes on ${nodes.min} nodes, setting nnodes to ${ntasks}"`,
        hint: `ask for at most ${ntasks} node${ntasks === 1 ? '' : 's'}, or for more tasks`,
        origin: setting ? originOf(setting.source, file) : { kind: 'file', file },
      };
      if (setting?.source.kind === 'script') warning.range = setting.source.range;
      diagnostics.push(warning);
      nodes = { min: ntasks, max: ntasks };
    }
  }
  if (distribution?.nodes === 'arbitrary') {
    const hosts = read.value<{ count?: number }>('nodelist');
    if (!hosts) {
      report(
        'arbitrary-needs-nodelist',
        'sbatch refuses the script: "With Arbitrary distribution you need to specify a nodelist or hostfile with the -w option"',
        'list the hosts with -w, or choose another --distribution',
        ['distribution'],
      );
    } else if (ntasks === null && typeof hosts.count === 'number') {
      // One task per host named, repeats included.
      ntasks = hosts.count;
    }
  }

  const gpuCounts = validateComponentGres(read, { nodes, ntasks, ntasksPerNode, cpusPerTask, extraSockets: extra?.sockets ?? null }, release, report);
  nodes = gpuCounts.nodes;
  ntasks = gpuCounts.ntasks;
  ntasksPerNode = gpuCounts.ntasksPerNode;
  cpusPerTask = gpuCounts.cpusPerTask;

  const gres = (read.value<Gres[]>('gres') ?? []).filter((g) => g.count > 0);
  const perJob = gpuTotal(read.value<GpuRequest[]>('gpus'));
  const perNode = gpuTotal(read.value<GpuRequest[]>('gpus-per-node'));
  const perTask = gpuTotal(perTaskGpus(read));
  const perSocket = gpuTotal(read.value<GpuRequest[]>('gpus-per-socket'));
  const gpus: Gpus = {
    perJob: perJob.count,
    perNode: perNode.count,
    perTask: perTask.count,
    perSocket: perSocket.count,
    type: perJob.type ?? perNode.type ?? perTask.type ?? perSocket.type,
  };
  const memory = memoryOf(read);
  const exclusive = exclusiveOf(read);
  const tmpMiB = read.value<number>('tmp') ?? null;
  const mincpus = read.int('mincpus');

  const component: Omit<Component, 'needs'> = {
    nodes,
    ntasks,
    ntasksPerNode,
    ntasksPerSocket: read.int('ntasks-per-socket'),
    ntasksPerCore: read.int('ntasks-per-core'),
    ntasksPerGpu: read.int('ntasks-per-gpu'),
    cpusPerTask,
    cpusPerGpu: read.int('cpus-per-gpu'),
    mincpus: cpusPerTask !== null && (mincpus === null || mincpus < cpusPerTask) ? cpusPerTask : mincpus,
    memory,
    tmpMiB: typeof tmpMiB === 'number' ? tmpMiB : null,
    gres,
    gpus,
    constraint: read.raw('constraint'),
    nodelist: read.raw('nodelist'),
    exclude: read.raw('exclude'),
    exclusive,
    oversubscribe: read.flag('oversubscribe') || (read.raw('exclusive') ?? '').toLowerCase() === 'oversubscribe',
    overcommit: read.flag('overcommit'),
  };
  return { ...component, needs: nodeNeeds(component) };
}

/**
 * What each node must offer. Without -N the controller may spread tasks over several nodes; the
 * needs assume the fewest nodes that the options allow, which is what a cloud placement wants.
 */
function nodeNeeds(c: Omit<Component, 'needs'>): NodeNeeds {
  const gpuGres = c.gres.find((g) => g.name === 'gpu');
  const cpusPerTask = c.cpusPerTask ?? 1;
  let nodes = c.nodes?.min && c.nodes.min > 0 ? c.nodes.min : 1;
  let tasks = c.ntasks ?? (c.ntasksPerNode !== null ? c.ntasksPerNode * nodes : nodes);
  if (c.ntasksPerNode !== null && c.nodes === null) nodes = Math.max(1, Math.ceil(tasks / c.ntasksPerNode));
  if (c.gpus.perJob !== null && c.gpus.perTask !== null && c.ntasks === null) tasks = Math.max(tasks, Math.ceil(c.gpus.perJob / c.gpus.perTask));
  tasks = Math.max(tasks, 1);
  const tasksPerNode = c.ntasksPerNode ?? Math.ceil(tasks / nodes);

  let gpusPerNode = gpuGres?.count ?? c.gpus.perNode ?? 0;
  if (c.gpus.perTask !== null) gpusPerNode = Math.max(gpusPerNode, c.gpus.perTask * tasksPerNode);
  if (c.gpus.perJob !== null) gpusPerNode = Math.max(gpusPerNode, Math.ceil(c.gpus.perJob / nodes));
  const cpusPerNode = Math.max(tasksPerNode * cpusPerTask, c.mincpus ?? 1, c.cpusPerGpu !== null ? c.cpusPerGpu * gpusPerNode : 1);

  let memoryPerNodeMiB: NodeNeeds['memoryPerNodeMiB'] = null;
  if (c.memory && 'perNodeMiB' in c.memory) memoryPerNodeMiB = c.memory.perNodeMiB === 0 ? 'all' : c.memory.perNodeMiB;
  else if (c.memory && 'perCpuMiB' in c.memory) memoryPerNodeMiB = c.memory.perCpuMiB * cpusPerNode;
  else if (c.memory && 'perGpuMiB' in c.memory) memoryPerNodeMiB = c.memory.perGpuMiB * Math.max(gpusPerNode, 1);

  return {
    nodes,
    tasks,
    tasksPerNode,
    cpusPerTask,
    cpusPerNode,
    memoryPerNodeMiB,
    gpusPerNode,
    gpuType: gpuGres?.type ?? c.gpus.type,
    tmpMiB: c.tmpMiB,
    exclusive: c.exclusive !== false,
  };
}
