import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { listenOnLoopback, readBody } from '../loopback-server.js';
import { ApiError, listParam, queryFilters } from '../fake-aws/ec2-query.js';
import { xmlDocument } from '../fake-aws/xml.js';
import type { XmlValue } from '../fake-aws/xml.js';
import { authenticateRequest } from '../sigv4.js';
import type { Authorization } from '../sigv4.js';

/**
 * A stateful stand-in for the EC2 calls a launcher makes, speaking the real EC2 Query protocol (form-encoded
 * POST, XML answers, `Response/Errors/Error` failures with EC2's HTTP statuses) so the real SDK talks to it
 * through its `endpoint` setting. Every request must carry a valid SigV4 signature for the expected access
 * key. It keeps instances, reservations, client tokens and placement groups; instances move pending → running
 * and shutting-down → terminated on a clock the test can `advance()`. Faults (capacity errors and caps,
 * throttling, latency, dropped answers) are set at start and changed at run time. Every request is recorded.
 * Bound to 127.0.0.1 on a random port; it closes itself after `maxLifetimeMs`.
 */

export type Market = 'spot' | 'on-demand';
export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
export type CapacityErrorCode =
  | 'InsufficientInstanceCapacity'
  | 'InstanceLimitExceeded'
  | 'VcpuLimitExceeded'
  | 'MaxSpotInstanceCountExceeded'
  | 'Unsupported'
  | 'SpotMaxPriceTooLow'
  | 'InsufficientFreeAddressesInSubnet';

/** Which RunInstances calls a fault applies to; a missing field matches anything. */
export interface TargetMatch {
  instanceType?: string;
  zone?: string;
  market?: Market;
}

export interface CapacityErrorFault extends TargetMatch {
  code: CapacityErrorCode;
  message?: string;
  /** Applies to this many matching calls, then disappears; default: for ever. */
  times?: number;
}

/** At most `available` more instances of the type in the zone (any market): EC2 launches what fits. */
export interface CapacityCap {
  instanceType: string;
  zone: string;
  available: number;
}

export interface ThrottleSettings {
  /** Throttle the next N calls. */
  next?: number;
  /** Throttle this fraction of calls, drawn from a seeded generator (deterministic). */
  fraction?: number;
  seed?: number;
  /** Only these actions; default all. */
  actions?: string[];
}

/** `launch-then-drop`: RunInstances launches, then the connection is cut before any answer is written. */
export interface DropFault extends TargetMatch {
  mode: 'launch-then-drop';
  /** Default 1. */
  times?: number;
}

export interface FakeEc2Options {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** Default `<region>a`, `<region>b`, `<region>c`. */
  zones?: string[];
  /** Zone → subnet ids; default one subnet per zone, `subnet-<n>`. */
  subnets?: Record<string, string[]>;
  /** Known images; default: every well-formed ami-… exists. */
  images?: string[];
  /** Pending → running after this long on the fake clock; default 2 s. */
  pendingMs?: number;
  /** Shutting-down → terminated (and stopping → stopped) after this long; default 2 s. */
  shuttingDownMs?: number;
  /** Time between a spot interruption notice and the interruption; default 120 s, as EC2's two-minute warning. */
  spotNoticeMs?: number;
  capacityErrors?: CapacityErrorFault[];
  capacity?: CapacityCap[];
  throttle?: ThrottleSettings;
  latencyMs?: number;
  drops?: DropFault[];
  /** Default page size of DescribeInstances without MaxResults: all (as EC2). */
  pageSize?: number;
  /** Default 120 s: the server never outlives a test run. */
  maxLifetimeMs?: number;
}

export interface RecordedEc2Request {
  action: string;
  params: Record<string, string>;
  /** The access key from the Authorization header, if any. */
  accessKeyId: string | undefined;
  /** The error code answered, or 'dropped'; undefined on success. */
  error?: string;
}

export interface MetadataOptions {
  httpTokens: string;
  httpPutResponseHopLimit: number;
  httpEndpoint: string;
  instanceMetadataTags: string;
}

export interface FakeInstance {
  instanceId: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  zone: string;
  subnetId: string;
  market: Market;
  state: InstanceStateName;
  stateReason?: { code: string; message: string };
  tags: Record<string, string>;
  volumeTags: Record<string, string>;
  /** Base64 as sent. */
  userData?: string;
  clientToken?: string;
  launchIndex: number;
  privateIpAddress: string;
  metadataOptions: MetadataOptions;
  shutdownBehavior: 'stop' | 'terminate';
  spotOptions?: { spotInstanceType?: string; instanceInterruptionBehavior?: string; maxPrice?: string };
  keyName?: string;
  iamInstanceProfile?: string;
  placementGroup?: string;
  securityGroupIds: string[];
  networkInterfaces: Array<{ deviceIndex: number; interfaceType?: string; subnetId?: string }>;
  launchTime: Date;
}

