import { SpawnSlurmError } from '../../core/errors.js';
import type { RestClient } from './rest-client.js';
import { failureOf } from './rest-errors.js';

/** The slurmrestd API versions this client speaks, oldest first (22.05 serves v0.0.38; 24.11 v0.0.40–v0.0.42). */
export const API_VERSIONS = ['v0.0.38', 'v0.0.39', 'v0.0.40', 'v0.0.41', 'v0.0.42'] as const;

export type ApiVersion = (typeof API_VERSIONS)[number];

export function isApiVersion(text: string): text is ApiVersion {
  return (API_VERSIONS as readonly string[]).includes(text);
}

/** The versions whose job submission an OpenAPI document describes (`/slurm/v0.0.NN/job/submit`), oldest first. */
export function servedVersions(openapi: unknown): string[] {
  const paths = typeof openapi === 'object' && openapi !== null ? (openapi as { paths?: unknown }).paths : undefined;
  if (typeof paths !== 'object' || paths === null) return [];
  const versions = new Set<string>();
  for (const path of Object.keys(paths)) {
    const match = /^\/slurm\/(v\d+\.\d+\.\d+)\/job\/submit$/.exec(path);
    if (match?.[1]) versions.add(match[1]);
  }
  return [...versions].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The newest version both sides speak, or the one asked for when the server serves it. */
export function chooseVersion(served: readonly string[], wanted: ApiVersion | 'auto', address: string): ApiVersion {
  if (wanted !== 'auto') {
    if (served.includes(wanted)) return wanted;
    throw new SpawnSlurmError(
      'slurmrestd-version',
      `slurmrestd at ${address} does not serve API ${wanted} (it serves ${served.join(', ') || 'no job API'})`,
      'set api_version to auto, or to one of those',
    );
  }
  const common = API_VERSIONS.filter((v) => served.includes(v));
  const newest = common.at(-1);
  if (newest) return newest;
  throw new SpawnSlurmError(
    'slurmrestd-version',
    `slurmrestd at ${address} serves API ${served.join(', ') || 'with no job submission'}; spawn-slurm speaks ${API_VERSIONS.join(', ')}`,
    'start slurmrestd with an openapi/slurmctld plugin of one of those versions (slurmrestd -s list shows them)',
  );
}

/** Asks the server which versions it serves (its OpenAPI document) and picks one. */
export async function negotiateVersion(client: RestClient, wanted: ApiVersion | 'auto'): Promise<ApiVersion> {
  const answer = await client.request('GET', '/openapi/v3');
  if (answer.status !== 200) throw failureOf(answer, `read the OpenAPI document of slurmrestd at ${client.address}`);
  return chooseVersion(servedVersions(answer.body), wanted, client.address);
}
