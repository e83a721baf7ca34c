import { SpawnSlurmError } from '../../core/errors.js';
import type { S3Location } from '../../mapping/config/types.js';
import { shellQuote, shellWords } from '../shell-quote.js';
import { userDataBundlePath } from '../bundle/user-data.js';
import { s3Url } from './s3-url.js';

/** spawn stores `command` in an EC2 tag. */
const COMMAND_LIMIT = 256;

/** How the job bundle reaches the instance. */
export type Transport = { kind: 's3'; location: S3Location; bundleName: string } | { kind: 'user-data' };

/** Where the task runs on the instance: its stand-in for the submit directory. */
const taskDirectory = (jobId: number) => `~/spawn-slurm/${jobId}`;

/**
 * The row `command`: run at boot in a login shell (so `PARAM_*` is set), it fetches the bundle and runs
 * it. Through S3 it downloads with the instance's role; through user data it waits for the bundle the
 * user-data script saves (both run at boot, in no fixed order).
 */
export function bootCommand(transport: Transport, jobId: number): string {
  const dir = taskDirectory(jobId);
  const command =
    transport.kind === 's3'
      ? `mkdir -p ${dir}&&aws s3 cp --quiet ${shellQuote(s3Url(transport.location, transport.bundleName))} ${dir}.sh&&bash ${dir}.sh ${dir}`
      : `f=${userDataBundlePath(jobId)};for i in $(seq 300);do [ -f $f ]&&break;sleep 2;done;bash $f ${dir}`;
  if (command.length > COMMAND_LIMIT) {
    throw new SpawnSlurmError(
      'command-too-long',
      `the command that fetches the job bundle is ${command.length} characters; spawn allows ${COMMAND_LIMIT} (it travels as an EC2 tag)`,
      'use a shorter S3 bucket name or prefix (--stage s3://bucket/prefix)',
    );
  }
  return command;
}

export interface LaunchLine {
  paramFile: string;
  userDataFile: string | null;
  maxConcurrent: number | null;
}

/** The arguments of `spawn` that launch the parameter file. */
export function spawnLaunchArgs(line: LaunchLine): string[] {
  const words = ['launch', '--param-file', line.paramFile];
  if (line.userDataFile !== null) words.push('--user-data', `@${line.userDataFile}`);
  if (line.maxConcurrent !== null) words.push('--max-concurrent', String(line.maxConcurrent));
  words.push('--no-detach', '--yes');
  return words;
}

/** The exact `spawn launch` command line, every path shell-quoted. */
export function spawnLaunchLine(line: LaunchLine): string {
  return shellWords(['spawn', ...spawnLaunchArgs(line)]);
}

/** The upload that must happen before launching, for S3 transport. */
export function uploadLine(bundleFile: string, location: S3Location, bundleName: string): string {
  return `aws s3 cp ${shellQuote(bundleFile)} ${shellQuote(s3Url(location, bundleName))}`;
}
