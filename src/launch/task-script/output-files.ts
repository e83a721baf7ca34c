import type { JobRecord } from '../../store/job-record.js';
import { DEFAULT_MAX_ARRAY_SIZE } from '../../parser/values/context.js';
import { jobNameIsSet } from './slurm-environment.js';
import { defaultOutputPattern, expandFilenamePattern, parseFilenamePattern, type FilenamePattern } from '../../parser/values/filename-pattern.js';

export interface TaskFiles {
  stdout: string;
  stderr: string;
  stdin: string;
  /** --open-mode=append: keep what is there. */
  append: boolean;
}

function parsePattern(value: string, record: JobRecord): FilenamePattern {
  const parsed = parseFilenamePattern(value, { release: record.job.release, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: false, now: new Date(0) });
  if (!parsed.ok) throw new Error(`cannot read the file name pattern "${value}"`);
  return parsed.value;
}

/**
 * The batch step's file names (slurm-semantics §5), expanded by the parser's own pattern code when the
 * task starts: the default `slurm-%j.out` / `slurm-%A_%a.out`, stderr following stdout's pattern, and
 * relative names under the working directory. Patterns are read once per job.
 */
export class TaskFileNames {
  private readonly stdout: FilenamePattern;
  private readonly stderr: FilenamePattern;
  private readonly stdin: FilenamePattern | null;

  constructor(private readonly record: JobRecord) {
    const job = record.job;
    const output = job.output ?? defaultOutputPattern(job.array !== null);
    this.stdout = parsePattern(output, record);
    this.stderr = parsePattern(job.error ?? output, record);
    this.stdin = job.input === null ? null : parsePattern(job.input, record);
  }

  private expand(pattern: FilenamePattern, arrayTaskId: number | null, taskJobId: number): string {
    if (pattern.path === '/dev/null') return '/dev/null';
    const record = this.record;
    return expandFilenamePattern(
      pattern,
      {
        jobId: taskJobId,
        arrayJobId: record.job.array ? record.id : null,
        arrayTaskId,
        jobName: jobNameIsSet(record.job) ? record.job.name : null,
        user: record.user,
        nodeName: record.node.nodeName,
        hostName: record.node.hostName,
        stepId: 'batch',
        workDir: record.workDir,
      },
      record.job.release,
    );
  }

  forTask(arrayTaskId: number | null, taskJobId: number): TaskFiles {
    return {
      stdout: this.expand(this.stdout, arrayTaskId, taskJobId),
      stderr: this.expand(this.stderr, arrayTaskId, taskJobId),
      stdin: this.stdin ? this.expand(this.stdin, arrayTaskId, taskJobId) : '/dev/null',
      append: this.record.job.openMode === 'append',
    };
  }
}
