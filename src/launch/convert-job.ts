import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, SpawnSlurmError } from '../core/errors.js';
import type { S3Location } from '../mapping/config/types.js';
import type { Plan } from '../mapping/plan-types.js';
import { writeFilesAtomically, type PlannedFile } from './atomic-files.js';
import { bundleScript, type BundleFile } from './bundle/bundle-script.js';
import { userDataScript } from './bundle/user-data.js';
import { refuseUnsupportedJob } from './refusals.js';
import { paramDefaults } from './spawn-params/defaults.js';
import { paramDocument, type ParamFormat } from './spawn-params/document.js';
import { bootCommand, spawnLaunchArgs, spawnLaunchLine, uploadLine, type Transport } from './spawn-params/launch-command.js';
import { jobIdFor } from './task-script/job-ids.js';
import { buildTaskScript, JOB_SCRIPT_NAME, TASK_SCRIPT_NAME } from './task-script/task-script.js';

export interface ConvertOptions {
  paramFile: string;
  format: ParamFormat;
  /** Send the bundle through S3 here; null: through user data. */
  stage: S3Location | null;
  /** The mapping file, whose directory conda environment files are relative to. */
  mappingPath: string | undefined;
}

export interface Conversion {
  jobId: number;
  paramFile: string;
  format: ParamFormat;
  /** Rows of the parameter file: one per instance. */
  rows: number;
  /** Tasks each row runs at once on its instance. */
  tasksPerRow: number;
  /** The bundle file written beside the parameter file (S3 transport), or the user-data file. */
  bundleFile: string | null;
  userDataFile: string | null;
  /** Size of the bundle: the task script, the job script and module files, once. */
  bundleBytes: number;
  bytes: Record<string, number>;
  /** The upload to run before launching (S3 transport). */
  upload: string | null;
  /** Where that upload puts the bundle. */
  staged: { bucket: string; key: string } | null;
  launch: string;
  /** The same as arguments of `spawn`, for running it. */
  launchArgs: string[];
  warnings: string[];
}

/** `dir/sweep.params.yaml` → `dir/sweep`: the stem the other files are named after. */
function stemOf(paramFile: string): string {
  return join(dirname(paramFile), basename(paramFile).replace(/(\.params)?\.(ya?ml|json)$/i, ''));
}

async function condaFiles(files: { bundleName: string; mappingPath: string }[], mappingPath: string | undefined): Promise<BundleFile[]> {
  const base = mappingPath ? dirname(mappingPath) : process.cwd();
  return Promise.all(
    files.map(async (f) => {
      const path = resolve(base, f.mappingPath);
      try {
        return { name: f.bundleName, content: await readFile(path, 'utf8'), encoding: 'utf8' as const };
      } catch {
        throw new InputError(
          `cannot read the conda environment file ${path} named in ${mappingPath ?? 'mapping.yaml'}`,
          'fix the conda: path under modules: (it is relative to mapping.yaml)',
        );
      }
    }),
  );
}

function warningsOf(plan: Plan, taskWarnings: string[]): string[] {
  const warnings = [...taskWarnings];
  if (plan.placement?.purchase === 'spot-with-fallback')
    warnings.push('spawn launches one-time spot instances without an on-demand fallback: a task whose spot request fails is not retried on demand');
  return warnings;
}

/** Plan → parameter file + job bundle (or user data), written atomically. */
export async function convertJob(plan: Plan, options: ConvertOptions): Promise<Conversion> {
  refuseUnsupportedJob(plan);
  const jobId = jobIdFor(plan.job);
  const task = buildTaskScript(plan, { jobId, clusterName: 'spawn' });
  const files: BundleFile[] = [
    { name: TASK_SCRIPT_NAME, content: task.text, encoding: 'utf8' },
    { name: JOB_SCRIPT_NAME, content: plan.job.script.content, encoding: plan.job.script.encoding },
    ...(await condaFiles(task.modules.files, options.mappingPath)),
  ];
  const tasksPerRow = plan.job.array ? (plan.placement?.packing.tasksPerInstance ?? 1) : 1;
  const bundle = bundleScript(plan.job.name, files, { shared: tasksPerRow > 1 });
  const stem = stemOf(options.paramFile);
  const bundleFile = `${stem}.bundle.sh`;
  const transport: Transport = options.stage ? { kind: 's3', location: options.stage, bundleName: `${jobId}-${basename(bundleFile)}` } : { kind: 'user-data' };
  if (transport.kind === 's3' && !plan.spawn.iamRole) {
    throw new SpawnSlurmError(
      's3-without-iam-role',
      `the job bundle goes through S3, but no iam_role is set: the instance could not read s3://${transport.location.bucket}`,
      'set spawn.iam_role in mapping.yaml (or #SPAWN --iam-role=NAME) to an instance profile that can read the bucket',
    );
  }
  const defaults = paramDefaults(plan, bootCommand(transport, jobId));
  const userData = transport.kind === 'user-data' ? userDataScript(bundle, jobId) : null;
  const userDataFile = userData === null ? null : `${stem}.user-data.sh`;

  const planned: PlannedFile[] = [{ path: options.paramFile, chunks: paramDocument(options.format, defaults, plan.job.array, plan.job.name, tasksPerRow) }];
  if (userData !== null && userDataFile !== null) planned.push({ path: userDataFile, chunks: [userData], mode: 0o755 });
  else planned.push({ path: bundleFile, chunks: [bundle], mode: 0o755 });
  const sizes = await writeFilesAtomically(planned);
  // spawn's --max-concurrent counts instances, that is rows.
  const launchLine = { paramFile: options.paramFile, userDataFile, maxConcurrent: plan.tasks.maxConcurrent === null ? null : Math.ceil(plan.tasks.maxConcurrent / tasksPerRow) };

  return {
    jobId,
    paramFile: options.paramFile,
    format: options.format,
    rows: Math.ceil((plan.job.array?.count ?? 1) / tasksPerRow),
    tasksPerRow,
    bundleFile: transport.kind === 's3' ? bundleFile : null,
    userDataFile,
    bundleBytes: Buffer.byteLength(bundle),
    bytes: Object.fromEntries(planned.map((f, i) => [f.path, sizes[i] as number])),
    upload: transport.kind === 's3' ? uploadLine(bundleFile, transport.location, transport.bundleName) : null,
    staged: transport.kind === 's3' ? { bucket: transport.location.bucket, key: `${transport.location.prefix}${transport.bundleName}` } : null,
    launch: spawnLaunchLine(launchLine),
    launchArgs: spawnLaunchArgs(launchLine),
    warnings: warningsOf(plan, task.warnings),
  };
}
