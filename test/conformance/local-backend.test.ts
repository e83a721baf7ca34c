import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';
import { cancel, findOracle, HOW_TO_START, oracleEnv, oracleRequired, submit, type Oracle } from './oracle.js';
import { parseScontrolLine } from './scontrol-record.js';

/**
 * The same scripts on a real Slurm 22.05 and on the local backend: the SLURM_* variables (minus what
 * is host-specific: ids, pids, ports, host names, paths), the files the jobs create (names and
 * contents, with each side's job ids replaced by the same placeholders), states and exit codes.
 */

const { oracle, tried } = findOracle();
if (!oracle) console.log(`local-backend conformance skipped: no Slurm answers (tried ${tried.join(', ') || 'nothing'}); ${HOW_TO_START}`);

describe.runIf(!oracle && oracleRequired())('local-backend conformance oracle', () => {
  it('is running, as SPAWN_SLURM_REQUIRE_ORACLE=1 demands', () => {
    expect.fail(`no Slurm answers scontrol ping (tried ${tried.join(', ')}); ${HOW_TO_START}`);
  });
});

const DUMP = 'env | grep ^SLURM_ | sort > "env-${SLURM_ARRAY_TASK_ID:-job}.txt"';

interface Case {
  name: string;
  script: string;
  args?: string[];
  /** Jobs submitted after this one; `{name}` in their arguments is the id of the job of that name. */
  followers?: { name: string; script: string; args: string[] }[];
}

const CASES: Case[] = [
  { name: 'array-throttle', script: `#!/bin/bash\n${DUMP}\necho "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT"\n`, args: ['--array=90001-90004%2', '-J', 'arr'] },
  {
    name: 'output-pattern',
    script: '#!/bin/bash\necho out\necho err >&2\n',
    args: ['--array=90002,90005', '-J', 'pat', '-o', 'o_%x_%A_%a_%4a_%j_%3j_%u_%n_%t_%s_%%.txt', '-e', 'e_%A_%a.txt'],
  },
  { name: 'default-output', script: '#!/bin/bash\necho "default $SLURM_ARRAY_TASK_ID"\necho "to stderr" >&2\n', args: ['--array=90003-90004'] },
  { name: 'mem-cpus', script: `#!/bin/bash\n${DUMP}\n`, args: ['--mem=500M', '-c', '2', '-t', '10'] },
  { name: 'mem-per-cpu', script: `#!/bin/bash\n${DUMP}\n`, args: ['--mem-per-cpu=300M', '-n', '1', '-c', '2', '-t', '1-00:00:00'] },
  {
    name: 'srun-steps',
    script: `#!/bin/bash\n${DUMP}\nsrun bash -c 'env | grep ^SLURM_ | sort > step-task$SLURM_PROCID.txt'\nsrun -n 1 bash -c 'exit 7'\necho "step exit $?"\n`,
    args: ['-N', '1', '-n', '2', '--mem=1G'],
  },
  { name: 'export-none', script: `#!/bin/bash\n${DUMP}\necho "home=$HOME"\n`, args: ['--export=NONE', '-J', 'exportnone'] },
  { name: 'exit-code', script: '#!/bin/bash\necho failing\nexit 3\n' },
  { name: 'signal-exit', script: '#!/bin/bash\nkill -9 $$\n' },
  {
    name: 'dependency-chain',
    script: '#!/bin/bash\nexit 0\n',
    followers: [
      { name: 'failing-step', script: '#!/bin/bash\nexit 2\n', args: ['--dependency=afterok:{dependency-chain}'] },
      { name: 'after-fail', script: '#!/bin/bash\necho never\n', args: ['--dependency=afterok:{failing-step}'] },
      { name: 'after-notok', script: '#!/bin/bash\necho notok ran\n', args: ['--dependency=afternotok:{failing-step}'] },
      { name: 'after-any', script: '#!/bin/bash\necho any ran\n', args: ['--dependency=afterany:{failing-step}:{dependency-chain}'] },
    ],
  },
  { name: 'timeout', script: '#!/bin/bash\necho started\nsleep 600\n', args: ['-t', '1'] },
];

/** Host-specific values: what differs between any two Slurm sites, or between runs. */
const HOST_SPECIFIC = new Set([
  'SLURM_JOB_ID',
  'SLURM_JOBID',
  'SLURM_ARRAY_JOB_ID',
  'SLURM_TASK_PID',
  'SLURM_SRUN_COMM_PORT',
  'SLURM_STEP_LAUNCHER_PORT',
  'SLURM_SUBMIT_DIR',
  'SLURM_CONF',
  'SLURM_SUBMIT_HOST',
  'SLURM_NODELIST',
  'SLURM_JOB_NODELIST',
  'SLURM_TOPOLOGY_ADDR',
  'SLURM_STEP_NODELIST',
  'SLURM_WORKING_CLUSTER',
  'SLURM_JOB_DEPENDENCY',
]);

