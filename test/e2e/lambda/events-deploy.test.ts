import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobEndedEvent } from '../../support/job-events.js';
import { compileEventPattern } from '../../../src/events/pattern/parse-pattern.js';
import { matchesPattern } from '../../../src/events/pattern/evaluate.js';
import { cloudFormationProblems } from './cloudformation-spec.js';
import { deploy, deploymentDir, MATCHER_RULES } from './deployment-fixture.js';

/**
 * `events deploy` through the built CLI: what it writes (checked against the CloudFormation resource
 * specification, its patterns against the rule engine), what it refuses (at the place in the file),
 * and that it writes nothing secret and nothing half.
 */
const dirs: string[] = [];
const made = (dir: string) => {
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu.c2lnbmF0dXJl';

/** Recorded events: an S3 Object Created as EventBridge delivers it (its user guide's sample), job events as the backends write them. */
const S3_OBJECT_CREATED = {
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2021-11-12T00:00:00Z',
  region: 'ca-central-1',
  resources: ['arn:aws:s3:::lab-uploads'],
  detail: {
    version: '0',
    bucket: { name: 'lab-uploads' },
    object: { key: 'run-7/data.csv', size: 5, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '00617F08299329D189' },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: 'lab',
    'source-ip-address': '10.1.2.3',
    reason: 'PutObject',
  },
};
const RECORDED = [
  S3_OBJECT_CREATED,
  { ...S3_OBJECT_CREATED, id: 'big', detail: { ...S3_OBJECT_CREATED.detail, object: { ...S3_OBJECT_CREATED.detail.object, size: 5_000_000 } } },
  { ...S3_OBJECT_CREATED, id: 'txt', detail: { ...S3_OBJECT_CREATED.detail, object: { key: 'notes.txt', size: 3 }, requester: 'other', 'source-ip-address': '192.0.2.1' } },
  jobEndedEvent(12),
  jobEndedEvent(13, { name: 'on' }),
  jobEndedEvent(14, { name: 'yes', state: 'FAILED', exitCode: '3:0', reason: 'NonZeroExitCode' }),
  jobEndedEvent(15, { name: '0755', state: 'CANCELLED' }),
  jobEndedEvent(16, { name: 'sweep', exitCode: '1:0', reason: 'NonZeroExitCode' }),
];

describe('events deploy', () => {
  const dir = made(deploymentDir('deploy', MATCHER_RULES));
  const result = deploy(dir, ['--function-name', 'lab-rules'], { SLURM_JWT: SECRET });
  const out = join(dir, 'out');
  const templateText = () => readFileSync(join(out, 'template.yaml'), 'utf8');

  it('writes the function package and the template', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['function', 'template.yaml']);
    expect(readdirSync(join(out, 'function')).sort()).toEqual(['handler.cjs', 'rules.json']);
    const rules = JSON.parse(readFileSync(join(out, 'function', 'rules.json'), 'utf8'));
    expect(rules.cluster).toEqual({ name: 'hpc', url: 'http://127.0.0.1:6820', user: 'alice', apiVersion: 'auto' });
    expect(rules.rules.map((r: { name: string }) => r.name)).toEqual(['process-csv', 'after-sweep', 'from-the-lab']);
    expect(Object.keys(rules.scripts)).toEqual([join(dir, 'process.sbatch')]);
    expect(result.stderr).toContain('zip -r ../function.zip .');
  });

  it('writes nothing secret', () => {
    for (const file of ['template.yaml', 'function/rules.json', 'function/handler.cjs']) expect(readFileSync(join(out, file), 'utf8')).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('writes a template the CloudFormation resource specification accepts', async () => {
    const template = parse(templateText(), { version: '1.1' });
    expect(await cloudFormationProblems(template)).toEqual([]);
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types.filter((t) => t === 'AWS::Events::Rule')).toHaveLength(3);
    expect(types.filter((t) => t === 'AWS::Lambda::Permission')).toHaveLength(3);
    expect(template.Resources.RulesFunction.Properties).toMatchObject({ FunctionName: 'lab-rules', Runtime: 'nodejs20.x', Handler: 'handler.handler' });
  });

  it('finds what the specification checker is for: unknown types, properties, missing required ones, dangling references', async () => {
    const template = parse(templateText(), { version: '1.1' });
    template.Resources.Bad = { Type: 'AWS::Lambda::Functon', Properties: {} };
    template.Resources.RulesFunction.Properties.Handlr = 'x';
    delete template.Resources.RulesFunction.Properties.Code;
    template.Resources.RulesFunction.Properties.Timeout = '60';
    template.Resources.RulesFunction.Properties.Role = { 'Fn::GetAtt': ['FunctionRole', 'Nope'] };
    template.Resources.RulesFunctionRetries.Properties.FunctionName = { Ref: 'Nothing' };
    expect((await cloudFormationProblems(template)).sort()).toEqual(
      [
        'Resources.Bad: no resource type AWS::Lambda::Functon',
        'Resources.RulesFunction (AWS::Lambda::Function): required property Code is missing',
        'Resources.RulesFunction (AWS::Lambda::Function).Timeout: must be an integer',
        'Resources.RulesFunction (AWS::Lambda::Function): no property Handlr',
        'Resources.RulesFunctionRetries.Properties.FunctionName: Ref Nothing names nothing',
        'Resources.RulesFunction.Properties.Role: AWS::IAM::Role has no attribute Nope',
      ].sort(),
    );
  });

  it("gives each EventBridge rule its rule's pattern unchanged: the engine's verdicts on recorded events agree, read as YAML 1.1 or 1.2", () => {
    const deployed = JSON.parse(readFileSync(join(out, 'function', 'rules.json'), 'utf8')).rules as { name: string; pattern: unknown }[];
    for (const version of ['1.1', '1.2'] as const) {
      const template = parse(templateText(), { version });
      const rules = Object.values(template.Resources as Record<string, { Type: string; Properties: { Description: string; EventPattern: unknown } }>).filter(
        (r) => r.Type === 'AWS::Events::Rule',
      );
      for (const rule of deployed) {
        const inTemplate = rules.find((r) => r.Properties.Description === `spawn-slurm rule ${rule.name}`);
        expect(inTemplate?.Properties.EventPattern).toEqual(rule.pattern);
        const original = compileEventPattern(rule.pattern);
        const shipped = compileEventPattern(inTemplate?.Properties.EventPattern);
        for (const event of RECORDED) expect(matchesPattern(shipped, event), `${rule.name} on ${event.id} (YAML ${version})`).toBe(matchesPattern(original, event));
      }
    }
    // The recorded events do tell the rules apart.
    const verdicts = deployed.map((rule) => RECORDED.map((event) => matchesPattern(compileEventPattern(rule.pattern), event)));
    expect(verdicts).toEqual([
      [true, false, false, false, false, false, false, false],
      [false, false, false, true, true, false, false, false],
      [true, true, false, false, false, false, false, false],
    ]);
  });

  it('replaces an earlier deployment whole, and refuses a directory holding other files', () => {
    writeFileSync(join(out, 'function.zip'), 'old');
    expect(deploy(dir).status).toBe(0);
    expect(existsSync(join(out, 'function.zip'))).toBe(false);
    const other = made(deploymentDir('deploy-other', MATCHER_RULES));
    mkdirSync(join(other, 'out'));
    writeFileSync(join(other, 'out', 'notes.txt'), 'mine');
    const refused = deploy(other);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('holds files other than an earlier deployment');
    expect(readdirSync(join(other, 'out'))).toEqual(['notes.txt']);
    expect(readdirSync(other).filter((n) => n.startsWith('.out'))).toEqual([]);
  });
});

