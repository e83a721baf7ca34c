import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/run-cli.js';

interface Statement {
  Effect: string;
  Action: string | string[];
}
const actionsOf = (file: string) =>
  new Set(
    (JSON.parse(readFileSync(join(ROOT, 'iam', file), 'utf8')).Statement as Statement[])
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The IAM action an SDK command or paginator needs: S3, the Price List and EventBridge by name, the rest EC2. */
function iamAction(operation: string): string {
  const byName: Record<string, string> = {
    GetObject: 's3:GetObject',
    PutObject: 's3:PutObject',
    DeleteObject: 's3:DeleteObject',
    ListObjectsV2: 's3:ListBucket',
    GetProducts: 'pricing:GetProducts',
    PutEvents: 'events:PutEvents',
    GetSecretValue: 'secretsmanager:GetSecretValue',
  };
  return byName[operation] ?? `ec2:${operation}`;
}

/** Every AWS operation the code can call: `new XCommand(` and `paginateX(` in files that use the SDK. */
function operationsInCode(): Set<string> {
  const operations = new Set<string>();
  // src/events/lambda runs in AWS Lambda under the function's role, which its template grants (test/e2e/lambda).
  const lambda = join(ROOT, 'src', 'events', 'lambda');
  for (const file of sources(join(ROOT, 'src'))) {
    if (file.startsWith(lambda)) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.includes('@aws-sdk/')) continue;
    for (const m of text.matchAll(/new ([A-Z]\w+)Command\(/g)) operations.add(m[1] as string);
    for (const m of text.matchAll(/paginate([A-Z]\w+)\(/g)) operations.add(m[1] as string);
  }
  return operations;
}

describe('the shipped IAM policies', () => {
  it('let the user make every AWS call the code makes', () => {
    const operations = operationsInCode();
    expect(operations.size).toBeGreaterThan(8);
    const allowed = actionsOf('spawn-slurm-user-policy.json');
    const missing = [...operations].map(iamAction).filter((action) => !allowed.has(action));
    expect(missing).toEqual([]);
    // Tags are set by RunInstances itself, which needs CreateTags; the instance profile needs PassRole.
    expect(allowed.has('ec2:CreateTags') && allowed.has('iam:PassRole')).toBe(true);
  });

  it('give an instance only the job objects: what its S3 functions do', () => {
    expect([...actionsOf('spawn-slurm-instance-policy.json')].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
  });
});
