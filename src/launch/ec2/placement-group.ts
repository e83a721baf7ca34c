import type { Ec2Api } from './ec2-client.js';
import { awsFailure, DEFAULT_RETRY_POLICY, realRetryDeps, withRetries } from './retry.js';
import type { RetryDeps } from './retry.js';

/**
 * A multi-node job's cluster placement group: its nodes sit close on the network, as a cluster's do.
 * One per job, named after the store and the job, so a resumed submit or a replacement launch finds the
 * same one; deleted once the job's instances are gone (groups cost nothing, but an account may hold
 * only so many).
 */
export function placementGroupName(storeId: string, jobId: number): string {
  return `spawn-slurm-${storeId}-${jobId}`;
}

export async function ensurePlacementGroup(client: Ec2Api, name: string, tags: Record<string, string>, retry: RetryDeps = realRetryDeps): Promise<void> {
  try {
    await withRetries(
      `CreatePlacementGroup ${name}`,
      () =>
        client.createPlacementGroup({
          GroupName: name,
          Strategy: 'cluster',
          TagSpecifications: [{ ResourceType: 'placement-group', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
        }),
      retry,
      DEFAULT_RETRY_POLICY,
    );
  } catch (error) {
    if (awsFailure(error).code !== 'InvalidPlacementGroup.Duplicate') throw error;
  }
}

/** true once the group is gone; false while instances still in it (shutting down) keep it in use. */
export async function deletePlacementGroup(client: Ec2Api, name: string, retry: RetryDeps = realRetryDeps): Promise<boolean> {
  try {
    await withRetries(`DeletePlacementGroup ${name}`, () => client.deletePlacementGroup({ GroupName: name }), retry, DEFAULT_RETRY_POLICY);
    return true;
  } catch (error) {
    const code = awsFailure(error).code;
    if (code === 'InvalidPlacementGroup.Unknown') return true;
    if (code === 'InvalidPlacementGroup.InUse') return false;
    throw error;
  }
}
