import { userInfo } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { SpawnSlurmError, UsageError } from '../../core/errors.js';
import { acceptEvents } from '../../events/dispatch/accept-event.js';
import { dispatchEvents } from '../../events/dispatch/dispatch.js';
import { directorySource } from '../../events/watch/directory-source.js';
import type { ObjectSource } from '../../events/watch/observed-object.js';
import { ObjectWatcher } from '../../events/watch/object-watcher.js';
import { SeenObjects } from '../../events/watch/seen-objects.js';
import { parseWatchTarget, type WatchTarget } from '../../events/watch/watch-target.js';
import { stateDirectory } from '../../store/state-dir.js';
import { rulesConfigPath } from '../rules-config.js';
import { untilStopped } from '../until-stopped.js';

export interface WatchOptions {
  config?: string;
  once?: boolean;
  interval?: string;
}

/** How long `--once` waits before its second look at files that are new: a file is taken once two looks agree. */
const ONCE_SETTLE_MS = 1000;

function intervalMs(text: string | undefined): number {
  if (text === undefined) return 5000;
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(seconds >= 0.1 && seconds <= 86_400)) throw new UsageError(`--interval ${text}: not a number of seconds from 0.1 to 86400`, 'e.g. --interval 30');
  return seconds * 1000;
}

const requester = () => {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
};

/** The AWS SDK is loaded only for an s3:// target. */
async function sourceFor(target: WatchTarget): Promise<ObjectSource> {
  if (target.kind === 'directory') return directorySource(target.path);
  const { s3Source } = await import('../../events/watch/s3-source.js');
  return s3Source(target.bucket, target.prefix);
}

/**
 * `events watch DIR|s3://BUCKET/PREFIX`: each new file or object becomes an S3-style `Object Created`
 * event for the configuration's rules, once, even across restarts. `--once` looks, acts and exits;
 * otherwise it looks every --interval seconds until SIGTERM or SIGINT.
 */
export async function runEventsWatch(place: string, opts: WatchOptions): Promise<number> {
  const target = parseWatchTarget(place, process.cwd());
  const every = intervalMs(opts.interval);
  const rulesConfig = await rulesConfigPath(opts.config);
  if (!rulesConfig) return 1;
  const stateDir = stateDirectory();
  const log = (line: string) => process.stderr.write(`spawn-slurm: ${line}\n`);
  const source = await sourceFor(target);
  const watcher = new ObjectWatcher(target, source, new SeenObjects(stateDir, target.label), requester());
  /** One look: the new objects' events into the inbox, then recorded as seen; how many files still settle. */
  const look = async (): Promise<number> => {
    const scan = await watcher.scan();
    acceptEvents(stateDir, rulesConfig, scan.events);
    scan.commit();
    for (const event of scan.events) log(`${target.label}: ${JSON.stringify((event.detail as { object: { key: string } }).object.key)} is new: event ${event.id}`);
    if (scan.events.length > 0) await dispatchEvents(stateDir, { log });
    return scan.settling;
  };
  const lookOnce = () =>
    look().catch((error: unknown) => {
      const hint = target.kind === 's3' ? 'check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID), AWS_REGION, and that the bucket exists' : undefined;
      throw new SpawnSlurmError('watch', `cannot watch ${target.label}: ${error instanceof Error ? error.message : String(error)}`, hint);
    });
  try {
    if (opts.once) {
      if ((await lookOnce()) > 0) {
        await sleep(ONCE_SETTLE_MS);
        const settling = await lookOnce();
        if (settling > 0) log(`${target.label}: ${settling} file(s) still being written, left for the next look`);
      }
      return 0;
    }
    const stop = new AbortController();
    void untilStopped().then(() => stop.abort());
    while (!stop.signal.aborted) {
      try {
        await look();
      } catch (error) {
        // A look that fails (S3 unreachable, a permission) is tried again at the next one.
        log(`${target.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
      await sleep(every, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    source.close();
  }
}
