import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertJob } from '../launch/convert-job.js';
import type { MappingConfig } from '../mapping/config/types.js';
import type { JobSpec } from '../model/schema.js';
import { findRealSpawn } from './commands/spawn-passthrough.js';
import { type Ec2SubmitOptions, submitPlan } from './ec2-submit.js';
import { paramTarget } from './param-target.js';

/** This package's own `spawn` (bin/spawn.cjs), which is not the launcher. */
const ownSpawn = () => join(__dirname, '..', '..', 'bin', 'spawn.cjs');

/**
 * `submit --backend spawn`: the parameter file and bundle `convert` writes, the bundle put in S3, and
 * `spawn launch --param-file …` run when the launcher is on PATH; otherwise the command is printed with
 * how to get the launcher. The same confirmation as the ec2 backend comes first: spawn is run with --yes.
 */
export async function runSpawnSubmit(job: JobSpec, mapping: MappingConfig, options: Ec2SubmitOptions & { mappingPath: string | undefined }): Promise<number> {
  const planned = await submitPlan(job, mapping, options);
  if (!planned) return 1;
  await planned.confirm();
  const target = paramTarget(job.name, undefined, undefined);
  const conversion = await convertJob(planned.plan, { paramFile: target.path, format: target.format, stage: planned.plan.storage.s3, mappingPath: options.mappingPath });
  process.stderr.write(`spawn-slurm: wrote ${Object.keys(conversion.bytes).join(' and ')}: ${conversion.rows} row(s)\n`);
  for (const warning of conversion.warnings) process.stderr.write(`spawn-slurm: warning: ${warning}\n`);
  if (conversion.staged && conversion.bundleFile) {
    const { s3ObjectStore } = await import('../launch/ec2/job-objects/s3-object-store.js');
    const objects = s3ObjectStore({ region: planned.placement.region, bucket: conversion.staged.bucket, ...(options.profile ? { profile: options.profile } : {}) });
    try {
      await objects.put(conversion.staged.key, readFileSync(conversion.bundleFile), 'text/x-shellscript');
    } finally {
      objects.destroy();
    }
    process.stderr.write(`spawn-slurm: put the bundle in s3://${conversion.staged.bucket}/${conversion.staged.key}\n`);
  }
  const launcher = findRealSpawn(ownSpawn());
  if (!launcher) {
    process.stderr.write(
      `spawn-slurm: the spawn launcher is not on PATH, so nothing was launched.\nInstall it (https://github.com/scttfrdmn/mycelium: a release binary, or \`go install\`), then run:\n${conversion.launch}\n`,
    );
    return 1;
  }
  const run = spawnSync(launcher, conversion.launchArgs, { stdio: 'inherit' });
  if (run.error) {
    process.stderr.write(`spawn-slurm: could not run ${launcher}: ${run.error.message}\n`);
    return 1;
  }
  return run.status ?? 1;
}
