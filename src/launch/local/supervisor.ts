import { appendFileSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { slurmTimestamp } from '../../core/slurm-times.js';
import { compressIndices } from '../../model/array-positions.js';
import type { DependencyJob } from '../../model/schema.js';
import { EventLogWriter, makeEvent } from '../../store/event-log.js';
import type { DetailType, EventDetail, JobState } from '../../store/events.js';
import type { JobRecord, NodeFacts } from '../../store/job-record.js';
import { foldJob, positionOf, stateAt, type JobView } from '../../store/job-view.js';
import { tryLock, unlock } from '../../store/lock.js';
import { type QueueSnapshot, writeQueueSnapshot } from '../../store/queue-snapshot.js';
import { JobStore } from '../../store/store.js';
import { evaluateDependency, type DependencyStatus, type TargetProgress } from './dependencies.js';
import { targetPosition, viewProgress } from '../dependency-targets.js';
import { existingEc2Store } from '../ec2/ec2-store.js';
import { triggerDispatch } from '../../events/dispatch/trigger.js';
import { specHolds } from '../burst/split-links.js';
import { bothParts, clusterPartProgress } from '../burst/split-progress.js';
import { refreshClusters } from '../slurm/refresh.js';
import { userLoginEnvironment } from './export-environment.js';
import { writeJobBin } from './job-bin.js';
import { LiveJob, type RunningTask } from './live-job.js';
import { detectMemoryLimits, type MemoryLimits } from './memory-limits.js';
import { findOrphanedTasks, killOrphans, TASK_MARKER } from './orphans.js';
import { TaskFileNames } from '../task-script/output-files.js';
import { takeRequests, type SupervisorRequest } from './requests.js';
import { TaskEnvironmentTemplate } from './task-environment.js';
import { waitExitStatus, taskResult, type EndedBy } from './task-outcome.js';
import { signalTask, startTaskProcess, type ProcessOutcome } from './task-process.js';

export interface SupervisorOptions {
  stateDir: string;
  /** The job-tools bundle that the job's srun, sbatch, … launchers run. */
  jobToolsEntry: string;
  /** Exit after this long with nothing to do. */
  idleMs: number;
  /** Seconds in a Slurm minute: 60, or less to test time limits quickly. */
  secondsPerMinute: number;
  log: (line: string) => void;
}

/** Per job, what is built once and reused for every task. */
interface JobRuntime {
  environment: TaskEnvironmentTemplate;
  files: TaskFileNames;
}

/** How often, at most, the queue snapshot is rewritten. */
const SNAPSHOT_MS = 100;
/** How often a job waiting on the cluster half of a split array has the cluster asked again. */
const CLUSTER_REFRESH_MS = 5_000;
/** Events come in bursts (an array's tasks ending): one dispatcher start for a burst. */
const DISPATCH_DEBOUNCE_MS = 200;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The local backend's controller and node daemon in one process, one per state directory (it holds
 * supervisor.lock): it starts tasks as capacity, throttles, holds, begin times and dependencies
 * allow, watches them to their end, enforces time limits, handles requests (cancel, hold, release),
 * and writes every transition to the job's event log before acting on the next. Started by any
 * command that finds work and no supervisor; it exits when idle. A supervisor that died is replaced
 * by the next one, which stops the tasks it left running and marks them NODE_FAIL (or requeues them).
 */
export class Supervisor {
  private readonly store: JobStore;
  private readonly jobs = new Map<number, LiveJob>();
  private readonly writers = new Map<number, EventLogWriter>();
  private readonly runtimes = new Map<number, JobRuntime>();
  /** Ended jobs that dependencies asked about, folded once. */
  private readonly endedViews = new Map<number, JobView | null>();
  private readonly memory: MemoryLimits | null;
  private jobBin = '';
  private used = { cpus: 0, memoryMiB: 0 };
  private readonly freeGpus = new Set<number>();
  /** The GPUs the free list was made from. */
  private gpuList = '';
  private scheduled = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private clusterRefresh: NodeJS.Timeout | null = null;
  private dispatchTimer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private lastSnapshot = '';
  private lastSnapshotMs = 0;
  private snapshotTimer: NodeJS.Timeout | null = null;
  private memoryNoticeGiven = false;
  private stopping = false;
  private resolveStopped: () => void = () => {};

  constructor(private readonly options: SupervisorOptions) {
    this.store = new JobStore(options.stateDir);
    this.memory = detectMemoryLimits(this.store.storeId);
  }

