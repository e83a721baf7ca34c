import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockHolder } from '../../src/store/lock.js';
import { LocalCluster } from '../support/local-cluster.js';
import { submitOnCsvYaml } from '../support/rule-yaml.js';
import { BIN } from '../support/run-cli.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * `events serve` through the built binary: a real server on a free loopback port, requests over real
 * sockets, and an accepted event that makes a rule submit a job on the local backend, once.
 */
const TOKEN = 'bearer-token-that-must-never-be-logged-9c1e';
const HMAC_SECRET = 'hmac-secret-that-must-never-be-logged-77b2';
const cluster = new LocalCluster('events-serve');
const env = () => cluster.env({ SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'), SPAWN_SLURM_EVENTS_TOKEN: TOKEN, SPAWN_SLURM_EVENTS_HMAC_SECRET: HMAC_SECRET });
const userEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...extra });

let server: ChildProcess;
let url: string;
let serverStderr = '';

beforeAll(async () => {
  cluster.write('mapping.yaml', submitOnCsvYaml('process-upload', 'lab.instrument', 'process.sbatch'));
  cluster.write('process.sbatch', `#!/bin/bash\n#SBATCH -t 1 -J process -o /dev/null\necho "$SPAWN_EVENT_ID $SPAWN_EVENT_OBJECT_KEY" >> ${join(cluster.dir, 'processed.log')}\n`, 0o755);
  server = spawn(process.execPath, [BIN, 'events', 'serve', '--listen', '127.0.0.1:0'], { cwd: cluster.dir, env: userEnv(env()) });
  server.stderr?.on('data', (chunk: Buffer) => (serverStderr += chunk.toString()));
  let stdout = '';
  server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitUntil('the server to say where it listens', () => /listening on (http:\/\/\S+)\n/.test(stdout) || server.exitCode !== null, 15_000, 20);
  const found = /listening on (http:\/\/\S+)\n/.exec(stdout);
  if (!found?.[1]) throw new Error(`events serve did not start: ${serverStderr}`);
  url = found[1];
});

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await cluster.dispose();
});

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** One request; an answer that comes before the whole body was sent (413, 401) is still the answer. */
function send(method: string, path: string, body: string | Buffer | undefined, headers: Record<string, string> = {}, chunked = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', (error) => (req.reusedSocket ? undefined : reject(error)));
    if (body !== undefined && chunked) {
      const bytes = Buffer.from(body);
      for (let at = 0; at < bytes.length; at += 16_384) req.write(bytes.subarray(at, at + 16_384));
    } else if (body !== undefined) req.setHeader('Content-Length', Buffer.byteLength(body));
    req.end(chunked ? undefined : body);
  });
}

const bearer = { Authorization: `Bearer ${TOKEN}` };
const signed = (body: string) => ({ 'X-Spawn-Slurm-Signature': `sha256=${createHmac('sha256', HMAC_SECRET).update(body).digest('hex')}` });
const event = (id: string, key = 'run-1/data.csv') =>
  ({
    version: '0',
    id,
    'detail-type': 'Object Created',
    source: 'lab.instrument',
    account: '',
    time: '2026-12-02T05:10:11Z',
    region: '',
    resources: [],
    detail: { object: { key } },
  }) as const;
const post = (body: unknown, headers: Record<string, string> = bearer) => send('POST', '/events', typeof body === 'string' ? body : JSON.stringify(body), headers);

const processed = () => (existsSync(join(cluster.dir, 'processed.log')) ? readFileSync(join(cluster.dir, 'processed.log'), 'utf8').trim().split('\n') : []);

/** Every event in the inbox has been read by a dispatcher, and none runs now. */
function dispatchedAll(): boolean {
  const inbox = join(cluster.stateDir, 'events', 'inbox.jsonl');
  const cursor = join(cluster.stateDir, 'events', 'cursor.json');
  if (!existsSync(cursor) || lockHolder(join(cluster.stateDir, 'events', 'dispatch.lock')) !== null) return false;
  return (JSON.parse(readFileSync(cursor, 'utf8')) as Record<string, number>)[inbox] === statSync(inbox).size;
}

