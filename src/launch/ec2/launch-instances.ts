import { createHash } from 'node:crypto';
import type { Ec2Api, RunInstancesCommandInput } from './ec2-client.js';
import { coolingEntry, DEFAULT_COOLDOWN_MS, emptyCooldown, rememberCapacityFailure } from './capacity-cooldown.js';
import type { CapacityCooldown, LaunchTarget, Market } from './capacity-cooldown.js';
import { describeJobInstances, foundInstance, terminateInstances } from './find-instances.js';
import type { FoundInstance } from './find-instances.js';
import { awsFailure, DEFAULT_RETRY_POLICY, failureKind, hintFor, RetriesExhaustedError, withRetries } from './retry.js';
import type { RetryDeps, RetryPolicy } from './retry.js';

/**
 * Launches one batch of identical instances with as few RunInstances calls as capacity allows: one call
 * asks for everything still missing (MinCount 1, MaxCount remaining), whatever EC2 could not place moves
 * on to the next (type, zone, market) target. Every call carries a ClientToken derived from the job, the
 * batch, the target and the counts, so a retried call after a lost answer, or a resumed submit, gets the
 * instances launched before instead of new ones. See docs/ec2-launching.md.
 */

export type Purchase = 'spot' | 'on-demand' | 'spot-with-fallback';

export interface LaunchRequest {
  jobId: number;
  /** Stable per batch (`tasks-0-999`); with jobId it identifies the batch across resumed submits. */
  batchKey: string;
  count: number;
  /** Multi-node: MinCount = MaxCount = count, in one zone, or nothing. */
  allOrNothing: boolean;
  /** Best first; `efa`: the type has EFA and the job spans nodes, so its interface is an EFA one. */
  candidates: Array<{ instanceType: string; efa?: boolean }>;
  purchase: Purchase;
  /** Default: the subnets' zones, else the region's available zones. */
  zones?: string[];
  subnetsByZone?: Record<string, string>;
  imageId: string;
  /** Already base64. */
  userData: string;
  iamInstanceProfile?: string;
  keyName?: string;
  securityGroupIds?: string[];
  /** On the instance and its volumes, set by RunInstances itself. */
  tags: Record<string, string>;
  /** A cluster placement group that exists (all-or-nothing launches keep it in one zone). */
  placementGroup?: string;
  /** Every candidate gets an EFA interface. */
  efa?: boolean;
  /** Expose the instance's tags in instance metadata (InstanceMetadataTags). */
  instanceMetadataTags?: boolean;
}

export interface LaunchDeps {
  client: Ec2Api;
  sleep?: RetryDeps['sleep'];
  random?: RetryDeps['random'];
  now?: () => number;
  /** Changed in place; the caller persists it between batches and submits. */
  cooldown?: CapacityCooldown;
  cooldownMs?: number;
  retryPolicy?: RetryPolicy;
  onProgress?(launched: number, wanted: number): void;
}

export interface LaunchedInstance {
  instanceId: string;
  instanceType: string;
  zone: string;
  market: Market;
  privateIp?: string;
  /** AmiLaunchIndex: the position within its RunInstances call. */
  launchIndex: number;
  /** The position within the batch, 0 … n-1, in launch order. */
  batchOrdinal: number;
}

export interface LaunchAttempt extends LaunchTarget {
  outcome: string;
}

export interface LaunchResult {
  instances: LaunchedInstance[];
  /** EC2 API calls made, retries included. */
  calls: number;
  attempts: LaunchAttempt[];
  /** Instances that could not be launched anywhere (never for allOrNothing: that throws). */
  shortfall?: number;
  reasons?: string[];
}

/** On every instance and volume: how a resumed launch finds what an earlier run launched. */
export const LAUNCH_BATCH_TAG = 'spawn-slurm:launch-batch';

export class Ec2LaunchError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly attempts: LaunchAttempt[],
    /** Still running: the caller decides what to do with them. */
    readonly launched: LaunchedInstance[],
    readonly hint?: string,
    readonly awsMessage?: string,
  ) {
    super(hint ? `${message}\nhint: ${hint}` : message);
    this.name = 'Ec2LaunchError';
  }
}

/** At most 64 ASCII characters, as EC2 requires; a new one for every distinct call, the same for a repeated one. */
export function launchClientToken(jobId: number, batchKey: string, target: LaunchTarget, ordinal: number, minCount: number, maxCount: number): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([jobId, batchKey, target.instanceType, target.zone, target.market, ordinal, minCount, maxCount]))
    .digest('hex');
  return `ss-${jobId}-${digest}`.slice(0, 64);
}

