import type { Analysis } from '../../model/analyse.js';
import type { Component, Duration, JobSpec } from '../../model/schema.js';
import { describeMiB, describeMinutes } from '../../core/units.js';

function durationText(d: Duration | null): string | null {
  if (d === null) return null;
  return d === 'unlimited' ? 'UNLIMITED' : describeMinutes(d);
}

function memoryText(c: Component): string | null {
  const m = c.memory;
  if (!m) return null;
  if ('perNodeMiB' in m) return m.perNodeMiB === 0 ? 'all of each node (--mem=0)' : `${describeMiB(m.perNodeMiB)} per node`;
  if ('perCpuMiB' in m) return `${describeMiB(m.perCpuMiB)} per CPU`;
  return `${describeMiB(m.perGpuMiB)} per GPU`;
}

function gpuText(c: Component): string | null {
  const parts: string[] = [];
  for (const g of c.gres) parts.push(`--gres ${g.name}${g.type ? `:${g.type}` : ''}:${g.count} per node`);
  const type = c.gpus.type ? `${c.gpus.type} ` : '';
  if (c.gpus.perJob !== null) parts.push(`${c.gpus.perJob} ${type}GPU(s) for the job`);
  if (c.gpus.perNode !== null) parts.push(`${c.gpus.perNode} ${type}GPU(s) per node`);
  if (c.gpus.perTask !== null) parts.push(`${c.gpus.perTask} ${type}GPU(s) per task`);
  if (c.gpus.perSocket !== null) parts.push(`${c.gpus.perSocket} ${type}GPU(s) per socket`);
  return parts.length > 0 ? parts.join('; ') : null;
}

function needsText(c: Component): string {
  const n = c.needs;
  const memory = n.memoryPerNodeMiB === null ? 'site default memory' : n.memoryPerNodeMiB === 'all' ? 'all memory' : describeMiB(n.memoryPerNodeMiB);
  const gpus = n.gpusPerNode > 0 ? `, ${n.gpusPerNode} GPU${n.gpusPerNode === 1 ? '' : 's'}${n.gpuType ? ` (${n.gpuType})` : ''}` : '';
  const nodes = `${n.nodes} node${n.nodes === 1 ? '' : 's'} × `;
  return `${nodes}${n.cpusPerNode} CPU${n.cpusPerNode === 1 ? '' : 's'}, ${memory}${gpus}${n.exclusive ? ', whole node' : ''}`;
}

function rows(job: JobSpec): [string, string | null][] {
  const main = job.components[0] as Component;
  const tasks = main.ntasks !== null ? String(main.ntasks) : null;
  const array = job.array ? `${job.array.spec} → ${job.array.count} task${job.array.count === 1 ? '' : 's'}${job.array.maxRunning ? `, at most ${job.array.maxRunning} at once` : ''}` : null;
  const spawn = Object.entries(job.spawn)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return [
    ['name', job.name],
    ['time limit', durationText(job.timeLimitMinutes) ?? 'not given (the partition default applies)'],
    ['time min', durationText(job.timeMinMinutes)],
    ['nodes', main.nodes ? (main.nodes.max === null || main.nodes.max === main.nodes.min ? String(main.nodes.min) : `${main.nodes.min}-${main.nodes.max}`) : null],
    ['tasks', tasks],
    ['tasks/node', main.ntasksPerNode !== null ? String(main.ntasksPerNode) : null],
    ['cpus/task', main.cpusPerTask !== null ? String(main.cpusPerTask) : null],
    ['memory', memoryText(main)],
    ['gpus', gpuText(main)],
    ['array', array],
    ['partition', job.partition],
    ['account', job.account],
    ['qos', job.qos],
    ['output', job.output],
    ['error', job.error],
    ['chdir', job.chdir],
    ['dependency', job.dependency?.text ?? null],
    ['export', job.export?.text ?? null],
    ['spawn', spawn.length > 0 ? spawn : null],
    ['components', job.components.length > 1 ? String(job.components.length) : null],
    ['needs', needsText(main)],
  ];
}

/** The human view of `inspect`: what sbatch would make of the script. */
export function describeJob(analysis: Analysis): string {
  const { job } = analysis;
  const verdict = analysis.accepted ? 'sbatch would accept it' : 'sbatch would REFUSE it';
  const lines = [`${job.file} (Slurm ${job.release} rules: ${verdict})`];
  const shown = rows(job).filter((row): row is [string, string] => row[1] !== null);
  const width = Math.max(...shown.map(([k]) => k.length));
  for (const [key, value] of shown) lines.push(`  ${key.padEnd(width)}  ${value}`);
  return `${lines.join('\n')}\n`;
}
