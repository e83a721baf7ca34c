import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobEndedEvent } from '../../support/job-events.js';
import { answer, FakeSlurmrestd, openapiServing, type FakeRequest } from '../../support/fake-slurmrestd.js';
import type { S3Server } from '../../support/s3-server/server.js';
import { ruleKey } from '../../../src/events/rules/action-ledger.js';
import { deploy, deploymentDir, functionBase, LAMBDA_CONTEXT, ledgerServer, loadHandler } from './deployment-fixture.js';
import { startFakeSecretsManager } from './fake-secrets-manager.js';

/**
 * The deployed handler.cjs invoked in-process with recorded events, against a stand-in slurmrestd (for
 * what a real one cannot be made to do: lose an answer, refuse, be away) and the test S3 server for its
 * ledger: each (rule, event id) submits once, whatever is redelivered, retried or interrupted.
 */
const BUCKET = 'rules-ledger';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.bGFtYmRhLXRlc3Q.c2lnbmVk';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:slurm-jwt-AbCdEf';

type Mode = 'ok' | 'lose-answer' | 'refuse';
let mode: Mode = 'ok';
const jobs: { job_id: number; comment: string; name: string; environment: Record<string, string>; args: string[] }[] = [];
const slurmrestd = new FakeSlurmrestd((request: FakeRequest, response: ServerResponse) => {
  if (request.path === '/openapi/v3') return answer(response, 200, openapiServing(['v0.0.38']));
  if (request.path === '/slurm/v0.0.38/jobs') return answer(response, 200, { jobs: jobs.map(({ job_id, comment, name }) => ({ job_id, comment, name, job_state: 'PENDING' })) });
  if (request.method === 'POST' && request.path === '/slurm/v0.0.38/job/submit') {
    if (mode === 'refuse') return answer(response, 500, { errors: [{ error_number: 2015, error: 'Invalid partition name specified' }] });
    const { job } = request.body as { job: { comment: string; name: string; environment: Record<string, string>; dependency?: string } };
    jobs.push({ job_id: 100 + jobs.length, comment: job.comment, name: job.name, environment: job.environment, args: job.dependency ? [job.dependency] : [] });
    if (mode === 'lose-answer') return void response.socket?.destroy();
    return answer(response, 200, { job_id: 99 + jobs.length, errors: [] });
  }
  return answer(response, 404, { errors: [{ error: `no ${request.path}` }] });
});

let s3: S3Server;
let url: string;
const dirs: string[] = [];
const logs: string[] = [];

const RULES = [
  'rules:',
  '  - name: process-csv',
  '    pattern: { source: [aws.s3], detail-type: [Object Created], detail: { object: { key: [{ suffix: .csv }] } } }',
  '    actions:',
  '      - submit: process.sbatch',
  '  - name: after-sweep',
  '    pattern: { detail-type: [Job Ended], detail: { name: [sweep], state: [COMPLETED] } }',
  '    actions:',
  '      - submit: process.sbatch',
  '        args: ["--dependency=afterok:${SPAWN_EVENT_JOB_ID}", "--job-name=after-${SPAWN_EVENT_JOB_ID}"]',
].join('\n');

const objectCreated = (id: string, key: string) => ({
  version: '0',
  id,
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '111122223333',
  time: '2026-12-02T05:10:11Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::lab-uploads'],
  detail: { version: '0', bucket: { name: 'lab-uploads' }, object: { key, size: 5, etag: 'b1946ac92492d2347c6235b4d2611184' }, reason: 'PutObject' },
});

function deployed(prefix: string, extraEnv: Record<string, string> = {}) {
  const dir = deploymentDir(prefix, RULES, { url, base: functionBase() });
  dirs.push(dir);
  const result = deploy(dir);
  expect(result.status, result.stderr).toBe(0);
  Object.assign(process.env, { LEDGER_PREFIX: `${prefix}/` }, extraEnv);
  return { dir, handler: loadHandler(dir), prefix };
}

const ledgerObject = (prefix: string, rule: string, eventId: string) => {
  const stored = s3.getObject(BUCKET, `${prefix}/ledger/${rule}/${encodeURIComponent(eventId)}`);
  return stored ? JSON.parse(stored.body.toString('utf8')) : undefined;
};

