import type { JobSpec } from '../../model/schema.js';

/** Slurm job ids are 32-bit; NO_VAL-style values start near 2^32, so stay well below. */
const ID_RANGE = 1_000_000_000;
const FIRST_ID = 1000;

/**
 * The job id (for an array, the master id) a converted job runs under. There is no controller to hand
 * one out, so it is derived from the job name and script text: converting the same job again gives
 * the same id and the same output file names, and different jobs rarely share one.
 */
export function jobIdFor(job: Pick<JobSpec, 'name' | 'script'>): number {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (const text of [job.name, '\0', job.script.content]) {
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return FIRST_ID + (hash % ID_RANGE);
}