  /** Runs until idle. Resolves false at once when another supervisor already holds the store. */
  async run(): Promise<boolean> {
    if (!tryLock(this.store.supervisorLock)) return false;
    const stopped = new Promise<void>((resolve) => {
      this.resolveStopped = resolve;
    });
    this.jobBin = writeJobBin(this.options.stateDir, this.options.jobToolsEntry);
    this.recover();
    this.handleRequests();
    try {
      this.watcher = watch(this.store.requestDir, () => this.handleRequests());
    } catch {
      this.watcher = null;
    }
    // inotify can miss events on some filesystems: a slow poll backs the watcher up.
    this.pollTimer = setInterval(() => this.handleRequests(), 500);
    this.schedule();
    this.checkIdle();
    await stopped;
    return true;
  }

  // ---- recovery -------------------------------------------------------------------------------

  private recover(): void {
    const orphans = findOrphanedTasks(this.store.storeId);
    if (orphans.length > 0) {
      this.options.log(`stopping ${orphans.length} task process(es) a previous supervisor left running`);
      killOrphans(orphans);
    }
    for (const id of this.store.activeJobIds()) this.adopt(id, true);
  }

  /** Takes a job from the store into memory; `recovering`: its running tasks lost their supervisor. */
  private adopt(id: number, recovering: boolean): void {
    if (this.jobs.has(id)) return;
    const record = this.store.readRecord(id);
    if (!record) return;
    const view = foldJob(record, this.store.readEvents(id));
    if (view.ended) {
      this.store.markEnded(id);
      return;
    }
    const job = new LiveJob(record, view, record.feedOnly ? this.fedPositions(record) : []);
    this.jobs.set(id, job);
    this.writers.set(id, new EventLogWriter(this.store.eventLogPath(id)));
    if (!recovering) return;
    for (const task of view.tasks.values()) {
      if (task.state !== 'RUNNING') continue;
      const arrayTaskId = task.arrayTaskId;
      if (record.job.requeue === true) {
        const restartCount = task.restartCount + 1;
        this.emit(
          job,
          'Task Requeued',
          `task-${task.position}-requeued-${restartCount}`,
          job.detail({ state: 'PENDING', arrayTaskId, taskJobId: task.taskJobId, reason: 'NodeFail', restartCount }),
        );
        job.restarts.set(task.position, restartCount);
        job.requeue(task.position);
      } else {
        const endMs = Date.now();
        this.emit(
          job,
          'Task Ended',
          `task-${task.position}-ended-${task.restartCount}`,
          job.detail({
            state: 'NODE_FAIL',
            arrayTaskId,
            taskJobId: task.taskJobId,
            exitCode: '0:0',
            reason: 'NodeFail',
            startTime: task.startTime,
            endTime: iso(endMs),
            elapsedSeconds: task.startTime ? Math.max(0, Math.round((endMs - Date.parse(task.startTime)) / 1000)) : null,
            nodeList: record.node.nodeName,
            restartCount: task.restartCount,
          }),
        );
        job.setState(task.position, 'NODE_FAIL');
        this.noteExit(job, '0:0');
      }
    }
    this.finishIfDone(job);
  }

