import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ObjectStore } from '../../../src/launch/ec2/job-objects/s3-object-store.js';
import { freeTasksOfLostInstances, giveSlot, takeSlot, TaskClaimer, taskResults } from '../../../src/launch/ec2/job-objects/task-claims.js';
import type { JobArray } from '../../../src/model/schema.js';
import { startS3Server, type S3Server } from '../../support/s3-server/server.js';

const credentials = { accessKeyId: 'AKIDCLAIMTEST', secretAccessKey: 'claim-test-secret' };
let server: S3Server;
const store = () => s3ObjectStore({ region: 'us-east-1', bucket: 'jobs', endpoint: server.url, credentials });

// 0-98:2 → 50 tasks, stepped, so indices are not positions.
const ARRAY: JobArray = { spec: '0-98:2', ranges: [{ start: 0, end: 98, step: 2 }], count: 50, min: 0, max: 98, step: 2, maxRunning: null };

beforeAll(async () => {
  // Small pages, so listing claims crosses pages as a 10,000-task job does.
  server = await startS3Server({ credentials: [credentials], buckets: ['jobs'], pageSize: 7 });
});
afterAll(() => server.close());

describe('the S3 object store, through the real SDK', () => {
  it('puts, gets, lists across pages, writes only if absent, and deletes', async () => {
    const s3 = store();
    await s3.put('t1/a b+c', 'hello');
    expect((await s3.get('t1/a b+c'))?.toString()).toBe('hello');
    expect(await s3.get('t1/missing')).toBeNull();
    expect(await s3.putIfAbsent('t1/once', 'first')).toBe(true);
    expect(await s3.putIfAbsent('t1/once', 'second')).toBe(false);
    expect((await s3.get('t1/once'))?.toString()).toBe('first');
    for (let i = 0; i < 20; i++) await s3.put(`t1/many/${String(i).padStart(2, '0')}`, '');
    expect(await s3.list('t1/many/')).toEqual(Array.from({ length: 20 }, (_, i) => `t1/many/${String(i).padStart(2, '0')}`));
    await s3.delete('t1/once');
    expect(await s3.get('t1/once')).toBeNull();
    s3.destroy();
  });
});

describe('instances claiming the tasks of one job', () => {
  it('gives every task to exactly one of several instances claiming at once, then nothing', async () => {
    const claimers = ['i-a', 'i-b', 'i-c'].map((id) => ({ id, claimer: new TaskClaimer(store(), 'job1/', ARRAY, id), got: [] as number[] }));
    await Promise.all(
      claimers.map(async (c) => {
        for (let index = await c.claimer.next(); index !== null; index = await c.claimer.next()) c.got.push(index);
      }),
    );
    const all = claimers.flatMap((c) => c.got).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i));
    expect(claimers.every((c) => c.got.length > 0)).toBe(true);
  });

  it('reruns the unfinished tasks of an interrupted or lost instance elsewhere, and never a finished one', async () => {
    const s3 = store();
    const a = new TaskClaimer(s3, 'job2/', ARRAY, 'i-a');
    const b = new TaskClaimer(s3, 'job2/', ARRAY, 'i-b');
    const aTasks = [await a.next(), await a.next(), await a.next()] as number[];
    const bTasks = [await b.next(), await b.next()] as number[];
    expect(aTasks).toEqual([0, 2, 4]);
    expect(bTasks).toEqual([6, 8]);
    // a finishes one, is interrupted with two running and gives them back; b finishes one and is lost.
    await a.finish({ index: 0, exitCode: '0:0', state: 'COMPLETED', endTime: '2026-12-02T12:00:00' });
    await a.release(2);
    await a.release(4);
    await b.finish({ index: 6, exitCode: '3:0', state: 'FAILED', endTime: '2026-12-02T12:00:01' });
    expect(await freeTasksOfLostInstances(s3, 'job2/', new Set(['i-c']))).toEqual([8]);

    const c = new TaskClaimer(s3, 'job2/', ARRAY, 'i-c');
    const cTasks: number[] = [];
    for (let index = await c.next(); index !== null; index = await c.next()) cTasks.push(index);
    expect(cTasks).toContain(2);
    expect(cTasks).toContain(4);
    expect(cTasks).toContain(8);
    expect(cTasks).not.toContain(0);
    expect(cTasks).not.toContain(6);
    expect(cTasks).toHaveLength(50 - 2);
    const results = await taskResults(s3, 'job2/');
    expect([...results.keys()].sort((x, y) => x - y)).toEqual([0, 6]);
    expect(results.get(6)).toMatchObject({ instanceId: 'i-b', exitCode: '3:0', state: 'FAILED' });
  });

  it('a single job (no array) is task 0', async () => {
    const claimer = new TaskClaimer(store(), 'job3/', null, 'i-a');
    expect(await claimer.next()).toBe(0);
    expect(await claimer.next()).toBeNull();
  });

  it("shares the array's %N as slots: N at most, given back, and freed with a lost instance", async () => {
    const s3 = store();
    expect(await takeSlot(s3, 'job4/', 'i-a', 2)).toBe(0);
    expect(await takeSlot(s3, 'job4/', 'i-b', 2)).toBe(1);
    expect(await takeSlot(s3, 'job4/', 'i-c', 2)).toBeNull();
    await giveSlot(s3, 'job4/', 'i-a', 0);
    expect(await takeSlot(s3, 'job4/', 'i-c', 2)).toBe(0);
    expect(await freeTasksOfLostInstances(s3, 'job4/', new Set(['i-c']))).toEqual([]);
    expect(await takeSlot(s3, 'job4/', 'i-d', 2)).toBe(1);
  });
});
