/** The AWS calls a refresh makes, with the IAM action each needs. */
export const REFRESH_CALLS = {
  DescribeInstanceTypes: 'ec2:DescribeInstanceTypes',
  DescribeInstanceTypeOfferings: 'ec2:DescribeInstanceTypeOfferings',
  GetProducts: 'pricing:GetProducts',
  DescribeSpotPriceHistory: 'ec2:DescribeSpotPriceHistory',
} as const;

export type RefreshCall = keyof typeof REFRESH_CALLS;

export type RefreshErrorCode =
  | 'aws-credentials-missing'
  | 'aws-credentials-invalid'
  | 'aws-access-denied'
  | 'aws-throttled'
  | 'aws-region-not-enabled'
  | 'aws-unreachable'
  | 'aws-call-failed'
  | 'invalid-refresh-region'
  | 'catalog-cache-write-failed';

/** A refresh that failed; the previous cache is left as it was. */
export class CatalogRefreshError extends Error {
  override readonly name = 'CatalogRefreshError';
  constructor(
    readonly code: RefreshErrorCode,
    message: string,
    readonly hint: string,
    readonly call?: RefreshCall,
    readonly region?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CREDENTIAL_ERRORS = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
]);
const ACCESS_ERRORS = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException']);
const THROTTLING_ERRORS = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled']);
const NETWORK_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'TimeoutError']);

/** Turns what the SDK threw into a message that names the call and says how to fix it. */
export function explainAwsError(error: unknown, call: RefreshCall, region: string): CatalogRefreshError {
  const name = error instanceof Error ? error.name : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = `${call} in ${region}`;
  const make = (kind: RefreshErrorCode, message: string, hint: string) => new CatalogRefreshError(kind, message, hint, call, region, { cause: error });

  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(detail)) {
    return make(
      'aws-credentials-missing',
      `no AWS credentials for ${where}: ${detail}`,
      'set AWS_PROFILE (after `aws configure` or `aws sso login`) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then run `spawn-slurm catalog refresh` again',
    );
  }
  if (CREDENTIAL_ERRORS.has(name)) {
    return make(
      'aws-credentials-invalid',
      `AWS rejected the credentials for ${where} (${name}: ${detail})`,
      'the keys are wrong or the session has expired: run `aws sso login` or renew the keys, then refresh again',
    );
  }
  if (ACCESS_ERRORS.has(name)) {
    return make(
      'aws-access-denied',
      `access denied to ${where} (${name}: ${detail})`,
      `the identity needs ${REFRESH_CALLS[call]}; a refresh needs ${Object.values(REFRESH_CALLS).join(', ')}`,
    );
  }
  if (THROTTLING_ERRORS.has(name)) {
    return make('aws-throttled', `AWS throttled ${where} (${name}) and the SDK's retries ran out`, 'wait a minute and refresh again, or refresh fewer regions at a time');
  }
  if (name === 'OptInRequired') {
    return make('aws-region-not-enabled', `${region} is not enabled for this account (${where}: ${detail})`, `enable ${region} in the account settings, or leave it out of --region`);
  }
  if (NETWORK_ERRORS.has(name) || (typeof code === 'string' && NETWORK_ERRORS.has(code))) {
    return make('aws-unreachable', `cannot reach AWS for ${where} (${typeof code === 'string' ? code : name}: ${detail})`, 'check the network, proxy (HTTPS_PROXY) and the region name');
  }
  return make('aws-call-failed', `${where} failed: ${name}: ${detail}`, 'run again with --debug for details; the previous catalog cache is unchanged');
}
