import { shellQuote } from '../shell-quote.js';
import { TASK_SCRIPT_NAME } from '../task-script/task-script.js';
import { writeFileCommand } from './heredoc.js';

export interface BundleFile {
  name: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/**
 * The job bundle: one self-contained bash script that unpacks the task script, the job script and any
 * module files into the directory given as its argument and runs the task there. One file is simple
 * to carry, whether through S3 or user data.
 */
export function bundleScript(jobName: string, files: readonly BundleFile[]): string {
  const parts = ['#!/bin/bash', `# spawn-slurm job ${JSON.stringify(jobName)}: bash THIS DIR unpacks into DIR and runs it`, 'set -e', 'd=${1:?give a directory}', 'mkdir -p "$d"', ''].join(
    '\n',
  );
  const writes = files.map((f) => writeFileCommand(`"$d"/${shellQuote(f.name)}`, f.content, f.encoding)).join('');
  return `${parts}${writes}cd "$d"\nexec bash ${TASK_SCRIPT_NAME}\n`;
}
