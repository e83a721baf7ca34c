import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInside } from './job-inputs.js';
import { s3ObjectStore } from '../job-objects/s3-object-store.js';
import { agentSettings, readAgentJob } from './agent-settings.js';
import { ImdsClient } from './imds-client.js';
import { downloadInputs } from './job-inputs.js';
import { jobOnThisInstance } from './instance-job.js';
import { mountEfs } from './mount-efs.js';
import { runMultiNode } from './run-multi-node.js';
import { runShare } from './run-share.js';
import { spotNotice } from './spot-notice.js';

/**
 * dist/agent.cjs: `node agent.cjs DIR`, started by agent.sh on each instance (see agent-script.ts for
 * its environment). It recreates the submit directory with the job's inputs, runs this instance's share
 * of the tasks under the local supervisor, and exits 0 once the share has run, whatever the tasks' exit
 * codes (those are in results/); any other status means the agent itself failed.
 */

const log = (line: string) => process.stdout.write(`${new Date().toISOString()} agent: ${line}\n`);

async function main(): Promise<void> {
  const settings = agentSettings(process.argv.slice(2), process.env);
  const { prefix, instanceId } = settings;
  const imds = new ImdsClient();
  const submitted = readAgentJob(settings.dir);
  const instanceType = submitted.slotsByType ? await imds.text('meta-data/instance-type') : null;
  const pathPrefix = process.env['SPAWN_AGENT_PATH_PREFIX'];
  const agentJob = jobOnThisInstance(submitted, { path: process.env['PATH'], instanceType, ...(pathPrefix ? { pathPrefix } : {}) });
  log(`job ${agentJob.jobId} on ${instanceId}: s3://${settings.bucket}/${prefix}, ${agentJob.slots} task(s) at once`);
  // The SDK's default chain: on an instance, the instance profile's credentials from IMDS, kept in memory.
  const store = s3ObjectStore({ region: settings.region, bucket: settings.bucket });
  try {
    const sharedRoot = agentJob.efs
      ? await mountEfs(agentJob.efs, log, {
          ...(pathPrefix ? { pathPrefix } : {}),
          ...(process.env['SPAWN_AGENT_MOUNT'] ? { mountCommand: process.env['SPAWN_AGENT_MOUNT'] } : {}),
        })
      : undefined;
    mkdirSync(agentJob.submitDir, { recursive: true });
    for (const directory of agentJob.directories ?? []) mkdirSync(resolveInside(agentJob.submitDir, directory), { recursive: true });
    const fetched = await downloadInputs(store, prefix, agentJob.submitDir);
    log(`fetched ${fetched} input object(s) into ${agentJob.submitDir}`);
    const stateDir = join(settings.dir, 'state');
    mkdirSync(stateDir, { recursive: true });
    const interrupted = spotNotice(imds, settings.spotPollMs, log);
    const nodes = agentJob.nodes ?? 1;
    log(nodes > 1 ? `meeting the job's other ${nodes - 1} node(s)` : 'running the share');
    const outcome =
      nodes > 1
        ? await runMultiNode({
            store,
            prefix,
            instanceId,
            dir: settings.dir,
            stateDir,
            imds,
            agentJob,
            nodes,
            log,
            interrupted,
            ...(sharedRoot ? { sharedRoot } : {}),
            ...(pathPrefix ? { hostsFile: join(pathPrefix, 'etc', 'hosts') } : {}),
            ...(process.env['SPAWN_AGENT_RSH'] ? { rsh: process.env['SPAWN_AGENT_RSH'] } : {}),
          })
        : await runShare({ store, prefix, instanceId, stateDir, agentJob, interrupted, ...(sharedRoot ? { sharedRoot } : {}) });
    log(`ran task(s) [${outcome.ran.join(',')}], gave back [${outcome.released.join(',')}]`);
  } finally {
    store.destroy();
  }
}

main().then(
  // Exit now rather than when the event loop drains: a socket kept alive must not hold the instance up.
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`spawn-slurm agent: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(1);
  },
);