  /** What was fed to a feed-only job before this supervisor started. */
  private fedPositions(record: JobRecord): number[] {
    let text = '';
    try {
      text = readFileSync(this.store.fedPath(record.id), 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((line) => /^\d+$/.test(line))
      .map(Number);
  }

  // ---- requests -------------------------------------------------------------------------------

  private handleRequests(): void {
    if (this.stopping) return;
    for (const { request, done } of takeRequests(this.store.requestDir)) {
      if (request) this.handle(request);
      done();
    }
    this.schedule();
  }

  private handle(request: SupervisorRequest): void {
    if (request.op === 'submitted') {
      this.adopt(request.jobId, false);
      return;
    }
    const job = this.jobs.get(request.jobId);
    if (!job) return;
    if (request.op === 'feed') {
      if (!job.fed) return;
      // A job without an array has one task to feed, whatever the ids say.
      const positions = job.record.job.array ? request.arrayTaskIds.map((id) => positionOf(job.record, id)).filter((p) => p >= 0) : [0];
      // Kept before it is acted on, so a supervisor that replaces this one knows what was fed.
      appendFileSync(this.store.fedPath(job.id), positions.map((p) => `${p}\n`).join(''));
      for (const position of positions) job.fed.add(position);
      return;
    }
    if (request.op === 'hold' || request.op === 'release') {
      const held = request.op === 'hold';
      if (job.held === held) return;
      job.held = held;
      this.emit(job, held ? 'Job Held' : 'Job Released', `${request.op}-${Date.now()}`, job.detail({ state: 'PENDING', reason: held ? 'JobHeldUser' : null }));
      return;
    }
    this.cancel(job, request.arrayTaskIds, request.signal, request.batchOnly);
  }

  private cancel(job: LiveJob, arrayTaskIds: number[] | null, signal: string | null, batchOnly: boolean): void {
    const positions = arrayTaskIds === null ? null : new Set(arrayTaskIds.map((t) => positionOf(job.record, t)).filter((p) => p >= 0));
    const selected = (p: number) => positions === null || positions.has(p);
    for (const task of job.running.values()) {
      if (!selected(task.position)) continue;
      if (signal !== null) {
        signalTask(task.pid, /^\d+$/.test(signal) ? Number(signal) : (signal as NodeJS.Signals), !batchOnly);
        continue;
      }
      this.stopTask(job, task, 'cancel');
    }
    if (signal !== null) return;
    if (positions === null) {
      job.cancelRequested = true;
    } else {
      for (const p of positions) {
        if (job.stateAt(p) !== 'PENDING') continue;
        this.emit(
          job,
          'Task Ended',
          `task-${p}-ended-${job.restarts.get(p) ?? 0}`,
          job.detail({ state: 'CANCELLED', arrayTaskId: job.arrayTaskIdAt(p), taskJobId: job.taskJobIdAt(p), exitCode: '0:0', restartCount: job.restarts.get(p) ?? 0 }),
        );
        job.setState(p, 'CANCELLED');
      }
    }
    this.finishIfDone(job);
  }

  /** SIGCONT and SIGTERM to the task's processes, SIGKILL after KillWait, as slurmstepd does, and its notice in the error file. */
  private stopTask(job: LiveJob, task: RunningTask, reason: Exclude<EndedBy, null>): void {
    if (task.endedBy !== null) return;
    task.endedBy = reason;
    const node = job.record.node.nodeName;
    const why = reason === 'timeout' ? ' DUE TO TIME LIMIT' : '';
    try {
      if (task.stderr !== '/dev/null')
        appendFileSync(task.stderr, `slurmstepd-${node}: error: *** JOB ${task.taskJobId} ON ${node} CANCELLED AT ${slurmTimestamp(new Date().toISOString())}${why} ***\n`);
    } catch {
      // The file went away; the task is stopped all the same.
    }
    signalTask(task.pid, 'SIGCONT');
    signalTask(task.pid, 'SIGTERM');
    const kill = setTimeout(() => signalTask(task.pid, 'SIGKILL'), job.record.node.killWaitSeconds * 1000);
    kill.unref();
    task.timers.push(kill);
  }

  // ---- scheduling -----------------------------------------------------------------------------

  private schedule(): void {
    if (this.scheduled || this.stopping) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.runSchedule();
    });
  }

  /** The machine as the newest job saw it (a later submit may have found GPUs, or a new local: section). */
  private capacity(): NodeFacts | null {
    let newest: LiveJob | null = null;
    for (const job of this.jobs.values()) if (!newest || job.id > newest.id) newest = job;
    const node = newest?.record.node ?? null;
    const gpus = node ? node.gpus.join(',') : '';
    if (node && gpus !== this.gpuList) {
      this.gpuList = gpus;
      const held = new Set<number>();
      for (const job of this.jobs.values()) for (const task of job.running.values()) for (const gpu of task.gpus) held.add(gpu);
      this.freeGpus.clear();
      for (const gpu of node.gpus) if (!held.has(gpu)) this.freeGpus.add(gpu);
    }
    return node;
  }

  private fits(record: JobRecord, node: NodeFacts): boolean {
    const r = record.request;
    return this.used.cpus + r.cpus <= node.cpus && this.used.memoryMiB + r.memoryMiB <= node.memoryMiB && r.gpus <= this.freeGpus.size;
  }

