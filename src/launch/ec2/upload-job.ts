import { readFileSync } from 'node:fs';
import { bundlePath } from '../local/bundles.js';
import type { AgentJob } from './agent/run-share.js';
import { AGENT_BUNDLES, agentScript } from './agent-script.js';
import type { ObjectStore } from './job-objects/object-store.js';

/**
 * Everything an instance of the job fetches, put under the job's prefix once for the whole job: the
 * agent script and bundles, and job.json. The boot script in user data only knows where they are.
 */
export async function uploadJob(objects: ObjectStore, prefix: string, agentJob: AgentJob): Promise<void> {
  await Promise.all([
    objects.put(`${prefix}agent.sh`, agentScript(), 'text/x-shellscript'),
    ...AGENT_BUNDLES.map((name) => objects.put(`${prefix}agent/${name}`, readFileSync(bundlePath(name)), 'application/javascript')),
  ]);
  // Last: an instance that finds job.json finds the rest.
  await objects.put(`${prefix}job.json`, JSON.stringify(agentJob), 'application/json');
}
