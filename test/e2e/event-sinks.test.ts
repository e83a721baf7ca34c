import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spoolEvent } from '../../src/events/spool/spool-event.js';
import { type FakeEventBridge, startFakeEventBridge } from '../support/fake-eventbridge.js';
import { jobEndedEvents } from '../support/job-events.js';
import { runCliAsync } from '../support/run-cli.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const SECRET = 'hmac-secret-that-must-never-be-written-4f1d';

let dir: string;
let stateDir: string;
let receiver: WebhookReceiver;
let eventBridge: FakeEventBridge;
const outputs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-event-sinks-'));
  stateDir = join(dir, 'state');
  receiver = await startWebhookReceiver(SECRET, 120_000);
  eventBridge = await startFakeEventBridge({ maxLifetimeMs: 120_000 });
  writeFileSync(
    join(dir, 'mapping.yaml'),
    `sinks:
  - name: hook
    type: webhook
    url: ${receiver.url}/events
    secret_env: HOOK_SECRET
    timeout: 2s
    retries: 1
  - name: bus
    type: eventbridge
    bus: jobs
    region: ${eventBridge.region}
`,
  );
});
afterAll(async () => {
  await receiver.close();
  await eventBridge.close();
});

/** `spawn-slurm events …` in the test's directory; every output is kept, to look for the secret in. */
async function events(...args: string[]) {
  const result = await runCliAsync(['events', ...args], {
    cwd: dir,
    env: {
      SPAWN_SLURM_STATE_DIR: stateDir,
      HOOK_SECRET: SECRET,
      SPAWN_SLURM_EVENTBRIDGE_ENDPOINT: eventBridge.url,
      AWS_ACCESS_KEY_ID: eventBridge.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: eventBridge.credentials.secretAccessKey,
    },
  });
  outputs.push(result.stdout, result.stderr);
  return result;
}

interface StatusJson {
  version: number;
  sinks: Array<{
    name: string;
    type: string;
    pending: number;
    oldestPendingAgeSeconds: number | null;
    failed: number;
    delivered: number;
    lastError: { message: string; retryable: boolean } | null;
  }>;
}

async function statusOf(name: string) {
  const result = await events('status', '--json');
  expect(result.status, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as StatusJson).sinks.find((s) => s.name === name);
}

function filesUnder(path: string): string[] {
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((name) => join(path, name))
    .filter((file) => statSync(file).isFile());
}

describe('sinks through the command line', () => {
  const spooled = jobEndedEvents(5);

  it('a webhook that is down never loses an event: they wait, events status says so, and each goes once when it is back', async () => {
    for (const event of spooled) spoolEvent(stateDir, 'hook', event);
    receiver.setDefault({ status: 503 });

    const down = await events('flush');
    expect(down.status, down.stderr).toBe(1);
    expect(down.stdout).toContain('hook: 0 delivered, 5 pending');
    expect(down.stdout).toContain('last error: HTTP 503 Service Unavailable');
    expect(await statusOf('hook')).toMatchObject({ type: 'webhook', pending: 5, failed: 0, delivered: 0, lastError: { message: expect.stringContaining('HTTP 503'), retryable: true } });
    const text = await events('status');
    expect(text.stdout).toMatch(/^SINK +TYPE +PENDING +OLDEST +FAILED +DELIVERED +LAST ERROR$/m);
    expect(text.stdout).toMatch(/^hook +webhook +5 +\d\d:\d\d:\d\d +0 +0 +\S+Z HTTP 503 Service Unavailable/m);
    expect(text.stdout).toMatch(/^bus +eventbridge +0 +- +0 +0 *$/m);
    expect(receiver.accepted()).toEqual([]);

    receiver.setDefault({ status: 204 });
    const back = await events('flush', '--json');
    expect(back.status, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).sinks).toContainEqual({ sink: 'hook', delivered: 5, undeliverable: 0, pending: 0, busy: false });
    expect(await statusOf('hook')).toMatchObject({ pending: 0, oldestPendingAgeSeconds: null, delivered: 5, lastError: null });

    const again = await events('flush');
    expect(again.status).toBe(0);
    const received = receiver.accepted();
    expect(received.sort()).toEqual(spooled.map((e) => e.id).sort());
    expect(new Set(received).size).toBe(received.length);
  }, 60_000);

  it('puts events to EventBridge through the SDK, loaded only for this, in calls of at most 10', async () => {
    const batch = jobEndedEvents(12).map((e) => ({ ...e, id: `${e.id}:eventbridge` }));
    for (const event of batch) spoolEvent(stateDir, 'bus', event);
    const result = await events('flush');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('bus: 12 delivered, 0 pending');
    expect(eventBridge.calls.map((c) => c.entries.length)).toEqual([10, 2]);
    expect(eventBridge.accepted().map((e) => JSON.parse(e.Detail ?? '{}').jobId)).toEqual(batch.map((e) => e.detail.jobId));
  }, 60_000);

  it('never writes the HMAC secret: not in the spool, its status files, or any output', () => {
    expect(receiver.posts.length).toBeGreaterThan(0);
    for (const file of filesUnder(stateDir)) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
    for (const output of outputs) expect(output).not.toContain(SECRET);
    expect(outputs.length).toBeGreaterThan(6);
  });

  it('refuses a configuration whose rule names no configured sink, pointing at it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'spawn-slurm-event-sinks-bad-'));
    writeFileSync(join(other, 'bad.yaml'), 'rules:\n  - name: r\n    pattern: {source: [a]}\n    actions: [{sink: archiv}]\nsinks:\n  - {name: archive, type: command, command: cat}\n');
    const result = await runCliAsync(['events', 'status', '--config', join(other, 'bad.yaml')], { cwd: other, env: { SPAWN_SLURM_STATE_DIR: join(other, 'state') } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('bad.yaml:4:22');
    expect(result.stderr).toContain('rules[0].actions[0].sink: there is no sink named "archiv"; did you mean "archive"?');
    expect(result.stderr).toContain('mapping-unknown-sink');
  });
});
