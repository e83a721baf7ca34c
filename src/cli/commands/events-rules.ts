import { UsageError } from '../../core/errors.js';
import { acceptEvents } from '../../events/dispatch/accept-event.js';
import { dispatchEvents } from '../../events/dispatch/dispatch.js';
import { eventTime } from '../../events/event-time.js';
import { isJsonObject } from '../../events/json.js';
import { stateDirectory } from '../../store/state-dir.js';
import { rulesConfigPath } from '../rules-config.js';

/** `events dispatch`: runs the rules on every event not yet acted on, now, in the foreground. */
export async function runEventsDispatch(opts: { json?: boolean }): Promise<number> {
  const lines: string[] = [];
  const acted = await dispatchEvents(stateDirectory(), { log: (line) => (opts.json ? lines.push(line) : process.stderr.write(`spawn-slurm: ${line}\n`)) });
  if (opts.json) process.stdout.write(`${JSON.stringify({ acted, log: lines })}\n`);
  return 0;
}

/**
 * `events put --detail-type T --detail JSON [--source S]`: an event from outside (a data file arrived,
 * a pipeline step ended) for the configuration's rules, acted on at once.
 */
export async function runEventsPut(opts: { detailType: string; detail: string; source?: string; config?: string; json?: boolean }): Promise<number> {
  let detail: unknown;
  try {
    detail = JSON.parse(opts.detail);
  } catch (error) {
    throw new UsageError(`--detail is not JSON: ${error instanceof Error ? error.message : String(error)}`, `give an object, e.g. --detail '{"file": "data/in.csv"}'`);
  }
  if (!isJsonObject(detail)) throw new UsageError('--detail must be a JSON object', `e.g. --detail '{"file": "data/in.csv"}'`);
  const rulesConfig = await rulesConfigPath(opts.config);
  if (!rulesConfig) return 1;
  const time = new Date();
  const event = {
    version: '0',
    id: `put-${time.getTime()}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    'detail-type': opts.detailType,
    source: opts.source ?? 'spawn-slurm.put',
    account: '',
    time: eventTime(time),
    region: '',
    resources: [],
    detail,
  };
  const stateDir = stateDirectory();
  acceptEvents(stateDir, rulesConfig, [event]);
  const acted = await dispatchEvents(stateDir, { log: (line) => process.stderr.write(`spawn-slurm: ${line}\n`) });
  process.stdout.write(opts.json ? `${JSON.stringify({ id: event.id, acted })}\n` : `${event.id}\n`);
  return 0;
}