  private runSchedule(): void {
    const node = this.capacity();
    const now = Date.now();
    let wakeAt: number | null = null;
    let blocked = false;
    const ordered = [...this.jobs.values()].sort((a, b) => a.id - b.id);
    for (const job of ordered) {
      if (!job.hasPending()) continue;
      const record = job.record;
      // --deadline: a job that could no longer end in time is removed (state DEADLINE), as slurmctld does.
      const deadlineMs = record.job.deadline ? Date.parse(record.job.deadline) : null;
      const runMinutes = typeof record.job.timeMinMinutes === 'number' ? record.job.timeMinMinutes : record.job.timeLimitMinutes;
      if (deadlineMs !== null && now + (typeof runMinutes === 'number' ? runMinutes * this.options.secondsPerMinute * 1000 : 0) > deadlineMs) {
        job.reason = 'DeadLine';
        job.cancelRequested = true;
        job.unstartedState = 'DEADLINE';
        this.finishIfDone(job);
        continue;
      }
      if (deadlineMs !== null) wakeAt = Math.min(wakeAt ?? deadlineMs, deadlineMs);
      if (job.held) {
        job.reason = 'JobHeldUser';
        continue;
      }
      const beginMs = record.job.begin ? Date.parse(record.job.begin) : null;
      if (beginMs !== null && beginMs > now) {
        job.reason = 'BeginTime';
        wakeAt = Math.min(wakeAt ?? beginMs, beginMs);
        continue;
      }
      const dependency = this.dependencyStatus(job, null, now);
      if (dependency.status === 'waiting' && dependency.wakeAtMs !== null) wakeAt = Math.min(wakeAt ?? dependency.wakeAtMs, dependency.wakeAtMs);
      if (dependency.status === 'never') {
        job.reason = 'DependencyNeverSatisfied';
        if (record.job.killOnInvalidDep === true) {
          job.cancelRequested = true;
          this.finishIfDone(job);
        }
        continue;
      }
      if (dependency.status === 'waiting') {
        job.reason = 'Dependency';
        continue;
      }
      const correlated = record.job.dependency?.terms.some((t) => t.type === 'aftercorr') ?? false;
      const maxRunning = record.job.array?.maxRunning ?? null;
      while (job.hasPending()) {
        if (maxRunning !== null && job.running.size >= maxRunning) {
          job.reason = 'JobArrayTaskLimit';
          break;
        }
        if (blocked || !node) {
          job.reason = 'Priority';
          break;
        }
        if (!this.fits(record, node)) {
          job.reason = 'Resources';
          blocked = true;
          break;
        }
        const position = job.nextPending(correlated ? (p) => this.dependencyStatus(job, job.arrayTaskIdAt(p), now).status === 'satisfied' : undefined);
        if (position === null) {
          job.reason = job.fed ? 'None' : 'Dependency';
          break;
        }
        this.startTask(job, position);
        job.reason = 'None';
      }
    }
    this.writeSnapshotSoon();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = wakeAt === null ? null : setTimeout(() => this.schedule(), Math.max(10, wakeAt - Date.now()));
    this.checkIdle();
  }

  private dependencyStatus(job: LiveJob, arrayTaskId: number | null, now: number): DependencyStatus {
    const dependency = job.record.job.dependency;
    if (!dependency) return { status: 'satisfied' };
    return evaluateDependency(dependency, {
      now,
      arrayTaskId,
      singletonBlocked: this.singletonBlocked(job),
      lookup: (target, correlatedTask) => this.targetProgress(target, correlatedTask),
    });
  }

  /** singleton: another job of the same name and user is running, or waiting ahead of this one. */
  private singletonBlocked(job: LiveJob): boolean {
    for (const other of this.jobs.values()) {
      if (other === job || other.record.job.name !== job.record.job.name || other.record.user !== job.record.user) continue;
      if (other.running.size > 0 || other.id < job.id) return true;
    }
    return false;
  }

  private targetProgress(target: DependencyJob, correlatedTask: number | null): TargetProgress | null {
    const owner = this.ownerOf(target.id);
    if (!owner) return null;
    const split = owner.record.placement?.split;
    if (split && target.id === owner.record.id) {
      // One job in two parts: the tasks on the cluster count as this job's too.
      const index = typeof target.task === 'number' ? target.task : correlatedTask;
      if (index !== null && specHolds(split.indices, index)) return this.watchClusterPart(clusterPartProgress(this.store.root, split, index));
      const here = this.localProgress(owner, target, correlatedTask);
      if (index !== null || !here) return here;
      return bothParts(here, this.watchClusterPart(clusterPartProgress(this.store.root, split, null)));
    }
    return this.localProgress(owner, target, correlatedTask);
  }

