import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where a sibling bundle of this installation is: dist/<name> seen from dist/ itself (the supervisor)
 * or from dist/commands/ (a command). SPAWN_SLURM_DIST overrides it for tests run from the sources.
 */
export function bundlePath(name: 'supervisor.cjs' | 'job-tools.cjs' | 'agent.cjs' | 'ec2-watcher.cjs' | 'events-dispatch.cjs'): string {
  const candidates = [process.env.SPAWN_SLURM_DIST, __dirname, join(__dirname, '..')].filter((d): d is string => Boolean(d));
  for (const dir of candidates) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new Error(`cannot find ${name} beside ${__dirname}; run npm run build`);
}

/** bin/spawn-slurm.cjs of this installation, for running a command in a process of its own. */
export function cliEntry(): string {
  return join(dirname(bundlePath('job-tools.cjs')), '..', 'bin', 'spawn-slurm.cjs');
}