describe('events deploy refuses what cannot run in AWS', () => {
  const refusal = (rules: string, extra: string[] = [], url?: string) => {
    const dir = made(deploymentDir('deploy-refused', rules, url ? { url } : {}));
    const result = deploy(dir, extra);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    return { ...result, file: join(dir, 'mapping.yaml') };
  };
  const rule = (action: string) => ['rules:', '  - name: on-csv', '    pattern: { detail-type: [Object Created] }', '    actions:', '      - submit: process.sbatch', action].join('\n');

  it('a run action, at its line and column, with a hint', () => {
    const result = refusal(rule('      - run: logger done'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${result.file}:11:9 error deploy-run-action rule on-csv: a run action cannot run in AWS Lambda`);
    expect(result.stderr).toMatch(/hint: .*keep this rule in a local configuration/);
  });

  it('a sink action, a local or ec2 backend, a --comment', () => {
    expect(refusal(`${rule('      - sink: lab')}\nsinks:\n  - { name: lab, type: command, command: cat }`).stderr).toContain(':11:9 error deploy-sink-action');
    expect(refusal(rule('        backend: local')).stderr).toContain(':11:9 error deploy-backend rule on-csv: submits to the local backend');
    expect(refusal(rule('        args: [--comment=mine]')).stderr).toContain(':11:9 error deploy-comment-arg');
  });

  it('no rules, no such cluster, a cluster reached through a unix socket', () => {
    const none = refusal('rules: []');
    expect(none.stderr).toContain('error deploy-no-rules the configuration has no rules to deploy');
    expect(refusal(rule(''), ['--cluster', 'lab']).stderr).toContain(':1:1 error deploy-no-cluster no cluster named "lab" in clusters:');
    expect(refusal(rule(''), [], 'unix:/run/slurmrestd.socket').stderr).toContain(':3:5 error deploy-cluster-url cluster hpc: a Lambda function reaches slurmrestd over http(s) only');
  });
});
