import type { Ec2Api, Ec2Filter, Ec2Instance } from './ec2-client.js';
import type { Market } from './capacity-cooldown.js';
import { awsFailure, DEFAULT_RETRY_POLICY, realRetryDeps, withRetries } from './retry.js';
import type { RetryDeps, RetryPolicy } from './retry.js';

/** The instances of jobs, found by tag (queue, cancel, cleanup, a resumed launch), and their termination. */

export interface FoundInstance {
  instanceId: string;
  instanceType: string;
  zone: string;
  market: Market;
  state: string;
  privateIp?: string;
  launchIndex: number;
  launchTime?: Date;
  clientToken?: string;
  tags: Record<string, string>;
}

export type InstanceQuery =
  | {
      tagKey: string;
      /** Several values find several jobs' instances in the same calls. */
      tagValue: string | string[];
      /** Default every state but terminated; 'all' includes terminated instances (EC2 shows them for about an hour). */
      states?: string[] | 'all';
    }
  | { filters: Ec2Filter[] };

export interface FindOptions {
  retry?: RetryDeps;
  policy?: RetryPolicy;
}

const LIVE_OR_ENDING = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];
/** EC2 takes at most 200 values in one filter. */
const FILTER_VALUES = 200;
const TERMINATE_CHUNK = 1000;

export function foundInstance(instance: Ec2Instance): FoundInstance {
  const found: FoundInstance = {
    instanceId: instance.InstanceId ?? '',
    instanceType: instance.InstanceType ?? '',
    zone: instance.Placement?.AvailabilityZone ?? '',
    market: instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    state: instance.State?.Name ?? 'unknown',
    launchIndex: instance.AmiLaunchIndex ?? 0,
    tags: Object.fromEntries((instance.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
  };
  if (instance.PrivateIpAddress) found.privateIp = instance.PrivateIpAddress;
  if (instance.LaunchTime) found.launchTime = instance.LaunchTime;
  if (instance.ClientToken) found.clientToken = instance.ClientToken;
  return found;
}

function filterSets(query: InstanceQuery): Ec2Filter[][] {
  if ('filters' in query) return [query.filters];
  const values = Array.isArray(query.tagValue) ? [...new Set(query.tagValue)] : [query.tagValue];
  const states = query.states === 'all' ? undefined : (query.states ?? LIVE_OR_ENDING);
  const sets: Ec2Filter[][] = [];
  for (let i = 0; i < values.length; i += FILTER_VALUES) {
    const filters: Ec2Filter[] = [{ Name: `tag:${query.tagKey}`, Values: values.slice(i, i + FILTER_VALUES) }];
    if (states) filters.push({ Name: 'instance-state-name', Values: states });
    sets.push(filters);
  }
  return sets;
}

/** Every instance matching the query, following NextToken with pages of 1000. */
export async function describeJobInstances(client: Ec2Api, query: InstanceQuery, options: FindOptions = {}): Promise<FoundInstance[]> {
  const retry = options.retry ?? realRetryDeps;
  const found = new Map<string, FoundInstance>();
  for (const filters of filterSets(query)) {
    let nextToken: string | undefined;
    do {
      const input = { Filters: filters, MaxResults: 1000, ...(nextToken ? { NextToken: nextToken } : {}) };
      const page = await withRetries('DescribeInstances', () => client.describeInstances(input), retry, options.policy ?? DEFAULT_RETRY_POLICY);
      for (const reservation of page.Reservations ?? []) for (const instance of reservation.Instances ?? []) if (instance.InstanceId) found.set(instance.InstanceId, foundInstance(instance));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
  }
  return [...found.values()];
}

export interface TerminatedInstance {
  instanceId: string;
  previousState?: string;
  currentState?: string;
}

/**
 * Terminates in calls of at most 1000 ids. Ids EC2 no longer knows are dropped and the rest sent again:
 * cleanup must not stop at an instance that is already gone.
 */
export async function terminateInstances(client: Ec2Api, ids: readonly string[], options: FindOptions = {}): Promise<TerminatedInstance[]> {
  const retry = options.retry ?? realRetryDeps;
  const results: TerminatedInstance[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += TERMINATE_CHUNK) {
    let chunk = unique.slice(i, i + TERMINATE_CHUNK);
    while (chunk.length > 0) {
      try {
        const input = { InstanceIds: chunk };
        const answer = await withRetries('TerminateInstances', () => client.terminateInstances(input), retry, options.policy ?? DEFAULT_RETRY_POLICY);
        for (const change of answer.TerminatingInstances ?? []) {
          const result: TerminatedInstance = { instanceId: change.InstanceId ?? '' };
          if (change.PreviousState?.Name) result.previousState = change.PreviousState.Name;
          if (change.CurrentState?.Name) result.currentState = change.CurrentState.Name;
          results.push(result);
        }
        break;
      } catch (error) {
        const { code, message } = awsFailure(error);
        const gone: string[] = code === 'InvalidInstanceID.NotFound' ? (message.match(/i-[0-9a-f]+/g) ?? []) : [];
        const rest = chunk.filter((id) => !gone.includes(id));
        if (gone.length === 0 || rest.length === chunk.length) throw error;
        chunk = rest;
      }
    }
  }
  return results;
}