beforeAll(async () => {
  s3 = await ledgerServer(BUCKET, { SLURM_JWT: TOKEN });
  url = await slurmrestd.start(120_000);
  vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(String(line)));
});

afterAll(async () => {
  vi.restoreAllMocks();
  await slurmrestd.stop();
  await s3.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the Lambda handler with a stand-in slurmrestd', () => {
  it('submits once for an S3 Object Created event, however often it is delivered', async () => {
    const { handler, prefix } = deployed('once');
    const event = objectCreated('e6f1c2d0-0001', 'run-7/data.csv');
    const first = await handler(event, LAMBDA_CONTEXT);
    expect(first.rules).toEqual([{ rule: 'process-csv', result: 'done', outcome: expect.stringMatching(/^submitted .*process\.sbatch as job 100$/) }]);
    const again = await Promise.all([handler(event, LAMBDA_CONTEXT), handler(event, LAMBDA_CONTEXT).catch((e: Error) => e.message)]);
    expect(again[0].rules).toEqual([{ rule: 'process-csv', result: 'skipped', outcome: 'acted on before (done)' }]);
    expect(jobs).toHaveLength(1);
    const job = jobs[0];
    expect(job?.comment).toBe(`spawn-slurm-rule:${ruleKey('process-csv', event.id)}`);
    expect(job?.environment).toMatchObject({
      SPAWN_EVENT_ID: event.id,
      SPAWN_EVENT_OBJECT_KEY: 'run-7/data.csv',
      SPAWN_EVENT_BUCKET_NAME: 'lab-uploads',
      SPAWN_RULE_KEY: ruleKey('process-csv', event.id),
    });
    // The function's own environment (its AWS credentials, the token) is not the job's.
    expect(Object.keys(job?.environment ?? {})).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(JSON.stringify(job)).not.toContain(TOKEN);
    expect(ledgerObject(prefix, 'process-csv', event.id)).toMatchObject({ state: 'done', actionsDone: 1, attempt: 1 });
    expect(slurmrestd.requests.find((r) => r.method === 'POST')?.headers).toMatchObject({ 'x-slurm-user-token': TOKEN, 'x-slurm-user-name': 'alice' });
  });

  it('substitutes ${SPAWN_EVENT_…} in the args and leaves events no rule matches alone', async () => {
    const { handler } = deployed('args');
    jobs.length = 0;
    expect((await handler(objectCreated('e6f1c2d0-0002', 'notes.txt'), LAMBDA_CONTEXT)).rules).toEqual([]);
    const ended = jobEndedEvent(41);
    expect((await handler(ended, LAMBDA_CONTEXT)).rules.map((r) => r.result)).toEqual(['done']);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ name: 'after-41', args: ['afterok:41'] });
    expect(jobs[0]?.environment.SPAWN_EVENT_JOB_ID).toBe('41');
  });

  it('after a lost answer, fails the invocation and the retry finds the job instead of submitting again', async () => {
    const { handler, prefix } = deployed('lost');
    jobs.length = 0;
    const event = objectCreated('e6f1c2d0-0003', 'lost.csv');
    mode = 'lose-answer';
    await expect(handler(event, LAMBDA_CONTEXT)).rejects.toThrow(/slurmrestd/);
    mode = 'ok';
    expect(ledgerObject(prefix, 'process-csv', event.id)).toMatchObject({ state: 'started', leaseUntil: 0 });
    const retried = await handler(event, LAMBDA_CONTEXT);
    expect(retried.rules[0]?.outcome).toMatch(/was submitted before the interruption, as job 100$/);
    expect(jobs).toHaveLength(1);
    expect(ledgerObject(prefix, 'process-csv', event.id)).toMatchObject({ state: 'done', attempt: 2 });
  });

  it('while another invocation holds the claim it waits for a retry; once that lease has run out, a retry takes over and submits', async () => {
    const { handler, prefix } = deployed('away');
    jobs.length = 0;
    const event = objectCreated('e6f1c2d0-0004', 'away.csv');
    const key = `${prefix}/ledger/process-csv/${event.id}`;
    // An invocation that holds the claim now: this one must not act.
    await s3Put(key, { rule: 'process-csv', eventId: event.id, state: 'started', actionsDone: 0, startedAt: new Date().toISOString(), attempt: 1, leaseUntil: Date.now() + 60_000 });
    await expect(handler(event, LAMBDA_CONTEXT)).rejects.toThrow(/another invocation is acting on this event now/);
    expect(jobs).toHaveLength(0);
    // Its lease ran out (it was stopped at its time-out): a retry takes over, finds no job, submits.
    await s3Put(key, { rule: 'process-csv', eventId: event.id, state: 'started', actionsDone: 0, startedAt: new Date().toISOString(), attempt: 1, leaseUntil: Date.now() - 1 });
    expect((await handler(event, LAMBDA_CONTEXT)).rules[0]?.outcome).toMatch(/^submitted /);
    expect(jobs).toHaveLength(1);
  });

  it('a submit slurmrestd refuses ends the pair failed, logs Rule Action Failed, and is not retried', async () => {
    const { handler, prefix } = deployed('refused');
    jobs.length = 0;
    const event = objectCreated('e6f1c2d0-0005', 'refused.csv');
    mode = 'refuse';
    const result = await handler(event, LAMBDA_CONTEXT);
    mode = 'ok';
    expect(result.rules).toEqual([{ rule: 'process-csv', result: 'failed', outcome: expect.stringContaining('Invalid partition name specified') }]);
    const failure = logs.map((line) => (line.startsWith('{"version"') ? JSON.parse(line) : null)).find((e) => e?.['detail-type'] === 'Rule Action Failed');
    expect(failure).toMatchObject({ source: 'spawn-slurm.rules', id: `${ruleKey('process-csv', event.id)}:failed`, detail: { rule: 'process-csv', eventId: event.id, action: 0 } });
    expect((await handler(event, LAMBDA_CONTEXT)).rules[0]).toMatchObject({ result: 'skipped', outcome: 'acted on before (failed)' });
    expect(jobs).toHaveLength(0);
    expect(ledgerObject(prefix, 'process-csv', event.id).state).toBe('failed');
  });

  it('reads the JWT from Secrets Manager, and no log line or ledger object holds it', async () => {
    const secrets = await startFakeSecretsManager({ [SECRET_ARN]: `SLURM_JWT=${TOKEN}\n` });
    try {
      process.env.SLURM_JWT = '';
      const { handler, prefix } = deployed('secret', { SLURM_JWT_SECRET_ARN: SECRET_ARN, AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url });
      const before = slurmrestd.requests.length;
      const event = objectCreated('e6f1c2d0-0006', 'secret.csv');
      expect((await handler(event, LAMBDA_CONTEXT)).rules[0]?.result).toBe('done');
      expect(secrets.asked).toEqual([SECRET_ARN]);
      expect(slurmrestd.requests.slice(before).every((r) => r.path === '/openapi/v3' || r.headers['x-slurm-user-token'] === TOKEN)).toBe(true);
      const ledger = s3.objects(BUCKET).filter((o) => o.key.startsWith(`${prefix}/`));
      expect(ledger.length).toBeGreaterThan(0);
      for (const object of s3.objects(BUCKET)) expect(object.body.toString('utf8')).not.toContain(TOKEN);
      expect(logs.join('\n')).not.toContain(TOKEN);
      expect(readFileSync(join(deployed('secret-files').dir, 'out', 'template.yaml'), 'utf8')).not.toContain(TOKEN);
    } finally {
      process.env.SLURM_JWT = TOKEN;
      await secrets.close();
    }
  });
});

/** Writes a ledger entry as an earlier invocation would have. */
async function s3Put(key: string, entry: object): Promise<void> {
  const { s3ObjectStore } = await import('../../../src/launch/ec2/job-objects/s3-object-store.js');
  const store = s3ObjectStore({ region: 'us-east-1', bucket: BUCKET, endpoint: s3.url });
  try {
    await store.put(key, JSON.stringify(entry));
  } finally {
    store.destroy();
  }
}