export interface FakeEc2 {
  url: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  requests: RecordedEc2Request[];
  /** Requests of one action (successful or not). */
  calls(action: string): RecordedEc2Request[];
  instances(): FakeInstance[];
  instance(instanceId: string): FakeInstance | undefined;
  placementGroups(): Array<{ groupName: string; strategy: string; zone?: string }>;
  /** Moves the fake clock on; without an argument far enough for every pending transition to complete. */
  advance(ms?: number): void;
  /** Gives a spot instance its two-minute notice; it is terminated when the notice runs out. */
  interruptSpot(instanceId: string): void;
  /** What `spot/instance-action` in IMDS would serve: null until an interruption is announced. */
  spotNotice(instanceId: string): { action: 'terminate'; time: string } | null;
  /** As `shutdown -h` on the instance: ends it as its InstanceInitiatedShutdownBehavior says. */
  shutdownFromInside(instanceId: string): void;
  setCapacityErrors(faults: CapacityErrorFault[]): void;
  addCapacityError(fault: CapacityErrorFault): void;
  setCapacity(instanceType: string, zone: string, available: number | undefined): void;
  setThrottle(settings: ThrottleSettings | undefined): void;
  setLatency(ms: number): void;
  addDrop(fault: DropFault): void;
  close(): Promise<void>;
}

const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const OWNER_ID = '123456789012';
const STATE_CODES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };
const CAPACITY_STATUS: Record<CapacityErrorCode, number> = {
  InsufficientInstanceCapacity: 500,
  InstanceLimitExceeded: 400,
  VcpuLimitExceeded: 400,
  MaxSpotInstanceCountExceeded: 400,
  Unsupported: 400,
  SpotMaxPriceTooLow: 400,
  InsufficientFreeAddressesInSubnet: 400,
};
const TAGGABLE_AT_LAUNCH = new Set(['instance', 'volume', 'network-interface', 'spot-instances-request', 'elastic-gpu']);

class Dropped extends Error {}

const invalid = (message: string) => new ApiError(400, 'InvalidParameterValue', message);

/** Checks the SigV4 Authorization header as EC2 does: the expected access key, and the signature recomputed with the expected secret. */
function authenticate(request: IncomingMessage, body: string, accessKeyId: string, secretAccessKey: string): Authorization {
  const checked = authenticateRequest(request, body, { accessKeyId, secretAccessKey });
  if (!checked.ok) throw new ApiError(checked.status, checked.code, checked.message);
  return checked.auth;
}

function tagsOf(params: Record<string, string>, prefix: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params[`${prefix}.${i}.Key`] !== undefined; i++) {
    const key = params[`${prefix}.${i}.Key`] as string;
    if (key.toLowerCase().startsWith('aws:')) throw invalid(`Tag keys starting with 'aws:' are reserved for internal use`);
    if (key.length > 128) throw invalid(`Tag key exceeds the maximum length of 128 characters`);
    const value = params[`${prefix}.${i}.Value`] ?? '';
    if (value.length > 256) throw invalid(`Tag value exceeds the maximum length of 256 characters`);
    tags[key] = value;
  }
  return tags;
}

/** Mulberry32: a tiny seeded generator, so a fraction of throttled calls is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What EC2 compares on a repeated ClientToken: every parameter but the token itself. */
const fingerprintOf = (params: Record<string, string>) =>
  JSON.stringify(
    Object.entries(params)
      .filter(([k]) => k !== 'Action' && k !== 'Version' && k !== 'ClientToken')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );

const matches = (match: TargetMatch, type: string, zone: string, market: Market) =>
  (match.instanceType === undefined || match.instanceType === type) && (match.zone === undefined || match.zone === zone) && (match.market === undefined || match.market === market);

interface InstanceRecord extends Omit<FakeInstance, 'state' | 'stateReason'> {
  launchedAt: number;
  /** When shutting-down (or stopping) begins. */
  endingAt?: number;
  endKind?: 'terminate' | 'stop';
  endReason?: { code: string; message: string };
  notice?: { action: 'terminate'; time: string };
}

