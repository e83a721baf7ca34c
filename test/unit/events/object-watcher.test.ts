import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directorySource } from '../../../src/events/watch/directory-source.js';
import { ObjectWatcher } from '../../../src/events/watch/object-watcher.js';
import type { ObjectSource, ObservedObject } from '../../../src/events/watch/observed-object.js';
import { SeenObjects } from '../../../src/events/watch/seen-objects.js';
import type { WatchTarget } from '../../../src/events/watch/watch-target.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-object-watcher-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A source whose listing the test sets, file-like (settles) or S3-like. */
function fakeSource(settles: boolean): ObjectSource & { objects: ObservedObject[] } {
  const source = { objects: [] as ObservedObject[], list: async () => source.objects, etag: async (o: ObservedObject) => `etag-${o.fingerprint}`, settles, close() {} };
  return source;
}
const object = (key: string, fingerprint: string): ObservedObject => ({ key, size: 1, modified: new Date('2026-12-02T05:10:11.500Z'), fingerprint, sequencer: '00' });
const keys = (events: ReadonlyArray<Record<string, unknown>>) => events.map((e) => (e.detail as { object: { key: string } }).object.key);

describe('ObjectWatcher', () => {
  const target: WatchTarget = { kind: 'directory', path: '/data/in', label: '/data/in' };

  it('takes a file only once two scans saw it unchanged', async () => {
    const source = fakeSource(true);
    const watcher = new ObjectWatcher(target, source, new SeenObjects(tempDir(), target.label), 'alice');
    source.objects = [object('a.csv', '1:100')];
    const first = await watcher.scan();
    expect(first).toMatchObject({ events: [], settling: 1 });
    source.objects = [object('a.csv', '2:200')];
    expect(await watcher.scan()).toMatchObject({ events: [], settling: 1 });
    const settled = await watcher.scan();
    expect(keys(settled.events)).toEqual(['a.csv']);
    expect(settled.settling).toBe(0);
  });

  it('takes an S3 object at once, and each write of it once, across restarts', async () => {
    const stateDir = tempDir();
    const s3: WatchTarget = { kind: 's3', bucket: 'lab', prefix: 'in/', label: 's3://lab/in/' };
    const source = fakeSource(false);
    source.objects = [object('in/a.csv', 'e1:1:t1')];
    const first = await new ObjectWatcher(s3, source, new SeenObjects(stateDir, s3.label), 'alice').scan();
    expect(keys(first.events)).toEqual(['in/a.csv']);
    expect(first.events[0]).toMatchObject({ source: 'aws.s3', time: '2026-12-02T05:10:11Z', resources: ['arn:aws:s3:::lab'], detail: { bucket: { name: 'lab' }, requester: 'alice' } });
    // Not committed (the watcher died after the inbox, before recording): the same event, with the same id.
    const retried = await new ObjectWatcher(s3, source, new SeenObjects(stateDir, s3.label), 'alice').scan();
    expect(retried.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    retried.commit();
    expect((await new ObjectWatcher(s3, source, new SeenObjects(stateDir, s3.label), 'alice').scan()).events).toEqual([]);
    source.objects = [object('in/a.csv', 'e1:1:t2')];
    const rewritten = await new ObjectWatcher(s3, source, new SeenObjects(stateDir, s3.label), 'alice').scan();
    expect(keys(rewritten.events)).toEqual(['in/a.csv']);
    expect(rewritten.events[0]?.id).not.toBe(first.events[0]?.id);
  });

  it('reads a directory recursively, with paths below it as keys and content MD5s as etags', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'top.txt'), 'hello');
    mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'sub', 'deeper', 'x.csv'), '1,2');
    const source = directorySource(root);
    const listed = await source.list();
    expect(listed.map((o) => o.key)).toEqual(['sub/deeper/x.csv', 'top.txt']);
    expect(await source.etag(listed[1] as ObservedObject)).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('refuses a damaged record of what was seen, saying how to start over', () => {
    const stateDir = tempDir();
    const seen = new SeenObjects(stateDir, '/data/in');
    seen.record([{ key: 'a', fingerprint: 'f' }], new Set(['a']));
    expect(JSON.parse(readFileSync(seen.path, 'utf8'))).toEqual({ version: 1, target: '/data/in', objects: { a: 'f' } });
    writeFileSync(seen.path, '{"objects": [');
    expect(() => new SeenObjects(stateDir, '/data/in')).toThrow(/is damaged/);
  });
});
