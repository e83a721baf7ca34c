import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/store/events.js';
import { LocalCluster } from '../support/local-cluster.js';

const cluster = new LocalCluster('crash');
afterAll(() => cluster.dispose());

const TASK = '#!/bin/bash\necho "$SLURM_ARRAY_TASK_ID" >> ledger-$SLURM_ARRAY_JOB_ID\nsleep 0.4\n';

function killSupervisor(): number {
  const pid = cluster.supervisorPid();
  if (pid === null) throw new Error('no supervisor is running');
  process.kill(pid, 'SIGKILL');
  return pid;
}

const ledger = (id: number) => cluster.read(`ledger-${id}`).trim().split('\n').map(Number);
const count = (events: JobEvent[], type: string) => events.filter((e) => e['detail-type'] === type).length;

describe('a supervisor killed with SIGKILL', () => {
  it('is restarted by the next command: finished tasks never run again, running ones end NODE_FAIL, pending ones continue', async () => {
    const id = cluster.submit('crash.sh', TASK, ['--array=1-12%2']);
    await cluster.waitFor('four tasks done and two running', () => {
      const events = cluster.events(id);
      return count(events, 'Task Ended') >= 4 && count(events, 'Task Started') - count(events, 'Task Ended') === 2;
    });
    const dead = killSupervisor();
    await cluster.waitFor('the supervisor to be gone', () => cluster.supervisorPid() === null);
    expect(cluster.run(['queue']).status).toBe(0);
    await cluster.waitFor('a new supervisor', () => {
      const pid = cluster.supervisorPid();
      return pid !== null && pid !== dead;
    });
    const ended = await cluster.waitForEnd(id);
    const ends = cluster.taskEnds(id);
    const failed = [...ends.values()].filter((e) => e.detail.state === 'NODE_FAIL');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThanOrEqual(2);
    expect(ended.detail.states).toEqual({ COMPLETED: 12 - failed.length, NODE_FAIL: failed.length });
    // Every task ran exactly once.
    expect(ledger(id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('with --requeue, tasks that were running run again (SLURM_RESTART_COUNT=1) and the job completes', async () => {
    const id = cluster.submit('requeue.sh', `${TASK}echo "restart=\${SLURM_RESTART_COUNT:-0}"\n`, ['--array=1-6%2', '--requeue', '-o', 'rq-%a.out']);
    await cluster.waitFor('two tasks running', () => {
      const events = cluster.events(id);
      return count(events, 'Task Started') - count(events, 'Task Ended') === 2 && count(events, 'Task Ended') >= 1;
    });
    killSupervisor();
    await cluster.waitFor('the supervisor to be gone', () => cluster.supervisorPid() === null);
    cluster.run(['queue']);
    const ended = await cluster.waitForEnd(id);
    expect(ended.detail.states).toEqual({ COMPLETED: 6 });
    const requeued = cluster.events(id).filter((e) => e['detail-type'] === 'Task Requeued');
    expect(requeued.length).toBeGreaterThanOrEqual(1);
    for (const event of requeued) expect(cluster.read(`rq-${event.detail.arrayTaskId}.out`)).toContain('restart=1');
    const runs = ledger(id);
    expect(runs.length).toBe(6 + requeued.length);
  });

  it('leaves the store whole when killed at random points, again and again', async () => {
    const ids: number[] = [];
    for (let round = 0; round < 6; round++) {
      ids.push(cluster.submit(`loop${round}.sh`, '#!/bin/bash\necho "$SLURM_ARRAY_TASK_ID" >> ledger-$SLURM_ARRAY_JOB_ID\n', ['--array=1-40%2']));
      // Kill after a random number of events, anywhere from none to most of the array.
      const target = Math.floor(Math.random() * 60);
      await cluster.waitFor('events to kill after', () => cluster.events(ids.at(-1) as number).length >= target || cluster.ended(ids.at(-1) as number));
      if (cluster.supervisorPid() !== null) killSupervisor();
      await cluster.waitFor('the supervisor to be gone', () => cluster.supervisorPid() === null);
      cluster.run(['queue']);
    }
    for (const id of ids) await cluster.waitForEnd(id);
    for (const id of ids) {
      const dir = join(cluster.stateDir, 'jobs', String(id));
      const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
      // Every line is a whole event; nothing torn.
      expect(lines.map((l) => JSON.parse(l) as JobEvent).length).toBe(lines.length);
      expect(JSON.parse(readFileSync(join(dir, 'record.json'), 'utf8')).id).toBe(id);
      const ends = cluster.taskEnds(id);
      expect(ends.size).toBe(40);
      // A task ran at most once, and every one that completed ran exactly once.
      const runs = ledger(id);
      expect(new Set(runs).size).toBe(runs.length);
      for (const [index, end] of ends) if (end.detail.state === 'COMPLETED') expect(runs).toContain(index);
      for (const end of ends.values()) expect(['COMPLETED', 'NODE_FAIL']).toContain(end.detail.state);
      expect(
        readdirSync(dir)
          .filter((f) => !f.startsWith('.') && !f.startsWith('steps-'))
          .sort(),
      ).toEqual(['environment.json', 'events.jsonl', 'record.json', 'script']);
    }
    expect(new Set(ids).size).toBe(ids.length);
  }, 120_000);
});
