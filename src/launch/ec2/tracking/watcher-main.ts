import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tryLock, unlock } from '../../../store/lock.js';
import { existingEc2Store } from '../ec2-store.js';
import { refreshEc2Jobs } from './refresh-jobs.js';

/**
 * dist/ec2-watcher.cjs: `node ec2-watcher.cjs STATE_DIR`, started detached by submit. While EC2 jobs
 * are live it keeps them current (events, output files, replacement of lost instances), so a detached
 * submit is watched as a local job is by its supervisor; one per state directory, and it stops when
 * no EC2 job is left.
 */
const stateDir = process.argv[2];
if (!stateDir) {
  process.stderr.write('usage: ec2-watcher.cjs STATE_DIR\n');
  process.exit(2);
}
const pollMs = Number(process.env.SPAWN_SLURM_EC2_POLL_MS) || 15_000;
// A watcher that cannot reach AWS for this long stops; the next command that reads jobs catches up.
const giveUpMs = Number(process.env.SPAWN_SLURM_EC2_WATCH_GIVE_UP_MS) || 3_600_000;
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${line}\n`);

async function watch(dir: string): Promise<void> {
  const lock = join(dir, 'ec2', 'watcher.lock');
  if (!tryLock(lock)) return;
  try {
    let lastSuccess = Date.now();
    for (;;) {
      const store = existingEc2Store(dir);
      if (!store || store.activeJobIds().length === 0) return;
      const { failed } = await refreshEc2Jobs(dir, log);
      if (failed === 0) lastSuccess = Date.now();
      else if (Date.now() - lastSuccess > giveUpMs) {
        log(`no EC2 job could be brought up to date for ${Math.round(giveUpMs / 60_000)} min: stopping`);
        return;
      }
      await sleep(pollMs);
    }
  } finally {
    unlock(lock);
  }
}

watch(stateDir).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`watcher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
