import { SpawnSlurmError } from '../../core/errors.js';
import type { RestResponse } from './rest-client.js';

interface ServerError {
  description?: unknown;
  error?: unknown;
  error_number?: unknown;
  error_code?: unknown;
  source?: unknown;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The `errors` (or `warnings`) of a slurmrestd answer, each as one line of the server's own words. */
export function messagesOf(body: unknown, key: 'errors' | 'warnings' = 'errors'): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const list = (body as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return [];
  const lines: string[] = [];
  for (const item of list as ServerError[]) {
    const description = textOf(item.description);
    const error = textOf(item.error);
    const line = [description, error && error !== description && error !== 'Unspecified error' ? error : ''].filter(Boolean).join(': ');
    if (line) lines.push(line);
  }
  return lines;
}

/** A failed request as one clear line: what was attempted, the HTTP status, and what the server said. */
export function failureOf(response: RestResponse, attempted: string): SpawnSlurmError {
  const said = typeof response.body === 'string' ? [response.body] : messagesOf(response.body);
  const words = said.filter(Boolean).join('; ') || 'no reason given';
  if (response.status === 401 || response.status === 403 || /authentication|protocol authentication error/i.test(words)) {
    return new SpawnSlurmError(
      'slurmrestd-auth',
      `cannot ${attempted}: HTTP ${response.status}, ${words}`,
      'check the token (SLURM_JWT, the cluster token file or `scontrol token`) and the user name (SLURM_USER_NAME)',
    );
  }
  // 22.05 answers a token slurmctld rejects with this, not with 401.
  if (/slurmctld config is unable to load/.test(words)) {
    return new SpawnSlurmError(
      'slurmrestd-auth',
      `cannot ${attempted}: HTTP ${response.status}, ${words} (slurmctld rejected the request's credentials)`,
      'check the token (SLURM_JWT, the cluster token file or `scontrol token`) and the user name (SLURM_USER_NAME)',
    );
  }
  return new SpawnSlurmError('slurmrestd-refused', `cannot ${attempted}: HTTP ${response.status}, ${words}`);
}
