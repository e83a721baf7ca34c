import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { dispatchEvents } from '../../events/dispatch/dispatch.js';
import { inboxPath } from '../../events/dispatch/event-cursor.js';
import { markRulesInUse } from '../../events/dispatch/trigger.js';
import { isJsonObject } from '../../events/json.js';
import { stateDirectory } from '../../store/state-dir.js';
import { mappingFileFor } from '../mapping-findings.js';

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
  const mapping = await mappingFileFor(opts.config);
  if (!mapping) return 1;
  if (!mapping.path || mapping.config.rules.length === 0)
    throw new UsageError('no rules to act on the event: the configuration has none', 'add rules: to mapping.yaml (docs/mapping.md, "rules"), or name the file with --config');
  const time = new Date();
  const event = {
    version: '0',
    id: `put-${time.getTime()}-${process.pid}-${Math.random().toString(16).slice(2, 10)}`,
    'detail-type': opts.detailType,
    source: opts.source ?? 'spawn-slurm.put',
    account: '',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: '',
    resources: [],
    detail,
  };
  const stateDir = stateDirectory();
  mkdirSync(dirname(inboxPath(stateDir)), { recursive: true, mode: 0o700 });
  appendFileSync(inboxPath(stateDir), `${JSON.stringify({ rulesConfig: mapping.path, event })}\n`, { mode: 0o600 });
  markRulesInUse(stateDir);
  const acted = await dispatchEvents(stateDir, { log: (line) => process.stderr.write(`spawn-slurm: ${line}\n`) });
  process.stdout.write(opts.json ? `${JSON.stringify({ id: event.id, acted })}\n` : `${event.id}\n`);
  return 0;
}
