import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, fixture, runCli } from '../support/run-cli.js';
import { checkParamFile } from '../support/spawn-contract.js';

const MAPPING = fixture('mapping', 'complete.yaml');

/** A fresh directory holding copies of the given fixtures. */
function workspace(...files: string[][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-convert-'));
  for (const parts of files) copyFileSync(fixture(...parts), join(dir, parts.at(-1) as string));
  return dir;
}

const vars = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('spawn-slurm convert (built binary)', () => {
  it('writes a parameter file spawn accepts, one row per instance with the tasks it runs, and the bundle to upload', () => {
    const dir = workspace(['examples', 'array-sweep.sbatch']);
    const result = runCli(['convert', 'array-sweep.sbatch', '--config', MAPPING], { cwd: dir });
    expect(result.status).toBe(0);
    expect(checkParamFile(join(dir, 'sweep.params.yaml'), { amiKnown: true })).toEqual([]);
    const text = readFileSync(join(dir, 'sweep.params.yaml'), 'utf8');
    // Every task exactly once, in order, a packed instance's worth per row.
    const expand = (runs: string) =>
      runs.split(',').flatMap((run) => {
        const [from, to = from] = run.split('-').map(Number) as [number, number?];
        return Array.from({ length: (to as number) - from + 1 }, (_, i) => from + i);
      });
    const rows = [...text.matchAll(/\{slurm_array_task_id: "([\d,-]+)"\}/g)].map((m) => expand(m[1] as string));
    const perRow = rows[0]?.length ?? 0;
    expect(rows.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(rows.length).toBe(Math.ceil(1000 / perRow));
    expect(result.stderr).toContain(perRow > 1 ? `${rows.length} rows of ${perRow} tasks each (they share an instance)` : '1000 rows');
    expect(text).toContain('  ttl: "1h"\n');
    expect(text).toContain('  iam_role: "spawn-slurm-instance"\n');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^aws s3 cp sweep\.bundle\.sh s3:\/\/my-lab-spawn-jobs\/slurm\/\d+-sweep\.bundle\.sh$/);
    // %50 tasks at once is this many instances at once.
    expect(lines[1]).toBe(`spawn launch --param-file sweep.params.yaml --max-concurrent ${Math.ceil(50 / perRow)} --no-detach --yes`);
    expect(readdirSync(dir).sort()).toEqual(['array-sweep.sbatch', 'sweep.bundle.sh', 'sweep.params.yaml']);
  });

  it('JSON output, with --output and sbatch options after the script', () => {
    const dir = workspace(['convert', 'print-env.sbatch']);
    const result = runCli(['convert', 'print-env.sbatch', '--error=e-%a.txt', '--output', 'out dir.json', '--stage', 's3://bkt/pre', '--config', MAPPING, '--json'], { cwd: dir });
    expect(result.status).toBe(0);
    const written = JSON.parse(result.stdout);
    // Three small tasks share one instance: one row.
    expect(written).toMatchObject({ version: 1, paramFile: 'out dir.json', format: 'json', rows: 1, tasksPerRow: 3, bundleFile: 'out dir.bundle.sh', userDataFile: null });
    expect(written.launch).toBe("spawn launch --param-file 'out dir.json' --max-concurrent 50 --no-detach --yes");
    expect(written.upload).toMatch(/^aws s3 cp 'out dir\.bundle\.sh' 's3:\/\/bkt\/pre\/\d+-out dir\.bundle\.sh'$/);
    expect(checkParamFile(join(dir, 'out dir.json'), { amiKnown: true })).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'out dir.json'), 'utf8')).params.map((r: Record<string, string>) => r.slurm_array_task_id)).toEqual(['3-5']);
    expect(readFileSync(join(dir, 'out dir.bundle.sh'), 'utf8')).toContain(' err=e-"$task_id".txt\n');
  });

  it('the bundle, run as the boot command runs it, executes the body with the Slurm variables and output files', () => {
    const dir = workspace(['convert', 'print-env.sbatch']);
    const convert = runCli(['convert', 'print-env.sbatch', '--config', MAPPING, '--json'], { cwd: dir });
    expect(convert.status).toBe(0);
    const { jobId, bundleFile } = JSON.parse(convert.stdout);
    const taskDir = join(dir, 'instance', 'task dir');
    const run = spawnSync('bash', [join(dir, bundleFile), taskDir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, PARAM_slurm_array_task_id: '4', SPAWN_SLURM_COMPLETION_FILE: join(dir, 'complete') },
    });
    expect(run.status).toBe(4);
    expect(readFileSync(join(dir, 'complete'), 'utf8').trim()).toBe('4');
    const out = readFileSync(join(taskDir, 'logs', `printenv-${jobId}_4.out`), 'utf8');
    expect(readFileSync(join(taskDir, 'logs', `printenv-${jobId}_4.err`), 'utf8')).toBe('oops\n');
    expect(out).toContain('args: \n');
    expect(out).toContain(`cwd: ${taskDir}\n`);
    expect(vars(out)).toMatchObject({
      ENVIRONMENT: 'BATCH',
      SLURM_ARRAY_JOB_ID: String(jobId),
      SLURM_ARRAY_TASK_ID: '4',
      SLURM_ARRAY_TASK_COUNT: '3',
      SLURM_ARRAY_TASK_MIN: '3',
      SLURM_ARRAY_TASK_MAX: '5',
      SLURM_ARRAY_TASK_STEP: '1',
      SLURM_JOB_ID: String(jobId + 2),
      SLURM_JOB_NAME: 'printenv',
      SLURM_CPUS_PER_TASK: '2',
      SLURM_CPUS_ON_NODE: '2',
      SLURM_MEM_PER_NODE: '1024',
      SLURM_TASKS_PER_NODE: '1',
      SLURM_JOB_NUM_NODES: '1',
      SLURM_SUBMIT_DIR: taskDir,
    });
  });

  it('a row of several tasks runs them all at once on its instance, and ends the instance only when all have ended', () => {
    const dir = workspace(['convert', 'print-env.sbatch']);
    const convert = runCli(['convert', 'print-env.sbatch', '--config', MAPPING, '--json'], { cwd: dir });
    expect(convert.status).toBe(0);
    const { jobId, bundleFile, tasksPerRow } = JSON.parse(convert.stdout);
    expect(tasksPerRow).toBe(3);
    const taskDir = join(dir, 'instance');
    const run = spawnSync('bash', [join(dir, bundleFile), taskDir], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: dir, PARAM_slurm_array_task_id: '3-5', SPAWN_SLURM_COMPLETION_FILE: join(dir, 'complete') },
    });
    expect(run.status).toBe(4);
    expect(readFileSync(join(dir, 'complete'), 'utf8').trim()).toBe('4');
    // Each task as Slurm runs it: its own index, job id and output files.
    for (const [index, id] of [
      [3, jobId + 1],
      [4, jobId + 2],
      [5, jobId],
    ] as const) {
      const out = readFileSync(join(taskDir, 'logs', `printenv-${jobId}_${index}.out`), 'utf8');
      expect(vars(out)).toMatchObject({ SLURM_ARRAY_TASK_ID: String(index), SLURM_JOB_ID: String(id), SLURM_CPUS_ON_NODE: '2' });
      expect(readFileSync(join(taskDir, 'logs', `printenv-${jobId}_${index}.err`), 'utf8')).toBe('oops\n');
    }
  });

  it('sends a small job through user data when no S3 location is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-convert-'));
    writeFileSync(join(dir, 'tiny.sbatch'), '#!/bin/sh\n#SBATCH -t 5\necho hi\n');
    // -o after the script names the parameter file (convert FILE -o params.yaml); SBATCH_OUTPUT sets the job's pattern.
    const result = runCli(['convert', 'tiny.sbatch', '-o', 'tiny.yml'], { cwd: dir });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('spawn launch --param-file tiny.yml --user-data @tiny.user-data.sh --no-detach --yes');
    expect(checkParamFile(join(dir, 'tiny.yml'))).toEqual([]);
    expect(readFileSync(join(dir, 'tiny.yml'), 'utf8')).toMatch(/command: "f=\/var\/tmp\/spawn-slurm\/\d+\.sh;/);
  });

  it('refuses a multi-node job: exit 1, nothing written, an existing file untouched', () => {
    const dir = workspace(['examples', 'mpi-simulation.sbatch']);
    writeFileSync(join(dir, 'keep.yaml'), 'precious');
    const result = runCli(['convert', 'mpi-simulation.sbatch', '--config', MAPPING, '--output', 'keep.yaml'], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/runs on 4 nodes; spawn's multi-node \(MPI\) mode/);
    expect(result.stderr).toMatch(/hint: /);
    expect(readFileSync(join(dir, 'keep.yaml'), 'utf8')).toBe('precious');
    expect(readdirSync(dir).sort()).toEqual(['keep.yaml', 'mpi-simulation.sbatch']);
  });

  it('refuses a script sbatch refuses, and a bundle too big for user data, writing nothing', () => {
    const dir = workspace(['examples', 'broken.sbatch'], ['examples', 'array-sweep.sbatch']);
    const broken = runCli(['convert', 'broken.sbatch'], { cwd: dir });
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/broken\.sbatch:\d+:\d+ error/);
    const big = runCli(['convert', 'array-sweep.sbatch'], { cwd: dir });
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/needs \d+ bytes of user data/);
    expect(big.stderr).toMatch(/--stage s3:\/\/bucket\/prefix/);
    expect(readdirSync(dir).sort()).toEqual(['array-sweep.sbatch', 'broken.sbatch']);
  });

  it('names the file in usage errors: a parameter file spawn would misread, S3 without an IAM role', () => {
    const dir = workspace(['examples', 'array-sweep.sbatch']);
    const ext = runCli(['convert', 'array-sweep.sbatch', '--output', 'p.txt'], { cwd: dir });
    expect(ext.status).toBe(2);
    expect(ext.stderr).toMatch(/p\.txt would be read as JSON/);
    const role = runCli(['convert', 'array-sweep.sbatch', '--stage', 's3://bkt/x'], { cwd: dir });
    expect(role.status).toBe(1);
    expect(role.stderr).toMatch(/no iam_role is set/);
    expect(readdirSync(dir)).toEqual(['array-sweep.sbatch']);
  });

  it('never loads the AWS SDK', () => {
    expect(readFileSync(join(ROOT, 'dist', 'commands', 'convert.cjs'), 'utf8')).not.toContain('@aws-sdk');
    expect(existsSync(join(ROOT, 'dist', 'commands', 'convert.cjs'))).toBe(true);
  });
});
