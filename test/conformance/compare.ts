import { isAbsolute, join } from 'node:path';
import type { Component, JobSpec } from '../../src/model/schema.js';
import { releaseAtLeast } from '../../src/parser/slurm-release.js';
import type { ArrayIndexSet } from '../../src/parser/values/array-index-set.js';
import { arrayIndices } from '../../src/parser/values/array-index-set.js';
import { parseArrayTaskIds } from '../../src/parser/values/array.js';
import { formatDependency, stripDependencyMarkers, type DependencyExpression } from '../../src/parser/values/dependency.js';
import { expandForScontrol, parseFilenamePattern } from '../../src/parser/values/filename-pattern.js';
import type { ScontrolRecord } from './scontrol-record.js';
import { scontrolMiB, scontrolMinutes, scontrolNodeCounts } from './scontrol-record.js';

export interface Mismatch {
  field: string;
  ours: unknown;
  slurm: unknown;
}

/** What a pending job's record depends on besides the script: where it was submitted and by whom. */
export interface SubmissionContext {
  jobId: number;
  cwd: string;
  user: string;
  /** When sbatch was run (ms since the epoch). */
  submittedAt: number;
  /** Jobs that exist and stay pending (the held jobs dependencies point at). */
  /** Held jobs the cases depend on, and `<id>_<task>` for each task of the held array that exists. */
  liveJobIds: ReadonlySet<number | string>;
}

/**
 * The controller shows a plain id of an array job as `<id>_*`, and its scheduler drops the parts
 * of a dependency that are already satisfied (singleton, a job that does not exist) whenever it
 * runs (timing decides whether `scontrol` still shows it); with `?` one satisfied part clears the whole dependency.
 */
function sameDependency(ours: string, theirs: string, live: ReadonlySet<number | string>): boolean {
  const items = (text: string) => (text === '' ? [] : text.replace(/:(\d+)_\*/g, ':$1').split(/[,?]/));
  const mine = items(ours);
  const shown = items(theirs);
  // A task that does not exist (`<job>_5` of a plain job, `<array>_9` of 1-3) is as good as done.
  const satisfied = (item: string) => {
    if (item === 'singleton') return true;
    const [, id, task] = /:(\d+)(?:_(\d+))?/.exec(item) ?? [];
    if (!live.has(Number(id))) return true;
    return task !== undefined && !live.has(`${id}_${task}`);
  };
  if (shown.length === 0 && ours.includes('?') && mine.some(satisfied)) return true;
  let at = 0;
  for (const item of mine) {
    if (item === shown[at]) at++;
    else if (!satisfied(item)) return false;
  }
  return at === shown.length && (shown.length < 2 || ours.includes('?') === theirs.includes('?'));
}

type InspectJob = Record<string, unknown> & { gpus: Record<string, unknown> };

const COUNT_SUFFIX: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15 };

/** A count as 22.05's gres.c _is_valid_number reads it (strtoull and a suffix), or null when it is a type. */
function tresCount(text: string): number | null {
  const match = /^(-?\d+)([a-z]*)$/i.exec(text);
  const factor = COUNT_SUFFIX[(match?.[2] ?? '').toLowerCase().replace(/ib$/, '')];
  if (!match || factor === undefined || match[1] === '-1') return null;
  const value = Number(match[1]);
  return (value < 0 ? 2 ** 64 + value : value) * factor;
}

interface TresRequest {
  name: string;
  type: string | null;
  count: number;
}

/**
 * A TRES list such as `gres:gpu:a100:1,gres:gpu` as the controller reads it: a missing count is 1,
 * a repeated name:type keeps its last count, and a count of 0 asks for nothing. 24.11 prints
 * `gres/` for `gres:`, an entry of nothing as a bare `gres/`, and TresPerTask as `cpu=2,gres/gpu:a100=1`
 * (non-GRES TRES keep their name, `cpu`).
 */
function tresRequests(text: string | undefined): TresRequest[] {
  const byKey = new Map<string, TresRequest>();
  for (const item of (text ?? '').split(',').filter(Boolean)) {
    const equals = item.lastIndexOf('=');
    const [name = '', ...rest] = item
      .slice(0, equals < 0 ? item.length : equals)
      .replace(/^gres[:/]/, '')
      .split(':');
    if (name === '') continue;
    let type: string | null = null;
    let count = 1;
    if (equals >= 0) {
      type = rest.length ? rest.join(':') : null;
      count = tresCount(item.slice(equals + 1)) ?? Number.NaN;
    } else if (rest.length >= 2) {
      type = rest[0] as string;
      count = tresCount(rest.slice(1).join(':')) ?? Number.NaN;
    } else if (rest.length === 1) {
      const read = tresCount(rest[0] as string);
      if (read === null) type = rest[0] as string;
      else count = read;
    }
    const key = `${name}:${type ?? ''}`;
    byKey.delete(key);
    byKey.set(key, { name, type, count });
  }
  return [...byKey.values()].filter((r) => r.count !== 0);
}

