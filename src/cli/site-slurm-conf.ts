import { readFileSync } from 'node:fs';

/** What spawn-slurm takes from this machine's Slurm configuration, when there is one. */
export interface SiteSlurmConf {
  path: string;
  maxArraySize?: number;
}

let cached: SiteSlurmConf | null | undefined;

/**
 * Reads the local slurm.conf ($SLURM_CONF, else /etc/slurm/slurm.conf) for the settings that decide
 * what sbatch accepts here, so checks on a cluster's login node follow that cluster.
 */
export function siteSlurmConf(env: NodeJS.ProcessEnv = process.env): SiteSlurmConf | null {
  if (cached !== undefined) return cached;
  cached = null;
  for (const path of [env.SLURM_CONF, '/etc/slurm/slurm.conf', '/etc/slurm-llnl/slurm.conf']) {
    if (!path) continue;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    cached = { path };
    const match = /^[ \t]*MaxArraySize[ \t]*=[ \t]*(\d+)/im.exec(text);
    if (match) cached.maxArraySize = Number(match[1]);
    break;
  }
  return cached;
}