const LIVE = new Set(['pending', 'running']);
/** A token whose instances have all ended (a cancelled group, a cleaned-up attempt) is replaced this many times. */
const MAX_ORDINAL = 3;

const describeTarget = (t: LaunchTarget) => `${t.instanceType} in ${t.zone} (${t.market})`;

function targetsOf(request: LaunchRequest, zones: string[]): LaunchTarget[] {
  const markets: Market[] = request.purchase === 'spot' ? ['spot'] : request.purchase === 'on-demand' ? ['on-demand'] : ['spot', 'on-demand'];
  const targets: LaunchTarget[] = [];
  const types = [...new Set(request.candidates.map((c) => c.instanceType))];
  for (const market of markets) for (const instanceType of types) for (const zone of zones) targets.push({ instanceType, zone, market });
  return targets;
}

function validate(request: LaunchRequest): void {
  const problems: string[] = [];
  if (!Number.isInteger(request.jobId) || request.jobId < 0) problems.push(`jobId ${request.jobId} is not a non-negative integer`);
  if (!request.batchKey) problems.push('batchKey is empty');
  if (!Number.isInteger(request.count) || request.count < 1) problems.push(`count ${request.count} is not a positive integer`);
  if (request.candidates.length === 0) problems.push('no candidate instance types');
  if (problems.length) throw new Ec2LaunchError(`invalid launch request: ${problems.join('; ')}`, 'InvalidLaunchRequest', [], []);
}

