import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { existingEc2Store } from '../../launch/ec2/ec2-store.js';
import { knownClusters, openClusterStore } from '../../launch/slurm/cluster-store.js';
import { loadMappingConfig } from '../../mapping/config/load-config.js';
import type { EventRule, SinkSettings } from '../../mapping/config/types.js';
import { deliverSpooled } from '../sinks/deliver-spooled.js';
import { makeSink } from '../sinks/sinks-from-config.js';
import { pendingEvents } from '../spool/pending-events.js';
import { tryLock, unlock } from '../../store/lock.js';
import { JobStore } from '../../store/store.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { compileEventPattern } from '../pattern/parse-pattern.js';
import { matchesPattern } from '../pattern/evaluate.js';
import type { EventPattern } from '../pattern/types.js';
import { ActionLedger, type LedgerEntry, ruleKey } from '../rules/action-ledger.js';
import { runAction } from '../rules/run-actions.js';
import { spoolEvent } from '../spool/spool-event.js';
import type { JobEvent } from '../../store/events.js';
import { EventCursor, inboxPath, type SourcedEvent } from './event-cursor.js';

const RULES_SOURCE = 'spawn-slurm.rules';

export interface DispatchOptions {
  log(line: string): void;
}

interface LoadedRules {
  rules: Array<{ rule: EventRule; pattern: EventPattern }>;
  sinks: SinkSettings[];
}

const dirtyPath = (stateDir: string) => join(stateDir, 'events', 'dispatch.dirty');
const dispatchLockPath = (stateDir: string) => join(stateDir, 'events', 'dispatch.lock');

/** A rule's own failure events never go back to that rule: a rule that fails on them would loop. */
const ownFailure = (rule: EventRule, event: JsonObject) => event.source === RULES_SOURCE && isJsonObject(event.detail) && event.detail.rule === rule.name;

/** The rule failed: an event of its own, `Rule Action Failed`, that other rules (and sinks) can route. */
function recordFailure(stateDir: string, rulesConfig: string, entry: LedgerEntry, action: number, reason: string): void {
  const event = {
    version: '0',
    id: `${ruleKey(entry.rule, entry.eventId)}:failed`,
    'detail-type': 'Rule Action Failed',
    source: RULES_SOURCE,
    account: '',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: '',
    resources: [],
    detail: { rule: entry.rule, eventId: entry.eventId, action, reason, version: 1 },
  };
  mkdirSync(join(stateDir, 'events'), { recursive: true, mode: 0o700 });
  appendFileSync(inboxPath(stateDir), `${JSON.stringify({ rulesConfig, event })}\n`, { mode: 0o600 });
}

/** Whether some store has a job a submit action of this (rule, event) made (SPAWN_RULE_KEY in its environment). */
function submittedBefore(stateDir: string, key: string, since: string): boolean {
  const stores = [new JobStore(stateDir), existingEc2Store(stateDir), ...knownClusters(stateDir).map((name) => openClusterStore(stateDir, name))];
  for (const store of stores) {
    if (!store) continue;
    for (const id of store.jobIds().reverse()) {
      const record = store.readRecord(id);
      if (!record || record.submitTime < since.replace(/\.\d{3}Z$/, 'Z')) break;
      try {
        if (store.readEnvironment(id).SPAWN_RULE_KEY === key) return true;
      } catch {
        // No environment file: not a job a rule made.
      }
    }
  }
  return false;
}

/**
 * Matches every new event against the rules of its configuration and runs the actions of each match
 * once. One dispatcher at a time per state directory; a call that finds one running leaves a mark so it
 * looks again before it stops. Interrupted pairs are finished first: a submit that may have happened is
 * looked for (by its rule key) before it is retried; a command that may have run is marked failed
 * rather than run twice.
 */
export async function dispatchEvents(stateDir: string, options: DispatchOptions): Promise<number> {
  mkdirSync(join(stateDir, 'events'), { recursive: true, mode: 0o700 });
  if (!tryLock(dispatchLockPath(stateDir))) {
    writeFileSync(dirtyPath(stateDir), '');
    return 0;
  }
  const ledger = new ActionLedger(stateDir);
  const configs = new Map<string, LoadedRules>();
  const rulesOf = async (path: string): Promise<LoadedRules> => {
    let loaded = configs.get(path);
    if (!loaded) {
      const mapping = await loadMappingConfig({ cwd: stateDir, env: {}, explicitPath: path });
      if (!mapping.config) options.log(`rules: ${path} does not load: its rules are not applied`);
      loaded = { rules: (mapping.config?.rules ?? []).map((rule) => ({ rule, pattern: compileEventPattern(rule.pattern) })), sinks: mapping.config?.sinks ?? [] };
      configs.set(path, loaded);
    }
    return loaded;
  };
  let acted = 0;
  try {
    for (const entry of ledger.interrupted()) {
      const stored = readContext(stateDir, entry);
      if (!stored) continue;
      const rule = (await rulesOf(stored.rulesConfig)).rules.find((r) => r.rule.name === entry.rule)?.rule;
      if (!rule) continue;
      await act(stateDir, ledger.adopt(entry), rule, { event: stored.event, rulesConfig: stored.rulesConfig }, options, true);
    }
    const cursor = new EventCursor(stateDir);
    for (;;) {
      rmSync(dirtyPath(stateDir), { force: true });
      const taken = cursor.take();
      for (const sourced of taken) {
        const eventId = typeof sourced.event.id === 'string' ? sourced.event.id : null;
        if (eventId === null) continue;
        const loaded = await rulesOf(sourced.rulesConfig);
        if (sourced.toAllSinks) for (const sink of loaded.sinks) spoolEvent(stateDir, sink.name, sourced.event as unknown as JobEvent);
        for (const { rule, pattern } of loaded.rules) {
          if (ownFailure(rule, sourced.event) || !matchesPattern(pattern, sourced.event) || ledger.read(rule.name, eventId)) continue;
          // The event first, then the claim: an interrupted pair can always be finished.
          saveContext(stateDir, rule.name, eventId, sourced);
          if (!ledger.begin(rule.name, eventId)) continue;
          const entry = ledger.read(rule.name, eventId) as LedgerEntry;
          await act(stateDir, entry, rule, sourced, options, false);
          acted++;
        }
      }
      cursor.commit();
      // Actions write events too (a failure's own, a submitted job's): look until a pass finds none.
      if (taken.length === 0 && !existsSync(dirtyPath(stateDir))) break;
    }
    await deliverToSinks(
      stateDir,
      [...configs.values()].flatMap((c) => c.sinks),
      options,
    );
  } finally {
    unlock(dispatchLockPath(stateDir));
  }
  return acted;
}

