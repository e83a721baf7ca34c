import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';
import { BIN, runCliAsync } from '../support/run-cli.js';
import { waitUntil } from '../support/wait-until.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * Crashes in the middle of acting on an event: the process acting on it is killed with SIGKILL (its
 * whole process group, as a machine that goes away) once between "rule matched" and "action done", and
 * once between "event spooled" and "delivered". What follows must lose no event and act on none twice.
 */
const SECRET = 'fault-injection-webhook-secret';
const cluster = new LocalCluster('events-fault-injection');
let receiver: WebhookReceiver;

const lines = (file: string) => (existsSync(join(cluster.dir, file)) ? readFileSync(join(cluster.dir, file), 'utf8').trim().split('\n').filter(Boolean) : []);
const env = () => cluster.env({ SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml'), HOOK_SECRET: SECRET });

/** A CLI run in a process group of its own, to be killed with everything it started. */
function startGroup(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: cluster.dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env() },
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    exited,
    kill: async () => {
      process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
    },
  };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET, 120_000);
  cluster.write('quick.sbatch', '#!/bin/bash\n#SBATCH -t 1 -J quick -o quick-%j.out\necho "quick for $SPAWN_EVENT_ID"\n');
  cluster.write(
    'mapping.yaml',
    [
      'sinks:',
      '  - name: hook',
      '    type: webhook',
      `    url: ${receiver.url}/events`,
      '    secret_env: HOOK_SECRET',
      '    timeout: 30s',
      '    retries: 0',
      'rules:',
      '  - name: submit-first',
      '    pattern: { detail-type: [Data Arrived] }',
      '    actions:',
      '      - submit: quick.sbatch',
      '  - name: slow-command',
      '    pattern: { detail-type: [Data Arrived] }',
      '    actions:',
      `      - run: 'echo "start $SPAWN_EVENT_ID" >> ${join(cluster.dir, 'run.log')}; sleep 60; echo done >> ${join(cluster.dir, 'run.log')}'`,
      '  - name: notify',
      '    pattern: { detail-type: [Data Arrived] }',
      '    actions:',
      '      - sink: hook',
      '  - name: failures',
      '    pattern: { source: [spawn-slurm.rules], detail-type: [Rule Action Failed] }',
      '    actions:',
      `      - run: 'echo "$SPAWN_EVENT_RULE" >> ${join(cluster.dir, 'failures.log')}'`,
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await receiver?.close();
  await cluster.dispose();
});

describe('a dispatcher killed mid-way (SIGKILL of its process group)', () => {
  it('between rule matched and action done: what finished stays done, the interrupted command is marked failed and never run twice, the rest still acts; between spooled and delivered: the event still arrives', async () => {
    // The receiver holds the first delivery without answering, so the second kill finds it in flight.
    receiver.next('hang');
    const put = startGroup(['events', 'put', '--detail-type', 'Data Arrived', '--detail', '{"file": "data/run-1.csv"}']);
    await waitUntil('the slow command to start', () => lines('run.log').length > 0, 30_000);
    await put.kill();
    const eventId = (lines('run.log')[0] as string).replace(/^start /, '');

    // The next dispatcher finishes what was interrupted and acts on the rest, then delivers to the sink.
    const dispatcher = startGroup(['events', 'dispatch']);
    await waitUntil('the webhook delivery to be in flight', () => receiver.posts.length === 1, 30_000);
    await dispatcher.kill();

    // Everything left is delivered by the next round.
    const flushed = await runCliAsync(['events', 'flush'], { cwd: cluster.dir, env: env() });
    expect(flushed.status, flushed.stderr).toBe(0);
    const again = await runCliAsync(['events', 'dispatch'], { cwd: cluster.dir, env: env() });
    expect(again.status, again.stderr).toBe(0);

    // The submit that had finished before the first kill is not done again: one job.
    const history = await runCliAsync(['history', '--json'], { cwd: cluster.dir, env: env() });
    const quick = (JSON.parse(history.stdout) as { jobs: Array<{ jobName?: string; name?: string; jobId: string }> }).jobs.filter((j) => (j.jobName ?? j.name) === 'quick');
    expect(quick).toHaveLength(1);
    // The command killed mid-way ran once, never to its end, and its rule failed once, with an event of its own.
    expect(lines('run.log')).toEqual([`start ${eventId}`]);
    await waitUntil('the failure to be routed', () => lines('failures.log').length > 0, 30_000);
    expect(lines('failures.log')).toEqual(['slow-command']);
    // The sink's event was not lost: delivered (at least once: the held delivery may count too), nothing pending.
    expect(receiver.accepted()).toContain(eventId);
    expect(receiver.posts.every((p) => p.headers['x-spawn-slurm-event-id'] === eventId)).toBe(true);
    const status = await runCliAsync(['events', 'status', '--json'], { cwd: cluster.dir, env: env() });
    const hook = (JSON.parse(status.stdout) as { sinks: Array<{ name: string; pending: number }> }).sinks.find((s) => s.name === 'hook');
    expect(hook?.pending).toBe(0);
  }, 120_000);
});
