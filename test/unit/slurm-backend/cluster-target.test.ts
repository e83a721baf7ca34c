import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget, restTargetOf } from '../../../src/launch/slurm/cluster-target.js';

describe('which cluster, as whom, with which token', () => {
  it('takes --slurmrestd over $SLURMRESTD_URL, the user from $SLURM_USER_NAME and the token from $SLURM_JWT', () => {
    const env = { SLURMRESTD_URL: 'http://other:1', SLURM_USER_NAME: 'alice', SLURM_JWT: 'eyJ.tok' };
    const target = resolveTarget({ slurmrestd: 'https://hpc.example.org:6820' }, [], env);
    expect(target).toEqual({ name: 'hpc.example.org_6820', url: 'https://hpc.example.org:6820', user: 'alice', token: { kind: 'env', name: 'SLURM_JWT' }, apiVersion: 'auto' });
    expect(restTargetOf(target, env)).toEqual({ url: 'https://hpc.example.org:6820', user: 'alice', token: 'eyJ.tok' });
  });

  it('uses no token on a unix socket (rest_auth/local)', () => {
    const target = resolveTarget({}, [], { SLURMRESTD_URL: 'unix:/run/slurmrestd.sock', SLURM_USER_NAME: 'alice' });
    expect(target.token).toEqual({ kind: 'none' });
    expect(restTargetOf(target, {})).toEqual({ url: 'unix:/run/slurmrestd.sock', user: null, token: null });
  });

  it('falls back to `scontrol token` for http without $SLURM_JWT', () => {
    expect(resolveTarget({ slurmrestd: 'http://h:6820' }, [], { SLURM_USER_NAME: 'a' }).token).toEqual({ kind: 'scontrol', lifespanSeconds: 3600 });
  });

  it('reads a configured cluster with a token file, at each use, never into the target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-token-'));
    try {
      const file = join(dir, 'jwt');
      writeFileSync(file, 'SLURM_JWT=eyJ.from.file\n', { mode: 0o600 });
      const target = resolveTarget({ cluster: 'hpc' }, [{ name: 'hpc', url: 'http://h:6820', user: 'svc', token_file: file, api_version: 'v0.0.40' }], {});
      expect(target).toEqual({ name: 'hpc', url: 'http://h:6820', user: 'svc', token: { kind: 'file', path: file }, apiVersion: 'v0.0.40' });
      expect(JSON.stringify(target)).not.toContain('eyJ');
      expect(restTargetOf(target, {}).token).toBe('eyJ.from.file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what is missing', () => {
    expect(() => resolveTarget({}, [], {})).toThrow('the slurm backend needs a cluster');
    expect(() => resolveTarget({ cluster: 'nope' }, [{ name: 'hpc', url: 'unix:/s' }], {})).toThrow('no cluster named "nope" in the configuration');
    const target = resolveTarget({ slurmrestd: 'http://h:1' }, [], { SLURM_JWT: 'x', SLURM_USER_NAME: 'a' });
    expect(() => restTargetOf(target, {})).toThrow('no token for slurmrestd at http://h:1: $SLURM_JWT is not set');
    expect(() => restTargetOf({ ...target, token: { kind: 'file', path: '/nonexistent/jwt' } }, {})).toThrow(/cannot read the token file \/nonexistent\/jwt/);
  });

  it('takes the only configured cluster without --cluster', () => {
    expect(resolveTarget({}, [{ name: 'hpc', url: 'unix:/s' }], { SLURM_USER_NAME: 'a' }).name).toBe('hpc');
  });
});
