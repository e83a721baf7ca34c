import type { ClusterTarget } from '../../store/cluster-ref.js';
import type { ApiVersion } from './api-version.js';
import { restTargetOf } from './cluster-target.js';
import { CommandsApi } from './commands-api.js';
import { RestClient } from './rest-client.js';
import { SlurmApi } from './slurm-api.js';
import { apiVersionFor } from './version-cache.js';

/** `commands` or `commands:/opt/slurm/bin`: the cluster's own sbatch, scontrol and scancel. */
function commandsDirectory(url: string): string | null | undefined {
  if (url === 'commands') return null;
  return url.startsWith('commands:') ? url.slice('commands:'.length) : undefined;
}

/** Connects to a cluster: its slurmrestd at the version it was (or will be) used with, or its commands. */
export async function connect(target: ClusterTarget, storeRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<SlurmApi | CommandsApi> {
  const bin = commandsDirectory(target.url);
  if (bin !== undefined) return new CommandsApi(bin);
  const client = new RestClient(restTargetOf(target, env));
  const version = await apiVersionFor(client, target.url, target.apiVersion as ApiVersion | 'auto', storeRoot);
  return new SlurmApi(client, version);
}
