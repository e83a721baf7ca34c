import type { JobSpec } from '../../model/schema.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../parser/values/context.js';
import { defaultOutputPattern, expandFilenamePattern, parseFilenamePattern, type FilenameSegment, type FilenameVars } from '../../parser/values/filename-pattern.js';
import { shellQuote } from '../shell-quote.js';

/**
 * The `--output`/`--error`/`--input` file names of one task as bash words. What Slurm knows at
 * submission (job name, array master id, step `batch`, …) is expanded now by the parser's own
 * expansion; what differs per task or instance (array index, a task's job id, user, node) becomes a
 * reference to the task script's shell variables.
 */

export interface StreamFiles {
  /** Bash words (quoted) that give each file's name on the instance. */
  stdout: string;
  stderr: string;
  stdin: string;
  /** Open with O_APPEND but without truncating first (--open-mode=append). */
  append: boolean;
}

/** Two sets of values that differ in every per-task field: a field that changes between them is expanded on the instance. */
function probes(job: JobSpec, jobId: number): [FilenameVars, FilenameVars] {
  const isArray = job.array !== null;
  const base = { jobName: job.name, arrayJobId: jobId, stepId: 'batch' as const, nodeIndex: 0, taskId: 0 };
  return [
    { ...base, jobId: isArray ? 1 : jobId, arrayTaskId: isArray ? 1 : null, user: 'u1', nodeName: 'n1', hostName: 'n1' },
    { ...base, jobId: isArray ? 2 : jobId, arrayTaskId: isArray ? 2 : null, user: 'u2', nodeName: 'n2', hostName: 'n2' },
  ];
}

function padded(variable: string, width: number | null): string {
  return width === null ? `"$${variable}"` : `"$(printf %0${width}d "$${variable}")"`;
}

/** The bash word for a field that varies per task. */
function runtimeField(letter: string, width: number | null): string {
  switch (letter) {
    case 'a':
      return padded('task_id', width);
    case 'b':
      return width === null ? '"$((task_id % 10))"' : `"$(printf %0${width}d $((task_id % 10)))"`;
    case 'j':
    case 'J':
      return padded('job_id', width);
    case 'u':
      return '"$user"';
    default:
      return '"$node"';
  }
}

function patternWord(value: string, job: JobSpec, jobId: number): string {
  const release = job.release;
  // The pattern parser accepts every value (sbatch does); only the release matters to it.
  const parsed = parseFilenamePattern(value, { release, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: false, now: new Date(0) });
  if (!parsed.ok) throw new Error(`cannot read the file name pattern "${value}"`);
  const pattern = parsed.value;
  const [first, second] = probes(job, jobId);
  const expand = (segment: FilenameSegment, vars: FilenameVars) => expandFilenamePattern({ ...pattern, segments: [segment] }, vars, release);
  const words = pattern.segments.map((segment) => {
    const fixed = expand(segment, first);
    if (segment.kind === 'field' && fixed !== expand(segment, second)) return runtimeField(segment.letter, segment.width);
    return fixed === '' ? '' : shellQuote(fixed);
  });
  const word = words.join('');
  return word === '' ? "''" : word;
}

export function streamFiles(job: JobSpec, jobId: number): StreamFiles {
  const output = job.output ?? defaultOutputPattern(job.array !== null);
  // Without --error, stderr follows stdout's pattern (slurm-semantics §5), the default one included.
  const error = job.error ?? output;
  return {
    stdout: patternWord(output, job, jobId),
    stderr: patternWord(error, job, jobId),
    stdin: job.input === null ? '/dev/null' : patternWord(job.input, job, jobId),
    append: job.openMode === 'append',
  };
}
