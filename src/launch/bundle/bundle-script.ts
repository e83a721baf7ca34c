import { shellQuote } from '../shell-quote.js';
import { COMPLETION_FILE, TASK_SCRIPT_NAME } from '../task-script/task-script.js';
import { writeFileCommand } from './heredoc.js';

export interface BundleFile {
  name: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/**
 * The job bundle: one self-contained bash script that unpacks the task script, the job script and any
 * module files into the directory given as its argument and runs the task there (with `shared`, every
 * task of the row). One file is simple to carry, whether through S3 or user data.
 */
export function bundleScript(jobName: string, files: readonly BundleFile[], options: { shared?: boolean } = {}): string {
  const parts = ['#!/bin/bash', `# spawn-slurm job ${JSON.stringify(jobName)}: bash THIS DIR unpacks into DIR and runs it`, 'set -e', 'd=${1:?give a directory}', 'mkdir -p "$d"', ''].join(
    '\n',
  );
  const writes = files.map((f) => writeFileCommand(`"$d"/${shellQuote(f.name)}`, f.content, f.encoding)).join('');
  return `${parts}${writes}cd "$d"\n${options.shared ? sharedRun() : `exec bash ${TASK_SCRIPT_NAME}\n`}`;
}

/**
 * Runs every task of the row's indices (`3-5,9`) at once, as a node runs the tasks it is given,
 * each with a completion file of its own; spawn's completion file, which ends the instance, is
 * written only when all have ended, with the first failing exit code (0 when all succeeded).
 */
function sharedRun(): string {
  return [
    'set +e',
    `done_file=\${SPAWN_SLURM_COMPLETION_FILE:-${COMPLETION_FILE}} pids=() s=0`,
    'for i in $(for r in ${PARAM_slurm_array_task_id//,/ }; do seq "${r%-*}" "${r#*-}"; done); do',
    `  PARAM_slurm_array_task_id=$i SPAWN_SLURM_COMPLETION_FILE="$d/.task-$i.exit" bash ${TASK_SCRIPT_NAME} & pids+=($!)`,
    'done',
    'for p in "${pids[@]}"; do wait "$p"; r=$?; [ $s -ne 0 ] || s=$r; done',
    'echo $s > "$done_file"',
    'exit $s',
    '',
  ].join('\n');
}
