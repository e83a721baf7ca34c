import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Component } from '../../../model/schema.js';
import { localNodeFacts } from '../../local/node-facts.js';
import { cpusOnNode, nodeTaskCounts } from '../../task-script/slurm-environment.js';
import type { ObjectStore } from '../job-objects/object-store.js';
import type { ImdsClient } from './imds-client.js';
import { DEFAULT_RSH, multiNodeEnvironment } from './multi-node-environment.js';
import { addHostEntries, authorizeJobKey, makeJobKey, useJobKeyFor } from './node-access.js';
import { joinNodeGroup, waitForGroupObject } from './node-group.js';
import { runShare, type AgentJob, type ShareOutcome } from './run-share.js';

export interface MultiNodeContext {
  store: ObjectStore;
  prefix: string;
  instanceId: string;
  /** The instance's directory for the job. */
  dir: string;
  stateDir: string;
  imds: ImdsClient;
  agentJob: AgentJob;
  nodes: number;
  log(line: string): void;
  interrupted(): Promise<boolean>;
  /** Tests only: where /etc/hosts is (under SPAWN_AGENT_PATH_PREFIX), and the remote shell srun uses. */
  hostsFile?: string;
  rsh?: string;
  /** Where storage.efs is mounted on this instance. */
  sharedRoot?: string;
}

/** How often the other nodes look for the first node's end marker: each look is one S3 GET. */
const WORKER_POLL_MS = 5000;

/**
 * One instance of a multi-node job: all of them find each other, then the first runs the batch script
 * (a share of one task) with the job's node list, host files and the job key, while the others serve
 * as its remote nodes until it marks the group done.
 */
export async function runMultiNode(context: MultiNodeContext): Promise<ShareOutcome> {
  const { store, prefix, imds, log } = context;
  const group = await joinNodeGroup(
    store,
    prefix,
    {
      reservationId: await imds.text('meta-data/reservation-id'),
      launchIndex: Number(await imds.text('meta-data/ami-launch-index')),
      instanceId: context.instanceId,
      privateIp: await imds.text('meta-data/local-ipv4'),
    },
    context.nodes,
  );
  const names = group.nodes.map((n) => n.name);
  log(`node ${group.self.launchIndex} of ${context.nodes}: ${names.join(',')}`);
  addHostEntries(context.hostsFile ?? '/etc/hosts', group.nodes);
  const others = group.nodes.filter((n) => n.launchIndex !== group.self.launchIndex);

  if (group.self.launchIndex !== 0) {
    const publicKey = await waitForGroupObject(store, `${group.groupPrefix}ssh.pub`, { until: context.interrupted });
    if (!publicKey) throw new Error('the first node never published the job key');
    authorizeJobKey(homedir(), publicKey.toString('utf8'));
    await store.put(`${group.groupPrefix}ready-${group.self.launchIndex}`, '');
    log('ready; serving the first node until it is done');
    await waitForGroupObject(store, `${group.groupPrefix}done`, { pollMs: WORKER_POLL_MS, timeoutMs: Number.POSITIVE_INFINITY, until: context.interrupted });
    return { ran: [], released: [] };
  }

  const key = makeJobKey(join(context.dir, 'ssh'), context.agentJob.jobId);
  useJobKeyFor(homedir(), group.nodes, key);
  await store.put(`${group.groupPrefix}ssh.pub`, key.publicKey);
  for (const node of others) {
    const ready = await waitForGroupObject(store, `${group.groupPrefix}ready-${node.launchIndex}`, { until: context.interrupted });
    if (!ready) throw new Error(`node ${node.name} never authorised the job key`);
  }
  const component = context.agentJob.job.components[0] as Component;
  const counts = nodeTaskCounts(component, cpusOnNode(component, localNodeFacts().cpus), context.nodes);
  const extra = multiNodeEnvironment(context.dir, group.nodes, counts, context.rsh ?? DEFAULT_RSH, context.agentJob.environment);
  try {
    return await runShare({
      store,
      prefix,
      instanceId: context.instanceId,
      stateDir: context.stateDir,
      agentJob: { ...context.agentJob, environment: { ...context.agentJob.environment, ...extra } },
      allocation: { nodeNames: names },
      interrupted: context.interrupted,
      ...(context.sharedRoot ? { sharedRoot: context.sharedRoot } : {}),
    });
  } finally {
    await store.put(`${group.groupPrefix}done`, '');
  }
}