/** The count of one non-GRES TRES (`cpu`) in a TRES list, or null when it is not there. */
function tresCountOf(text: string | undefined, name: string): number | null {
  return tresRequests(text).find((r) => r.name === name && r.type === null)?.count ?? null;
}

function describeTres(requests: TresRequest[]): string[] {
  return requests.map((r) => `${r.name}${r.type === null ? '' : `:${r.type}`}:${r.count}`).sort();
}

/** The GPUs of one TRES list as spawn-slurm's inspect JSON summarises them: total count (null for none) and the first type. */
function gpuSummary(text: string | undefined): { count: number | null; type: string | null } {
  const gpus = tresRequests(text).filter((r) => r.name === 'gpu');
  if (!gpus.length) return { count: null, type: null };
  return { count: gpus.reduce((sum, r) => sum + r.count, 0), type: gpus.find((r) => r.type !== null)?.type ?? null };
}

function sameIndexSet(a: ArrayIndexSet, b: ArrayIndexSet): boolean {
  const left = arrayIndices(a);
  const right = arrayIndices(b);
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done === y.done;
    if (x.value !== y.value) return false;
  }
}

function workDirOf(job: JobSpec, cwd: string): string {
  if (job.chdir === null) return cwd;
  return isAbsolute(job.chdir) ? job.chdir : join(cwd, job.chdir);
}

function scontrolPath(pattern: string, job: JobSpec, context: SubmissionContext, workDir: string): string {
  const parsed = parseFilenamePattern(pattern, { release: job.release, maxArraySize: 1001, arraySizeIsHardLimit: true, now: new Date() });
  if (!parsed.ok) return `<unparsable ${pattern}>`;
  return expandForScontrol(parsed.value, { jobId: context.jobId, arrayJobId: context.jobId, arrayTaskId: null, user: context.user, jobName: job.name, workDir }, job.release);
}

function expectedOverSubscribe(main: Component | undefined): string {
  if (!main) return 'OK';
  if (main.exclusive === 'node') return 'NO';
  // --exclusive=topo exists from 24.05; 24.11 shows it as such.
  if (main.exclusive === 'topo') return 'TOPO';
  if (main.exclusive === 'user') return 'USER';
  if (main.exclusive === 'mcs') return 'MCS';
  return main.oversubscribe ? 'YES' : 'OK';
}

/** scontrol's local `YYYY-MM-DDTHH:MM:SS` as a time, or null for Unknown/N/A. */
function localTime(text: string | undefined): number | null {
  if (!text || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(text)) return null;
  return new Date(text).getTime();
}

function closeInTime(ours: string | null, slurm: string | undefined, slackSeconds: number): boolean {
  const theirs = localTime(slurm);
  if (ours === null) return theirs === null;
  return theirs !== null && Math.abs(new Date(ours).getTime() - theirs) <= slackSeconds * 1000;
}

/**
 * The comparison rules of inspect-json.md, plus the other fields a held job's record shows: every
 * difference between spawn-slurm's view of an accepted script and what the controller recorded.
 */