interface Side {
  /** Each job of each case: case or follower name → job id. */
  ids: Map<string, number>;
  dir: (name: string) => string;
}

interface TaskOutcome {
  state: string;
  exitCode: string;
  reason: string;
  /** The task's own job id. */
  jobId: number;
}

const MAPPING = (o: Oracle) => `local:\n  cluster_name: ${clusterName(o)}\n  partition: ${o.defaultPartition}\n  def_mem_per_cpu: ${defMemPerCpu(o)}\n`;

function confValue(o: Oracle, key: string): string | undefined {
  return new RegExp(`^\\s*${key}\\s*=\\s*(\\S+)`, 'im').exec(readFileSync(o.conf, 'utf8'))?.[1];
}
const clusterName = (o: Oracle) => confValue(o, 'ClusterName') ?? 'cluster';
const defMemPerCpu = (o: Oracle) => confValue(o, 'DefMemPerCPU') ?? '1024';

function oracleTasks(o: Oracle, id: number): Map<string, TaskOutcome> {
  const out = spawnSync('scontrol', ['show', 'job', '-o', String(id)], { env: oracleEnv(o), encoding: 'utf8' }).stdout;
  const tasks = new Map<string, TaskOutcome>();
  for (const line of out.split('\n').filter((l) => l.startsWith('JobId='))) {
    const r = parseScontrolLine(line);
    tasks.set(r.get('ArrayTaskId') ?? 'job', { state: r.get('JobState') ?? '', exitCode: r.get('ExitCode') ?? '', reason: r.get('Reason') ?? '', jobId: Number(r.get('JobId')) });
  }
  return tasks;
}

const oracleDone = (o: Oracle, ids: number[]) => spawnSync('squeue', ['-h', '-t', 'PD,R,CG', '-o', '%i|%r', '-j', ids.join(',')], { env: oracleEnv(o), encoding: 'utf8' }).stdout.trim();

/** The files a job left in its directory, relative, with their contents. */
function files(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.sbatch')) found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

/** Replaces each side's job ids in a file name with the same placeholders: the job's id with A, task k's own id with J<k>. */
function normaliser(master: number, tasks: Map<string, TaskOutcome>): (text: string) => string {
  const names = new Map<number, string>([[master, 'A']]);
  for (const [task, outcome] of tasks) if (outcome.jobId !== master) names.set(outcome.jobId, `J${task}`);
  const ids = [...names.keys()].sort((a, b) => String(b).length - String(a).length || b - a);
  return (text) => {
    let out = text;
    for (const id of ids) {
      const padded = [String(id).padStart(3, '0'), String(id)];
      for (const form of padded) out = out.replace(new RegExp(`(?<![0-9])${form}(?![0-9])`, 'g'), names.get(id) as string);
    }
    return out;
  };
}

/** slurmstepd's notices name the job and the time they were written. */
const withoutTimes = (text: string) => text.replace(/\*\*\* JOB \d+ ON (\S+) CANCELLED AT \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/g, '*** JOB <id> ON $1 CANCELLED AT <time>');

function slurmVars(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((l) => l.startsWith('SLURM_'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string])
      .filter(([name]) => !HOST_SPECIFIC.has(name)),
  );
}

