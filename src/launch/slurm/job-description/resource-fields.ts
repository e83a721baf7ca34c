import type { Distribution } from '../../../parser/values/binding.js';
import type { ExtraNodeInfo, ResourceRange } from '../../../parser/values/extra-node-info.js';
import type { Description, FieldWriter } from './description.js';
import { integerOption, textOption, typedOption } from './option-values.js';

function writeNodes(d: Description): void {
  const nodes = d.component.nodes;
  const c = d.component;
  // Without -N, sbatch 24.11 derives the node count from -n and --ntasks-per-node (ReqTRES node=); the REST job would ask for one.
  if (nodes === null && !d.sbatchShaped && c.ntasks !== null && c.ntasksPerNode !== null) d.put('ntasks-per-node', 'minimum_nodes', Math.ceil(c.ntasks / c.ntasksPerNode));
  if (nodes === null) return;
  if (d.sbatchShaped) {
    // v0.0.38 ignores the documented [min, max] array; its sbatch parser takes --nodes' own text.
    d.put('nodes', 'nodes', nodes.max === null ? String(nodes.min) : `${nodes.min}-${nodes.max}`);
  } else if (textOption(d, 'nodes')?.includes(',')) {
    // A list of allowed counts (24.11's -N 1,4) exists only as text; sbatch then asks for the tasks' CPUs
    // itself (min_cpus), where the controller would take one per node of the smallest count.
    d.put('nodes', 'nodes', textOption(d, 'nodes'));
    d.put('nodes', 'minimum_cpus', (d.component.ntasks ?? 1) * (d.component.cpusPerTask ?? 1));
  } else {
    d.put('nodes', 'minimum_nodes', nodes.min);
    if (nodes.max !== null) d.put('nodes', 'maximum_nodes', nodes.max);
  }
}

function writeMemory(d: Description): void {
  const memory = d.component.memory;
  if (memory === null) return;
  // --mem-per-cpu=0 is "all the node's memory" to the model, but sbatch sends it as per-CPU 0.
  const perCpuZero = d.has('mem-per-cpu') && !d.has('mem') && 'perNodeMiB' in memory;
  if (perCpuZero) d.put('mem-per-cpu', 'memory_per_cpu', d.number(0));
  else if ('perNodeMiB' in memory) d.put('mem', 'memory_per_node', d.number(memory.perNodeMiB));
  else if ('perCpuMiB' in memory) d.put('mem-per-cpu', 'memory_per_cpu', d.number(memory.perCpuMiB));
  else if (d.sbatchShaped) d.put('mem-per-gpu', 'memory_per_gpu', memory.perGpuMiB);
  else d.put('mem-per-gpu', 'memory_per_tres', `gres/gpu:${memory.perGpuMiB}`);
}

const level = (range: ResourceRange | undefined) => (range === undefined || range === '*' ? undefined : range.min);

/** -B and its three long forms; the long forms win, as in sbatch. */
function writeNodeShape(d: Description): void {
  const extra = typedOption<ExtraNodeInfo>(d, 'extra-node-info');
  const from = (option: string, long: number | undefined, short: number | undefined) => (long !== undefined || short === undefined ? option : extra ? 'extra-node-info' : 'hint');
  // sbatch's --hint=nomultithread is one thread per core.
  const hintThreads = /nomultithread/i.test(textOption(d, 'hint') ?? '') ? 1 : undefined;
  const shape: [string, string, number | undefined, number | undefined][] = [
    ['sockets-per-node', 'sockets_per_node', integerOption(d, 'sockets-per-node'), level(extra?.sockets)],
    ['cores-per-socket', 'cores_per_socket', integerOption(d, 'cores-per-socket'), level(extra?.cores)],
    ['threads-per-core', 'threads_per_core', integerOption(d, 'threads-per-core'), level(extra?.threads) ?? hintThreads],
  ];
  for (const [option, field, long, short] of shape) d.put(from(option, long, short), field, long ?? short);
}

