import type { CommandSinkSettings } from '../../mapping/config/types.js';
import { type CommandOutcome, runWithInput } from './run-with-input.js';
import { type DeliveryResult, type Sink, notAttempted } from './sink.js';

export interface CommandSinkOptions {
  /** The command's environment; default process.env. */
  env?: NodeJS.ProcessEnv;
}

function failureReason(outcome: CommandOutcome, timeoutSeconds: number): string {
  if (outcome.kind === 'timeout') return `the command did not finish within ${timeoutSeconds}s and was killed`;
  if (outcome.kind === 'failed-to-start') return `the command could not be started: ${outcome.message}`;
  const status = outcome.signal ? `was killed by ${outcome.signal}` : `exited with status ${outcome.code}`;
  return `the command ${status}${outcome.stderr ? `: ${outcome.stderr.replace(/\s+/g, ' ')}` : ''}`;
}

/**
 * Runs the command once per event, in order, with the event's JSON on its standard input: exit status 0
 * means delivered. Any other ending may pass on a later round; the events after it wait for that round.
 */
export function commandSink(settings: CommandSinkSettings, options: CommandSinkOptions = {}): Sink {
  return {
    name: settings.name,
    async deliver(events) {
      const result: DeliveryResult = { delivered: [], failed: [] };
      for (const [i, event] of events.entries()) {
        const outcome = await runWithInput(settings.command, `${JSON.stringify(event)}\n`, {
          ...(settings.cwd ? { cwd: settings.cwd } : {}),
          env: options.env ?? process.env,
          timeoutMs: settings.timeout * 1000,
        });
        if (outcome.kind === 'exited' && outcome.code === 0) {
          result.delivered.push(event.id);
          continue;
        }
        result.failed.push({ id: event.id, reason: failureReason(outcome, settings.timeout), retryable: true });
        result.failed.push(...notAttempted(events, i + 1, 'the command did not take an earlier event'));
        break;
      }
      return result;
    },
  };
}
