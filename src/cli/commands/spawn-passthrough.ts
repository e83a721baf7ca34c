import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Another `spawn` on PATH that is not this package's shim: the real EC2 launcher, when installed. */
export function findRealSpawn(self: string, path = process.env.PATH ?? ''): string | null {
  let me: string;
  try {
    me = realpathSync(self);
  } catch {
    me = self;
  }
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'spawn');
    try {
      accessSync(candidate, constants.X_OK);
      if (realpathSync(candidate) !== me) return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return null;
}

/** `spawn <anything but slurm>`: hand over to the real launcher, or explain. */
export function runSpawnPassthrough(argv: readonly string[]): number {
  const real = findRealSpawn(process.argv[1] ?? '');
  if (!real) {
    process.stderr.write('spawn: this `spawn` comes with spawn-slurm and only knows `spawn slurm <command>`; the EC2 launcher `spawn` was not found on PATH.\n');
    return 2;
  }
  const result = spawnSync(real, [...argv], { stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`spawn: could not run ${real}: ${result.error.message}\n`);
    return 1;
  }
  return result.status ?? 1;
}
