import type { JobArray } from '../../model/schema.js';

/**
 * Bash that reads this task's array index from `$PARAM_slurm_array_task_id` (the row's passthrough
 * key) into `task_id`, checks it belongs to the array, and gives the task its own job id in `job_id`:
 * Slurm splits each started task off under a new id and the task started last keeps the master id
 * (slurm-semantics §4.5), so here tasks get master+1+position, and the last one the master id.
 * Works from the compressed ranges: one test per range, never a list of indices.
 */
export function arrayIndexLines(array: JobArray, masterId: number): string[] {
  const lines = [
    'task_id=${PARAM_slurm_array_task_id-}',
    `case $task_id in ''|*[!0-9]*) echo "spawn-slurm: PARAM_slurm_array_task_id must hold this task's array index, not '$task_id'" >&2; exit 2;; esac`,
    'task_id=$((10#$task_id))',
  ];
  let before = 0;
  array.ranges.forEach((range, i) => {
    const test = `task_id>=${range.start}&&task_id<=${range.end}${range.step > 1 ? `&&(task_id-${range.start})%${range.step}==0` : ''}`;
    const position = `${before}+(task_id-${range.start})${range.step > 1 ? `/${range.step}` : ''}`;
    lines.push(`${i === 0 ? 'if' : 'elif'} ((${test})); then position=$((${position}))`);
    before += Math.floor((range.end - range.start) / range.step) + 1;
  });
  lines.push(`else echo "spawn-slurm: $task_id is not an index of the array ${array.spec.replace(/[\\"$`]/g, '\\$&')}" >&2; exit 2; fi`);
  lines.push(`job_id=$((position==${array.count - 1}?${masterId}:${masterId}+1+position))`);
  return lines;
}
