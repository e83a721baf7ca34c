import type { Description, FieldWriter } from './description.js';
import { textOption } from './option-values.js';

type GpuOption = 'gpus' | 'gpus-per-node' | 'gpus-per-socket' | 'gpus-per-task';

/** v0.0.38's own field for each GPU option, and the TRES field data_parser versions use. */
const GPU_FIELDS: Record<GpuOption, { sbatch: string; tres: string; count: 'perJob' | 'perNode' | 'perSocket' | 'perTask' }> = {
  gpus: { sbatch: 'gpus', tres: 'tres_per_job', count: 'perJob' },
  'gpus-per-node': { sbatch: 'gpus_per_node', tres: 'tres_per_node', count: 'perNode' },
  'gpus-per-socket': { sbatch: 'gpus_per_socket', tres: 'tres_per_socket', count: 'perSocket' },
  'gpus-per-task': { sbatch: 'gpus_per_task', tres: 'tres_per_task', count: 'perTask' },
};

/** The option's `[type:]count` list as written (first component), else rebuilt from the component's counts. */
function gpuItems(d: Description, option: GpuOption): string[] {
  const text = textOption(d, option);
  if (text !== undefined) return text.split(',').filter(Boolean);
  const count = d.component.gpus[GPU_FIELDS[option].count];
  if (count === null) return [];
  return [d.component.gpus.type ? `${d.component.gpus.type}:${count}` : String(count)];
}

/** --gres as data_parser's TRES string items (`gres/gpu:a100:2`): sbatch (24.11) prefixes the items as written. */
function gresItems(d: Description): string[] {
  const text = textOption(d, 'gres');
  if (text !== undefined) {
    return text
      .split(',')
      .filter((item) => item.toLowerCase() !== 'none')
      .map((item) => `gres/${item.replace(/^gres[:/]/, '')}`);
  }
  return d.component.gres.map((g) => `gres/${g.name}${g.type ? `:${g.type}` : ''}:${g.count}`);
}

/** `[type:]count` → sbatch's (24.11) per-task TRES form `gres/gpu[:type]=count`. */
const perTaskItem = (item: string) => `gres/gpu${item.includes(':') ? `:${item.slice(0, item.lastIndexOf(':'))}` : ''}=${item.slice(item.lastIndexOf(':') + 1)}`;

function writeSbatchShaped(d: Description): void {
  const gres =
    textOption(d, 'gres') ??
    (d.component.gres.length
      ? gresItems(d)
          .map((g) => g.slice('gres/'.length))
          .join(',')
      : undefined);
  d.put('gres', 'gres', gres);
  for (const option of Object.keys(GPU_FIELDS) as GpuOption[]) {
    const items = gpuItems(d, option);
    if (items.length) d.put(option, GPU_FIELDS[option].sbatch, items.join(','));
  }
  d.put('cpus-per-gpu', 'cpus_per_gpu', d.component.cpusPerGpu === null ? undefined : String(d.component.cpusPerGpu));
}

function writeTres(d: Description): void {
  const perField = new Map<string, { option: string; items: string[] }>();
  const add = (option: string, field: string, items: string[]) => {
    if (!items.length) return;
    const entry = perField.get(field) ?? { option, items: [] };
    entry.items.push(...items);
    perField.set(field, entry);
  };
  add('gres', 'tres_per_node', gresItems(d));
  // sbatch (24.11) puts -c into the per-task TRES first, unless --tres-per-task names the CPUs itself.
  const perTask = textOption(d, 'tres-per-task');
  if (d.component.cpusPerTask !== null && !/(^|,)cpu[=:]/.test(perTask ?? '')) add('cpus-per-task', 'tres_per_task', [`cpu=${d.component.cpusPerTask}`]);
  for (const option of ['gpus', 'gpus-per-node', 'gpus-per-socket'] as const) {
    add(
      option,
      GPU_FIELDS[option].tres,
      gpuItems(d, option).map((item) => `gres/gpu:${item}`),
    );
  }
  const perTaskGpus = gpuItems(d, 'gpus-per-task');
  add('gpus-per-task', 'tres_per_task', perTask ? [] : perTaskGpus.map(perTaskItem));
  if (perTask) add('tres-per-task', 'tres_per_task', [perTask]);
  // ... and binds each task to its GPUs unless told otherwise.
  const gpusPerTask = /(?:^|,)gres\/gpu(?::[^=,]*)?=(\d+)/.exec(perTask ?? perTaskGpus.map(perTaskItem).join(','))?.[1];
  if (gpusPerTask && !d.has('gpu-bind') && !d.has('tres-bind')) d.put('gpus-per-task', 'tres_bind', `gres/gpu:per_task:${gpusPerTask}`);
  for (const [field, { option, items }] of perField) d.put(option, field, items.join(','));
  if (d.component.cpusPerGpu !== null) d.put('cpus-per-gpu', 'cpus_per_tres', `gres/gpu:${d.component.cpusPerGpu}`);
}

function writeBindings(d: Description): void {
  const flags = textOption(d, 'gres-flags');
  if (flags !== undefined) {
    if (d.sbatchShaped) d.put('gres-flags', 'gres_flags', flags.toLowerCase());
    else {
      for (const flag of flags.toLowerCase().split(',')) {
        if (flag === 'enforce-binding') d.flag('gres-flags', 'GRES_BINDING_ENFORCED');
        else if (flag === 'disable-binding') d.flag('gres-flags', 'GRES_BINDING_DISABLED');
        else d.refuse('gres-flags', `slurmrestd API ${d.version} has no job flag for --gres-flags=${flag}; submit with sbatch, or drop it`);
      }
    }
  }
  const bind = textOption(d, 'gpu-bind');
  if (bind !== undefined) d.sbatchShaped ? d.put('gpu-bind', 'gpu_binding', bind) : d.put('gpu-bind', 'tres_bind', `gres/gpu:${bind}`);
  const freq = textOption(d, 'gpu-freq');
  if (freq !== undefined) d.sbatchShaped ? d.put('gpu-freq', 'gpu_frequency', freq) : d.put('gpu-freq', 'tres_freq', `gpu:${freq}`);
  d.put('tres-bind', 'tres_bind', textOption(d, 'tres-bind'));
}

export const gpuFields: FieldWriter = {
  options: ['gres', 'gpus', 'gpus-per-node', 'gpus-per-socket', 'gpus-per-task', 'cpus-per-gpu', 'gres-flags', 'gpu-bind', 'gpu-freq', 'tres-per-task', 'tres-bind'],
  write(d) {
    if (d.sbatchShaped) writeSbatchShaped(d);
    else writeTres(d);
    writeBindings(d);
  },
};
