import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where job records and event logs live: `$SPAWN_SLURM_STATE_DIR`, else `$XDG_STATE_HOME/spawn-slurm`,
 * else `~/.local/state/spawn-slurm` (the XDG base directory default).
 */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SPAWN_SLURM_STATE_DIR) return resolve(env.SPAWN_SLURM_STATE_DIR);
  const base = env.XDG_STATE_HOME?.startsWith('/') ? env.XDG_STATE_HOME : join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'spawn-slurm');
}
