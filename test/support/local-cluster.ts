import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readEvents } from '../../src/store/event-log.js';
import type { JobEvent } from '../../src/store/events.js';
import { lockHolder } from '../../src/store/lock.js';
import { runCli, runCliAsync, type CliResult } from './run-cli.js';

/**
 * A private local backend for one test file: its own working directory and state directory, a
 * supervisor that stops soon after it runs out of work, and helpers that wait on conditions (never
 * on fixed sleeps).
 */
export class LocalCluster {
  readonly dir: string;
  readonly stateDir: string;

  constructor(
    readonly name: string,
    private readonly extraEnv: Record<string, string> = {},
    firstJobId?: number,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), `spawn-slurm-${name}-`));
    this.stateDir = join(this.dir, '.state');
    if (firstJobId !== undefined) {
      mkdirSync(this.stateDir, { recursive: true });
      writeFileSync(join(this.stateDir, 'next-job-id'), `${firstJobId}\n`);
    }
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return { SPAWN_SLURM_STATE_DIR: this.stateDir, SPAWN_SLURM_SUPERVISOR_IDLE_MS: '1500', ...this.extraEnv, ...extra };
  }

  run(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}): CliResult {
    return runCli(args, { cwd: options.cwd ?? this.dir, env: this.env(options.env), ...(options.input !== undefined ? { input: options.input } : {}) });
  }

  /** The same, without blocking the test's event loop (for --wait and --follow). */
  runAsync(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
    return runCliAsync(args, { cwd: this.dir, env: this.env(options.env) });
  }

  /** Submits a script file written from `text`; returns the job id. */
  submit(file: string, text: string, args: string[] = [], env: Record<string, string> = {}): number {
    this.write(file, text, 0o755);
    const result = this.run(['submit', '--parsable', ...args, file], { env });
    if (result.status !== 0) throw new Error(`submit ${file} failed (${result.status}): ${result.stderr}`);
    return Number(result.stdout.trim());
  }

  write(file: string, text: string, mode = 0o644): string {
    const path = join(this.dir, file);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  events(jobId: number): JobEvent[] {
    return readEvents(join(this.stateDir, 'jobs', String(jobId), 'events.jsonl'));
  }

  ended(jobId: number): JobEvent | undefined {
    return this.events(jobId).find((e) => e['detail-type'] === 'Job Ended');
  }

  /** Polls `condition` until it holds; fails with `what` after the timeout. */
  async waitFor<T>(what: string, condition: () => T | undefined | null | false, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      const value = condition();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await sleep(delay);
    }
  }

  async waitForEnd(jobId: number, timeoutMs = 30_000): Promise<JobEvent> {
    return this.waitFor(`job ${jobId} to end`, () => this.ended(jobId), timeoutMs);
  }

  /** Task Ended events of a job, by array index (null for a plain job). */
  taskEnds(jobId: number): Map<number | null, JobEvent> {
    const ends = new Map<number | null, JobEvent>();
    for (const event of this.events(jobId)) if (event['detail-type'] === 'Task Ended') ends.set(event.detail.arrayTaskId, event);
    return ends;
  }

  supervisorPid(): number | null {
    return lockHolder(join(this.stateDir, 'supervisor.lock'));
  }

  /** Stops the supervisor (and so any task still running) and the EC2 watcher, and removes everything. */
  async dispose(): Promise<void> {
    for (const pid of [this.supervisorPid(), lockHolder(join(this.stateDir, 'ec2', 'watcher.lock'))]) {
      if (pid === null) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    const { findOrphanedTasks, killOrphans } = await import('../../src/launch/local/orphans.js');
    const storeId = (() => {
      try {
        return readFileSync(join(this.stateDir, 'store-id'), 'utf8').trim();
      } catch {
        return null;
      }
    })();
    if (storeId) killOrphans(findOrphanedTasks(storeId));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
