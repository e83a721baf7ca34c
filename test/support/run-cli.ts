import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'spawn-slurm.cjs');
const SPAWN_BIN = join(ROOT, 'bin', 'spawn.cjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const userEnvironment = (extra: Record<string, string> | undefined) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...extra });

/** Runs the built CLI the way a user does, with a minimal environment and no colour. */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string; bin?: 'spawn-slurm' | 'spawn' } = {}): CliResult {
  const argv = options.bin === 'spawn' ? [SPAWN_BIN, 'slurm', ...args] : [BIN, ...args];
  const result = spawnSync(process.execPath, argv, { cwd: options.cwd ?? ROOT, input: options.input, encoding: 'utf8', env: userEnvironment(options.env) });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same without blocking the test's event loop: for a CLI that talks to a server inside the test. */
export function runCliAsync(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: userEnvironment(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function fixture(...parts: string[]): string {
  return join(ROOT, 'fixtures', ...parts);
}
