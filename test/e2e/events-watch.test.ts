import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';
import { submitOnCsvYaml } from '../support/rule-yaml.js';
import { BIN } from '../support/run-cli.js';
import { startS3Server, type S3Server } from '../support/s3-server/server.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * `events watch` through the built binary: new files of a directory, and new objects of a bucket on the
 * test S3 server, become S3 `Object Created` events, and a rule submits a job for each, once.
 */
const BUCKET = 'lab-uploads';
const credentials = { accessKeyId: 'AKIAWATCHTESTXXXXXXX', secretAccessKey: 'watch/test/secret' };
const cluster = new LocalCluster('events-watch');
let s3: S3Server;

const env = () => ({
  SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'),
  SPAWN_SLURM_S3_ENDPOINT: s3.url,
  AWS_ACCESS_KEY_ID: credentials.accessKeyId,
  AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
});

beforeAll(async () => {
  s3 = await startS3Server({ credentials: [credentials], buckets: [BUCKET], region: 'us-east-1', maxLifetimeMs: 120_000 });
  cluster.write('mapping.yaml', submitOnCsvYaml('process-csv', 'aws.s3', 'process.sbatch'));
  cluster.write(
    'process.sbatch',
    `#!/bin/bash\n#SBATCH -t 1 -J process -o /dev/null\necho "$SPAWN_EVENT_BUCKET_NAME $SPAWN_EVENT_OBJECT_KEY $SPAWN_EVENT_OBJECT_ETAG" >> ${join(cluster.dir, 'processed.log')}\n`,
    0o755,
  );
  mkdirSync(join(cluster.dir, 'incoming'));
});

afterAll(async () => {
  await s3.close();
  await cluster.dispose();
});

const processed = () => (existsSync(join(cluster.dir, 'processed.log')) ? readFileSync(join(cluster.dir, 'processed.log'), 'utf8').trim().split('\n') : []);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const processJobs = () => (JSON.parse(cluster.run(['history', '--json', '--name', 'process']).stdout) as { jobs: unknown[] }).jobs.length;
const inboxEvents = () =>
  readFileSync(join(cluster.stateDir, 'events', 'inbox.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).event as Record<string, unknown>);

describe('events watch DIR (built binary)', () => {
  const incoming = join(cluster.dir, 'incoming');

  it('a new file becomes one Object Created event, and the rule runs its job', async () => {
    mkdirSync(join(incoming, 'run-1'));
    writeFileSync(join(incoming, 'run-1', 'data.csv'), 'a,b\n1,2\n');
    writeFileSync(join(incoming, 'notes.txt'), 'not for the rule\n');
    const watch = cluster.run(['events', 'watch', 'incoming', '--once'], { env: env() });
    expect(watch.status, watch.stderr).toBe(0);
    expect(watch.stderr).toContain('"run-1/data.csv" is new');
    await waitUntil('the job the rule submitted to run', () => processed().length > 0, 30_000);
    expect(processed()).toEqual([`${incoming} run-1/data.csv ${md5('a,b\n1,2\n')}`]);
    const event = inboxEvents().find((e) => (e.detail as { object: { key: string } }).object.key === 'run-1/data.csv');
    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: '',
      region: '',
      resources: [`file://${incoming}`],
      detail: {
        version: '0',
        bucket: { name: incoming },
        object: { key: 'run-1/data.csv', size: 8, etag: md5('a,b\n1,2\n') },
        reason: 'PutObject',
        'source-ip-address': '',
      },
    });
    expect(event?.id).toMatch(/^watch-[0-9a-f]{32}$/);
    expect((event?.detail as { object: { sequencer: string } } | undefined)?.object.sequencer).toMatch(/^[0-9A-F]{18}$/);
    // What was seen is kept under the state directory.
    expect(readdirSync(join(cluster.stateDir, 'events', 'watch'))).toHaveLength(1);
  });

  it('looking again does not act again; a file written again does', async () => {
    const again = cluster.run(['events', 'watch', 'incoming', '--once'], { env: env() });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('is new');
    expect(processJobs()).toBe(1);
    writeFileSync(join(incoming, 'run-1', 'data.csv'), 'a,b\n3,4\n5,6\n');
    const changed = cluster.run(['events', 'watch', 'incoming', '--once'], { env: env() });
    expect(changed.status, changed.stderr).toBe(0);
    expect(changed.stderr).toContain('"run-1/data.csv" is new');
    await waitUntil('the second job to run', () => processed().length > 1, 30_000);
    expect(processed()[1]).toBe(`${incoming} run-1/data.csv ${md5('a,b\n3,4\n5,6\n')}`);
    expect(processJobs()).toBe(2);
  });

  it('without --once, keeps looking until SIGTERM, and then exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'events', 'watch', 'incoming', '--interval', '0.2'], {
      cwd: cluster.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...cluster.env(env()) },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    writeFileSync(join(incoming, 'later.csv'), 'x\n');
    await waitUntil('the watcher to take the new file', () => stderr.includes('"later.csv" is new'), 15_000);
    await waitUntil('its job to run', () => processed().some((line) => line.includes('later.csv')), 30_000);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('refuses a place that is not a directory, and a configuration without rules', () => {
    const missing = cluster.run(['events', 'watch', 'no-such-dir', '--once'], { env: env() });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot watch no-such-dir');
    const noRules = cluster.run(['events', 'watch', 'incoming', '--once', '--config', cluster.write('empty.yaml', 'defaults:\n  region: us-east-1\n')], { env: env() });
    expect(noRules.status).toBe(2);
    expect(noRules.stderr).toContain('no rules to act on the event');
    expect(cluster.run(['events', 'watch', 's3://A_B/x', '--once'], { env: env() }).stderr).toContain('"A_B" is not an S3 bucket name');
  });
});

