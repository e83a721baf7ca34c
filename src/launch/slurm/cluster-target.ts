import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir, userInfo } from 'node:os';
import { SpawnSlurmError, UsageError } from '../../core/errors.js';
import type { ClusterSettings } from '../../mapping/config/types.js';
import type { ClusterTarget, TokenSource } from '../../store/cluster-ref.js';
import { type ApiVersion, isApiVersion } from './api-version.js';
import type { RestTarget } from './rest-client.js';

export interface TargetChoice {
  /** --cluster NAME */
  cluster?: string;
  /** --slurmrestd URL */
  slurmrestd?: string;
}

const SCONTROL_TOKEN_LIFESPAN_S = 3600;

/** A store name for an ad-hoc URL: readable and a single path component. */
function nameForUrl(url: string): string {
  return (
    url
      .replace(/^[a-z]+:\/*/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'slurmrestd'
  );
}

function currentUser(env: NodeJS.ProcessEnv): string {
  return env.SLURM_USER_NAME || userInfo().username;
}

function apiVersionOf(text: string | undefined, where: string): ApiVersion | 'auto' {
  if (text === undefined || text === 'auto') return 'auto';
  if (isApiVersion(text)) return text;
  throw new UsageError(`${where}: api_version "${text}" is not one spawn-slurm speaks`, 'use auto, or one of v0.0.38, v0.0.39, v0.0.40, v0.0.41, v0.0.42');
}

function fromSettings(settings: ClusterSettings, env: NodeJS.ProcessEnv): ClusterTarget {
  const token: TokenSource = settings.token_file
    ? { kind: 'file', path: settings.token_file }
    : settings.token_env
      ? { kind: 'env', name: settings.token_env }
      : settings.scontrol_token
        ? { kind: 'scontrol', lifespanSeconds: SCONTROL_TOKEN_LIFESPAN_S }
        : settings.url.startsWith('unix:')
          ? { kind: 'none' }
          : { kind: 'env', name: 'SLURM_JWT' };
  return { name: settings.name, url: settings.url, user: settings.user ?? currentUser(env), token, apiVersion: apiVersionOf(settings.api_version, `cluster ${settings.name}`) };
}

/**
 * The cluster a command talks to: `--cluster NAME` from the configuration, else `--slurmrestd URL`
 * or $SLURMRESTD_URL with the token from $SLURM_JWT (or `scontrol token` where Slurm's commands are
 * installed) and the user from $SLURM_USER_NAME or the current user.
 */
export function resolveTarget(choice: TargetChoice, clusters: readonly ClusterSettings[], env: NodeJS.ProcessEnv = process.env): ClusterTarget {
  if (choice.cluster !== undefined) {
    const settings = clusters.find((c) => c.name === choice.cluster);
    if (!settings) {
      const known = clusters.map((c) => c.name);
      throw new UsageError(
        `no cluster named "${choice.cluster}" in the configuration`,
        known.length ? `configured: ${known.join(', ')}` : 'add it under clusters: (name, url) in mapping.yaml',
      );
    }
    return fromSettings(settings, env);
  }
  const url = choice.slurmrestd ?? env.SLURMRESTD_URL;
  if (url === undefined || url === '') {
    if (clusters.length === 1 && clusters[0]) return fromSettings(clusters[0], env);
    // On a login node: the cluster's own commands.
    if (clusters.length === 0 && slurmCommandsOnPath(env)) return { name: 'slurm', url: 'commands', user: currentUser(env), token: { kind: 'none' }, apiVersion: 'auto' };
    throw new UsageError(
      'the slurm backend needs a cluster',
      'give --slurmrestd unix:/path/to/socket or http://host:port (or set SLURMRESTD_URL), or --cluster NAME from the configuration, or run on a login node where sbatch is installed',
    );
  }
  const token: TokenSource = url.startsWith('unix:')
    ? { kind: 'none' }
    : env.SLURM_JWT
      ? { kind: 'env', name: 'SLURM_JWT' }
      : { kind: 'scontrol', lifespanSeconds: SCONTROL_TOKEN_LIFESPAN_S };
  return { name: nameForUrl(url), url, user: currentUser(env), token, apiVersion: 'auto' };
}

/** A real sbatch on PATH (not the stand-in that jobs of the local backend find on theirs). */
function slurmCommandsOnPath(env: NodeJS.ProcessEnv): boolean {
  if (env.SPAWN_SLURM_TASK) return false;
  return (env.PATH ?? '').split(':').some((dir) => dir !== '' && isExecutable(join(dir, 'sbatch')));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function scontrolToken(lifespanSeconds: number, env: NodeJS.ProcessEnv): string {
  const result = spawnSync('scontrol', ['token', `lifespan=${lifespanSeconds}`], { encoding: 'utf8', env, timeout: 15_000 });
  const match = /^SLURM_JWT=(\S+)/m.exec(result.stdout ?? '');
  if (result.status === 0 && match?.[1]) return match[1];
  const why = result.error ? result.error.message : (result.stderr || result.stdout || '').trim().split('\n')[0] || `exit ${result.status}`;
  throw new SpawnSlurmError(
    'slurmrestd-token',
    `no token for slurmrestd: SLURM_JWT is not set and \`scontrol token\` failed (${why})`,
    'export SLURM_JWT (`export $(scontrol token)` on a login node), or set token_file for the cluster',
  );
}

/** The connection for a target, reading its token now. */
export function restTargetOf(target: ClusterTarget, env: NodeJS.ProcessEnv = process.env): RestTarget {
  const source = target.token;
  switch (source.kind) {
    case 'none':
      return { url: target.url, user: null, token: null };
    case 'env': {
      const token = env[source.name];
      if (!token)
        throw new SpawnSlurmError(
          'slurmrestd-token',
          `no token for slurmrestd at ${target.url}: $${source.name} is not set`,
          `export ${source.name} (\`export $(scontrol token)\` on a login node)`,
        );
      return { url: target.url, user: target.user, token };
    }
    case 'file': {
      let token: string;
      try {
        token = readFileSync(source.path.replace(/^~(?=\/|$)/, homedir()), 'utf8')
          .trim()
          .replace(/^SLURM_JWT=/, '');
      } catch (error) {
        throw new SpawnSlurmError(
          'slurmrestd-token',
          `cannot read the token file ${source.path}: ${(error as Error).message}`,
          'write the JWT into that file (mode 0600), or change token_file',
        );
      }
      return { url: target.url, user: target.user, token };
    }
    case 'scontrol':
      return { url: target.url, user: target.user, token: scontrolToken(source.lifespanSeconds, env) };
  }
}
