import { join } from 'node:path';
import type { AgentJob } from './run-share.js';

export interface InstanceFacts {
  /** The agent's own PATH, the instance's. */
  path: string | undefined;
  /** Known when the job packs by type. */
  instanceType: string | null;
  /**
   * Tests only (SPAWN_AGENT_PATH_PREFIX): the submit directory under this directory, so that simulated
   * instances on one machine do not share the client's files.
   */
  pathPrefix?: string;
}

/**
 * The job as this instance runs it. Its tasks get the environment the client sent (already filtered by
 * --export and of secrets), with the instance's PATH after the submitter's: a command the submitter had
 * in a directory the instance lacks is still found where the instance keeps it. Its slots are those of
 * the instance's type, which a capacity fallback may have made another than the first choice.
 */
export function jobOnThisInstance(agentJob: AgentJob, facts: InstanceFacts): AgentJob {
  const path = [agentJob.environment['PATH'], facts.path].filter(Boolean).join(':');
  const slots = (facts.instanceType !== null && agentJob.slotsByType?.[facts.instanceType]) || agentJob.slots;
  const submitDir = facts.pathPrefix ? join(facts.pathPrefix, agentJob.submitDir) : agentJob.submitDir;
  return { ...agentJob, environment: path ? { ...agentJob.environment, PATH: path } : agentJob.environment, slots, submitDir };
}