/** What the rules spooled goes out now; what a sink does not take waits in its spool for the next round. */
async function deliverToSinks(stateDir: string, settings: SinkSettings[], options: DispatchOptions): Promise<void> {
  const byName = new Map(settings.map((s) => [s.name, s]));
  const sinks = [...byName.values()].filter((s) => pendingEvents(stateDir, s.name, 1).length > 0).map((s) => makeSink(s, { env: process.env }));
  if (sinks.length === 0) return;
  for (const round of await deliverSpooled(stateDir, sinks)) {
    if (round.error) options.log(`sink ${round.sink}: ${round.pending} event(s) wait in its spool: ${round.error}`);
  }
}

/** The event a pair acts on, kept beside its entry so the next dispatcher can finish an interrupted one. */
const contextPath = (stateDir: string, rule: string, eventId: string) => join(stateDir, 'events', 'acted', `${ruleKey(rule, eventId)}.event.json`);

function saveContext(stateDir: string, rule: string, eventId: string, sourced: SourcedEvent): void {
  mkdirSync(join(stateDir, 'events', 'acted', rule), { recursive: true, mode: 0o700 });
  writeFileSync(contextPath(stateDir, rule, eventId), JSON.stringify(sourced), { mode: 0o600 });
}

function readContext(stateDir: string, entry: LedgerEntry): SourcedEvent | null {
  try {
    return JSON.parse(readFileSync(contextPath(stateDir, entry.rule, entry.eventId), 'utf8')) as SourcedEvent;
  } catch {
    return null;
  }
}

/** Runs the rule's actions not yet done, recording each; the first that fails ends the pair `failed`. */
async function act(stateDir: string, entry: LedgerEntry, rule: EventRule, sourced: SourcedEvent, options: DispatchOptions, resumed: boolean): Promise<void> {
  const ledger = new ActionLedger(stateDir);
  const key = ruleKey(rule.name, entry.eventId);
  const outcomes: string[] = entry.outcome ? [entry.outcome] : [];
  let current = entry;
  for (let index = entry.actionsDone; index < rule.actions.length; index++) {
    const action = rule.actions[index] as EventRule['actions'][number];
    if (resumed && index === entry.actionsDone) {
      if ('submit' in action && submittedBefore(stateDir, key, entry.startedAt)) {
        current = { ...current, actionsDone: index + 1, outcome: [...outcomes, `${action.submit} was submitted before the interruption`].join('; ') };
        ledger.update(current);
        continue;
      }
      if (!('submit' in action)) {
        const reason = `interrupted while running action ${index + 1}: it may or may not have run, and is not run again`;
        ledger.update({ ...current, state: 'failed', endedAt: new Date().toISOString(), outcome: reason });
        recordFailure(stateDir, sourced.rulesConfig, current, index, reason);
        options.log(`rule ${rule.name}, event ${entry.eventId}: ${reason}`);
        return;
      }
    }
    // A sink action spools: delivery (and its retries) is the spool's business, so it never doubles.
    const toSink = async (sink: string, event: JsonObject) => {
      spoolEvent(stateDir, sink, event as unknown as JobEvent);
    };
    const result = await runAction(action, { event: sourced.event, configPath: sourced.rulesConfig, ruleKey: key, toSink });
    outcomes.push(result.outcome);
    options.log(`rule ${rule.name}, event ${entry.eventId}: ${result.outcome}`);
    if (!result.ok) {
      ledger.update({ ...current, state: 'failed', endedAt: new Date().toISOString(), outcome: outcomes.join('; ') });
      recordFailure(stateDir, sourced.rulesConfig, current, index, result.outcome);
      return;
    }
    current = { ...current, actionsDone: index + 1, outcome: outcomes.join('; ') };
    ledger.update(current);
  }
  ledger.update({ ...current, state: 'done', endedAt: new Date().toISOString() });
}
