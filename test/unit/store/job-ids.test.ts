import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reserveJobIds } from '../../../src/store/job-ids.js';
import { lockHolder, tryLock, unlock, withLock } from '../../../src/store/lock.js';

const dir = () => mkdtempSync(join(tmpdir(), 'spawn-slurm-ids-'));

describe('job ids', () => {
  it('start at 1, only increase, and an array reserves one per task', () => {
    const state = dir();
    expect(reserveJobIds(state, 1)).toBe(1);
    expect(reserveJobIds(state, 5)).toBe(2);
    expect(reserveJobIds(state, 1)).toBe(7);
    expect(readFileSync(join(state, 'next-job-id'), 'utf8')).toBe('8\n');
  });

  it('break a lock whose owner has died, but never one a live process holds', () => {
    const state = dir();
    const path = join(state, 'x.lock');
    // A pid that cannot be alive: beyond pid_max.
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, start: '1' }));
    expect(tryLock(path)).toBe(true);
    expect(lockHolder(path)).toBe(process.pid);
    expect(tryLock(path)).toBe(false);
    unlock(path);
    expect(lockHolder(path)).toBeNull();
    expect(withLock(path, () => 42)).toBe(42);
  });
});
