import {
  CreatePlacementGroupCommand,
  DeletePlacementGroupCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import type {
  CreatePlacementGroupCommandInput,
  CreatePlacementGroupCommandOutput,
  DeletePlacementGroupCommandInput,
  DeletePlacementGroupCommandOutput,
  DescribeAvailabilityZonesCommandInput,
  DescribeAvailabilityZonesCommandOutput,
  DescribeInstancesCommandInput,
  DescribeInstancesCommandOutput,
  DescribeSubnetsCommandInput,
  DescribeSubnetsCommandOutput,
  EC2ClientConfig,
  RunInstancesCommandInput,
  RunInstancesCommandOutput,
  TerminateInstancesCommandInput,
  TerminateInstancesCommandOutput,
} from '@aws-sdk/client-ec2';

/**
 * The only module that loads the AWS SDK. The launcher and the finders take an `Ec2Api` (type-only
 * imports from here are erased), so callers load this module with `await import()` when they first talk
 * to AWS, and tests may pass any object with these methods.
 */
export interface Ec2Api {
  runInstances(input: RunInstancesCommandInput): Promise<RunInstancesCommandOutput>;
  describeInstances(input: DescribeInstancesCommandInput): Promise<DescribeInstancesCommandOutput>;
  terminateInstances(input: TerminateInstancesCommandInput): Promise<TerminateInstancesCommandOutput>;
  describeAvailabilityZones(input: DescribeAvailabilityZonesCommandInput): Promise<DescribeAvailabilityZonesCommandOutput>;
  describeSubnets(input: DescribeSubnetsCommandInput): Promise<DescribeSubnetsCommandOutput>;
  createPlacementGroup(input: CreatePlacementGroupCommandInput): Promise<CreatePlacementGroupCommandOutput>;
  deletePlacementGroup(input: DeletePlacementGroupCommandInput): Promise<DeletePlacementGroupCommandOutput>;
}

export type { RunInstancesCommandInput };
export type { Filter as Ec2Filter, Instance as Ec2Instance } from '@aws-sdk/client-ec2';

export interface Ec2ClientSettings {
  region: string;
  /** A profile from ~/.aws/config and ~/.aws/credentials; default AWS_PROFILE, then the rest of the standard chain. */
  profile?: string;
  /** Send every call here instead of the regional endpoint; default SPAWN_SLURM_EC2_ENDPOINT (tests' fake EC2). */
  endpoint?: string;
  /** Fixed credentials instead of the chain (tests). */
  credentials?: EC2ClientConfig['credentials'];
  /**
   * SDK attempts per call. Default 1: the launcher retries itself, with the same ClientToken, an
   * injectable clock and one count of calls; SDK retries underneath would multiply both.
   */
  maxAttempts?: number;
}

export interface Ec2Client extends Ec2Api {
  readonly sdk: EC2Client;
  readonly region: string;
  /** Closes the SDK's sockets. */
  destroy(): void;
}

export function makeEc2Client(settings: Ec2ClientSettings): Ec2Client {
  const endpoint = settings.endpoint ?? (process.env['SPAWN_SLURM_EC2_ENDPOINT'] || undefined);
  // Without `credentials` the client resolves the SDK's default chain (fromNodeProviderChain: environment,
  // SSO, ini files for `profile`, process, web identity, ECS and IMDS), lazily, on the first call.
  const sdk = new EC2Client({
    region: settings.region,
    maxAttempts: settings.maxAttempts ?? 1,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  return {
    sdk,
    region: settings.region,
    runInstances: (input) => sdk.send(new RunInstancesCommand(input)),
    describeInstances: (input) => sdk.send(new DescribeInstancesCommand(input)),
    terminateInstances: (input) => sdk.send(new TerminateInstancesCommand(input)),
    describeAvailabilityZones: (input) => sdk.send(new DescribeAvailabilityZonesCommand(input)),
    describeSubnets: (input) => sdk.send(new DescribeSubnetsCommand(input)),
    createPlacementGroup: (input) => sdk.send(new CreatePlacementGroupCommand(input)),
    deletePlacementGroup: (input) => sdk.send(new DeletePlacementGroupCommand(input)),
    destroy: () => sdk.destroy(),
  };
}
