import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTaskScript, JOB_SCRIPT_NAME } from '../../../src/launch/task-script/task-script.js';
import type { Plan } from '../../../src/mapping/plan-types.js';
import { mappingFrom, planForText as planFor } from '../../support/plan-for.js';

const JOB_ID = 5000;
/** Prints what the script sees, one `NAME=value` per line, sorted. */
const PRINT_ENV = `env | grep -E '^(SLURM|CUDA_|GPU_|ROCR_|ENVIRONMENT=|FROM_EXPORT=|KEEP_ME=)' | sort\necho "args:$*"\necho "zero:$0"\necho to-stderr >&2\nexit 3\n`;

interface Run {
  dir: string;
  status: number | null;
  files: string[];
  read(name: string): string;
  completion: string;
}

/** Writes the task script and job script into a fresh directory and runs the task there, as the bundle does. */
function runTask(plan: Plan, env: Record<string, string> = {}): Run {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-task-'));
  writeFileSync(join(dir, 'task.sh'), buildTaskScript(plan, { jobId: JOB_ID, clusterName: 'spawn' }).text);
  writeFileSync(join(dir, JOB_SCRIPT_NAME), plan.job.script.content);
  const completionFile = join(dir, 'SPAWN_COMPLETE');
  const result = spawnSync('bash', ['task.sh'], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, SPAWN_SLURM_COMPLETION_FILE: completionFile, SECRET_FROM_HOST: 'x', KEEP_ME: 'kept', ...env },
  });
  expect(result.stderr).toBe('');
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return {
    dir,
    status: result.status,
    files: readdirSync(dir, { recursive: true }).map(String).sort(),
    read,
    completion: read('SPAWN_COMPLETE').trim(),
  };
}

