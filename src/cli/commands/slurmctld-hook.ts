import { appendFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { inboxPath } from '../../events/dispatch/event-cursor.js';
import { markRulesInUse, triggerDispatch } from '../../events/dispatch/trigger.js';
import { hookEvents } from '../../events/slurmctld-hook/hook-event.js';

/**
 * `slurmctld-hook prolog|epilog --config FILE --state DIR`, run by slurmctld as PrologSlurmctld or
 * EpilogSlurmctld (through a wrapper that gives these arguments: slurmctld passes none, and no PATH).
 * Turns the environment into the job's event, puts it in the inbox for the configuration's rules and
 * sinks, starts the dispatcher that delivers it in the background, and returns at once. It exits 0
 * whatever happens: a failing EpilogSlurmctld must never disturb the cluster. What went wrong is in
 * DIR/events/hook.log.
 */
export function runSlurmctldHook(kind: string, opts: { config?: string; state?: string }): number {
  const state = opts.state;
  try {
    if (kind !== 'prolog' && kind !== 'epilog') throw new Error(`the hook is prolog or epilog, not "${kind}"`);
    if (!state || !isAbsolute(state)) throw new Error('--state must name the spool directory, as an absolute path');
    if (!opts.config || !isAbsolute(opts.config)) throw new Error('--config must name the configuration file, as an absolute path');
    mkdirSync(join(state, 'events'), { recursive: true, mode: 0o700 });
    const lines = hookEvents(kind, process.env).map((event) => `${JSON.stringify({ rulesConfig: opts.config, event, toAllSinks: true })}\n`);
    appendFileSync(inboxPath(state), lines.join(''), { mode: 0o600 });
    markRulesInUse(state);
    triggerDispatch(state);
  } catch (error) {
    const line = `${new Date().toISOString()} ${kind} job ${process.env.SLURM_JOB_ID ?? '?'}: ${error instanceof Error ? error.message : String(error)}\n`;
    try {
      if (state && isAbsolute(state)) {
        mkdirSync(join(state, 'events'), { recursive: true, mode: 0o700 });
        appendFileSync(join(state, 'events', 'hook.log'), line, { mode: 0o600 });
      } else process.stderr.write(`spawn-slurm slurmctld-hook: ${line}`);
    } catch {
      // Nowhere to say it: the cluster must still not notice.
    }
  }
  return 0;
}
