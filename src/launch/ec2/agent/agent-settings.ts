import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentJob } from './run-share.js';

/** What agent.sh tells the agent, besides its directory (`node agent.cjs DIR`). */
export interface AgentSettings {
  /** The instance's directory for the job: job.json, the bundles, the local state. */
  dir: string;
  bucket: string;
  /** The job's prefix, ending in `/`. */
  prefix: string;
  instanceId: string;
  /** The bucket's region. */
  region: string;
  /** How often to ask IMDS for a spot interruption notice. */
  spotPollMs: number;
}

const DEFAULT_SPOT_POLL_MS = 5000;

export function agentSettings(argv: readonly string[], env: NodeJS.ProcessEnv): AgentSettings {
  const dir = argv[0];
  if (!dir) throw new Error('usage: agent.cjs DIR');
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set (agent.sh sets it)`);
    return value;
  };
  const spotPollMs = Number(env['SPAWN_AGENT_SPOT_POLL_MS']);
  return {
    dir,
    bucket: required('SPAWN_AGENT_BUCKET'),
    prefix: required('SPAWN_AGENT_PREFIX'),
    instanceId: required('SPAWN_AGENT_INSTANCE_ID'),
    region: required('SPAWN_AGENT_REGION'),
    spotPollMs: Number.isFinite(spotPollMs) && spotPollMs > 0 ? spotPollMs : DEFAULT_SPOT_POLL_MS,
  };
}

/** DIR/job.json as the client wrote it, checked just enough that a broken one fails with a clear message. */
export function readAgentJob(dir: string): AgentJob {
  const path = join(dir, 'job.json');
  const job = JSON.parse(readFileSync(path, 'utf8')) as Partial<AgentJob>;
  const complete =
    Number.isInteger(job.jobId) &&
    typeof job.job === 'object' &&
    typeof job.script === 'string' &&
    typeof job.submitDir === 'string' &&
    typeof job.environment === 'object' &&
    Number(job.slots) >= 1;
  if (!complete) throw new Error(`${path} is not a job for this agent`);
  return job as AgentJob;
}
