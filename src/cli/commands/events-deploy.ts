import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, SpawnSlurmError } from '../../core/errors.js';
import { buildDeployment } from '../../events/lambda/build-deployment.js';
import { cloudFormationTemplate } from '../../events/lambda/cloudformation-template.js';
import { writeDeployment } from '../../events/lambda/write-deployment.js';
import { locate } from '../format/located.js';
import { formatText } from '../format/text.js';
import { mappingFileFor } from '../mapping-findings.js';

export interface DeployOptions {
  config?: string;
  out: string;
  cluster?: string;
  functionName?: string;
}

/** dist/lambda/handler.cjs beside this command's bundle (dist/commands/), or under SPAWN_SLURM_DIST. */
function handlerBundle(): string {
  const candidates = [process.env.SPAWN_SLURM_DIST, join(__dirname, '..'), __dirname].filter((d): d is string => Boolean(d)).map((d) => join(d, 'lambda', 'handler.cjs'));
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new SpawnSlurmError('events-deploy', `cannot find the function's bundle (tried ${candidates.join(', ')})`, 'build it: npm run build (node scripts/build.mjs)');
}

/**
 * `events deploy --config mapping.yaml --out DIR`: the Lambda function package (DIR/function/) and the
 * CloudFormation template (DIR/template.yaml) that run the configuration's rules in AWS (docs/lambda.md).
 */
export async function runEventsDeploy(opts: DeployOptions): Promise<number> {
  const mapping = await mappingFileFor(opts.config);
  if (!mapping) throw new SpawnSlurmError('events-deploy', 'the configuration file has errors (shown above)', 'fix them, then deploy again');
  if (!mapping.path) throw new InputError('no configuration file to deploy', 'name it with --config mapping.yaml');
  const text = readFileSync(mapping.path, 'utf8');
  const result = buildDeployment({ config: mapping.config, path: mapping.path, text, ...(opts.cluster ? { cluster: opts.cluster } : {}) });
  if (!result.ok) {
    process.stderr.write(formatText([{ file: mapping.path, accepted: false, diagnostics: locate(result.diagnostics, mapping.path, text) }]));
    throw new SpawnSlurmError('events-deploy', `the rules of ${mapping.path} cannot be deployed to AWS Lambda (shown above)`, 'fix them, or keep those rules in a local configuration');
  }
  const { deployment } = result;
  const template = cloudFormationTemplate(deployment, opts.functionName ? { functionName: opts.functionName } : {});
  writeDeployment(opts.out, { deployment, template, handlerBundle: handlerBundle() });
  process.stdout.write(`${join(opts.out, 'function')}/ and ${join(opts.out, 'template.yaml')}: ${deployment.rules.length} rule(s) submitting to cluster ${deployment.cluster.name}\n`);
  process.stderr.write(`next: cd ${join(opts.out, 'function')} && zip -r ../function.zip . ; upload function.zip and run aws cloudformation deploy (docs/lambda.md)\n`);
  return 0;
}
