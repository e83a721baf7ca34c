import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `--mem` enforced with a memory cgroup per task, where this machine lets us make one: cgroup v2
 * (memory.max, memory.events' oom_kill, memory.peak) or the v1 memory controller (limit_in_bytes,
 * oom_control, max_usage_in_bytes). Where neither is writable, `available` is false and the
 * supervisor says once that memory is not enforced.
 */
export interface MemoryLimits {
  kind: 'cgroup2' | 'cgroup1';
  /** A fresh cgroup limited to `limitMiB`, or null when it cannot be made. */
  create(name: string, limitMiB: number): string | null;
  /** The kernel's OOM killer killed something in it. */
  oomKilled(dir: string): boolean;
  /** Peak memory use in KiB, where the kernel reports it. */
  peakKiB(dir: string): number | null;
  remove(dir: string): void;
  /** Removes the store's own parent cgroup, once no task is left in it. */
  dispose(): void;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function ownCgroupPath(controller: string | null): string | null {
  const self = read('/proc/self/cgroup');
  if (!self) return null;
  for (const line of self.trim().split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controller === null ? controllers === '' : controllers?.split(',').includes(controller)) return path ?? null;
  }
  return null;
}

function counter(text: string | null, key: string): number {
  const match = text?.match(new RegExp(`^${key} (\\d+)$`, 'm'));
  return match ? Number(match[1]) : 0;
}

function tryCreate(parent: string, name: string, files: [string, string][]): string | null {
  const dir = join(parent, name);
  try {
    mkdirSync(dir, { recursive: true });
    for (const [file, value] of files) writeFileSync(join(dir, file), value);
    return dir;
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // Not made, or not empty: nothing to tidy.
    }
    return null;
  }
}

function cgroup2(base: string, storeId: string): MemoryLimits | null {
  const parent = join(base, `spawn-slurm-${storeId}`);
  try {
    mkdirSync(parent, { recursive: true });
    writeFileSync(join(parent, 'cgroup.subtree_control'), '+memory');
  } catch {
    return null;
  }
  return {
    kind: 'cgroup2',
    create: (name, limitMiB) =>
      tryCreate(parent, name, [
        ['memory.max', String(limitMiB * 1048576)],
        ['memory.swap.max', '0'],
      ]),
    oomKilled: (dir) => counter(read(join(dir, 'memory.events')), 'oom_kill') > 0,
    peakKiB: (dir) => {
      const peak = read(join(dir, 'memory.peak'));
      return peak ? Math.round(Number(peak) / 1024) : null;
    },
    remove: (dir) => removeQuietly(dir),
    dispose: () => removeQuietly(parent),
  };
}

function cgroup1(base: string, storeId: string): MemoryLimits | null {
  const parent = join(base, `spawn-slurm-${storeId}`);
  try {
    mkdirSync(parent, { recursive: true });
  } catch {
    return null;
  }
  if (!existsSync(join(parent, 'memory.limit_in_bytes'))) return null;
  return {
    kind: 'cgroup1',
    create: (name, limitMiB) => tryCreate(parent, name, [['memory.limit_in_bytes', String(limitMiB * 1048576)]]),
    oomKilled: (dir) => {
      const control = read(join(dir, 'memory.oom_control'));
      return counter(control, 'oom_kill') > 0 || counter(control, 'under_oom') > 0;
    },
    peakKiB: (dir) => {
      const peak = read(join(dir, 'memory.max_usage_in_bytes'));
      return peak ? Math.round(Number(peak) / 1024) : null;
    },
    remove: (dir) => removeQuietly(dir),
    dispose: () => removeQuietly(parent),
  };
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // A process still in it (a straggler being killed): the kernel frees it with the last one.
  }
}

export function detectMemoryLimits(storeId: string): MemoryLimits | null {
  if (process.env.SPAWN_SLURM_NO_CGROUP === '1') return null;
  const v2 = ownCgroupPath(null);
  if (v2 !== null && existsSync('/sys/fs/cgroup/cgroup.controllers')) {
    const limits = cgroup2(join('/sys/fs/cgroup', v2), storeId);
    if (limits) return limits;
  }
  const v1 = ownCgroupPath('memory');
  if (v1 !== null && existsSync('/sys/fs/cgroup/memory')) return cgroup1(join('/sys/fs/cgroup/memory', v1), storeId);
  return null;
}
