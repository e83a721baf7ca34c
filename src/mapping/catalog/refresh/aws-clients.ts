import type { EC2Client, EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { PricingClient } from '@aws-sdk/client-pricing';

/** The SDK clients a refresh uses. Tests build them against a fake AWS endpoint. */
export interface AwsClients {
  ec2(region: string): EC2Client;
  /** The Price List API, always through its us-east-1 endpoint (it serves every region's prices). */
  pricing(): PricingClient;
}

export interface AwsClientSettings {
  /** Send every call here instead of the AWS endpoints (the fake AWS server in tests). */
  endpoint?: string;
  /** Default: the SDK's standard chain (environment, profile, SSO, IMDS…). */
  credentials?: EC2ClientConfig['credentials'];
  /** Attempts per call including retries; default the SDK's (3). */
  maxAttempts?: number;
}

const PRICING_API_REGION = 'us-east-1';

/** Loads the SDK only now: nothing else in spawn-slurm pays for it. */
export async function createAwsClients(settings: AwsClientSettings = {}): Promise<AwsClients> {
  const [{ EC2Client }, { PricingClient }] = await Promise.all([import('@aws-sdk/client-ec2'), import('@aws-sdk/client-pricing')]);
  const shared = {
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
  };
  const ec2Clients = new Map<string, EC2Client>();
  let pricing: PricingClient | undefined;
  return {
    ec2(region) {
      let client = ec2Clients.get(region);
      if (!client) {
        client = new EC2Client({ ...shared, region });
        ec2Clients.set(region, client);
      }
      return client;
    },
    pricing() {
      pricing ??= new PricingClient({ ...shared, region: PRICING_API_REGION });
      return pricing;
    },
  };
}
