import { eventTime } from '../event-time.js';
import type { JsonObject } from '../json.js';
import { ruleKey } from '../rules/action-ledger.js';

const RULES_SOURCE = 'spawn-slurm.rules';

/**
 * `Rule Action Failed`, as the local dispatcher records a rule's failure (docs/events.md, "How rules
 * act"): source spawn-slurm.rules, detail `rule`, `eventId`, `action` (its index) and `reason`.
 */
export function ruleFailureEvent(rule: string, eventId: string, action: number, reason: string, now: Date = new Date()): JsonObject {
  return {
    version: '0',
    id: `${ruleKey(rule, eventId)}:failed`,
    'detail-type': 'Rule Action Failed',
    source: RULES_SOURCE,
    account: '',
    time: eventTime(now),
    region: '',
    resources: [],
    detail: { rule, eventId, action, reason, version: 1 },
  };
}

/** A rule's own failure events never go back to that rule: a rule that fails on them would loop. */
export const isOwnFailure = (rule: string, event: JsonObject): boolean =>
  event.source === RULES_SOURCE && typeof event.detail === 'object' && event.detail !== null && !Array.isArray(event.detail) && event.detail.rule === rule;
