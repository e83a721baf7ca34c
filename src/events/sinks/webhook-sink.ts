import type { WebhookSinkSettings } from '../../mapping/config/types.js';
import type { JobEvent } from '../../store/events.js';
import { type HttpOutcome, postOnce } from './http-post.js';
import { REAL_TIMING, type RetryTiming, retryDelayMs } from './retry-timing.js';
import { type DeliveryFailure, type DeliveryResult, type Sink, notAttempted } from './sink.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, webhookSignature } from './webhook-signature.js';

export interface WebhookSinkOptions {
  /** Where secret_env is looked up; default process.env. */
  env?: NodeJS.ProcessEnv;
  timing?: RetryTiming;
}

type Attempt = { ok: true } | { ok: false; reason: string; retryable: boolean; retryAfterSeconds?: number };

/** 2xx delivered; 408, 429, 5xx, time-outs and network errors may pass; any other answer will not. */
function judge(outcome: HttpOutcome, timeoutSeconds: number): Attempt {
  if (outcome.kind === 'timeout') return { ok: false, reason: `no answer within ${timeoutSeconds}s`, retryable: true };
  if (outcome.kind === 'network') return { ok: false, reason: outcome.message, retryable: true };
  const { status } = outcome;
  if (status >= 200 && status < 300) return { ok: true };
  const body = outcome.body.replace(/\s+/g, ' ').trim();
  const reason = `HTTP ${status}${outcome.statusText ? ` ${outcome.statusText}` : ''}${body ? `: ${body}` : ''}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  return { ok: false, reason, retryable, ...(outcome.retryAfterSeconds !== undefined ? { retryAfterSeconds: outcome.retryAfterSeconds } : {}) };
}

/**
 * POSTs each event's JSON, in order, signed with the secret (`X-Spawn-Slurm-Signature: sha256=…`). A
 * request that may pass later is retried `retries` times with backoff; when it still fails the sink is
 * taken to be down and the events after it wait for the next round.
 */
export function webhookSink(settings: WebhookSinkSettings, options: WebhookSinkOptions = {}): Sink {
  const timing = options.timing ?? REAL_TIMING;
  const timeoutMs = settings.timeout * 1000;

  async function send(event: JobEvent, secret: string): Promise<Attempt> {
    const body = JSON.stringify(event);
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'spawn-slurm', [SIGNATURE_HEADER]: webhookSignature(body, secret), [EVENT_ID_HEADER]: event.id };
    for (let attempt = 0; ; attempt++) {
      const result = judge(await postOnce(settings.url, body, headers, timeoutMs), settings.timeout);
      if (result.ok || !result.retryable || attempt >= settings.retries) return result;
      await timing.sleep(retryDelayMs(attempt, timing.random, result.retryAfterSeconds));
    }
  }

  return {
    name: settings.name,
    async deliver(events) {
      const secret = (options.env ?? process.env)[settings.secret_env];
      if (!secret) return { delivered: [], failed: notAttempted(events, 0, `the environment variable ${settings.secret_env}, which holds the webhook's secret, is not set`) };
      const result: DeliveryResult = { delivered: [], failed: [] };
      for (const [i, event] of events.entries()) {
        const attempt = await send(event, secret);
        if (attempt.ok) {
          result.delivered.push(event.id);
          continue;
        }
        // A receiver's answer might quote what it got; the secret never leaves this process.
        const failure: DeliveryFailure = { id: event.id, reason: attempt.reason.split(secret).join('***'), retryable: attempt.retryable };
        result.failed.push(failure);
        if (attempt.retryable) {
          result.failed.push(...notAttempted(events, i + 1, `${settings.name} did not take an earlier event`));
          break;
        }
      }
      return result;
    },
  };
}
