import { SpawnSlurmError, UsageError } from '../../core/errors.js';
import { acceptEvents } from '../../events/dispatch/accept-event.js';
import { triggerDispatch } from '../../events/dispatch/trigger.js';
import { startEventsServer } from '../../events/serve/events-server.js';
import { parseListenAddress } from '../../events/serve/listen-address.js';
import type { ServeSecrets } from '../../events/serve/request-auth.js';
import { stateDirectory } from '../../store/state-dir.js';
import { rulesConfigPath } from '../rules-config.js';
import { untilStopped } from '../until-stopped.js';

export interface ServeOptions {
  listen: string;
  config?: string;
  tokenEnv?: string;
  hmacSecretEnv?: string;
  maxBody?: string;
  allowRemote?: boolean;
}

const DEFAULT_MAX_BODY = 256 * 1024;
/** A burst of requests starts a dispatcher at once, then at most one every so often, the last one always (as the supervisor does). */
const DISPATCH_EVERY_MS = 200;

/** `run` now, unless it ran less than `ms` ago: then once more when that time is up. `flush` runs a pending one at once. */
function throttled(run: () => void, ms: number): { (): void; flush(): void } {
  let last = 0;
  let pending: NodeJS.Timeout | undefined;
  const now = () => {
    pending = undefined;
    last = Date.now();
    run();
  };
  const call = () => {
    if (pending) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) now();
    else pending = setTimeout(now, wait);
  };
  call.flush = () => {
    if (!pending) return;
    clearTimeout(pending);
    now();
  };
  return call;
}

function maxBodyBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_BODY;
  const bytes = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new UsageError(`--max-body ${text}: not a number of bytes`, `e.g. --max-body ${DEFAULT_MAX_BODY} (256 KiB, the default)`);
  return bytes;
}

/**
 * The secrets, from the environment only (never the command line, where `ps` shows them), and then taken
 * out of it: no dispatcher this server starts, and so no job a rule submits, inherits them.
 */
function secretsFrom(env: NodeJS.ProcessEnv, tokenEnv: string, hmacEnv: string): ServeSecrets {
  const token = env[tokenEnv] || undefined;
  const hmacSecret = env[hmacEnv] || undefined;
  delete env[tokenEnv];
  delete env[hmacEnv];
  if (token === undefined && hmacSecret === undefined)
    throw new UsageError(
      `no secret to authenticate requests with: neither $${tokenEnv} nor $${hmacEnv} is set`,
      `export ${tokenEnv}=$(openssl rand -hex 32) (clients send "Authorization: Bearer <it>"), or ${hmacEnv} for HMAC-signed bodies; --token-env and --hmac-secret-env name other variables`,
    );
  return { ...(token !== undefined ? { token } : {}), ...(hmacSecret !== undefined ? { hmacSecret } : {}) };
}

/**
 * `events serve --listen HOST:PORT`: takes events over HTTP (`POST /events`) for the configuration's
 * rules. Each accepted event is in the inbox, on disk, before the answer; a detached dispatcher acts on
 * it, so the answer never waits for the actions. Runs until SIGTERM or SIGINT.
 */
export async function runEventsServe(opts: ServeOptions): Promise<number> {
  const address = parseListenAddress(opts.listen);
  if ('problem' in address) throw new UsageError(address.problem, address.hint);
  if (!address.loopback && !opts.allowRemote)
    throw new UsageError(
      `--listen ${opts.listen}: not a loopback address, so anyone on the network could reach the server`,
      'listen on 127.0.0.1 (behind a reverse proxy that terminates TLS), or add --allow-remote: the server speaks plain HTTP',
    );
  const maxBody = maxBodyBytes(opts.maxBody);
  const secrets = secretsFrom(process.env, opts.tokenEnv ?? 'SPAWN_SLURM_EVENTS_TOKEN', opts.hmacSecretEnv ?? 'SPAWN_SLURM_EVENTS_HMAC_SECRET');
  const rulesConfig = await rulesConfigPath(opts.config);
  if (!rulesConfig) return 1;
  const stateDir = stateDirectory();
  const log = (line: string) => process.stderr.write(`spawn-slurm: ${line}\n`);
  // Taken is taken: a dispatcher that cannot start now starts with the next event written here.
  const dispatch = throttled(() => {
    try {
      triggerDispatch(stateDir);
    } catch (error) {
      log(`no dispatcher started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, DISPATCH_EVERY_MS);
  const server = await startEventsServer({
    address,
    secrets,
    maxBodyBytes: maxBody,
    log,
    accept(events) {
      acceptEvents(stateDir, rulesConfig, events);
      dispatch();
    },
  }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SpawnSlurmError(
      'listen',
      `cannot listen on ${opts.listen}: ${reason}`,
      /EADDRINUSE/.test(reason) ? 'another process has the port: choose another, or 0 for a free one' : undefined,
    );
  });
  process.stdout.write(`listening on ${server.url}\n`);
  await untilStopped();
  await server.close();
  dispatch.flush();
  return 0;
}
