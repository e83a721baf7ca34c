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
  for (const [tool, command] of launchers) {
    const path = join(dir, tool);
    writeFileAtomicSync(path, `#!/bin/sh\nexec ${node} ${command} "$@"\n`, 0o755, false);
    chmodSync(path, 0o755);
  }
  return dir;
}