describe('events serve (built binary)', () => {
  it('refuses requests without credentials, with a wrong token or a wrong signature: 401 and a JSON error', async () => {
    const none = await post(event('e-unauth'), {});
    expect(none.status).toBe(401);
    expect(none.body.error).toMatch(/authentication required: send an Authorization: Bearer <token> header or an X-Spawn-Slurm-Signature/);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await post(event('e-wrong'), { Authorization: 'Bearer not-the-token' });
    expect(wrong).toMatchObject({ status: 401, body: { error: 'the bearer token is not the one this server was given' } });
    const notBearer = await post(event('e-basic'), { Authorization: 'Basic dXNlcjpwYXNz' });
    expect(notBearer.status).toBe(401);
    const body = JSON.stringify(event('e-badsig'));
    const badSignature = await post(body, { 'X-Spawn-Slurm-Signature': `sha256=${createHmac('sha256', 'another-secret').update(body).digest('hex')}` });
    expect(badSignature).toMatchObject({ status: 401, body: { error: 'the X-Spawn-Slurm-Signature header does not match the body' } });
    // A signature over other bytes than those sent does not pass either.
    expect((await post(`${body} `, signed(body))).status).toBe(401);
  });

  it('accepts an event with the bearer token and one signed with the HMAC secret: 202 and the ids', async () => {
    expect(await post(event('e-bearer', 'notes.txt'))).toMatchObject({ status: 202, body: { accepted: ['e-bearer'] } });
    const body = JSON.stringify(event('e-hmac', 'notes.md'));
    expect(await post(body, signed(body))).toMatchObject({ status: 202, body: { accepted: ['e-hmac'] } });
    // Accepted means written to the inbox before the answer.
    const inbox = readFileSync(join(cluster.stateDir, 'events', 'inbox.jsonl'), 'utf8');
    expect(inbox).toContain('"id":"e-bearer"');
    expect(inbox).toContain('"id":"e-hmac"');
  });

  it('takes a batch of up to 10 events, PutEvents entries among them, all or none', async () => {
    const entry = { Source: 'lab.instrument', DetailType: 'Object Created', Detail: JSON.stringify({ object: { key: 'batch/c.txt' } }), Resources: ['arn:aws:s3:::lab'] };
    const batch = await post([event('b-1', 'batch/a.txt'), event('b-2', 'batch/b.txt'), entry]);
    expect(batch.status).toBe(202);
    const ids = batch.body.accepted as string[];
    expect(ids.slice(0, 2)).toEqual(['b-1', 'b-2']);
    expect(ids[2]).toMatch(/^[0-9a-f-]{36}$/);
    const converted = readFileSync(join(cluster.stateDir, 'events', 'inbox.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).event)
      .find((e) => e.id === ids[2]);
    expect(converted).toMatchObject({
      version: '0',
      source: 'lab.instrument',
      'detail-type': 'Object Created',
      account: '',
      region: '',
      resources: ['arn:aws:s3:::lab'],
      detail: { object: { key: 'batch/c.txt' } },
    });
    const eleven = await post(Array.from({ length: 11 }, (_, i) => event(`many-${i}`)));
    expect(eleven).toMatchObject({ status: 400, body: { error: 'the list holds 11 events: at most 10 go in one request, as in PutEvents' } });
    const { id: _, ...noId } = event('x');
    const mixed = await post([event('m-1'), noId, { ...entry, Detail: '{"a":' }]);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error).toBe(
      'event 2 of 3: not an EventBridge event: "id" is missing; event 3 of 3: not a PutEvents entry: "Detail" is not valid JSON: Unexpected end of JSON input (line 1, column 6) (no event of the list was taken)',
    );
    expect(readFileSync(join(cluster.stateDir, 'events', 'inbox.jsonl'), 'utf8')).not.toContain('"id":"m-1"');
  });

  it('answers 400 for a body that is not JSON, naming the line and column, and for a bad envelope', async () => {
    const badJson = await post('{\n  "id": "x",\n  "source": \n}');
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toMatch(/^not valid JSON: .* \(line 4, column 1\)$/s);
    expect(badJson.body.hint).toBe('send one event as a JSON object, or a JSON list of events');
    const envelope = await post({ ...event('env-1'), time: 5, resources: 'arn' });
    expect(envelope).toMatchObject({ status: 400, body: { error: 'not an EventBridge event: "time" is a number, not a string, "resources" must be a list of strings' } });
    expect(envelope.body.hint).toMatch(/an event has version, id, detail-type/);
    expect((await post('')).status).toBe(400);
  });

  it('answers 413 for a body over the limit, declared or streamed, and 404 and 405 for other paths and methods', async () => {
    const big = JSON.stringify({ ...event('big'), detail: { pad: 'x'.repeat(300 * 1024) } });
    expect(await post(big)).toMatchObject({ status: 413, body: { error: 'the body is larger than 262144 bytes' } });
    expect((await send('POST', '/events', big, bearer, true)).status).toBe(413);
    expect((await send('POST', '/other', '{}', bearer)).status).toBe(404);
    const get = await send('GET', '/events', undefined, bearer);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('survives requests that are not HTTP at all', async () => {
    const port = Number(new URL(url).port);
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('\x00\x01 garbage \r\n\r\n'));
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
      socket.resume();
    });
    expect(await post(event('after-garbage', 'x.txt'))).toMatchObject({ status: 202 });
  });

  it('an accepted event makes the rule submit its job, once, even when the event is posted twice', async () => {
    expect(await post(event('upload-7', 'run-7/data.csv'))).toMatchObject({ status: 202, body: { accepted: ['upload-7'] } });
    await waitUntil('the job the rule submitted to run', () => processed().length > 0, 30_000);
    expect(await post(event('upload-7', 'run-7/data.csv'))).toMatchObject({ status: 202, body: { accepted: ['upload-7'] } });
    await waitUntil('the dispatchers to read every accepted event', dispatchedAll, 30_000);
    const history = JSON.parse(cluster.run(['history', '--json', '--name', 'process']).stdout) as { jobs: unknown[] };
    expect(history.jobs).toHaveLength(1);
    expect(processed()).toEqual(['upload-7 run-7/data.csv']);
  });

  it('stops cleanly on SIGTERM, and never wrote the secrets anywhere', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serverStderr).not.toContain(TOKEN);
    expect(serverStderr).not.toContain(HMAC_SECRET);
    expect(serverStderr).toContain('POST /events: 202');
    // The dispatcher, and the job the rule submitted, did not inherit them.
    const files = readdirSync(cluster.stateDir, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(join(cluster.stateDir, file)).isFile());
    expect(files.filter((file) => readFileSync(join(cluster.stateDir, file), 'utf8').includes(TOKEN))).toEqual([]);
  });
});