export async function launchInstances(request: LaunchRequest, deps: LaunchDeps): Promise<LaunchResult> {
  validate(request);
  const now = deps.now ?? Date.now;
  const cooldown = deps.cooldown ?? emptyCooldown();
  const policy = deps.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const retry: RetryDeps = {
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
  };
  let calls = 0;
  const counted =
    <I, O>(fn: (input: I) => Promise<O>) =>
    (input: I) => {
      calls++;
      return fn(input);
    };
  const { client: raw } = deps;
  const client: Ec2Api = {
    runInstances: counted((input) => raw.runInstances(input)),
    describeInstances: counted((input) => raw.describeInstances(input)),
    terminateInstances: counted((input) => raw.terminateInstances(input)),
    describeAvailabilityZones: counted((input) => raw.describeAvailabilityZones(input)),
    describeSubnets: counted((input) => raw.describeSubnets(input)),
    createPlacementGroup: counted((input) => raw.createPlacementGroup(input)),
    deletePlacementGroup: counted((input) => raw.deletePlacementGroup(input)),
  };
  const attempts: LaunchAttempt[] = [];
  const instances: LaunchedInstance[] = [];
  const batchTagValue = `${request.jobId}/${request.batchKey}`;
  const progress = () => deps.onProgress?.(instances.length, request.count);
  const add = (list: Array<Omit<LaunchedInstance, 'batchOrdinal'>>) => {
    for (const instance of list) instances.push({ ...instance, batchOrdinal: instances.length });
  };
  const fail = (message: string, code: string, aws?: { code: string; message: string }) => new Ec2LaunchError(message, code, attempts, instances, hintFor(aws?.code ?? code), aws?.message);

  // A resumed submit: what an earlier run of this batch launched and is still alive counts.
  const earlier = await describeJobInstances(client, { tagKey: LAUNCH_BATCH_TAG, tagValue: batchTagValue, states: ['pending', 'running'] }, { retry, policy });
  if (earlier.length > 0) {
    const ordered = [...earlier].sort(byLaunchOrder);
    const oneZone = new Set(ordered.map((i) => i.zone)).size === 1;
    if (request.allOrNothing && (ordered.length < request.count || !oneZone)) {
      await terminateInstances(
        client,
        ordered.map((i) => i.instanceId),
        { retry, policy },
      );
      attempts.push({ ...targetOfFound(ordered[0] as FoundInstance), outcome: `resumed: terminated ${ordered.length} instance(s) of an incomplete group` });
    } else {
      add(ordered.slice(0, request.count).map(fromFound));
      const first = ordered[0] as FoundInstance;
      attempts.push({ ...targetOfFound(first), outcome: `resumed: ${Math.min(ordered.length, request.count)} instance(s) launched earlier` });
      progress();
    }
  }

  const zones = request.zones ?? (request.subnetsByZone ? Object.keys(request.subnetsByZone) : await availableZones(client, retry, policy));
  const reasons: string[] = [];

  for (const target of targetsOf(request, zones)) {
    const remaining = request.count - instances.length;
    if (remaining <= 0) break;
    const cooling = coolingEntry(cooldown, target, now());
    if (cooling) {
      const outcome = `skipped: ${cooling.code} recently, cooling down until ${new Date(cooling.until).toISOString()}`;
      attempts.push({ ...target, outcome });
      reasons.push(`${describeTarget(target)}: ${outcome}`);
      continue;
    }
    const minCount = request.allOrNothing ? request.count : 1;
    const maxCount = request.allOrNothing ? request.count : remaining;
    for (let ordinal = 0; ordinal < MAX_ORDINAL; ordinal++) {
      const clientToken = launchClientToken(request.jobId, request.batchKey, target, ordinal, minCount, maxCount);
      const input = runInput(request, target, minCount, maxCount, clientToken, batchTagValue);
      let answer: Awaited<ReturnType<Ec2Api['runInstances']>>;
      try {
        answer = await withRetries(`RunInstances ${describeTarget(target)}`, () => client.runInstances(input), retry, policy);
      } catch (error) {
        if (error instanceof RetriesExhaustedError) {
          attempts.push({ ...target, outcome: `gave up: ${error.last.code} ${error.tries} times` });
          // The answer may have been lost after EC2 launched: a group nobody will use must not stay up.
          if (request.allOrNothing) await terminateByToken(client, clientToken, retry, policy);
          throw fail(
            `${error.message}\ninstances launched for this batch carry the tag ${LAUNCH_BATCH_TAG}=${batchTagValue}; submitting again resumes without duplicates`,
            'RetriesExhausted',
            error.last,
          );
        }
        const aws = awsFailure(error);
        if (failureKind(error) === 'capacity') {
          rememberCapacityFailure(cooldown, target, aws.code, now(), deps.cooldownMs ?? DEFAULT_COOLDOWN_MS);
          attempts.push({ ...target, outcome: `${aws.code}: ${aws.message}` });
          reasons.push(`${describeTarget(target)}: ${aws.code}: ${aws.message}`);
          break;
        }
        attempts.push({ ...target, outcome: `failed: ${aws.code}: ${aws.message}` });
        throw fail(`RunInstances ${describeTarget(target)} failed: ${aws.code}: ${aws.message}`, aws.code, aws);
      }
      const returned = answer.Instances ?? [];
      const live = returned.filter((i) => LIVE.has(i.State?.Name ?? 'pending'));
      if (returned.length > 0 && live.length === 0) {
        attempts.push({ ...target, outcome: `token ${ordinal} answered with ${returned.length} ended instance(s); using a new token` });
        continue;
      }
      const launched = live
        .map((i) => ({
          ...fromFound({ ...foundInstance(i), instanceType: i.InstanceType ?? target.instanceType, zone: i.Placement?.AvailabilityZone ?? target.zone }),
          market: target.market,
        }))
        .sort((a, b) => a.launchIndex - b.launchIndex);
      if (request.allOrNothing && launched.length < request.count) {
        await terminateInstances(client, returned.map((i) => i.InstanceId ?? '').filter(Boolean), { retry, policy });
        const outcome = `only ${launched.length} of ${request.count} came up; terminated them`;
        attempts.push({ ...target, outcome });
        reasons.push(`${describeTarget(target)}: ${outcome}`);
        break;
      }
      add(launched);
      progress();
      const partial = launched.length < maxCount;
      if (partial) rememberCapacityFailure(cooldown, target, 'PartialFulfilment', now(), deps.cooldownMs ?? DEFAULT_COOLDOWN_MS);
      const outcome = partial ? `launched ${launched.length} of ${maxCount} (partial fulfilment)` : `launched ${launched.length}`;
      attempts.push({ ...target, outcome });
      if (partial) reasons.push(`${describeTarget(target)}: ${outcome}`);
      break;
    }
  }

  const shortfall = request.count - instances.length;
  if (shortfall > 0 && instances.length === 0) {
    const tried = attempts.map((a) => `  ${describeTarget(a)}: ${a.outcome}`).join('\n');
    const lastCapacity = [...attempts].reverse().find((a) => !a.outcome.startsWith('skipped'));
    throw fail(
      `could not launch ${request.count} instance(s) for job ${request.jobId} batch ${request.batchKey} on any target:\n${tried || '  (no targets: no zones or candidates)'}`,
      'NoCapacity',
      lastCapacity ? { code: 'NoCapacity', message: lastCapacity.outcome } : undefined,
    );
  }
  return { instances, calls, attempts, ...(shortfall > 0 ? { shortfall, reasons } : {}) };
}

