import { describe, expect, it } from 'vitest';
import { parseMappingText } from '../../../src/mapping/config/loader.js';
import { LineIndex } from '../../../src/parser/line-index.js';

describe('clusters: in mapping.yaml', () => {
  it('reads named clusters with their slurmrestd, user, token source and API version', () => {
    const text =
      'clusters:\n  - name: hpc\n    url: https://hpc.example.org:6820\n    user: alice\n    token_file: ~/.slurm-jwt\n    api_version: v0.0.40\n  - name: lab\n    url: unix:/run/slurmrestd.socket\n';
    const { config, diagnostics } = parseMappingText(text, 'mapping.yaml');
    expect(diagnostics).toEqual([]);
    expect(config?.clusters).toEqual([
      { name: 'hpc', url: 'https://hpc.example.org:6820', user: 'alice', token_file: '~/.slurm-jwt', api_version: 'v0.0.40' },
      { name: 'lab', url: 'unix:/run/slurmrestd.socket' },
    ]);
  });

  it('has none by default', () => {
    expect(parseMappingText('defaults: {}\n', 'mapping.yaml').config?.clusters).toEqual([]);
  });

  it.each([
    ['clusters:\n  - name: hpc\n    url: ftp://hpc:1\n', 'url', 'unix:/path/to/slurmrestd.socket, http://host:port, https://host:port, or commands'],
    ['clusters:\n  - name: hpc\n    url: unix:/s\n    api_version: v0.0.37\n', 'api_version', 'auto or one of v0.0.38'],
    ['clusters:\n  - url: unix:/s\n', 'name', ''],
    ['clusters:\n  - name: hpc\n    url: unix:/s\n    token: eyJ\n', 'token', ''],
  ])('points at the wrong field, with its line: %j', (text, field, expected) => {
    const { config, diagnostics } = parseMappingText(text, 'mapping.yaml');
    expect(config).toBeUndefined();
    const first = diagnostics[0];
    expect(first?.severity).toBe('error');
    expect(`${first?.message} ${first?.hint ?? ''}`).toContain(expected);
    const line = new LineIndex(text).position(first?.range?.start ?? 0).line;
    expect(text.split('\n')[line - 1]).toContain(field === 'name' ? '- url' : field);
  });
});
