import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runScontrol } from './scontrol.js';
import { runSrun } from './srun.js';

/** dist/job-tools.cjs TOOL ARGS…: the srun and scontrol that local jobs find on their PATH. */
const [tool, ...args] = process.argv.slice(2);

function runCli(words: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'spawn-slurm.cjs'), ...words], { stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

async function run(): Promise<number> {
  if (tool === 'srun') return runSrun(args);
  if (tool === 'scontrol') return runScontrol(args, runCli);
  process.stderr.write(`job-tools: unknown tool ${tool ?? '(none)'}\n`);
  return 2;
}

run().then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`${tool}: error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