const vars = (output: string) =>
  Object.fromEntries(
    output
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('the per-task launch script (run with bash)', () => {
  it('recreates an array task as Slurm 22.05 runs it: variables, job ids, output file names, exit code', async () => {
    const plan = await planFor(`#!/bin/bash\n#SBATCH --job-name=arr\n#SBATCH --array=1-7:3%2\n#SBATCH --output=out/arr-%A_%a_%4a_%j.txt\n#SBATCH -n 1 -c 2 --mem-per-cpu=600M\n${PRINT_ENV}`);
    const run = runTask(plan, { PARAM_slurm_array_task_id: '4' });
    expect(run.status).toBe(3);
    expect(run.completion).toBe('3');
    // Index 4 is the 2nd of 1,4,7: its own id; the last task (7) keeps the master id (§4.5).
    const name = `out/arr-${JOB_ID}_4_0004_${JOB_ID + 2}.txt`;
    expect(run.files).toContain(name);
    const out = run.read(name);
    expect(out).toContain('to-stderr');
    expect(vars(out)).toMatchObject({
      ENVIRONMENT: 'BATCH',
      SLURM_ARRAY_JOB_ID: String(JOB_ID),
      SLURM_ARRAY_TASK_ID: '4',
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '1',
      SLURM_ARRAY_TASK_MAX: '7',
      SLURM_ARRAY_TASK_STEP: '3',
      SLURM_JOB_ID: String(JOB_ID + 2),
      SLURM_JOBID: String(JOB_ID + 2),
      SLURM_JOB_NAME: 'arr',
      SLURM_CPUS_PER_TASK: '2',
      SLURM_CPUS_ON_NODE: '2',
      SLURM_JOB_CPUS_PER_NODE: '2',
      SLURM_MEM_PER_CPU: '600',
      SLURM_NTASKS: '1',
      SLURM_NPROCS: '1',
      SLURM_JOB_NUM_NODES: '1',
      SLURM_NNODES: '1',
      SLURM_TASKS_PER_NODE: '1',
      SLURM_SUBMIT_DIR: run.dir,
      SLURM_NODE_ALIASES: '(null)',
      SLURM_GTIDS: '0',
      SLURM_PROCID: '0',
    });
    expect(out).toContain(`zero:${run.dir}/slurm_script`);
    const last = runTask(plan, { PARAM_slurm_array_task_id: '7' });
    expect(last.files).toContain(`out/arr-${JOB_ID}_7_0007_${JOB_ID}.txt`);
  });

  it('refuses an index that is not in the array, and still writes the completion file', async () => {
    const plan = await planFor(`#!/bin/bash\n#SBATCH --array=1-7:3\ntrue\n`);
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-task-'));
    writeFileSync(join(dir, 'task.sh'), buildTaskScript(plan, { jobId: JOB_ID, clusterName: 'spawn' }).text);
    const result = spawnSync('bash', ['task.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, PARAM_slurm_array_task_id: '5', SPAWN_SLURM_COMPLETION_FILE: join(dir, 'done') },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('5 is not an index of the array 1-7:3');
    expect(readFileSync(join(dir, 'done'), 'utf8').trim()).toBe('2');
  });

  it('a plain job: slurm-%j.out default, stderr with stdout, GPU variables, arguments kept, --export=NONE', async () => {
    const plan = await planFor(`#!/bin/bash\n#SBATCH --job-name=g\n#SBATCH --gpus=2\n#SBATCH --export="NONE,FROM_EXPORT=a b $HOME"\n${PRINT_ENV}`, { cli: ['--', 'one arg', "it's"] });
    const run = runTask(plan);
    const out = run.read(`slurm-${JOB_ID}.out`);
    expect(vars(out)).toMatchObject({
      SLURM_GPUS: '2',
      SLURM_GPUS_ON_NODE: '2',
      SLURM_JOB_GPUS: '0,1',
      CUDA_VISIBLE_DEVICES: '0,1',
      GPU_DEVICE_ORDINAL: '0,1',
      ROCR_VISIBLE_DEVICES: '0,1',
      SLURM_EXPORT_ENV: 'NONE,FROM_EXPORT=a b $HOME',
      SLURM_GET_USER_ENV: '1',
      FROM_EXPORT: 'a b $HOME',
    });
    expect(vars(out).SLURM_ARRAY_TASK_ID).toBeUndefined();
    expect(vars(out).KEEP_ME).toBeUndefined();
    expect(out).toContain("args:one arg it's");
    expect(out).toContain('to-stderr');
  });

  it('runs the body with its own interpreter, byte for byte, in --chdir, with separate --error', async () => {
    const body =
      "#!/usr/bin/env python3\n#SBATCH -J py -D sub -o o-%x.txt -e e-%j-%N.txt\nimport os, sys\nprint(os.getcwd().endswith('/sub'), os.environ['SLURM_JOB_NAME'])\nprint('err', file=sys.stderr)\n";
    const plan = await planFor(body);
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-task-'));
    writeFileSync(join(dir, 'task.sh'), buildTaskScript(plan, { jobId: JOB_ID, clusterName: 'spawn' }).text);
    writeFileSync(join(dir, JOB_SCRIPT_NAME), plan.job.script.content);
    spawnSync('mkdir', [join(dir, 'sub')]);
    const result = spawnSync('bash', ['task.sh'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, SPAWN_SLURM_COMPLETION_FILE: join(dir, 'done') } });
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'sub', 'o-py.txt'), 'utf8')).toBe('True py\n');
    const host = spawnSync('bash', ['-c', 'hostname -s 2>/dev/null || hostname'], { encoding: 'utf8' }).stdout.trim();
    expect(readFileSync(join(dir, 'sub', `e-${JOB_ID}-${host}.txt`), 'utf8')).toBe('err\n');
  });

  it('lets the script load the modules mapping.yaml set up, and fails the others as a cluster would', async () => {
    const mapping = mappingFrom('modules:\n  gcc:\n    setup: ["true"]\n');
    const plan = await planFor('#!/bin/bash\n#SBATCH -o out.txt\nmodule load gcc/12.2.0; echo "mapped:$?"\nml gcc/12.2.0; echo "ml:$?"\nmodule load nosuch/1.0; echo "unmapped:$?"\n', {
      mapping,
    });
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-task-'));
    writeFileSync(join(dir, 'task.sh'), buildTaskScript(plan, { jobId: JOB_ID, clusterName: 'spawn' }).text);
    writeFileSync(join(dir, JOB_SCRIPT_NAME), plan.job.script.content);
    // A clean environment without a module system, as on a fresh instance.
    const result = spawnSync('bash', ['--norc', '--noprofile', 'task.sh'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, SPAWN_SLURM_COMPLETION_FILE: join(dir, 'done') } });
    expect(result.status).toBe(0);
    const out = readFileSync(join(dir, 'out.txt'), 'utf8');
    expect(out).toContain('mapped:0\nml:0\n');
    expect(out).toContain('spawn-slurm: module nosuch/1.0 is not in mapping.yaml and this instance has no module system\nunmapped:1\n');
  });

  it('says which modules have no mapping', async () => {
    const plan = await planFor('#!/bin/bash\nmodule load nosuch/1.0\ntrue\n');
    const task = buildTaskScript(plan, { jobId: JOB_ID, clusterName: 'spawn' });
    expect(task.text).toContain('# module nosuch/1.0: no mapping');
    expect(task.warnings.join('\n')).toMatch(/module nosuch\/1\.0 has no mapping in mapping\.yaml/);
  });
});