describe('events watch s3://bucket/prefix (built binary, the test S3 server)', () => {
  const watch = () => cluster.runAsync(['events', 'watch', `s3://${BUCKET}/incoming/`, '--once'], { env: env() });
  const s3Lines = () => processed().filter((line) => line.startsWith(`${BUCKET} `));

  it('a new object becomes an event and a job, once; an object put again acts again', async () => {
    s3.putObject(BUCKET, 'incoming/run-9/data.csv', 'x,y\n');
    s3.putObject(BUCKET, 'elsewhere/other.csv', 'not under the prefix\n');
    const first = await watch();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('"incoming/run-9/data.csv" is new');
    await waitUntil('the job for the object to run', () => s3Lines().length > 0, 30_000);
    expect(s3Lines()).toEqual([`${BUCKET} incoming/run-9/data.csv ${md5('x,y\n')}`]);
    const event = inboxEvents().find((e) => (e.detail as { object: { key: string } }).object.key === 'incoming/run-9/data.csv');
    expect(event).toMatchObject({ source: 'aws.s3', resources: [`arn:aws:s3:::${BUCKET}`], detail: { bucket: { name: BUCKET }, object: { size: 4, etag: md5('x,y\n') } } });

    const again = await watch();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('is new');

    // Put again, even with the same content, is a new Object Created (S3 sends one for every PUT).
    s3.putObject(BUCKET, 'incoming/run-9/data.csv', 'x,y\n');
    const third = await watch();
    expect(third.status, third.stderr).toBe(0);
    await waitUntil('the second job for the object to run', () => s3Lines().length > 1, 30_000);
    expect(s3Lines()).toHaveLength(2);
  });

  it('says what went wrong when S3 cannot be listed', async () => {
    const result = await cluster.runAsync(['events', 'watch', 's3://no-such-bucket/x', '--once'], { env: env() });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('cannot watch s3://no-such-bucket/x');
    expect(result.stderr).toContain('hint: check the AWS credentials');
  });
});
