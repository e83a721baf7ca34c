import { bundlePath } from './bundles.js';
import { Supervisor } from './supervisor.js';

/** dist/supervisor.cjs: `node supervisor.cjs STATE_DIR`, started detached by the commands. */
function positiveNumber(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

const stateDir = process.argv[2];
if (!stateDir) {
  process.stderr.write('usage: supervisor.cjs STATE_DIR\n');
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${line}\n`);
const supervisor = new Supervisor({
  stateDir,
  jobToolsEntry: bundlePath('job-tools.cjs'),
  idleMs: positiveNumber(process.env.SPAWN_SLURM_SUPERVISOR_IDLE_MS, 10_000),
  secondsPerMinute: positiveNumber(process.env.SPAWN_SLURM_SECONDS_PER_MINUTE, 60),
  log,
});
supervisor.run().then(
  (ran) => {
    if (ran) log('idle: stopping');
  },
  (error: unknown) => {
    log(`supervisor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
