import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, UsageError } from '../../core/errors.js';
import type { JobStore } from '../../store/store.js';
import { refreshClusters } from '../../launch/slurm/refresh.js';
import { EC2_SOURCE } from '../../launch/ec2/ec2-store.js';
import { refreshEc2Jobs } from '../../launch/ec2/tracking/refresh-jobs.js';
import { stateDirectory } from '../../store/state-dir.js';
import { findJob, openJobSources, type JobSource } from '../job-sources.js';
import { loadView, parseJobSelector } from '../local-jobs.js';

interface TaskFile {
  path: string;
  /** The task has ended: nothing more will be written. */
  done: () => boolean;
}

/** The file a task writes, from its Task Started event (the names were expanded when it started). */
function taskFile(sources: readonly JobSource[], text: string, stderr: boolean): TaskFile & { cluster: string | null } {
  const selector = parseJobSelector(text);
  if (!selector) throw new UsageError(`invalid job id "${text}"`, 'give N, or N_M for one array task');
  const found = findJob(sources, selector, text);
  if (!found) throw new InputError(`Invalid job id specified: ${text}`, 'see spawn-slurm history for the jobs there are');
  const { resolved, source } = found;
  const store: JobStore = source.store;
  const { view } = resolved;
  const record = view.record;
  const indices = resolved.arrayTaskIds;
  if (record.job.array && (indices === null || indices.length !== 1)) {
    throw new UsageError(`job ${record.id} is an array of ${record.job.array.count} tasks, each with its own output`, `name one task: ${record.id}_${record.job.array.min}`);
  }
  const arrayTaskId = indices?.[0] ?? null;
  const events = store.readEvents(record.id);
  const started = events.filter((e) => e['detail-type'] === 'Task Started' && e.detail.arrayTaskId === arrayTaskId).at(-1);
  if (!started) {
    const why = view.ended ? 'it ended without running' : 'it has not started yet';
    throw new InputError(`job ${text} has no output: ${why}`);
  }
  const path = stderr ? started.detail.stderr : started.detail.stdout;
  if (!path) throw new InputError(`job ${text} has no ${stderr ? 'error' : 'output'} file recorded`);
  const key = started.id.replace(/-started-(\d+)$/, '-ended-$1');
  return {
    path,
    cluster: source.cluster,
    done: () => {
      const current = loadView(store, record.id);
      return current === null || current.ended !== null || store.readEvents(record.id).some((e) => e.id === key);
    },
  };
}

function copyFrom(path: string, offset: number): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return offset;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, offset);
      if (n <= 0) return offset;
      process.stdout.write(buffer.subarray(0, n));
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** Prints a task's output (or error) file; --follow keeps printing what it writes until it ends. */
export async function runLogs(id: string, opts: Record<string, unknown>): Promise<number> {
  const file = taskFile(await openJobSources(typeof opts.cluster === 'string' ? opts.cluster : undefined), id, opts.stderr === true);
  if (opts.json) {
    let size = 0;
    try {
      size = statSync(file.path).size;
    } catch {
      // Not written yet.
    }
    process.stdout.write(`${JSON.stringify({ path: file.path, bytes: size, ended: file.done() })}\n`);
    return 0;
  }
  if (file.path === '/dev/null') return 0;
  const onEc2 = file.cluster === EC2_SOURCE;
  if (onEc2 && !existsSync(file.path) && !opts.follow) {
    throw new InputError(
      `${file.path} is not here yet: job ${id} runs on EC2, and its files come back into the submit directory when the task ends`,
      `wait for it with spawn-slurm logs --follow ${id}, or fetch what is in S3 with spawn-slurm fetch ${id.split('_')[0]}`,
    );
  }
  if (!onEc2 && file.cluster !== null && !existsSync(file.path) && file.done()) {
    throw new InputError(
      `${file.path} is not on this machine: job ${id} ran on cluster ${file.cluster}`,
      'logs reads the files of cluster jobs only where the cluster shares its file system with this machine; read it on the cluster',
    );
  }
  let offset = copyFrom(file.path, 0);
  if (!opts.follow) return 0;
  for (;;) {
    if (onEc2) await refreshEc2Jobs(stateDirectory(), (line) => process.stderr.write(`spawn-slurm: ${line}\n`));
    else if (file.cluster !== null) await refreshClusters(stateDirectory());
    const finished = file.done();
    offset = copyFrom(file.path, offset);
    if (finished) return 0;
    await sleep(200);
  }
}
