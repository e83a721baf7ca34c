/** How an EC2 call failed, and the one retry loop every EC2 call of the launcher goes through. */

/** Not enough of something in one (type, zone, market): try the next target. */
const CAPACITY_ERROR_CODES: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'InstanceLimitExceeded',
  'VcpuLimitExceeded',
  'MaxSpotInstanceCountExceeded',
  'Unsupported',
  'SpotMaxPriceTooLow',
  'InsufficientFreeAddressesInSubnet',
]);

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ServiceUnavailable',
  'Unavailable',
  'InternalError',
  'InternalFailure',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET']);

export interface AwsFailure {
  code: string;
  message: string;
  status?: number;
}

/** The AWS code, message and HTTP status of whatever a call threw (SDK service errors carry them as name and $metadata). */
export function awsFailure(error: unknown): AwsFailure {
  if (typeof error !== 'object' || error === null) return { code: 'Error', message: String(error) };
  const e = error as { name?: unknown; code?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const networkCode = typeof e.code === 'string' && NETWORK_CODES.has(e.code) ? e.code : undefined;
  const code = status === undefined && networkCode ? networkCode : typeof e.name === 'string' && e.name !== 'Error' ? e.name : (networkCode ?? 'Error');
  return { code, message: typeof e.message === 'string' ? e.message : String(error), ...(status !== undefined ? { status } : {}) };
}

export type FailureKind = 'capacity' | 'retryable' | 'fatal';

export function failureKind(error: unknown): FailureKind {
  const { code, status } = awsFailure(error);
  // InsufficientInstanceCapacity is answered with HTTP 500, so the code decides before the status.
  if (CAPACITY_ERROR_CODES.has(code)) return 'capacity';
  if (THROTTLING_CODES.has(code) || NETWORK_CODES.has(code) || code === 'TimeoutError') return 'retryable';
  if (status !== undefined && status >= 500) return 'retryable';
  return 'fatal';
}

const HINTS: Array<[RegExp, string]> = [
  [/^InvalidAMIID\./, 'the image does not exist in this region or is not shared with this account: check the AMI id and the region'],
  [
    /^UnauthorizedOperation$/,
    'the credentials may not make this call: they need ec2:RunInstances, ec2:CreateTags, ec2:DescribeInstances, ec2:TerminateInstances, ec2:CreatePlacementGroup (multi-node jobs) and iam:PassRole for the instance profile',
  ],
  [
    /^(AuthFailure|SignatureDoesNotMatch|InvalidClientTokenId|ExpiredToken|UnrecognizedClientException)$/,
    'the AWS credentials were refused: check --profile / AWS_PROFILE, or sign in again (aws sso login)',
  ],
  [/^OptInRequired$/, 'the account is not subscribed to this AMI or region: accept its terms in the AWS console first'],
  [/^InvalidKeyPair\./, 'the key pair does not exist in this region'],
  [/^InvalidSubnetID\./, 'the subnet does not exist in this region: check the subnets in the mapping configuration'],
  [/^InvalidGroup\./, 'a security group does not exist in this region or VPC'],
  [/^InvalidPlacementGroup\./, 'the placement group does not exist in this region (it is created before the launch)'],
  [/^IdempotentParameterMismatch$/, 'an earlier launch of this job and batch used other parameters: submit it as a new job'],
  [/^NoCapacity$/, 'allow more instance types or zones, or on-demand (spot-with-fallback); skipped targets are tried again once their cooldown ends'],
  [/^(InvalidParameterValue|InvalidParameterCombination|InvalidParameter|MissingParameter)$/, 'EC2 refused a launch parameter: the message names it'],
];

export const hintFor = (code: string): string | undefined => HINTS.find(([pattern]) => pattern.test(code))?.[1];

export interface RetryDeps {
  sleep(ms: number): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Tries in all, the first included. */
  maxTries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 200, capMs: 20_000, maxTries: 12 };

export const realRetryDeps: RetryDeps = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export class RetriesExhaustedError extends Error {
  constructor(
    readonly label: string,
    readonly tries: number,
    readonly last: AwsFailure,
  ) {
    super(`${label}: gave up after ${tries} tries; the last answer was ${last.code}: ${last.message}`);
    this.name = 'RetriesExhaustedError';
  }
}

/**
 * Calls `call` until it succeeds, fails for good, or `maxTries` throttled or lost tries have passed,
 * sleeping a full-jitter exponential backoff between tries. The caller builds the request once, so a
 * retried call carries the same parameters (and the same ClientToken) as the first.
 */
export async function withRetries<T>(label: string, call: () => Promise<T>, deps: RetryDeps, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (failureKind(error) !== 'retryable') throw error;
      if (attempt + 1 >= policy.maxTries) throw new RetriesExhaustedError(label, attempt + 1, awsFailure(error));
      await deps.sleep(Math.floor(deps.random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt)));
    }
  }
}