describe.skipIf(!oracle)('the local backend agrees with a real Slurm 22.05 at run time', () => {
  const o = oracle as Oracle;
  const root = mkdtempSync(join(tmpdir(), 'spawn-slurm-local-conformance-'));
  // Local ids far from the oracle's and from the array indices, so that replacing ids in file names is unambiguous.
  // The oracle's slurm.conf is this machine's, as on a login node: the local backend takes MaxArraySize from it.
  const cluster = new LocalCluster('local-conformance', oracle ? { SLURM_CONF: oracle.conf } : {}, 5_000_000);
  const real: Side = { ids: new Map(), dir: (name) => join(root, 'oracle', name) };
  const local: Side = { ids: new Map(), dir: (name) => join(root, 'local', name) };
  const localTasks = new Map<string, Map<string, TaskOutcome>>();
  const realTasks = new Map<string, Map<string, TaskOutcome>>();

  /** Submits on both sides; `{name}` in the arguments becomes that side's id of the job of that name. */
  function submitEverywhere(name: string, script: string, args: string[]): void {
    for (const side of [real, local]) {
      const dir = side.dir(name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${name}.sbatch`), script, { mode: 0o755 });
      const resolved = args.map((a) => a.replace(/\{([\w-]+)\}/g, (_m, ref: string) => String(side.ids.get(ref))));
      if (side === real) {
        const result = submit(o, `${name}.sbatch`, resolved, dir);
        if (result.jobId === null) throw new Error(`oracle refused ${name}: ${result.stderr}`);
        side.ids.set(name, result.jobId);
      } else {
        const result = cluster.run(['submit', '--parsable', '--config', join(root, 'mapping.yaml'), ...resolved, `${name}.sbatch`], { cwd: dir });
        if (result.status !== 0) throw new Error(`local backend refused ${name}: ${result.stderr}`);
        side.ids.set(name, Number(result.stdout.trim()));
      }
    }
  }

  beforeAll(async () => {
    mkdirSync(join(root, 'oracle'), { recursive: true });
    writeFileSync(join(root, 'mapping.yaml'), MAPPING(o));
    for (const c of CASES) {
      submitEverywhere(c.name, c.script, c.args ?? []);
      for (const follower of c.followers ?? []) submitEverywhere(follower.name, follower.script, follower.args);
    }
    // Everything has run (or waits on a dependency that can never be met) on both sides.
    const deadline = Date.now() + 240_000;
    const stuck = (text: string) => text.split('\n').filter((l) => l && !l.endsWith('|DependencyNeverSatisfied'));
    while (
      stuck(oracleDone(o, [...real.ids.values()])).length > 0 ||
      [...local.ids.values()].some((id) => !cluster.ended(id) && !/DependencyNeverSatisfied/.test(cluster.run(['queue', '-j', String(id), '--noheader', '-o', '%r']).stdout))
    ) {
      if (Date.now() > deadline) throw new Error('the jobs did not finish within 4 minutes');
      await sleep(500);
    }
    for (const [name, id] of real.ids) realTasks.set(name, oracleTasks(o, id));
    for (const [name, id] of local.ids) {
      const tasks = new Map<string, TaskOutcome>();
      for (const [index, end] of cluster.taskEnds(id))
        tasks.set(index === null ? 'job' : String(index), { state: end.detail.state, exitCode: end.detail.exitCode ?? '', reason: end.detail.reason ?? 'None', jobId: end.detail.taskJobId });
      if (tasks.size === 0) {
        const reason = cluster
          .run(['queue', '-j', String(id), '--noheader', '-o', '%T|%r'])
          .stdout.trim()
          .split('|');
        tasks.set('job', { state: reason[0] ?? '', exitCode: '0:0', reason: reason[1] ?? '', jobId: id });
      }
      localTasks.set(name, tasks);
    }
  }, 300_000);

  afterAll(async () => {
    cancel(o, [...real.ids.values()]);
    await cluster.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const allNames = CASES.flatMap((c) => [c.name, ...(c.followers ?? []).map((f) => f.name)]);

  it.each(allNames)('%s: the same states, exit codes and reasons', (name) => {
    const want = realTasks.get(name);
    const got = localTasks.get(name);
    expect(want, `oracle ran ${name}`).toBeDefined();
    const strip = (tasks: Map<string, TaskOutcome>) => Object.fromEntries([...tasks].map(([k, t]) => [k, { state: t.state, exitCode: t.exitCode, reason: t.reason }]));
    expect(strip(got as Map<string, TaskOutcome>)).toEqual(strip(want as Map<string, TaskOutcome>));
  });

  it.each(allNames)('%s: the same files with the same contents and the same SLURM_* variables', (name) => {
    const normalise = {
      real: normaliser(real.ids.get(name) as number, realTasks.get(name) as Map<string, TaskOutcome>),
      local: normaliser(local.ids.get(name) as number, localTasks.get(name) as Map<string, TaskOutcome>),
    };
    // Ids are replaced in file names only (where %j and %A put them); a small oracle id could look like
    // any number in a file's text, and the variables that hold ids are left out of the comparison.
    const seen = {
      real: new Map([...files(real.dir(name))].map(([f, c]) => [normalise.real(f), c])),
      local: new Map([...files(local.dir(name))].map(([f, c]) => [normalise.local(f), c])),
    };
    expect([...seen.local.keys()].sort()).toEqual([...seen.real.keys()].sort());
    for (const [file, content] of seen.real) {
      const mine = seen.local.get(file) ?? '';
      if (/^(env-|step-task)/.test(file)) expect(Object.fromEntries(slurmVars(mine)), file).toEqual(Object.fromEntries(slurmVars(content)));
      else expect(withoutTimes(mine), file).toBe(withoutTimes(content));
    }
  });
});