export async function startFakeEc2(options: FakeEc2Options = {}): Promise<FakeEc2> {
  const region = options.region ?? 'us-east-1';
  const accessKeyId = options.accessKeyId ?? 'AKIAFAKEEC2FAKEEC2XX';
  const secretAccessKey = options.secretAccessKey ?? 'fake/ec2/secret/key';
  const zones = options.zones ?? [`${region}a`, `${region}b`, `${region}c`];
  const subnets = new Map<string, string>();
  {
    let n = 1;
    const given = options.subnets ?? Object.fromEntries(zones.map((zone) => [zone, [`subnet-${String(n++).padStart(8, '0')}`]]));
    for (const [zone, ids] of Object.entries(given)) for (const id of ids) subnets.set(id, zone);
  }
  const pendingMs = options.pendingMs ?? 2_000;
  const shuttingDownMs = options.shuttingDownMs ?? 2_000;
  const spotNoticeMs = options.spotNoticeMs ?? 120_000;
  let capacityErrors: CapacityErrorFault[] = [...(options.capacityErrors ?? [])].map((f) => ({ ...f }));
  const capacity = new Map<string, number>((options.capacity ?? []).map((c) => [`${c.instanceType} ${c.zone}`, c.available]));
  let throttle: ThrottleSettings | undefined = options.throttle ? { ...options.throttle } : undefined;
  let random = seeded(options.throttle?.seed ?? 1);
  let latencyMs = options.latencyMs ?? 0;
  const drops: DropFault[] = (options.drops ?? []).map((d) => ({ ...d }));

  const requests: RecordedEc2Request[] = [];
  const records = new Map<string, InstanceRecord>();
  const reservations = new Map<string, string[]>();
  const tokens = new Map<string, { fingerprint: string; reservationId: string }>();
  const groups = new Map<string, { groupName: string; strategy: string; groupId: string }>();
  const pageTokens = new Map<string, number>();
  let clockOffset = 0;
  let counter = 0;
  const now = () => Date.now() + clockOffset;

  function stateOf(record: InstanceRecord): { state: InstanceStateName; reason?: { code: string; message: string } } {
    const t = now();
    if (record.endingAt !== undefined && t >= record.endingAt) {
      const done = t >= record.endingAt + shuttingDownMs;
      const state = record.endKind === 'stop' ? (done ? 'stopped' : 'stopping') : done ? 'terminated' : 'shutting-down';
      return { state, ...(record.endReason ? { reason: record.endReason } : {}) };
    }
    return { state: t >= record.launchedAt + pendingMs ? 'running' : 'pending' };
  }

  function snapshot(record: InstanceRecord): FakeInstance {
    const { launchedAt: _l, endingAt: _e, endKind: _k, endReason: _r, notice: _n, ...rest } = record;
    const { state, reason } = stateOf(record);
    return structuredClone({ ...rest, state, ...(reason ? { stateReason: reason } : {}) });
  }

  function instanceXml(record: InstanceRecord): Record<string, XmlValue | undefined> {
    const { state, reason } = stateOf(record);
    const ipDashed = record.privateIpAddress.replace(/\./g, '-');
    return {
      instanceId: record.instanceId,
      imageId: record.imageId,
      instanceState: { code: STATE_CODES[state], name: state },
      privateDnsName: `ip-${ipDashed}.ec2.internal`,
      dnsName: '',
      reason: reason ? `${reason.code}: ${reason.message}` : '',
      keyName: record.keyName,
      amiLaunchIndex: record.launchIndex,
      productCodes: [],
      instanceType: record.instanceType,
      launchTime: record.launchTime,
      placement: { availabilityZone: record.zone, groupName: record.placementGroup ?? '', tenancy: 'default' },
      monitoring: { state: 'disabled' },
      subnetId: record.subnetId,
      vpcId: 'vpc-00000001',
      privateIpAddress: record.privateIpAddress,
      sourceDestCheck: true,
      groupSet: record.securityGroupIds.map((groupId) => ({ groupId, groupName: groupId })),
      stateReason: reason ? { code: reason.code, message: reason.message } : undefined,
      architecture: 'x86_64',
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      blockDeviceMapping: [],
      instanceLifecycle: record.market === 'spot' ? 'spot' : undefined,
      spotInstanceRequestId: record.market === 'spot' ? `sir-${record.instanceId.slice(2, 10)}` : undefined,
      virtualizationType: 'hvm',
      clientToken: record.clientToken ?? '',
      tagSet: Object.keys(record.tags).length ? Object.entries(record.tags).map(([key, value]) => ({ key, value })) : undefined,
      hypervisor: 'xen',
      networkInterfaceSet: record.networkInterfaces.map((ni) => ({
        networkInterfaceId: `eni-${record.instanceId.slice(2)}${ni.deviceIndex}`,
        subnetId: ni.subnetId ?? record.subnetId,
        interfaceType: ni.interfaceType ?? 'interface',
        attachment: { deviceIndex: ni.deviceIndex, status: 'attached' },
        privateIpAddress: record.privateIpAddress,
      })),
      iamInstanceProfile: record.iamInstanceProfile ? { arn: `arn:aws:iam::${OWNER_ID}:instance-profile/${record.iamInstanceProfile}`, id: 'AIPAFAKE' } : undefined,
      ebsOptimized: false,
      enaSupport: true,
      metadataOptions: { state: 'applied', ...record.metadataOptions },
    };
  }

  function target(params: Record<string, string>): { zone: string; subnetId: string } {
    const subnetId = params['SubnetId'] ?? params['NetworkInterface.1.SubnetId'];
    const asked = params['Placement.AvailabilityZone'];
    if (subnetId !== undefined) {
      const zone = subnets.get(subnetId);
      if (zone === undefined) throw new ApiError(400, 'InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`);
      if (asked !== undefined && asked !== zone) throw invalid(`Value (${asked}) for parameter availabilityZone is invalid. Subnet '${subnetId}' is in the availability zone ${zone}`);
      return { zone, subnetId };
    }
    const zone = asked ?? zones[0];
    if (zone === undefined || !zones.includes(zone)) throw invalid(`Invalid availability zone: [${String(asked)}]`);
    const inZone = [...subnets].find(([, z]) => z === zone);
    return { zone, subnetId: inZone?.[0] ?? 'subnet-default' };
  }

  function capacityMessage(code: CapacityErrorCode, type: string, zone: string, subnetId: string, min: number): string {
    const others = zones.filter((z) => z !== zone).join(', ');
    switch (code) {
      case 'InsufficientInstanceCapacity':
        return `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${zone}). Our system will be working on provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or choosing ${others}.`;
      case 'InstanceLimitExceeded':
        return `Your quota allows for 0 more running instance(s). You requested at least ${min}.`;
      case 'VcpuLimitExceeded':
        return 'You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.';
      case 'MaxSpotInstanceCountExceeded':
        return 'Max spot instance count exceeded';
      case 'Unsupported':
        return `Your requested instance type (${type}) is not supported in your requested Availability Zone (${zone}). Please retry your request by not specifying an Availability Zone or choosing ${others}.`;
      case 'SpotMaxPriceTooLow':
        return 'Your Spot request price of 0.001 is lower than the minimum required Spot request fulfillment price of 0.0035.';
      case 'InsufficientFreeAddressesInSubnet':
        return `There are not enough free addresses in subnet '${subnetId}' to satisfy the requested number of instances.`;
    }
  }

  function reservationXml(reservationId: string): Record<string, XmlValue | undefined> {
    const ids = reservations.get(reservationId) ?? [];
    return {
      reservationId,
      ownerId: OWNER_ID,
      groupSet: [],
      instancesSet: ids.map((id) => instanceXml(records.get(id) as InstanceRecord)),
    };
  }

  function runInstances(params: Record<string, string>, drop: () => void): Record<string, XmlValue | undefined> {
    const imageId = params['ImageId'];
    if (imageId === undefined) throw new ApiError(400, 'MissingParameter', 'The request must contain the parameter ImageId');
    if (!/^ami-[0-9a-f]{8,17}$/.test(imageId)) throw new ApiError(400, 'InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
    if (options.images && !options.images.includes(imageId)) throw new ApiError(400, 'InvalidAMIID.NotFound', `The image id '[${imageId}]' does not exist`);
    const min = Number(params['MinCount']);
    const max = Number(params['MaxCount']);
    if (!Number.isInteger(min) || min < 1) throw invalid(`Value (${String(params['MinCount'])}) for parameter minCount is invalid. Expected a positive integer.`);
    if (!Number.isInteger(max) || max < min) throw invalid(`Value (${String(params['MaxCount'])}) for parameter maxCount is invalid. Expected an integer not lower than minCount.`);
    const instanceType = params['InstanceType'] ?? 'm1.small';
    if (!/^[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceType)) throw invalid(`Invalid value '${instanceType}' for InstanceType.`);
    const clientToken = params['ClientToken'];
    if (clientToken !== undefined && (clientToken.length > 64 || !/^[\x20-\x7e]+$/.test(clientToken))) throw invalid('The client token must be at most 64 ASCII characters.');
    if (clientToken !== undefined) {
      const fingerprint = fingerprintOf(params);
      const known = tokens.get(clientToken);
      if (known) {
        if (known.fingerprint !== fingerprint)
          throw new ApiError(400, 'IdempotentParameterMismatch', `Arguments on this idempotent request are inconsistent with arguments used in previous request(s).`);
        const first = records.get(reservations.get(known.reservationId)?.[0] ?? '');
        if (first) maybeDrop(first.instanceType, first.zone, first.market, drop);
        return reservationXml(known.reservationId);
      }
    }
    const hasInterfaces = params['NetworkInterface.1.DeviceIndex'] !== undefined;
    if (hasInterfaces && params['SubnetId'] !== undefined) {
      throw new ApiError(400, 'InvalidParameterCombination', 'Network interfaces and an instance-level subnet ID may not be specified on the same request');
    }
    if (hasInterfaces && params['SecurityGroupId.1'] !== undefined) {
      throw new ApiError(400, 'InvalidParameterCombination', 'Network interfaces and an instance-level security groups may not be specified on the same request');
    }
    const userData = params['UserData'];
    if (userData !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0) throw invalid('Invalid BASE64 encoding of user data.');
      if (Buffer.from(userData, 'base64').length > 16_384) throw invalid('User data is limited to 16384 bytes');
    }
    const httpTokens = params['MetadataOptions.HttpTokens'] ?? 'optional';
    if (httpTokens !== 'optional' && httpTokens !== 'required') throw invalid(`Invalid value '${httpTokens}' for HttpTokens`);
    const hopLimit = Number(params['MetadataOptions.HttpPutResponseHopLimit'] ?? 1);
    if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) throw invalid('HttpPutResponseHopLimit must be between 1 and 64');
    const shutdownBehavior = params['InstanceInitiatedShutdownBehavior'] ?? 'stop';
    if (shutdownBehavior !== 'stop' && shutdownBehavior !== 'terminate') throw invalid(`Invalid value '${shutdownBehavior}' for instanceInitiatedShutdownBehavior`);
    const marketType = params['InstanceMarketOptions.MarketType'];
    if (marketType !== undefined && marketType !== 'spot' && marketType !== 'capacity-block') throw invalid(`Invalid value '${marketType}' for MarketType`);
    const market: Market = marketType === 'spot' ? 'spot' : 'on-demand';
    if (market === 'spot' && shutdownBehavior === 'stop' && params['InstanceMarketOptions.SpotOptions.SpotInstanceType'] !== 'persistent') {
      throw new ApiError(400, 'UnsupportedOperation', 'A one-time Spot Instance cannot use the stop shutdown behavior');
    }
    const instanceTags: Record<string, string> = {};
    const volumeTags: Record<string, string> = {};
    for (let i = 1; params[`TagSpecification.${i}.ResourceType`] !== undefined; i++) {
      const resourceType = params[`TagSpecification.${i}.ResourceType`] as string;
      if (!TAGGABLE_AT_LAUNCH.has(resourceType)) throw invalid(`'${resourceType}' is not a valid taggable resource type for this operation.`);
      const tags = tagsOf(params, `TagSpecification.${i}.Tag`);
      if (resourceType === 'instance') Object.assign(instanceTags, tags);
      if (resourceType === 'volume') Object.assign(volumeTags, tags);
    }
    const groupName = params['Placement.GroupName'];
    const group = groupName !== undefined && groupName !== '' ? groups.get(groupName) : undefined;
    if (groupName !== undefined && groupName !== '' && !group) throw new ApiError(400, 'InvalidPlacementGroup.Unknown', `The Placement Group '${groupName}' is unknown.`);
    const { zone, subnetId } = target(params);
    if (group?.strategy === 'cluster') {
      const boundZone = [...records.values()].find((r) => r.placementGroup === groupName && !['terminated', 'shutting-down'].includes(stateOf(r).state))?.zone;
      if (boundZone !== undefined && boundZone !== zone) throw invalid(`Placement group '${groupName}' is in Availability Zone ${boundZone}; instances cannot be launched in ${zone}.`);
    }

    const fault = capacityErrors.find((f) => matches(f, instanceType, zone, market));
    if (fault) {
      if (fault.times !== undefined && --fault.times <= 0) capacityErrors = capacityErrors.filter((f) => f !== fault);
      throw new ApiError(CAPACITY_STATUS[fault.code], fault.code, fault.message ?? capacityMessage(fault.code, instanceType, zone, subnetId, min));
    }
    const capKey = `${instanceType} ${zone}`;
    const available = capacity.get(capKey) ?? Number.POSITIVE_INFINITY;
    const count = Math.min(max, available);
    if (count < min) {
      throw new ApiError(500, 'InsufficientInstanceCapacity', capacityMessage('InsufficientInstanceCapacity', instanceType, zone, subnetId, min));
    }
    if (capacity.has(capKey)) capacity.set(capKey, available - count);

    const reservationId = `r-${(++counter).toString(16).padStart(17, '0')}`;
    const ids: string[] = [];
    const interfaces: FakeInstance['networkInterfaces'] = [];
    for (let i = 1; params[`NetworkInterface.${i}.DeviceIndex`] !== undefined; i++) {
      const ni: FakeInstance['networkInterfaces'][number] = { deviceIndex: Number(params[`NetworkInterface.${i}.DeviceIndex`]) };
      if (params[`NetworkInterface.${i}.InterfaceType`] !== undefined) ni.interfaceType = params[`NetworkInterface.${i}.InterfaceType`] as string;
      if (params[`NetworkInterface.${i}.SubnetId`] !== undefined) ni.subnetId = params[`NetworkInterface.${i}.SubnetId`] as string;
      interfaces.push(ni);
    }
    const securityGroupIds = listParam(params, 'SecurityGroupId');
    for (let i = 1; params[`NetworkInterface.1.SecurityGroupId.${i}`] !== undefined; i++) securityGroupIds.push(params[`NetworkInterface.1.SecurityGroupId.${i}`] as string);
    const launchedAt = now();
    for (let launchIndex = 0; launchIndex < count; launchIndex++) {
      const n = ++counter;
      const instanceId = `i-${n.toString(16).padStart(17, '0')}`;
      const record: InstanceRecord = {
        instanceId,
        reservationId,
        imageId,
        instanceType,
        zone,
        subnetId,
        market,
        tags: { ...instanceTags },
        volumeTags: { ...volumeTags },
        launchIndex,
        privateIpAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        metadataOptions: {
          httpTokens,
          httpPutResponseHopLimit: hopLimit,
          httpEndpoint: params['MetadataOptions.HttpEndpoint'] ?? 'enabled',
          instanceMetadataTags: params['MetadataOptions.InstanceMetadataTags'] ?? 'disabled',
        },
        shutdownBehavior,
        securityGroupIds,
        networkInterfaces: interfaces,
        launchTime: new Date(launchedAt),
        launchedAt,
      };
      if (userData !== undefined) record.userData = userData;
      if (clientToken !== undefined) record.clientToken = clientToken;
      if (params['KeyName'] !== undefined) record.keyName = params['KeyName'];
      if (params['IamInstanceProfile.Name'] !== undefined) record.iamInstanceProfile = params['IamInstanceProfile.Name'];
      if (group) record.placementGroup = group.groupName;
      if (market === 'spot') {
        const spot: NonNullable<FakeInstance['spotOptions']> = {};
        const p = 'InstanceMarketOptions.SpotOptions.';
        if (params[`${p}SpotInstanceType`] !== undefined) spot.spotInstanceType = params[`${p}SpotInstanceType`];
        if (params[`${p}InstanceInterruptionBehavior`] !== undefined) spot.instanceInterruptionBehavior = params[`${p}InstanceInterruptionBehavior`];
        if (params[`${p}MaxPrice`] !== undefined) spot.maxPrice = params[`${p}MaxPrice`];
        record.spotOptions = spot;
      }
      records.set(instanceId, record);
      ids.push(instanceId);
    }
    reservations.set(reservationId, ids);
    if (clientToken !== undefined) {
      tokens.set(clientToken, { fingerprint: fingerprintOf(params), reservationId });
    }
    maybeDrop(instanceType, zone, market, drop);
    return reservationXml(reservationId);
  }

  /** Also for an idempotent replay: its answer can be lost as well. */
  function maybeDrop(instanceType: string, zone: string, market: Market, drop: () => void) {
    const dropFault = drops.find((d) => matches(d, instanceType, zone, market));
    if (!dropFault) return;
    dropFault.times = (dropFault.times ?? 1) - 1;
    if (dropFault.times <= 0) drops.splice(drops.indexOf(dropFault), 1);
    drop();
  }

  function instanceIdsOf(params: Record<string, string>): string[] {
    const ids = listParam(params, 'InstanceId');
    const malformed = ids.filter((id) => !/^i-[0-9a-f]{8,17}$/.test(id));
    if (malformed.length) throw new ApiError(400, 'InvalidInstanceID.Malformed', `Invalid id: "${malformed[0]}"`);
    const missing = ids.filter((id) => !records.has(id));
    if (missing.length === 1) throw new ApiError(400, 'InvalidInstanceID.NotFound', `The instance ID '${missing[0]}' does not exist`);
    if (missing.length > 1) throw new ApiError(400, 'InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
    return ids;
  }

  function describeInstances(params: Record<string, string>): Record<string, XmlValue | undefined> {
    const ids = instanceIdsOf(params);
    if (ids.length && params['MaxResults'] !== undefined) throw new ApiError(400, 'InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
    let selected = ids.length ? ids.map((id) => records.get(id) as InstanceRecord) : [...records.values()];
    for (const [name, values] of queryFilters(params)) {
      const test = (record: InstanceRecord): boolean => {
        if (name.startsWith('tag:')) {
          const value = record.tags[name.slice(4)];
          return value !== undefined && values.includes(value);
        }
        switch (name) {
          case 'tag-key':
            return values.some((key) => record.tags[key] !== undefined);
          case 'instance-state-name':
            return values.includes(stateOf(record).state);
          case 'instance-type':
            return values.includes(record.instanceType);
          case 'availability-zone':
            return values.includes(record.zone);
          case 'client-token':
            return record.clientToken !== undefined && values.includes(record.clientToken);
          case 'instance-lifecycle':
            return values.includes(record.market === 'spot' ? 'spot' : '');
          default:
            throw invalid(`The filter '${name}' is invalid`);
        }
      };
      selected = selected.filter(test);
    }
    let start = 0;
    const nextToken = params['NextToken'];
    if (nextToken !== undefined) {
      const at = pageTokens.get(nextToken);
      if (at === undefined) throw invalid(`Invalid NextToken ${nextToken}`);
      start = at;
    }
    let size = options.pageSize ?? Number.POSITIVE_INFINITY;
    if (params['MaxResults'] !== undefined) {
      const wanted = Number(params['MaxResults']);
      if (!Number.isInteger(wanted) || wanted < 5 || wanted > 1000)
        throw invalid(`Value ( ${params['MaxResults']} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
      size = Math.min(size, wanted);
    }
    const pageItems = selected.slice(start, start + size);
    let token: string | undefined;
    if (start + size < selected.length) {
      token = randomUUID();
      pageTokens.set(token, start + size);
    }
    const byReservation = new Map<string, InstanceRecord[]>();
    for (const record of pageItems) byReservation.set(record.reservationId, [...(byReservation.get(record.reservationId) ?? []), record]);
    return {
      reservationSet: [...byReservation].map(([reservationId, list]) => ({ reservationId, ownerId: OWNER_ID, groupSet: [], instancesSet: list.map(instanceXml) })),
      nextToken: token,
    };
  }

  function terminateInstances(params: Record<string, string>): Record<string, XmlValue | undefined> {
    const ids = instanceIdsOf(params);
    if (ids.length === 0) throw new ApiError(400, 'MissingParameter', 'The request must contain the parameter InstanceId');
    if (ids.length > 1000) throw invalid('You can terminate at most 1000 instances in one request');
    return {
      instancesSet: ids.map((instanceId) => {
        const record = records.get(instanceId) as InstanceRecord;
        const previous = stateOf(record).state;
        if (!['shutting-down', 'terminated'].includes(previous)) {
          record.endingAt = now();
          record.endKind = 'terminate';
          record.endReason = { code: 'Client.UserInitiatedShutdown', message: 'Client.UserInitiatedShutdown: User initiated shutdown' };
          delete record.notice;
        }
        const current = stateOf(record).state;
        return { instanceId, previousState: { code: STATE_CODES[previous], name: previous }, currentState: { code: STATE_CODES[current], name: current } };
      }),
    };
  }

  function createTags(params: Record<string, string>): Record<string, XmlValue | undefined> {
    const ids = listParam(params, 'ResourceId');
    if (ids.length === 0) throw new ApiError(400, 'MissingParameter', 'The request must contain the parameter ResourceId');
    const tags = tagsOf(params, 'Tag');
    for (const id of ids) {
      if (!id.startsWith('i-')) continue;
      const record = records.get(id);
      if (!record) throw new ApiError(400, 'InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
      Object.assign(record.tags, tags);
    }
    return { return: true };
  }

  function describeAvailabilityZones(params: Record<string, string>): Record<string, XmlValue | undefined> {
    const names = listParam(params, 'ZoneName');
    let items = zones.map((zoneName, i) => ({
      zoneName,
      zoneId: `use1-az${i + 1}`,
      zoneState: 'available',
      regionName: region,
      zoneType: 'availability-zone',
      optInStatus: 'opt-in-not-required',
    }));
    if (names.length) items = items.filter((z) => names.includes(z.zoneName));
    for (const [name, values] of queryFilters(params)) {
      const field = { 'zone-name': 'zoneName', 'zone-type': 'zoneType', state: 'zoneState', 'region-name': 'regionName' }[name] as keyof (typeof items)[number] | undefined;
      if (!field) throw invalid(`The filter '${name}' is invalid`);
      items = items.filter((z) => values.includes(z[field]));
    }
    return { availabilityZoneInfo: items };
  }

  function describeSubnets(params: Record<string, string>): Record<string, XmlValue | undefined> {
    const ids = listParam(params, 'SubnetId');
    const unknown = ids.find((id) => !subnets.has(id));
    if (unknown) throw new ApiError(400, 'InvalidSubnetID.NotFound', `The subnet ID '${unknown}' does not exist`);
    let items = [...subnets].map(([subnetId, availabilityZone], i) => ({
      subnetId,
      availabilityZone,
      vpcId: 'vpc-00000001',
      state: 'available',
      cidrBlock: `10.${i}.0.0/16`,
      availableIpAddressCount: 65_000,
      defaultForAz: true,
    }));
    if (ids.length) items = items.filter((s) => ids.includes(s.subnetId));
    for (const [name, values] of queryFilters(params)) {
      if (name === 'availability-zone') items = items.filter((s) => values.includes(s.availabilityZone));
      else if (name === 'subnet-id') items = items.filter((s) => values.includes(s.subnetId));
      else if (name === 'vpc-id') items = items.filter((s) => values.includes(s.vpcId));
      else if (name === 'default-for-az') items = items.filter((s) => values.includes(String(s.defaultForAz)));
      else throw invalid(`The filter '${name}' is invalid`);
    }
    return { subnetSet: items };
  }

  function placementGroupCall(action: string, params: Record<string, string>): Record<string, XmlValue | undefined> {
    if (action === 'DescribePlacementGroups') {
      const names = listParam(params, 'GroupName');
      const unknown = names.find((n) => !groups.has(n));
      if (unknown) throw new ApiError(400, 'InvalidPlacementGroup.Unknown', `The Placement Group '${unknown}' is unknown.`);
      const list = [...groups.values()].filter((g) => names.length === 0 || names.includes(g.groupName));
      return { placementGroupSet: list.map((g) => ({ groupName: g.groupName, strategy: g.strategy, state: 'available', groupId: g.groupId })) };
    }
    const groupName = params['GroupName'];
    if (!groupName) throw new ApiError(400, 'MissingParameter', 'The request must contain the parameter GroupName');
    if (action === 'CreatePlacementGroup') {
      if (groups.has(groupName)) throw new ApiError(400, 'InvalidPlacementGroup.Duplicate', `The Placement Group '${groupName}' already exists.`);
      const strategy = params['Strategy'] ?? 'cluster';
      if (!['cluster', 'spread', 'partition'].includes(strategy)) throw invalid(`Invalid value '${strategy}' for strategy`);
      const group = { groupName, strategy, groupId: `pg-${(++counter).toString(16).padStart(17, '0')}` };
      groups.set(groupName, group);
      return { return: true, placementGroup: { groupName, strategy, state: 'available', groupId: group.groupId } };
    }
    if (!groups.has(groupName)) throw new ApiError(400, 'InvalidPlacementGroup.Unknown', `The Placement Group '${groupName}' is unknown.`);
    if ([...records.values()].some((r) => r.placementGroup === groupName && stateOf(r).state !== 'terminated')) {
      throw new ApiError(400, 'InvalidPlacementGroup.InUse', `The placement group '${groupName}' is in use and may not be deleted.`);
    }
    groups.delete(groupName);
    return { return: true };
  }

  function answer(action: string, params: Record<string, string>, drop: () => void): Record<string, XmlValue | undefined> {
    switch (action) {
      case 'RunInstances':
        return runInstances(params, drop);
      case 'DescribeInstances':
        return describeInstances(params);
      case 'TerminateInstances':
        return terminateInstances(params);
      case 'CreateTags':
        return createTags(params);
      case 'DescribeAvailabilityZones':
        return describeAvailabilityZones(params);
      case 'DescribeSubnets':
        return describeSubnets(params);
      case 'CreatePlacementGroup':
      case 'DeletePlacementGroup':
      case 'DescribePlacementGroups':
        return placementGroupCall(action, params);
      default:
        throw new ApiError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }

  function throttled(action: string): boolean {
    if (!throttle || (throttle.actions && !throttle.actions.includes(action))) return false;
    if (throttle.next !== undefined && throttle.next > 0) {
      throttle.next--;
      return true;
    }
    return throttle.fraction !== undefined && random() < throttle.fraction;
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const text = (await readBody(request)).toString('utf8');
    const params = Object.fromEntries(new URLSearchParams(text));
    const recorded: RecordedEc2Request = {
      action: params['Action'] ?? '',
      params,
      accessKeyId: /Credential=([^/]+)\//.exec(request.headers.authorization ?? '')?.[1],
    };
    requests.push(recorded);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    try {
      const auth = authenticate(request, text, accessKeyId, secretAccessKey);
      if (auth.service !== 'ec2') throw new ApiError(401, 'AuthFailure', `signed for ${auth.service}, not ec2`);
      if (auth.region !== region) throw new ApiError(401, 'AuthFailure', `signed for region ${auth.region}; this endpoint serves ${region}`);
      if (request.method !== 'POST') throw new ApiError(400, 'InvalidAction', 'only POST is supported');
      if (params['Version'] !== '2016-11-15') throw invalid(`API version ${String(params['Version'])}`);
      if (throttled(recorded.action)) throw new ApiError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
      const children = answer(recorded.action, params, () => {
        throw new Dropped();
      });
      response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(xmlDocument(`${recorded.action}Response`, { requestId: randomUUID(), ...children }, EC2_NAMESPACE));
    } catch (error) {
      if (error instanceof Dropped) {
        recorded.error = 'dropped';
        request.socket.destroy();
        return;
      }
      const failure = error instanceof ApiError ? error : new ApiError(500, 'InternalError', String(error));
      recorded.error = failure.code;
      response.writeHead(failure.status, { 'content-type': 'text/xml;charset=UTF-8' });
      response.end(xmlDocument('Response', { Errors: { Error: { Code: failure.code, Message: failure.message } }, RequestID: randomUUID() }));
    }
  }

  const server = await listenOnLoopback(handle, options.maxLifetimeMs ?? 120_000);

  const record = (instanceId: string): InstanceRecord => {
    const found = records.get(instanceId);
    if (!found) throw new Error(`fake EC2: no instance ${instanceId}`);
    return found;
  };

  return {
    url: server.url,
    region,
    credentials: { accessKeyId, secretAccessKey },
    requests,
    calls: (action) => requests.filter((r) => r.action === action),
    instances: () => [...records.values()].map(snapshot),
    instance: (instanceId) => {
      const found = records.get(instanceId);
      return found ? snapshot(found) : undefined;
    },
    placementGroups: () =>
      [...groups.values()].map((g) => {
        const zone = [...records.values()].find((r) => r.placementGroup === g.groupName)?.zone;
        return { groupName: g.groupName, strategy: g.strategy, ...(zone ? { zone } : {}) };
      }),
    advance(ms) {
      clockOffset += ms ?? pendingMs + shuttingDownMs + spotNoticeMs + 1;
    },
    interruptSpot(instanceId) {
      const target = record(instanceId);
      if (target.market !== 'spot') throw new Error(`fake EC2: ${instanceId} is not a spot instance`);
      if (!['pending', 'running'].includes(stateOf(target).state)) throw new Error(`fake EC2: ${instanceId} is ${stateOf(target).state}`);
      const at = now() + spotNoticeMs;
      target.notice = { action: 'terminate', time: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      target.endingAt = at;
      target.endKind = 'terminate';
      target.endReason = { code: 'Server.SpotInstanceTermination', message: 'Server.SpotInstanceTermination: Spot instance termination' };
    },
    spotNotice: (instanceId) => {
      const notice = record(instanceId).notice;
      return notice ? { ...notice } : null;
    },
    shutdownFromInside(instanceId) {
      const target = record(instanceId);
      if (!['pending', 'running'].includes(stateOf(target).state)) throw new Error(`fake EC2: ${instanceId} is ${stateOf(target).state}`);
      target.endingAt = now();
      target.endKind = target.shutdownBehavior;
      target.endReason = { code: 'Client.InstanceInitiatedShutdown', message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown' };
    },
    setCapacityErrors(faults) {
      capacityErrors = faults.map((f) => ({ ...f }));
    },
    addCapacityError(fault) {
      capacityErrors.push({ ...fault });
    },
    setCapacity(instanceType, zone, available) {
      if (available === undefined) capacity.delete(`${instanceType} ${zone}`);
      else capacity.set(`${instanceType} ${zone}`, available);
    },
    setThrottle(settings) {
      throttle = settings ? { ...settings } : undefined;
      random = seeded(settings?.seed ?? 1);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    addDrop(fault) {
      drops.push({ ...fault });
    },
    close: server.close,
  };
}