  /** A cluster part not yet ended is asked about again soon, and the queue looked at afresh. */
  private watchClusterPart(progress: TargetProgress | null): TargetProgress | null {
    if (progress && !progress.allEnded && !this.clusterRefresh) {
      this.clusterRefresh = setTimeout(() => {
        void refreshClusters(this.store.root)
          .catch(() => undefined)
          .finally(() => {
            this.clusterRefresh = null;
            this.schedule();
          });
      }, CLUSTER_REFRESH_MS);
    }
    return progress;
  }

  private localProgress(owner: { record: JobRecord; view: JobView | null }, target: DependencyJob, correlatedTask: number | null): TargetProgress | null {
    const position = targetPosition(owner.record, target, correlatedTask);
    if (position !== null && position < 0) return null;
    const live = this.jobs.get(owner.record.id);
    if (live) return live.progress(position);
    return owner.view ? viewProgress(owner.view, position) : null;
  }

  /** The job an id belongs to (an array's tasks have ids of their own), live or ended. */
  private ownerOf(id: number): { record: JobRecord; view: JobView | null } | null {
    const live = this.jobs.get(id);
    if (live) return { record: live.record, view: null };
    for (const job of this.jobs.values()) if (id > job.id && id < job.id + job.record.idCount) return { record: job.record, view: null };
    if (this.endedViews.has(id)) {
      const view = this.endedViews.get(id) ?? null;
      return view ? { record: view.record, view } : null;
    }
    const record = this.store.ownerOf(id);
    if (!record) return this.ec2Owner(id);
    const view = foldJob(record, this.store.readEvents(record.id));
    this.endedViews.set(id, view);
    return { record: view.record, view };
  }

  /** An EC2 job (ids come from this store's counter): read afresh until it has ended, since its events come from its tracker. */
  private ec2Owner(id: number): { record: JobRecord; view: JobView } | null {
    const ec2 = existingEc2Store(this.store.root);
    const record = ec2?.ownerOf(id);
    if (!ec2 || !record) {
      this.endedViews.set(id, null);
      return null;
    }
    const view = foldJob(record, ec2.readEvents(record.id));
    if (view.ended) this.endedViews.set(id, view);
    return { record, view };
  }

