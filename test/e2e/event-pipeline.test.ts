import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../src/store/event-log.js';
import type { JobEvent } from '../../src/store/events.js';
import { cancel, findOracle, oracleEnv, oracleRequired } from '../conformance/oracle.js';
import { LocalCluster } from '../support/local-cluster.js';
import { BIN, type CliResult, ROOT } from '../support/run-cli.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * examples/event-pipeline end to end, through its one command (run.sh): a data file arrives in a watched
 * directory, its Object Created event makes a rule submit the simulation array, the array's Job Ended
 * event makes a rule submit the analysis, which plots the results with gnuplot. On the local backend,
 * and on the real Slurm 22.05 oracle when one answers. Run directories with spaces, run.sh started from
 * another directory.
 */
const RUN_SH = join(ROOT, 'examples', 'event-pipeline', 'run.sh');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TIMEOUT_S = 150;
// A cluster shared with the conformance suites may keep the jobs waiting a while.
const SLURM_TIMEOUT_S = 300;

function runPipeline(args: string[], env: Record<string, string>, cwd: string, timeoutS = TIMEOUT_S): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(RUN_SH, ['--timeout', String(timeoutS), ...args], { cwd, env: { NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const seconds = (iso: string | null | undefined) => {
  expect(iso, 'a time').toBeTruthy();
  return Date.parse(iso as string);
};

interface Claim {
  rule: string;
  eventId: string;
  state: string;
  outcome: string;
  event: { id: string; 'detail-type': string; detail: Record<string, unknown> };
}

/** What each rule did: its claims in $STATE/events/acted/<rule>/, with the event each acted on. */
function claims(stateDir: string, rule: string): Claim[] {
  const dir = join(stateDir, 'events', 'acted', rule);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.event.json'))
    .map((f) => ({
      ...(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Omit<Claim, 'event'>),
      event: (JSON.parse(readFileSync(join(dir, f.replace(/\.json$/, '.event.json')), 'utf8')) as { event: Claim['event'] }).event,
    }));
}

const submittedJob = (claim: Claim) => Number(/ as job (\d+)$/.exec(claim.outcome)?.[1]);

/**
 * Everything a finished run must show: run.sh's report, the PNG, and that the Object Created event, the
 * simulation (all of its tasks), and the analysis happened in that order, each caused by the one before.
 * `jobsDir` is where the backend keeps the jobs' event logs. Returns the two job ids.
 */
function checkRun(result: CliResult, runDir: string, stateDir: string, jobsDir: string, env: Record<string, string>) {
  expect(result.status, `run.sh failed:\n${result.stderr}`).toBe(0);
  const png = join(runDir, 'output', 'measurements.png');
  expect(result.stdout).toContain(`plot: ${png}\n`);
  const ids = /simulation job (\d+) \(4 tasks\), analysis job (\d+): COMPLETED/.exec(result.stdout);
  expect(ids, result.stdout).not.toBeNull();
  const simulate = Number(ids?.[1]);
  const analyse = Number(ids?.[2]);

  // The plot: a PNG (signature, then the IHDR chunk with the size analyse.sbatch asks for).
  const image = readFileSync(png);
  expect(image.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  expect(image.subarray(12, 16).toString('latin1')).toBe('IHDR');
  expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([900, 540]);

  // 1. The data file arrived: one Object Created event for it, from the watched directory.
  const inbox = readFileSync(join(stateDir, 'events', 'inbox.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { event: Claim['event'] & { time: string; source: string } }).event);
  const created = inbox.filter((e) => e['detail-type'] === 'Object Created');
  expect(created).toHaveLength(1);
  const objectEvent = created[0] as (typeof created)[number];
  expect(objectEvent.source).toBe('aws.s3');
  expect(objectEvent.detail).toMatchObject({ bucket: { name: join(runDir, 'incoming') }, object: { key: 'measurements.dat' } });

  // 2. The rule submitted the simulation for that event, and only then.
  const [simulateClaim, ...moreSimulate] = claims(stateDir, 'simulate-new-data');
  expect(moreSimulate).toEqual([]);
  expect(simulateClaim).toMatchObject({ eventId: objectEvent.id, state: 'done' });
  expect(submittedJob(simulateClaim as Claim)).toBe(simulate);
  const simEvents = readEvents(join(jobsDir, String(simulate), 'events.jsonl'));
  const [submitted] = simEvents;
  expect(submitted?.['detail-type']).toBe('Job Submitted');
  expect(submitted?.detail).toMatchObject({ name: 'pipeline-simulate', taskCount: 4 });
  expect(seconds(submitted?.detail.submitTime)).toBeGreaterThanOrEqual(seconds(objectEvent.time));

  // 3. Every simulation task ended COMPLETED, then the job.
  const taskEnds = simEvents.filter((e) => e['detail-type'] === 'Task Ended');
  expect(taskEnds.map((e) => [e.detail.arrayTaskId, e.detail.state]).sort()).toEqual([
    [1, 'COMPLETED'],
    [2, 'COMPLETED'],
    [3, 'COMPLETED'],
    [4, 'COMPLETED'],
  ]);
  const simEnded = simEvents.at(-1) as JobEvent;
  expect(simEnded['detail-type']).toBe('Job Ended');
  expect(simEnded.detail).toMatchObject({ state: 'COMPLETED', taskCount: 4, states: { COMPLETED: 4 } });

  // 4. That Job Ended event made the rule submit the analysis, which started after every task had ended.
  const [analyseClaim, ...moreAnalyse] = claims(stateDir, 'analyse-simulation');
  expect(moreAnalyse).toEqual([]);
  expect(analyseClaim).toMatchObject({ eventId: simEnded.id, state: 'done' });
  expect(analyseClaim?.event).toMatchObject({ 'detail-type': 'Job Ended', detail: { jobId: simulate, name: 'pipeline-simulate', state: 'COMPLETED' } });
  expect(submittedJob(analyseClaim as Claim)).toBe(analyse);
  const anaEvents = readEvents(join(jobsDir, String(analyse), 'events.jsonl'));
  expect(anaEvents.map((e) => e['detail-type'])).toEqual(['Job Submitted', 'Task Started', 'Task Ended', 'Job Ended']);
  expect(anaEvents[0]?.detail.name).toBe('pipeline-analyse');
  const lastSimEnd = Math.max(...taskEnds.map((e) => seconds(e.detail.endTime)));
  expect(seconds(anaEvents[0]?.detail.submitTime)).toBeGreaterThanOrEqual(seconds(simEnded.detail.endTime));
  expect(seconds(anaEvents[1]?.detail.startTime)).toBeGreaterThanOrEqual(lastSimEnd);

  // 5. The analysis COMPLETED, and merged four tasks' results.
  expect(anaEvents[3]?.detail).toMatchObject({ state: 'COMPLETED', exitCode: '0:0' });
  const merged = readFileSync(join(runDir, 'output', 'measurements.dat'), 'utf8')
    .trim()
    .split('\n');
  expect(merged[0]).toBe('# t task1 task2 task3 task4');
  expect(merged.slice(1).every((row) => row.split(' ').length === 5)).toBe(true);
  expect(readFileSync(join(runDir, 'output', 'measurements.jobs'), 'utf8')).toBe(`simulate ${simulate}\nanalyse ${analyse}\n`);

  // history (sacct) says the same.
  const history = spawnHistory(env);
  expect(history.filter((r) => r.name === 'pipeline-simulate').map((r) => r.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
  expect(history.filter((r) => r.name === 'pipeline-analyse').map((r) => [r.jobId, r.state])).toEqual([[String(analyse), 'COMPLETED']]);
  return { simulate, analyse };
}

function spawnHistory(env: Record<string, string>): { jobId: string; name: string; state: string }[] {
  const result = spawnSync(process.execPath, [BIN, 'history', '--json'], { env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { jobs: { jobId: string; name: string; state: string }[] }).jobs;
}

describe('examples/event-pipeline on the local backend', () => {
  const cluster = new LocalCluster('event pipeline');
  afterAll(() => cluster.dispose());

  it('run.sh takes a data file through the simulation and the analysis to a PNG, in order', async () => {
    const runDir = join(cluster.dir, 'a run dir');
    const elsewhere = join(cluster.dir, 'somewhere else');
    mkdirSync(elsewhere);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...cluster.env() };
    const started = Date.now();
    const result = await runPipeline(['--run-dir', runDir], env, elsewhere);
    const { simulate } = checkRun(result, runDir, cluster.stateDir, join(cluster.stateDir, 'jobs'), env);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_S * 1000);
    // The simulation ran with the event that caused it.
    const environment = JSON.parse(readFileSync(join(cluster.stateDir, 'jobs', String(simulate), 'environment.json'), 'utf8')) as Record<string, string>;
    expect(environment).toMatchObject({ SPAWN_EVENT_DETAIL_TYPE: 'Object Created', SPAWN_EVENT_OBJECT_KEY: 'measurements.dat', SPAWN_EVENT_BUCKET_NAME: join(runDir, 'incoming') });
    // The run directory is made anew each time: a second run starts from a clean one.
    const again = await runPipeline(['--run-dir', runDir], env, elsewhere);
    expect(again.status, again.stderr).toBe(0);
    expect(readdirSync(join(runDir, 'results'))).toHaveLength(1);
  }, 400_000);

  it('refuses a run directory it did not make', async () => {
    const mine = join(cluster.dir, 'precious');
    mkdirSync(mine);
    const keep = join(mine, 'keep.txt');
    writeFileSync(keep, 'x');
    const result = await runPipeline(['--run-dir', mine], { PATH: process.env.PATH ?? '/usr/bin:/bin', ...cluster.env() }, cluster.dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('was not made by run.sh');
    expect(existsSync(keep)).toBe(true);
  });
});

describe('examples/event-pipeline on a real Slurm 22.05 (run.sh --backend slurm)', () => {
  const found = findOracle('22.05');
  const oracle = found.oracle;
  if (!oracle || !existsSync(oracle.restSocket)) {
    const why = !oracle ? `no Slurm 22.05 answers (tried ${found.tried.join(', ') || 'nothing'})` : `its slurmrestd socket ${oracle.restSocket} is missing (SLURM_ORACLE_RESTD=1)`;
    if (oracleRequired() && found.configured) it('has its oracle with slurmrestd', () => expect.fail(`${why}, as SPAWN_SLURM_REQUIRE_ORACLE=1 demands`));
    else {
      console.log(`examples/event-pipeline on Slurm: skipped, ${why}`);
      it.skip(`skipped: ${why}`, () => {});
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-event pipeline-oracle-'));
  const made: number[] = [];
  afterAll(() => {
    cancel(oracle, made);
    // A dispatcher of the run may still be finishing in its state directory: rmSync retries ENOTEMPTY.
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('the same rules with backend: slurm: the jobs run on the cluster, their ends observed by run.sh polling history', async () => {
    const runDir = join(dir, 'a run dir');
    const stateDir = join(dir, 'state');
    const env = oracleEnv(oracle, { SPAWN_SLURM_STATE_DIR: stateDir, SLURMRESTD_URL: `unix:${oracle.restSocket}` });
    const result = await runPipeline(['--backend', 'slurm', '--run-dir', runDir], env, dir, SLURM_TIMEOUT_S);
    const ids = /simulation job (\d+) \(4 tasks\), analysis job (\d+)/.exec(result.stdout);
    if (ids) made.push(Number(ids[1]), Number(ids[2]));
    const { simulate, analyse } = checkRun(result, runDir, stateDir, join(stateDir, 'clusters', 'pipeline', 'jobs'), env);
    // The analysis was submitted to the cluster with the dependency on the simulation.
    const record = JSON.parse(readFileSync(join(stateDir, 'clusters', 'pipeline', 'jobs', String(analyse), 'record.json'), 'utf8')) as {
      backend: string;
      job: { dependency: { text: string } };
    };
    expect(record.backend).toBe('slurm');
    expect(record.job.dependency.text).toBe(`afterok:${simulate}`);
    await waitUntil('the analysis log on the shared file system', () => existsSync(join(runDir, 'logs', `analyse-${analyse}.out`)), 30_000, 250);
    expect(readFileSync(join(runDir, 'logs', `simulate-${simulate}_1.out`), 'utf8')).toContain(`input ${join(runDir, 'incoming', 'measurements.dat')}`);
  }, 400_000);
});
