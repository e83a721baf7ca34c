import { dispatchEvents } from './dispatch.js';

/**
 * dist/events-dispatch.cjs: `node events-dispatch.cjs STATE_DIR`, started detached when events were
 * written that rules may act on (triggerDispatch). Acts on every new event once, then stops.
 */
const stateDir = process.argv[2];
if (!stateDir) {
  process.stderr.write('usage: events-dispatch.cjs STATE_DIR\n');
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${line}\n`);
dispatchEvents(stateDir, { log }).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`dispatch failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