  /** Asks for a fresh queue snapshot, written at most every SNAPSHOT_MS (a large array changes often). */
  private writeSnapshotSoon(): void {
    if (this.snapshotTimer || this.stopping) return;
    const wait = Math.max(0, this.lastSnapshotMs + SNAPSHOT_MS - Date.now());
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      this.lastSnapshotMs = Date.now();
      this.writeSnapshot();
    }, wait);
  }

  private writeSnapshot(): void {
    const jobs: QueueSnapshot['jobs'] = {};
    for (const job of this.jobs.values()) {
      const pending = job.pendingSummary();
      jobs[job.id] = {
        reason: job.reason,
        held: job.held,
        pendingCount: pending.count,
        pendingIndices: pending.indices,
        firstPending: pending.first,
        running: [...job.running.values()].map((t) => ({
          position: t.position,
          arrayTaskId: t.arrayTaskId,
          taskJobId: t.taskJobId,
          startTime: iso(t.startMs),
          restartCount: t.restartCount,
        })),
      };
    }
    const text = JSON.stringify(jobs);
    if (text === this.lastSnapshot) return;
    this.lastSnapshot = text;
    writeQueueSnapshot(this.options.stateDir, { pid: process.pid, jobs });
  }

  // ---- tasks ----------------------------------------------------------------------------------

  private runtimeOf(job: LiveJob): JobRuntime {
    let runtime = this.runtimes.get(job.id);
    if (!runtime) {
      const record = job.record;
      const submitted = this.store.readEnvironment(record.id);
      const login = submitted.SLURM_GET_USER_ENV === '1' ? userLoginEnvironment() : null;
      const environment = new TaskEnvironmentTemplate(record, submitted, login, {
        slurmConf: join(this.options.stateDir, 'slurm.conf'),
        jobBin: this.jobBin,
        extra: { SPAWN_SLURM_STATE_DIR: this.options.stateDir },
      });
      runtime = { environment, files: new TaskFileNames(record) };
      this.runtimes.set(job.id, runtime);
    }
    return runtime;
  }

  private startTask(job: LiveJob, position: number): void {
    const record = job.record;
    const runtime = this.runtimeOf(job);
    const startMs = Date.now();
    const arrayTaskId = job.arrayTaskIdAt(position);
    const taskJobId = job.taskJobIdAt(position);
    const restartCount = job.restarts.get(position) ?? 0;
    const env = runtime.environment.forTask({ arrayTaskId, taskJobId, startTime: Math.floor(startMs / 1000) });
    env[TASK_MARKER] = `${this.store.storeId}:${taskJobId}`;
    if (restartCount > 0) env.SLURM_RESTART_COUNT = String(restartCount);
    const gpus = [...this.freeGpus].slice(0, record.request.gpus);
    for (const gpu of gpus) this.freeGpus.delete(gpu);
    if (gpus.length > 0) {
      const list = gpus.join(',');
      Object.assign(env, { SLURM_JOB_GPUS: list, CUDA_VISIBLE_DEVICES: list, GPU_DEVICE_ORDINAL: list, ROCR_VISIBLE_DEVICES: list, SLURM_GPUS_ON_NODE: String(gpus.length) });
    }
    const cgroup = this.memoryCgroup(record, taskJobId, restartCount);
    const files = runtime.files.forTask(arrayTaskId, taskJobId);
    // Recorded before the process exists: a supervisor that dies in between leaves a task that is
    // marked NODE_FAIL, never one that ran without a record and would run a second time.
    this.emit(
      job,
      'Task Started',
      `task-${position}-started-${restartCount}`,
      job.detail({
        state: 'RUNNING',
        arrayTaskId,
        taskJobId,
        startTime: iso(startMs),
        nodeList: record.node.nodeName,
        restartCount,
        workDir: record.workDir,
        stdout: files.stdout,
        stderr: files.stderr,
      }),
    );
    const process = startTaskProcess({ scriptPath: this.store.scriptPath(record.id), args: record.job.script.args, workDir: record.workDir, env, files, cgroup });
    this.used.cpus += record.request.cpus;
    this.used.memoryMiB += record.request.memoryMiB;
    const task: RunningTask = { position, arrayTaskId, taskJobId, pid: process.pid, startMs, restartCount, gpus, cgroup, stderr: files.stderr, timers: [], endedBy: null };
    job.markStarted(position, task);
    this.armTimers(job, task);
    process.outcome.then((outcome) => this.taskEnded(job, task, outcome));
  }

  private memoryCgroup(record: JobRecord, taskJobId: number, restartCount: number): string | null {
    if (record.job.components[0]?.memory === null) return null;
    if (!this.memory) {
      if (!this.memoryNoticeGiven) this.options.log('--mem is not enforced: this machine gives no writable memory cgroup (v2 memory.max or the v1 memory controller)');
      this.memoryNoticeGiven = true;
      return null;
    }
    return this.memory.create(`job${taskJobId}.${restartCount}`, record.request.memoryMiB);
  }

  /** The time limit (then KillWait), and `--signal` ahead of it. */
  private armTimers(job: LiveJob, task: RunningTask): void {
    const limit = job.record.job.timeLimitMinutes;
    if (typeof limit !== 'number' || limit <= 0) return;
    const scale = this.options.secondsPerMinute / 60;
    const limitMs = limit * this.options.secondsPerMinute * 1000;
    task.timers.push(setTimeout(() => this.stopTask(job, task, 'timeout'), limitMs));
    const warning = job.record.job.signal;
    if (warning) {
      const at = Math.max(0, limitMs - warning.seconds * 1000 * scale);
      task.timers.push(setTimeout(() => signalTask(task.pid, `SIG${warning.signal.replace(/^SIG/i, '').toUpperCase()}` as NodeJS.Signals, !warning.batchOnly), at));
    }
  }

  private taskEnded(job: LiveJob, task: RunningTask, outcome: ProcessOutcome): void {
    for (const timer of task.timers) clearTimeout(timer);
    // Whatever the script left running in the background ends with it, as under Slurm's proctrack.
    signalTask(task.pid, 'SIGKILL');
    const record = job.record;
    const endMs = Date.now();
    let endedBy = task.endedBy;
    let maxRssKiB: number | null = null;
    if (task.cgroup && this.memory) {
      if (this.memory.oomKilled(task.cgroup)) endedBy = 'oom';
      maxRssKiB = this.memory.peakKiB(task.cgroup);
      this.memory.remove(task.cgroup);
    }
    const result = taskResult(outcome, endedBy);
    this.used.cpus -= record.request.cpus;
    this.used.memoryMiB -= record.request.memoryMiB;
    for (const gpu of task.gpus) if (record.node.gpus.includes(gpu)) this.freeGpus.add(gpu);
    job.running.delete(task.position);
    job.setState(task.position, result.state);
    this.noteExit(job, result.exitCode);
    this.emit(
      job,
      'Task Ended',
      `task-${task.position}-ended-${task.restartCount}`,
      job.detail({
        state: result.state,
        arrayTaskId: task.arrayTaskId,
        taskJobId: task.taskJobId,
        exitCode: result.exitCode,
        reason: result.reason,
        startTime: iso(task.startMs),
        endTime: iso(endMs),
        elapsedSeconds: Math.round((endMs - task.startMs) / 1000),
        maxRssKiB,
        nodeList: record.node.nodeName,
        restartCount: task.restartCount,
      }),
    );
    this.finishIfDone(job);
    this.schedule();
  }

  private noteExit(job: LiveJob, exitCode: string): void {
    const status = waitExitStatus(exitCode);
    if (!job.worstExit || status > job.worstExit.status) job.worstExit = { exitCode, status };
  }

  /** Writes Job Ended once nothing runs and nothing more will start, and lets the job go. */
  private finishIfDone(job: LiveJob): void {
    if (!job.isFinished() || !this.jobs.has(job.id)) return;
    const pending = [...job.pendingPositions()];
    const neverStarted = pending.map((p) => job.arrayTaskIdAt(p) ?? 0);
    for (const p of pending) job.setState(p, job.unstartedState);
    const counts = Object.fromEntries(job.stateCounts) as Partial<Record<JobState, number>>;
    const state: JobState =
      counts.COMPLETED === job.count ? 'COMPLETED' : job.cancelRequested ? job.unstartedState : ((Object.keys(counts).find((s) => s !== 'COMPLETED') as JobState | undefined) ?? 'FAILED');
    const detail: EventDetail = job.detail({
      state,
      exitCode: job.worstExit?.exitCode ?? '0:0',
      reason: job.reason === 'DependencyNeverSatisfied' || job.reason === 'DeadLine' ? job.reason : null,
      endTime: iso(Date.now()),
      taskCount: job.count,
      states: counts,
    });
    if (neverStarted.length > 0 && job.record.job.array) detail.neverStarted = compressIndices(neverStarted);
    this.emit(job, 'Job Ended', 'ended', detail);
    this.writers.get(job.id)?.close();
    this.writers.delete(job.id);
    this.runtimes.delete(job.id);
    this.jobs.delete(job.id);
    this.store.markEnded(job.id);
    this.endedViews.delete(job.id);
    this.schedule();
  }

  private emit(job: LiveJob, type: DetailType, key: string, detail: EventDetail): void {
    const writer = this.writers.get(job.id);
    if (!writer) return;
    writer.append(makeEvent(this.store.storeId, type, key, detail));
    this.dispatchSoon();
  }

  /** Rules may act on what was just written: a dispatcher looks at it, at most every DISPATCH_DEBOUNCE_MS. */
  private dispatchSoon(): void {
    if (this.dispatchTimer) return;
    this.dispatchTimer = setTimeout(() => {
      this.dispatchTimer = null;
      triggerDispatch(this.store.root);
    }, DISPATCH_DEBOUNCE_MS);
  }

  // ---- lifetime -------------------------------------------------------------------------------

  private checkIdle(): void {
    if (this.jobs.size > 0) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      return;
    }
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => this.stopIfStillIdle(), this.options.idleMs);
  }

  private stopIfStillIdle(): void {
    this.idleTimer = null;
    if (this.jobs.size > 0) return;
    // Let go of the lock first, then look once more: a submit that saw this supervisor alive has
    // already filed its request, and one that comes later finds no supervisor and starts its own.
    unlock(this.store.supervisorLock);
    if (takeRequests(this.store.requestDir).length > 0 || this.store.activeJobIds().length > 0) {
      if (tryLock(this.store.supervisorLock)) {
        this.handleRequests();
        this.checkIdle();
        return;
      }
    }
    this.stopping = true;
    this.memory?.dispose();
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.watcher?.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    if (this.clusterRefresh) clearTimeout(this.clusterRefresh);
    if (this.dispatchTimer) {
      // What was written last still gets its look.
      clearTimeout(this.dispatchTimer);
      triggerDispatch(this.store.root);
    }
    this.resolveStopped();
  }
}
