/**
 * The AWS Lambda function `events deploy` packages (dist/lambda/handler.cjs, `handler.handler`): takes
 * one EventBridge event per invocation and runs the deployment's rules on it, submitting through the
 * cluster's slurmrestd (docs/lambda.md). The AWS SDK comes from the Lambda runtime.
 */
import { dirname } from 'node:path';
import { type ApiVersion, negotiateVersion } from '../../launch/slurm/api-version.js';
import { RestClient } from '../../launch/slurm/rest-client.js';
import { SlurmApi } from '../../launch/slurm/slurm-api.js';
import { isJsonObject } from '../json.js';
import { actOnEvent, type RuleOutcome } from './act-on-event.js';
import { type Deployment, readDeployment } from './deployment.js';
import { S3RuleLedger } from './s3-ledger.js';
import { jwtSource } from './slurm-jwt.js';

/** What of the Lambda context object the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** A claim outlives its invocation by this much: past it, the invocation has certainly been stopped. */
const LEASE_MARGIN_MS = 30_000;

/** The package's directory: the bundle's own (Lambda's LAMBDA_TASK_ROOT), where rules.json lies beside it. */
const packageDir = () => (typeof __dirname === 'string' ? __dirname : (process.env.LAMBDA_TASK_ROOT ?? dirname(process.argv[1] ?? '.')));

let deployment: Deployment | undefined;
let version: Promise<ApiVersion> | undefined;
let ledger: S3RuleLedger | undefined;
const token = jwtSource(process.env);

async function connect(settings: Deployment['cluster']): Promise<SlurmApi> {
  const client = new RestClient({ url: settings.url, user: settings.user, token: await token() });
  // Negotiated once per warm function; a failed negotiation is asked again next time.
  version ??= negotiateVersion(client, settings.apiVersion).catch((error: unknown) => {
    version = undefined;
    throw error;
  });
  return new SlurmApi(client, await version);
}

async function ledgerFromEnv(): Promise<S3RuleLedger> {
  const bucket = process.env.LEDGER_BUCKET;
  if (!bucket) throw new Error('LEDGER_BUCKET is not set: the function needs a bucket for its ledger (docs/lambda.md)');
  const { s3ObjectStore } = await import('../../launch/ec2/job-objects/s3-object-store.js');
  return new S3RuleLedger(s3ObjectStore({ region: process.env.AWS_REGION ?? 'us-east-1', bucket }), process.env.LEDGER_PREFIX ?? '');
}

export async function handler(event: unknown, context: InvocationContext): Promise<{ eventId: string; rules: RuleOutcome[] }> {
  if (!isJsonObject(event)) throw new Error('the invocation is not an EventBridge event (a JSON object)');
  deployment ??= readDeployment(packageDir());
  ledger ??= await ledgerFromEnv();
  const loaded = deployment;
  const rules = await actOnEvent(loaded, event, {
    ledger,
    cluster: () => connect(loaded.cluster),
    log: (line) => console.log(line),
    leaseUntil: Date.now() + context.getRemainingTimeInMillis() + LEASE_MARGIN_MS,
  });
  for (const rule of rules) console.log(JSON.stringify({ eventId: event.id, ...rule }));
  return { eventId: String(event.id), rules };
}