function writeDistribution(d: Description): void {
  const text = textOption(d, 'distribution');
  if (text === undefined) return;
  d.put('distribution', 'distribution', text);
  const plane = typedOption<Distribution>(d, 'distribution')?.planeSize;
  // A plain integer up to v0.0.40, {set, infinite, number} from v0.0.41.
  if (!d.sbatchShaped && plane) d.put('distribution', 'distribution_plane_size', d.version === 'v0.0.39' || d.version === 'v0.0.40' ? plane : d.number(plane));
}

export const resourceFields: FieldWriter = {
  options: [
    'nodes',
    'ntasks',
    'ntasks-per-node',
    'tasks-per-node',
    'ntasks-per-socket',
    'ntasks-per-core',
    'ntasks-per-gpu',
    'ntasks-per-tres',
    'cpus-per-task',
    'mincpus',
    'mem',
    'mem-per-cpu',
    'mem-per-gpu',
    'tmp',
    'extra-node-info',
    'sockets-per-node',
    'cores-per-socket',
    'threads-per-core',
    'overcommit',
    'use-min-nodes',
    'spread-job',
    'contiguous',
    'distribution',
    'hint',
    'core-spec',
    'thread-spec',
  ],
  write(d) {
    const c = d.component;
    writeNodes(d);
    if (c.ntasks !== null) d.put('ntasks', 'tasks', c.ntasks);
    // sbatch 22.05 asks for a CPU per node of a fixed count (min_cpus); its REST plugin does so only when given the tasks.
    else if (d.sbatchShaped && c.nodes && c.nodes.min > 0 && (c.nodes.max === null || c.nodes.max === c.nodes.min)) d.put('nodes', 'tasks', c.nodes.min);
    if (c.ntasksPerNode !== null) d.put('ntasks-per-node', 'tasks_per_node', c.ntasksPerNode);
    if (c.ntasksPerSocket !== null) d.put('ntasks-per-socket', 'tasks_per_socket', c.ntasksPerSocket);
    if (c.ntasksPerCore !== null) d.put('ntasks-per-core', 'tasks_per_core', c.ntasksPerCore);
    const perTres = integerOption(d, 'ntasks-per-tres');
    if (c.ntasksPerGpu !== null) d.put('ntasks-per-gpu', d.sbatchShaped ? 'ntasks_per_gpu' : 'ntasks_per_tres', c.ntasksPerGpu);
    if (perTres !== undefined) d.put('ntasks-per-tres', 'ntasks_per_tres', perTres);
    if (c.cpusPerTask !== null) d.put('cpus-per-task', 'cpus_per_task', c.cpusPerTask);
    if (c.mincpus !== null) d.put(d.has('mincpus') ? 'mincpus' : 'cpus-per-task', 'minimum_cpus_per_node', c.mincpus);
    writeMemory(d);
    if (c.tmpMiB !== null) d.put('tmp', 'temporary_disk_per_node', c.tmpMiB);
    if (c.overcommit) d.put('overcommit', 'overcommit', true);
    writeNodeShape(d);
    writeDistribution(d);
    if (d.has('use-min-nodes')) d.sbatchShaped ? d.put('use-min-nodes', 'minimum_nodes', true) : d.flag('use-min-nodes', 'PREFER_MINIMUM_NODE_COUNT');
    if (d.has('spread-job')) d.sbatchShaped ? d.put('spread-job', 'spread_job', true) : d.flag('spread-job', 'SPREAD_JOB');
    if (d.has('contiguous')) d.put('contiguous', 'contiguous', true);
    const hint = textOption(d, 'hint');
    if (hint !== undefined) {
      if (d.sbatchShaped) d.put('hint', 'cpu_binding_hint', hint);
      else if (!/^nomultithread$/i.test(hint)) {
        d.refuse('hint', `slurmrestd API ${d.version} has no --hint field (sbatch turns it into CPU binding and thread counts); give --threads-per-core/--ntasks-per-core instead`);
      }
    }
    d.put('core-spec', 'core_specification', integerOption(d, 'core-spec'));
    d.put('thread-spec', 'thread_specification', integerOption(d, 'thread-spec'));
  },
};
