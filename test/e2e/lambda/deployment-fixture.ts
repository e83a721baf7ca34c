import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, type CliResult } from '../../support/run-cli.js';
import { startS3Server, type S3Server } from '../../support/s3-server/server.js';

/** A directory with mapping.yaml (the given rules under one http cluster) and the scripts it submits. */
export function deploymentDir(prefix: string, rulesYaml: string, options: { url?: string; user?: string; scripts?: Record<string, string>; base?: string } = {}): string {
  const dir = mkdtempSync(join(options.base ?? tmpdir(), `spawn-slurm-${prefix}-`));
  const cluster = ['clusters:', '  - name: hpc', `    url: ${options.url ?? 'http://127.0.0.1:6820'}`, `    user: ${options.user ?? 'alice'}`, '    token_env: SLURM_JWT'];
  writeFileSync(join(dir, 'mapping.yaml'), `${[...cluster, rulesYaml].join('\n')}\n`);
  for (const [name, text] of Object.entries(options.scripts ?? { 'process.sbatch': '#!/bin/bash\n#SBATCH -J process -t 5\necho "$SPAWN_EVENT_OBJECT_KEY"\n' }))
    writeFileSync(join(dir, name), text, { mode: 0o755 });
  return dir;
}

/** `events deploy` of the directory's mapping.yaml into DIR/out. */
export const deploy = (dir: string, extra: string[] = [], env: Record<string, string> = {}): CliResult =>
  runCli(['events', 'deploy', '--config', join(dir, 'mapping.yaml'), '--out', join(dir, 'out'), ...extra], { env });

/** Rules exercising every kind of matcher, with values YAML 1.1 would read as something else unless quoted. */
export const MATCHER_RULES = [
  'rules:',
  '  - name: process-csv',
  '    pattern:',
  '      source: [aws.s3]',
  '      detail-type: [Object Created]',
  '      detail:',
  '        bucket: { name: [lab-uploads] }',
  '        object: { key: [{ suffix: .csv }], size: [{ numeric: [">", 0, "<=", 1000000] }] }',
  '    actions:',
  '      - submit: process.sbatch',
  '        args: ["--job-name=process-${SPAWN_EVENT_OBJECT_SIZE}"]',
  '  - name: after-sweep',
  '    pattern:',
  '      source: [{ prefix: spawn-slurm. }]',
  '      detail-type: [Job Ended]',
  '      detail:',
  '        name: ["on", "yes", "0755", sweep]',
  '        state: [{ anything-but: [CANCELLED, "no"] }]',
  '        $or:',
  '          - exitCode: [{ wildcard: "0:*" }]',
  '          - reason: [{ exists: false }]',
  '    actions:',
  '      - submit: process.sbatch',
  '        backend: slurm',
  '        args: ["--dependency=afterok:${SPAWN_EVENT_JOB_ID}"]',
  '  - name: from-the-lab',
  '    pattern:',
  '      detail:',
  '        source-ip-address: [{ cidr: 10.0.0.0/8 }]',
  '        requester: [{ equals-ignore-case: LAB }]',
  '    actions:',
  '      - submit: process.sbatch',
].join('\n');

/**
 * Where a test deploys a function it then loads: inside the repository, so the bundle finds the AWS SDK
 * in its node_modules as the Lambda runtime's bundle finds the runtime's own.
 */
export function functionBase(): string {
  const base = join(ROOT, 'node_modules', '.cache', 'spawn-slurm-lambda-tests');
  mkdirSync(base, { recursive: true });
  return base;
}

export type LambdaHandler = (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<{ eventId: string; rules: { rule: string; result: string; outcome: string }[] }>;

/** The deployed handler.cjs, loaded as the Lambda runtime loads it. */
export function loadHandler(dir: string): LambdaHandler {
  return (createRequire(__filename)(join(dir, 'out', 'function', 'handler.cjs')) as { handler: LambdaHandler }).handler;
}

/** A Lambda context with a minute left. */
export const LAMBDA_CONTEXT = { getRemainingTimeInMillis: () => 60_000 };

/**
 * The test S3 server with the ledger's bucket, and the function's environment pointed at it (the SDK's
 * credentials and region, LEDGER_BUCKET, the token), as the Lambda runtime and the template would set it.
 */
export async function ledgerServer(bucket: string, env: Record<string, string>): Promise<S3Server> {
  const credentials = { accessKeyId: 'AKIALAMBDATESTXXXXXX', secretAccessKey: 'lambda/test/secret' };
  const s3 = await startS3Server({ credentials: [credentials], buckets: [bucket], region: 'us-east-1', maxLifetimeMs: 120_000 });
  Object.assign(process.env, {
    SPAWN_SLURM_S3_ENDPOINT: s3.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    LEDGER_BUCKET: bucket,
    ...env,
  });
  return s3;
}
