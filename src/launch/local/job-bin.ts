import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { shellQuote } from '../shell-quote.js';

/** The Slurm commands a job finds on its PATH (and only there): srun and scontrol run in the job-tools bundle, the others are CLI commands. */
const IN_JOB_TOOLS = ['srun', 'scontrol'] as const;
const CLI_COMMANDS: Record<string, string[]> = {
  sbatch: ['submit', '--as-sbatch'],
  squeue: ['queue'],
  scancel: ['cancel'],
  sacct: ['history'],
};

function writeLauncher(path: string, body: string): void {
  writeFileAtomicSync(path, `#!/bin/sh\n${body}\n`, 0o755, false);
  chmodSync(path, 0o755);
}

/**
 * Writes `<state>/bin/<tool>`: small sh launchers that run this installation's job-tools bundle with
 * the same Node. Rewritten by every supervisor, so an upgrade takes effect with the next one.
 */
export function writeJobBin(stateDir: string, jobToolsEntry: string): string {
  const dir = join(stateDir, 'bin');
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const node = shellQuote(process.execPath);
  const cli = shellQuote(join(dirname(jobToolsEntry), '..', 'bin', 'spawn-slurm.cjs'));
  const launchers: [string, string][] = [
    ...IN_JOB_TOOLS.map((tool): [string, string] => [tool, `${shellQuote(jobToolsEntry)} ${tool}`]),
    ...Object.entries(CLI_COMMANDS).map(([tool, words]): [string, string] => [tool, `${cli} ${words.join(' ')}`]),
  ];
  for (const [tool, command] of launchers) writeLauncher(join(dir, tool), `exec ${node} ${command} "$@"`);
  // Found only where the user's environment brings no module system (a real `module` is a shell
  // function, which wins over the PATH): a failed `module load` says why, as on a cluster.
  const standIn = [
    'case "$(basename "$0") ${1:-}" in',
    '  "module load"|"module add"|"module try-load"|"module try-add"|"ml load"|"ml add"|"ml try-load"|"ml try-add") shift;;',
    '  "ml "|"ml -"*|"ml list"|"ml avail"|"ml av"|"ml spider"|"ml unload"|"ml purge"|"ml swap"|"ml switch") exit 0;;',
    '  "ml "*) ;;',
    '  *) exit 0;;',
    'esac',
    'for m in "$@"; do case $m in -*) ;; *) echo "spawn-slurm: module $m: this machine has no module system; load what the job needs before submitting (the job inherits your environment)" >&2; status=1;; esac; done',
    'exit ${status:-0}',
  ].join('\n');
  for (const tool of ['module', 'ml']) writeLauncher(join(dir, tool), standIn);
  return dir;
}
