import { isSpawnSlurmError } from '../../core/errors.js';
import type { SlurmApi } from '../../launch/slurm/slurm-api.js';
import type { JsonObject } from '../json.js';
import { matchesPattern } from '../pattern/evaluate.js';
import { compileEventPattern } from '../pattern/parse-pattern.js';
import { ruleKey } from '../rules/action-ledger.js';
import type { DeployedRule, Deployment } from './deployment.js';
import { findRuleJob, submitRuleJob } from './rule-job.js';
import { isOwnFailure, ruleFailureEvent } from './rule-failure-event.js';
import type { S3RuleLedger } from './s3-ledger.js';

export interface ActContext {
  ledger: S3RuleLedger;
  /** The cluster, connected with a token read now. */
  cluster(): Promise<SlurmApi>;
  /** One line for the function's log (CloudWatch): never a token. */
  log(line: string): void;
  /** Until when (epoch ms) this invocation may hold a claim: its end, and a margin. */
  leaseUntil: number;
}

export interface RuleOutcome {
  rule: string;
  /** acted: this invocation ran the actions; skipped: an earlier delivery did, or one is doing it now. */
  result: 'done' | 'failed' | 'skipped';
  outcome: string;
}

/** A failure a later attempt may not meet: no answer from slurmrestd, no token, S3 or Secrets Manager not answering. */
class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

const isPermanent = (error: unknown) => isSpawnSlurmError(error) && (error.code === 'slurm-rule-submit' || error.code === 'slurmrestd-refused' || error.code === 'slurmrestd-version');

/**
 * Runs every rule of the deployment that matches the event, each (rule, event id) once whatever
 * EventBridge redelivers: claimed in the ledger before the first action, the outcome recorded after.
 * A submit that fails for good ends the pair `failed` and logs `Rule Action Failed`; one that may pass
 * later gives the claim up and throws RetryLater, so the invocation fails and Lambda retries it, and
 * the retry looks for the job (by its comment) before it submits again.
 */
export async function actOnEvent(deployment: Deployment, event: JsonObject, context: ActContext): Promise<RuleOutcome[]> {
  const eventId = typeof event.id === 'string' ? event.id : null;
  if (eventId === null) throw new Error('the event has no id: not an EventBridge event');
  const outcomes: RuleOutcome[] = [];
  let retry: RetryLater | null = null;
  for (const rule of deployment.rules) {
    if (isOwnFailure(rule.name, event) || !matchesPattern(compileEventPattern(rule.pattern), event)) continue;
    try {
      outcomes.push(await actOnce(deployment, rule, event, eventId, context));
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      context.log(`rule ${rule.name}, event ${eventId}: ${error.message}; the invocation fails so Lambda retries it`);
      retry ??= error;
    }
  }
  if (retry) throw retry;
  return outcomes;
}

async function actOnce(deployment: Deployment, rule: DeployedRule, event: JsonObject, eventId: string, context: ActContext): Promise<RuleOutcome> {
  const claim = await context.ledger.claim(rule.name, eventId, Date.now(), context.leaseUntil);
  if (claim.kind === 'settled') return { rule: rule.name, result: 'skipped', outcome: `acted on before (${claim.entry.state})` };
  if (claim.kind === 'busy') throw new RetryLater('another invocation is acting on this event now');
  const key = ruleKey(rule.name, eventId);
  let entry = claim.entry;
  const outcomes = entry.outcome ? [entry.outcome] : [];
  const settle = async (state: 'done' | 'failed', outcome: string): Promise<RuleOutcome> => {
    await context.ledger.record({ ...entry, state, outcome, endedAt: new Date().toISOString(), leaseUntil: 0 });
    return { rule: rule.name, result: state, outcome };
  };
  try {
    const api = await context.cluster();
    for (let index = entry.actionsDone; index < rule.actions.length; index++) {
      const action = rule.actions[index] as DeployedRule['actions'][number];
      const earlier = claim.resumed && index === entry.actionsDone ? await findRuleJob(api, key) : null;
      const jobId = earlier ?? (await submitRuleJob(api, deployment, action, event, key));
      outcomes.push(earlier === null ? `submitted ${action.submit} as job ${jobId}` : `${action.submit} was submitted before the interruption, as job ${jobId}`);
      context.log(`rule ${rule.name}, event ${eventId}: ${outcomes.at(-1)}`);
      entry = { ...entry, actionsDone: index + 1, outcome: outcomes.join('; ') };
      await context.ledger.record(entry);
    }
    return await settle('done', outcomes.join('; '));
  } catch (error) {
    if (!isPermanent(error)) {
      await context.ledger.record({ ...entry, leaseUntil: 0 }).catch(() => undefined);
      throw new RetryLater((error as Error).message);
    }
    const reason = (error as Error).message;
    context.log(JSON.stringify(ruleFailureEvent(rule.name, eventId, entry.actionsDone, reason)));
    return await settle('failed', [...outcomes, reason].join('; '));
  }
}
