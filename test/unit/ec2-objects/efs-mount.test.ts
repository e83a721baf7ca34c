import { describe, expect, it } from 'vitest';
import { efsMountFor, isUnder, mountedAt } from '../../../src/launch/ec2/efs-mount.js';

const MOUNTS = [
  '/dev/nvme0n1p1 / xfs rw,noatime 0 0',
  'fs-0123456789abcdef0.efs.us-east-1.amazonaws.com:/ /shared nfs4 rw,relatime,vers=4.1,rsize=1048576 0 0',
  'fs-0aaaaaaaaaaaaaaa1:/ /mnt/with\\040space efs rw 0 0',
  '',
].join('\n');

describe('where the EFS file system is mounted', () => {
  it('is read from /proc/mounts by file system id, over NFS or mount.efs, with escaped paths', () => {
    expect(mountedAt('fs-0123456789abcdef0', MOUNTS)).toBe('/shared');
    expect(mountedAt('fs-0aaaaaaaaaaaaaaa1', MOUNTS)).toBe('/mnt/with space');
    expect(mountedAt('fs-0bbbbbbbbbbbbbbb2', MOUNTS)).toBeNull();
  });

  it('storage.efs_mount wins; a submit directory under it is shared, one beside it is not', () => {
    const storage = { efs: 'fs-0123456789abcdef0', efsMount: '/data' };
    expect(efsMountFor(storage, 'us-east-1', '/data/project', MOUNTS)).toEqual({ fileSystemId: 'fs-0123456789abcdef0', region: 'us-east-1', mountPoint: '/data', sharesSubmitDir: true });
    expect(efsMountFor(storage, 'us-east-1', '/database', MOUNTS)?.sharesSubmitDir).toBe(false);
    expect(efsMountFor({ ...storage, efsMount: null }, 'us-east-1', '/shared/x', MOUNTS)?.mountPoint).toBe('/shared');
  });

  it('is unknown without either (null), and not asked about without storage.efs (undefined)', () => {
    expect(efsMountFor({ efs: 'fs-0bbbbbbbbbbbbbbb2', efsMount: null }, 'us-east-1', '/x', MOUNTS)).toBeNull();
    expect(efsMountFor({ efs: null, efsMount: null }, 'us-east-1', '/x', MOUNTS)).toBeUndefined();
  });

  it('a path is under a mount point only at a directory boundary', () => {
    expect(isUnder('/shared', '/shared')).toBe(true);
    expect(isUnder('/shared/a/b', '/shared')).toBe(true);
    expect(isUnder('/sharedx', '/shared')).toBe(false);
    expect(isUnder('/anything', '/')).toBe(true);
  });
});
