import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore } from '../job-objects/object-store.js';
import { nodeNameOf } from '../node-names.js';

/**
 * The instances of one multi-node launch find each other through the job's S3 prefix: all of them come
 * from one all-or-nothing RunInstances call, so they share its reservation id, and their launch indices
 * (0 … n-1) order them. Each puts its address under `nodes/<reservation>/`, and waits until all n have;
 * the one of launch index 0 is the job's first node, where the batch script runs.
 */

export interface GroupNode {
  launchIndex: number;
  instanceId: string;
  privateIp: string;
  /** `ip-10-0-1-5`, EC2's IP-based host name: what SLURM_JOB_NODELIST lists. */
  name: string;
}

export interface NodeGroup {
  /** `<prefix>nodes/<reservation>/`: the group's own objects. */
  groupPrefix: string;
  /** By launch index. */
  nodes: GroupNode[];
  self: GroupNode;
}

export interface ThisNode {
  reservationId: string;
  launchIndex: number;
  instanceId: string;
  privateIp: string;
}

export interface WaitOptions {
  pollMs?: number;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

export async function joinNodeGroup(store: ObjectStore, prefix: string, me: ThisNode, size: number, wait: WaitOptions = {}): Promise<NodeGroup> {
  const groupPrefix = `${prefix}nodes/${me.reservationId}/`;
  const self: GroupNode = { launchIndex: me.launchIndex, instanceId: me.instanceId, privateIp: me.privateIp, name: nodeNameOf(me.privateIp) };
  await store.put(`${groupPrefix}node-${me.launchIndex}.json`, JSON.stringify(self), 'application/json');
  const deadline = Date.now() + (wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const keys = (await store.list(groupPrefix)).filter((key) => /\/node-\d+\.json$/.test(key));
    if (keys.length >= size) {
      const nodes: GroupNode[] = [];
      for (const key of keys) {
        const body = await store.get(key);
        if (body) nodes.push(JSON.parse(body.toString('utf8')) as GroupNode);
      }
      nodes.sort((a, b) => a.launchIndex - b.launchIndex);
      if (nodes.length >= size) return { groupPrefix, nodes: nodes.slice(0, size), self };
    }
    if (Date.now() > deadline)
      throw new Error(`only ${keys.length} of the job's ${size} nodes reported under s3://…/${groupPrefix} within ${Math.round((wait.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 60_000)} minutes`);
    await sleep(wait.pollMs ?? 1000);
  }
}

/** Waits for an object of the group (the first node's public key, its end marker). */
export async function waitForGroupObject(store: ObjectStore, key: string, wait: WaitOptions & { until?: () => Promise<boolean> } = {}): Promise<Buffer | null> {
  const deadline = Date.now() + (wait.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const body = await store.get(key);
    if (body) return body;
    if (Date.now() > deadline || (await wait.until?.())) return null;
    await sleep(wait.pollMs ?? 1000);
  }
}