function runInput(request: LaunchRequest, target: LaunchTarget, minCount: number, maxCount: number, clientToken: string, batchTagValue: string): RunInstancesCommandInput {
  const tags = Object.entries({ ...request.tags, [LAUNCH_BATCH_TAG]: batchTagValue }).map(([Key, Value]) => ({ Key, Value }));
  const subnetId = request.subnetsByZone?.[target.zone];
  const input: RunInstancesCommandInput = {
    ImageId: request.imageId,
    InstanceType: target.instanceType as RunInstancesCommandInput['InstanceType'],
    MinCount: minCount,
    MaxCount: maxCount,
    ClientToken: clientToken,
    UserData: request.userData,
    Placement: { AvailabilityZone: target.zone, ...(request.placementGroup ? { GroupName: request.placementGroup } : {}) },
    InstanceInitiatedShutdownBehavior: 'terminate',
    MetadataOptions: {
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 1,
      HttpEndpoint: 'enabled',
      ...(request.instanceMetadataTags ? { InstanceMetadataTags: 'enabled' } : {}),
    },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ],
  };
  if (request.iamInstanceProfile) input.IamInstanceProfile = { Name: request.iamInstanceProfile };
  if (request.keyName) input.KeyName = request.keyName;
  if (target.market === 'spot') {
    input.InstanceMarketOptions = { MarketType: 'spot', SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' } };
  }
  if (request.efa || request.candidates.some((c) => c.instanceType === target.instanceType && c.efa)) {
    // EC2 refuses instance-level subnet and security groups next to network interfaces: they go on the interface.
    input.NetworkInterfaces = [
      {
        DeviceIndex: 0,
        InterfaceType: 'efa',
        DeleteOnTermination: true,
        ...(subnetId ? { SubnetId: subnetId } : {}),
        ...(request.securityGroupIds?.length ? { Groups: request.securityGroupIds } : {}),
      },
    ];
  } else {
    if (subnetId) input.SubnetId = subnetId;
    if (request.securityGroupIds?.length) input.SecurityGroupIds = request.securityGroupIds;
  }
  return input;
}

async function availableZones(client: Ec2Api, retry: RetryDeps, policy: RetryPolicy): Promise<string[]> {
  const input = {
    Filters: [
      { Name: 'state', Values: ['available'] },
      { Name: 'zone-type', Values: ['availability-zone'] },
    ],
  };
  const answer = await withRetries('DescribeAvailabilityZones', () => client.describeAvailabilityZones(input), retry, policy);
  return (answer.AvailabilityZones ?? []).map((z) => z.ZoneName ?? '').filter(Boolean);
}

async function terminateByToken(client: Ec2Api, clientToken: string, retry: RetryDeps, policy: RetryPolicy): Promise<void> {
  try {
    const found = await describeJobInstances(client, { filters: [{ Name: 'client-token', Values: [clientToken] }] }, { retry, policy });
    const ids = found.filter((i) => LIVE.has(i.state)).map((i) => i.instanceId);
    if (ids.length) await terminateInstances(client, ids, { retry, policy });
  } catch {
    // Best effort while EC2 is not answering; the batch tag still finds them for `cancel`.
  }
}

function fromFound(found: FoundInstance): Omit<LaunchedInstance, 'batchOrdinal'> {
  return {
    instanceId: found.instanceId,
    instanceType: found.instanceType,
    zone: found.zone,
    market: found.market,
    launchIndex: found.launchIndex,
    ...(found.privateIp ? { privateIp: found.privateIp } : {}),
  };
}

const targetOfFound = (found: FoundInstance): LaunchTarget => ({ instanceType: found.instanceType, zone: found.zone, market: found.market });

function byLaunchOrder(a: FoundInstance, b: FoundInstance): number {
  const time = (a.launchTime?.getTime() ?? 0) - (b.launchTime?.getTime() ?? 0);
  if (time !== 0) return time;
  if (a.clientToken !== b.clientToken) return (a.clientToken ?? '') < (b.clientToken ?? '') ? -1 : 1;
  return a.launchIndex - b.launchIndex;
}
