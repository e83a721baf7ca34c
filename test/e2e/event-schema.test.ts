import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/store/events.js';
import { SchemaChecker } from '../support/json-schema-check.js';
import { LocalCluster } from '../support/local-cluster.js';

const schema = new SchemaChecker(JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/event.schema.json'), 'utf8')));

// A second to a Slurm minute, so that a time limit runs out quickly.
const cluster = new LocalCluster('event-schema', { SPAWN_SLURM_SECONDS_PER_MINUTE: '1' });
afterAll(() => cluster.dispose());

describe('schema/event.schema.json', () => {
  it('describes every event the local backend writes', async () => {
    const plain = cluster.submit('plain.sh', '#!/bin/bash\necho hello\n');
    const array = cluster.submit('array.sh', '#!/bin/bash\n[ "$SLURM_ARRAY_TASK_ID" = 2 ] && exit 3\ntrue\n', ['--array=0-2', '-J', 'sweep']);
    const timeout = cluster.submit('slow.sh', '#!/bin/bash\nsleep 30\n', ['-t', '1']);
    const released = cluster.submit('held.sh', '#!/bin/bash\ntrue\n', ['--hold']);
    const waiting = cluster.submit('later.sh', '#!/bin/bash\ntrue\n', ['--array=1-3', '--begin=now+600']);
    await cluster.waitFor('the supervisor to take the held job', () => cluster.run(['release', String(released)]).status === 0);
    await cluster.waitFor('the waiting job to be held', () => cluster.run(['hold', String(waiting)]).status === 0 && cluster.events(waiting).some((e) => e['detail-type'] === 'Job Held'));
    expect(cluster.run(['cancel', String(waiting)]).status).toBe(0);
    const jobs = [plain, array, timeout, released, waiting];
    for (const id of jobs) await cluster.waitForEnd(id);

    const events: JobEvent[] = jobs.flatMap((id) => cluster.events(id));
    const problems = events.flatMap((event) => schema.problems(event).map((p) => `${event.id} (${event['detail-type']}): ${p}`));
    expect(problems).toEqual([]);
    // Task Requeued needs a supervisor that dies under a running task: test/unit/events/event-schema.test.ts builds one.
    expect(new Set(events.map((e) => e['detail-type']))).toEqual(new Set(['Job Submitted', 'Task Started', 'Task Ended', 'Job Held', 'Job Released', 'Job Ended']));
    expect(events.map((e) => e.detail.state)).toEqual(expect.arrayContaining(['PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED']));
    expect(cluster.ended(waiting)?.detail.neverStarted).toBe('1-3');
  });

  it('refuses what is not an event of this format', () => {
    const [event] = cluster.events(cluster.submit('one.sh', '#!/bin/bash\ntrue\n')) as [JobEvent];
    expect(schema.problems({ ...event, detail: { ...event.detail, exitCode: 3 } })).toEqual(['detail.exitCode: is number, not string or null']);
    expect(schema.problems({ ...event, detail: { ...event.detail, extra: 1 } })).toEqual(['detail.extra: is not a field the schema knows']);
    expect(schema.problems({ ...event, 'detail-type': 'Job Exploded' })).toEqual([
      `detail-type: "Job Exploded" is not one of ${JSON.stringify(['Job Submitted', 'Task Started', 'Task Ended', 'Task Requeued', 'Job Held', 'Job Released', 'Job Ended'])}`,
    ]);
    const { time: _time, ...untimed } = event;
    expect(schema.problems(untimed)).toEqual(['time: is missing']);
  });
});