export function compareJob(inspect: InspectJob, job: JobSpec, records: ScontrolRecord[], context: SubmissionContext): Mismatch[] {
  const found: Mismatch[] = [];
  const record = records[0];
  if (!record) return [{ field: 'record', ours: 'a job', slurm: 'no scontrol record' }];
  const main = job.components[0];
  const check = (field: string, ours: unknown, slurm: unknown) => {
    if (JSON.stringify(ours) !== JSON.stringify(slurm)) found.push({ field, ours, slurm });
  };
  const get = (key: string) => record.get(key);

  check('name', inspect.name, get('JobName'));
  check('timeLimitMinutes', inspect.timeLimitMinutes ?? 'unlimited', scontrolMinutes(get('TimeLimit')));
  // With a deadline and no limits of its own, the controller gives the job a minimum time of its choosing.
  if (inspect.timeMinMinutes !== null || job.deadline === null) check('timeMinMinutes', inspect.timeMinMinutes, scontrolMinutes(get('TimeMin')));

  const nodes = inspect.nodes as { min: number; max: number | null } | null;
  const numNodes = scontrolNodeCounts(get('NumNodes'));
  if (nodes) {
    check('nodes.min', nodes.min, numNodes ? numNodes.min : get('NumNodes'));
    if (nodes.max !== null) check('nodes.max', nodes.max, numNodes?.max);
  }
  if (inspect.ntasks !== null) check('ntasks', inspect.ntasks, Number(get('NumTasks')));
  check('cpusPerTask', inspect.cpusPerTask ?? 1, Number(get('CPUs/Task')));
  // 24.11 also records -c as the TRES cpu=N per task.
  if (releaseAtLeast(job.release, '24.11')) check('cpusPerTask (TresPerTask)', inspect.cpusPerTask, tresCountOf(get('TresPerTask'), 'cpu'));
  check('ntasksPerNode', inspect.ntasksPerNode ?? 0, Number((get('NtasksPerN:B:S:C') ?? '').split(':')[0]));

  const memory = inspect.memory as Record<string, number> | null;
  if (memory && 'perNodeMiB' in memory) check('memory.perNodeMiB', memory.perNodeMiB, scontrolMiB(get('MinMemoryNode')));
  if (memory && 'perCpuMiB' in memory) check('memory.perCpuMiB', memory.perCpuMiB, scontrolMiB(get('MinMemoryCPU')));
  if (memory && 'perGpuMiB' in memory) check('memory.perGpuMiB', memory.perGpuMiB, Number(/gpu[^,]*?:(\d+)/.exec(get('MemPerTres') ?? '')?.[1]));

  const taskIds = get('ArrayTaskId');
  if (job.array === null) check('array', null, taskIds ?? null);
  else if (taskIds === undefined) check('array', job.array.spec, null);
  else {
    const theirs = parseArrayTaskIds(taskIds);
    if (!theirs.ok) check('array', job.array.spec, taskIds);
    else if (!theirs.value.truncated && !sameIndexSet(job.array, theirs.value)) check('array.indices', job.array.spec, taskIds);
    else if (theirs.value.truncated) check('array.min', job.array.min, theirs.value.ranges[0]?.start);
    check('array.maxRunning', job.array.maxRunning ?? 0, Number(get('ArrayTaskThrottle') ?? 0));
  }

  // sbatch sends --gpus-per-node first and --gres after it, so a --gres entry of the same GPU type wins.
  const gpus = inspect.gpus as { perJob: number | null; perNode: number | null; perTask: number | null; perSocket: number | null; type: string | null };
  const perNode = new Map<string, TresRequest>();
  if (gpus.perNode) perNode.set(`gpu:${gpus.type ?? ''}`, { name: 'gpu', type: gpus.type, count: gpus.perNode });
  for (const g of inspect.gres as TresRequest[]) {
    perNode.delete(`${g.name}:${g.type ?? ''}`);
    perNode.set(`${g.name}:${g.type ?? ''}`, g);
  }
  check('gres', describeTres([...perNode.values()]), describeTres(tresRequests(get('TresPerNode'))));
  for (const [field, key] of [
    ['perJob', 'TresPerJob'],
    ['perTask', 'TresPerTask'],
    ['perSocket', 'TresPerSocket'],
  ] as const) {
    check(`gpus.${field}`, gpus[field] || null, gpuSummary(get(key)).count);
  }
  const types = [get('TresPerJob'), get('TresPerNode'), get('TresPerTask'), get('TresPerSocket')].map((t) => gpuSummary(t).type);
  if (gpus.type !== null) check('gpus.type', gpus.type, types.find((t) => t !== null) ?? null);

  if (inspect.partition !== null) check('partition', inspect.partition, get('Partition'));
  if (inspect.account !== null) check('account', inspect.account, get('Account'));
  // Without accounting 22.05 shows no QOS at all; 24.11 shows the one asked for.
  check('qos', releaseAtLeast(job.release, '24.11') ? (inspect.qos ?? '(null)') : '(null)', get('QOS'));
  check('constraint', inspect.constraint ?? '(null)', get('Features'));
  check('exclusive', expectedOverSubscribe(main), get('OverSubscribe'));

  const workDir = workDirOf(job, context.cwd);
  check('chdir', workDir, get('WorkDir'));
  const output = scontrolPath(job.output ?? (job.array ? 'slurm-%A_%a.out' : 'slurm-%j.out'), job, context, workDir);
  check('output', output, get('StdOut'));
  check('error', job.error === null ? output : scontrolPath(job.error, job, context, workDir), get('StdErr'));
  check('input', job.input === null ? '/dev/null' : scontrolPath(job.input, job, context, workDir), get('StdIn'));

  const ours = formatDependency(job.dependency as DependencyExpression | null);
  const theirs = stripDependencyMarkers(get('Dependency') ?? '(null)');
  if (!sameDependency(ours, theirs, context.liveJobIds)) check('dependency', ours, theirs);
  // A begin time that has already come is no deferral: the record shows none.
  const deferred = job.begin !== null && new Date(job.begin).getTime() > context.submittedAt + 1000 ? job.begin : null;
  if (!closeInTime(deferred, get('EligibleTime'), 10)) check('begin', job.begin, get('EligibleTime'));
  if (!closeInTime(job.deadline, get('Deadline'), 10)) check('deadline', job.deadline, get('Deadline'));
  if (job.comment !== null) check('comment', job.comment, get('Comment'));
  if (job.mail && job.mail.types.length > 0) check('mail.user', job.mail.user ?? context.user, get('MailUser'));
  const mailTypes = (get('MailType') ?? 'None') === 'None' ? [] : (get('MailType') ?? '').split(',');
  check('mail.types', [...new Set(job.mail?.types ?? [])].sort(), mailTypes.sort());
  check('requeue', job.requeue === false ? '0' : '1', get('Requeue'));
  return found;
}
