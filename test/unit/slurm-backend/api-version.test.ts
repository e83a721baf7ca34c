import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseVersion, servedVersions } from '../../../src/launch/slurm/api-version.js';

const recorded = (release: string): unknown => JSON.parse(readFileSync(new URL(`../../../../shared/oracle/rest-openapi/slurm-${release}-openapi-v3.json`, import.meta.url), 'utf8'));

describe('API version negotiation', () => {
  it('reads the versions a real slurmrestd serves from its OpenAPI document', () => {
    expect(servedVersions(recorded('22.05'))).toEqual(['v0.0.38']);
    expect(servedVersions(recorded('24.11'))).toEqual(['v0.0.40', 'v0.0.41', 'v0.0.42']);
  });

  it('picks the newest version both sides speak', () => {
    expect(chooseVersion(['v0.0.38'], 'auto', 'unix:/s')).toBe('v0.0.38');
    expect(chooseVersion(['v0.0.40', 'v0.0.41', 'v0.0.42'], 'auto', 'unix:/s')).toBe('v0.0.42');
    // A newer server than this client: the newest version it still shares.
    expect(chooseVersion(['v0.0.41', 'v0.0.42', 'v0.0.43'], 'auto', 'unix:/s')).toBe('v0.0.42');
  });

  it('takes a configured version only when the server serves it', () => {
    expect(chooseVersion(['v0.0.40', 'v0.0.41', 'v0.0.42'], 'v0.0.40', 'unix:/s')).toBe('v0.0.40');
    expect(() => chooseVersion(['v0.0.40', 'v0.0.41', 'v0.0.42'], 'v0.0.38', 'http://h:1')).toThrow(
      'slurmrestd at http://h:1 does not serve API v0.0.38 (it serves v0.0.40, v0.0.41, v0.0.42)',
    );
  });

  it('says what each side speaks when they share nothing', () => {
    expect(() => chooseVersion(['v0.0.36', 'v0.0.37'], 'auto', 'unix:/s')).toThrow(
      'slurmrestd at unix:/s serves API v0.0.36, v0.0.37; spawn-slurm speaks v0.0.38, v0.0.39, v0.0.40, v0.0.41, v0.0.42',
    );
    expect(() => chooseVersion([], 'auto', 'unix:/s')).toThrow(/with no job submission/);
  });
});
