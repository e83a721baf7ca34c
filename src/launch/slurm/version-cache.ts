import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../store/atomic-write.js';
import { type ApiVersion, isApiVersion, negotiateVersion } from './api-version.js';
import type { RestClient } from './rest-client.js';

/** How long a negotiated version is trusted: a site upgrading slurmrestd is noticed within this. */
const FRESH_MS = 10 * 60_000;

interface Cached {
  url: string;
  version: string;
  checkedAt: number;
}

/**
 * The API version to use with a cluster: the configured one, else the newest both sides speak,
 * remembered for a while in the cluster's store so that every command does not fetch the server's
 * whole OpenAPI document.
 */
export async function apiVersionFor(client: RestClient, url: string, wanted: ApiVersion | 'auto', storeRoot: string): Promise<ApiVersion> {
  const path = join(storeRoot, 'api-version.json');
  try {
    const cached = JSON.parse(readFileSync(path, 'utf8')) as Cached;
    if (cached.url === url && Date.now() - cached.checkedAt < FRESH_MS && isApiVersion(cached.version) && (wanted === 'auto' || wanted === cached.version)) return cached.version;
  } catch {
    // No cache yet, or an unreadable one: ask the server.
  }
  const version = await negotiateVersion(client, wanted);
  mkdirSync(storeRoot, { recursive: true, mode: 0o700 });
  writeFileAtomicSync(path, `${JSON.stringify({ url, version, checkedAt: Date.now() } satisfies Cached)}\n`, 0o600);
  return version;
}
