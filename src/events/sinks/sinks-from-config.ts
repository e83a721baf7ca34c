import type { SinkSettings } from '../../mapping/config/types.js';
import { commandSink } from './command-sink.js';
import { eventBridgeSink } from './eventbridge-sink.js';
import type { RetryTiming } from './retry-timing.js';
import type { Sink } from './sink.js';
import { webhookSink } from './webhook-sink.js';

export interface SinkEnvironment {
  /** Where secrets are looked up, and the environment commands run with; default process.env. */
  env?: NodeJS.ProcessEnv;
  timing?: RetryTiming;
}

/** The configured sink, ready to deliver. Nothing is loaded or connected until it does. */
export function makeSink(settings: SinkSettings, environment: SinkEnvironment = {}): Sink {
  switch (settings.type) {
    case 'webhook':
      return webhookSink(settings, environment);
    case 'command':
      return commandSink(settings, environment);
    case 'eventbridge':
      return eventBridgeSink(settings, environment.timing ? { timing: environment.timing } : {});
  }
}
