import { SpawnSlurmError } from '../../core/errors.js';
import { deliverSpooled } from '../../events/sinks/deliver-spooled.js';
import { makeSink } from '../../events/sinks/sinks-from-config.js';
import { spoolCounts } from '../../events/spool/pending-events.js';
import { readSinkStatus } from '../../events/spool/sink-status.js';
import type { SinkSettings } from '../../mapping/config/types.js';
import { stateDirectory } from '../../store/state-dir.js';
import { formatFlushText, formatSinkStatusJson, formatSinkStatusText, type SinkStatusRow } from '../format/sink-status.js';
import { mappingFileFor } from '../mapping-findings.js';

/** Exit 1 means "events left undelivered" for flush, so a configuration that cannot be used exits 2. */
class UnusableConfigError extends SpawnSlurmError {
  override readonly exitCode = 2;
}

interface SinkCommandOptions {
  config?: string;
  json?: boolean;
}

async function configuredSinks(configPath: string | undefined): Promise<SinkSettings[]> {
  const mapping = await mappingFileFor(configPath);
  if (!mapping) throw new UnusableConfigError('events-config', 'the configuration file has errors (shown above)', 'fix them, then run the command again');
  return mapping.config.sinks;
}

function statusRow(stateDir: string, sink: SinkSettings, now: number): SinkStatusRow {
  const counts = spoolCounts(stateDir, sink.name);
  const status = readSinkStatus(stateDir, sink.name);
  const oldest = counts.oldestSpooledAt;
  return {
    name: sink.name,
    type: sink.type,
    pending: counts.pending,
    oldestPendingSince: oldest === undefined ? null : new Date(oldest).toISOString(),
    oldestPendingAgeSeconds: oldest === undefined ? null : Math.max(0, Math.floor((now - oldest) / 1000)),
    failed: counts.failed,
    delivered: status.delivered,
    lastDelivery: status.lastDelivery ?? null,
    lastError: status.lastError ?? null,
  };
}

/** `events status`: per configured sink, what waits in its spool and how its last delivery went. */
export async function runEventsStatus(opts: SinkCommandOptions): Promise<number> {
  const sinks = await configuredSinks(opts.config);
  const stateDir = stateDirectory();
  const now = Date.now();
  const rows = sinks.map((sink) => statusRow(stateDir, sink, now));
  process.stdout.write(opts.json ? formatSinkStatusJson(rows) : formatSinkStatusText(rows, { width: process.stdout.isTTY ? process.stdout.columns : 0 }));
  return 0;
}

/** `events flush`: one delivery round now. Exit 1 when events are left undelivered. */
export async function runEventsFlush(opts: SinkCommandOptions): Promise<number> {
  const sinks = await configuredSinks(opts.config);
  const rounds = await deliverSpooled(
    stateDirectory(),
    sinks.map((settings) => makeSink(settings)),
  );
  process.stdout.write(opts.json ? `${JSON.stringify({ version: 1, sinks: rounds }, null, 2)}\n` : formatFlushText(rounds));
  return rounds.every((r) => r.pending === 0 && r.undeliverable === 0) ? 0 : 1;
}