describe('events serve refuses to start', () => {
  const start = (args: string[], extra: Record<string, string>) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'events', 'serve', ...args], {
        cwd: cluster.dir,
        env: userEnv(cluster.env({ SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'), ...extra })),
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('without a secret, saying how to set one', async () => {
    const result = await start(['--listen', '127.0.0.1:0'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no secret to authenticate requests with: neither $SPAWN_SLURM_EVENTS_TOKEN nor $SPAWN_SLURM_EVENTS_HMAC_SECRET is set');
    expect(result.stderr).toContain('hint: export SPAWN_SLURM_EVENTS_TOKEN=$(openssl rand -hex 32)');
    const named = await start(['--listen', '127.0.0.1:0', '--token-env', 'MY_TOKEN'], { SPAWN_SLURM_EVENTS_TOKEN: TOKEN });
    expect(named.stderr).toContain('neither $MY_TOKEN nor');
  });

  it('on an address other hosts can reach, unless --allow-remote', async () => {
    const result = await start(['--listen', '0.0.0.0:0'], { SPAWN_SLURM_EVENTS_TOKEN: TOKEN });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--listen 0.0.0.0:0: not a loopback address');
    expect(result.stderr).toContain('--allow-remote');
    const bad = await start(['--listen', 'example.org:80'], { SPAWN_SLURM_EVENTS_TOKEN: TOKEN });
    expect(bad.stderr).toContain('example.org is not an IP address');
  });
});
