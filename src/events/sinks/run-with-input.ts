import { spawn } from 'node:child_process';

export type CommandOutcome = { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stderr: string } | { kind: 'timeout' } | { kind: 'failed-to-start'; message: string };

/** Of what the command writes to standard error, only the end goes into an error message. */
const STDERR_KEPT = 500;

export interface RunOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * Runs a shell command with `input` on its standard input, in a process group of its own so that a time-out
 * kills whatever it started too. Resolves when the shell exits (not when every descendant has closed its
 * output); never rejects.
 */
export function runWithInput(command: string, input: string, options: RunOptions): Promise<CommandOutcome> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: options.env, detached: true, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    let settled = false;
    const settle = (outcome: CommandOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr?.destroy();
      resolve(outcome);
    };
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      settle({ kind: 'timeout' });
    }, options.timeoutMs);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEPT);
    });
    child.on('error', (error) => settle({ kind: 'failed-to-start', message: error.message }));
    child.on('exit', (code, signal) => settle({ kind: 'exited', code, signal, stderr: stderr.trim() }));
    // A command that does not read its input closes the pipe early: that is its business, not an error.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}
