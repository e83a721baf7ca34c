import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/parser/line-index.js';
import { defaultMappingConfig } from '../../../src/mapping/config/defaults.js';
import { localSettings } from '../../../src/mapping/config/local-settings.js';
import { parseMappingText } from '../../../src/mapping/config/loader.js';
import type { MappingLoadResult } from '../../../src/mapping/config/loader.js';
import { parseDurationSeconds } from '../../../src/mapping/config/values.js';

function load(text: string): MappingLoadResult {
  return parseMappingText(text, 'mapping.yaml');
}

function local(text: string) {
  const result = load(text);
  expect(result.diagnostics).toEqual([]);
  if (!result.config) throw new Error('no config');
  return result.config.local;
}

/** The only diagnostic of a text, as code and 1-based position. */
function only(text: string): { code: string; line: number; column: number; message: string; hint?: string } {
  const result = load(text);
  expect(result.diagnostics).toHaveLength(1);
  expect(result.config).toBeUndefined();
  const [d] = result.diagnostics as [MappingLoadResult['diagnostics'][number]];
  return { code: d.code, ...new LineIndex(text).position(d.range?.start ?? -1), message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
}

describe('the local section', () => {
  it('loads every field, sizes in MiB and the kill wait in seconds', () => {
    const text = ['local:', '  cluster_name: laptop', '  partition: debug', '  node_name: node01', '  cpus: 6', '  memory: 16GiB', '  def_mem_per_cpu: 1024', '  kill_wait: 1m30s', ''].join(
      '\n',
    );
    expect(local(text)).toEqual({
      cluster_name: 'laptop',
      partition: 'debug',
      node_name: 'node01',
      cpus: 6,
      memory: 16384,
      def_mem_per_cpu: 1024,
      kill_wait: 90,
    });
  });

  it.each([
    ['16GiB', 16384],
    ['16G', 16384],
    ['1.5g', 1536],
    ['512M', 512],
    ['2048K', 2],
    ['1T', 1024 * 1024],
    ['16384', 16384],
  ])('reads memory: %s as %d MiB', (written, mib) => {
    expect(local(`local:\n  memory: ${written}\n`).memory).toBe(mib);
  });

  it.each([
    ['1024', 1024],
    ['2G', 2048],
    ['512M', 512],
  ])('reads def_mem_per_cpu: %s as %d MiB, a bare number being MiB as in slurm.conf', (written, mib) => {
    expect(local(`local:\n  def_mem_per_cpu: ${written}\n`).def_mem_per_cpu).toBe(mib);
  });

  it.each([
    ['30', 30],
    ['30s', 30],
    ['0', 0],
    ['2m', 120],
    ['0.5m', 30],
    ['1.1h', 3960],
    ['65533s', 65533],
  ])('reads kill_wait: %s as %d seconds', (written, seconds) => {
    expect(local(`local:\n  kill_wait: ${written}\n`).kill_wait).toBe(seconds);
  });

  it('lower-cases the cluster name, as slurmctld does', () => {
    expect(local('local:\n  cluster_name: HPC-Lab\n').cluster_name).toBe('hpc-lab');
  });

  it.each([
    ['no section', ''],
    ['an empty section', 'local: {}\n'],
  ])('%s leaves every field to the machine', (_, text) => {
    const config = load(text).config;
    expect(config?.local).toEqual({});
    expect(config).toEqual(defaultMappingConfig());
  });

  it('leaves out what the file leaves out', () => {
    expect(local('local:\n  cpus: 4\n')).toEqual({ cpus: 4 });
  });
});

describe('problems in the local section', () => {
  it.each([
    ['negative cpus', 'local:\n  cpus: -2\n', 2, 9, 'local.cpus: expected a whole number greater than 0 (CPUs), got the number -2'],
    ['zero cpus', 'local:\n  cpus: 0\n', 2, 9, 'local.cpus'],
    ['fractional cpus', 'local:\n  cpus: 2.5\n', 2, 9, 'local.cpus'],
    ['memory: lots', 'local:\n  memory: lots\n', 2, 11, 'local.memory: "lots" is not a size like 16GiB or 512M, or a whole number of MiB'],
    ['no memory', 'local:\n  memory: 0\n', 2, 11, 'at least 1 MiB'],
    ['a part of a MiB', 'local:\n  memory: 512K\n', 2, 11, 'not a whole number of MiB'],
    ['a fractional MiB count', 'local:\n  def_mem_per_cpu: 2.5\n', 2, 20, 'local.def_mem_per_cpu: 2.5 is not a whole number of MiB'],
    ['a negative memory per CPU', 'local:\n  def_mem_per_cpu: -1024\n', 2, 20, 'local.def_mem_per_cpu'],
    ['kill_wait: soon', 'local:\n  kill_wait: soon\n', 2, 14, 'local.kill_wait: "soon" is not a duration like 30s or 2m'],
    ['a negative kill wait', 'local:\n  kill_wait: -1\n', 2, 14, 'negative'],
    ['a kill wait past Slurm’s limit', 'local:\n  kill_wait: 20h\n', 2, 14, '65533 seconds'],
    ['a kill wait of part of a second', 'local:\n  kill_wait: 0.5s\n', 2, 14, 'not a whole number of seconds'],
    ['a node name with a host list', 'local:\n  node_name: "node[1-2]"\n', 2, 14, 'local.node_name'],
    ['a partition list', 'local:\n  partition: a,b\n', 2, 14, 'local.partition'],
    ['a cluster name with spaces', 'local:\n  cluster_name: my lab\n', 2, 17, 'local.cluster_name'],
  ])('reports %s as an invalid value where it is', (_, text, line, column, message) => {
    const problem = only(text);
    expect(problem).toMatchObject({ code: 'mapping-invalid-value', line, column });
    expect(problem.message).toContain(message);
  });

  it.each([
    ['text for cpus', 'local:\n  cpus: "4"\n', 2, 9],
    ['a list for memory', 'local:\n  memory: [1G]\n', 2, 11],
    ['true for the kill wait', 'local:\n  kill_wait: true\n', 2, 14],
    ['a number for the node name', 'local:\n  node_name: 1\n', 2, 14],
    ['a list for the section', 'local: [cpus]\n', 1, 8],
  ])('reports %s as a wrong type where it is', (_, text, line, column) => {
    expect(only(text)).toMatchObject({ code: 'mapping-wrong-type', line, column });
  });

  it('suggests the key an unknown one was probably meant to be', () => {
    const problem = only('local:\n  cpus: 4\n  memroy: 16G\n');
    expect(problem).toMatchObject({ code: 'mapping-unknown-key', line: 3, column: 3 });
    expect(problem.message).toBe('local.memroy: unknown key; did you mean "memory"?');
    expect(problem.hint).toContain('def_mem_per_cpu');
  });

  it('refuses slurm.conf spellings as unknown keys', () => {
    expect(only('local:\n  RealMemory: 16384\n')).toMatchObject({ code: 'mapping-unknown-key', line: 2, column: 3 });
  });

  it('says what a decimal size should be', () => {
    expect(only('local:\n  memory: 16GB\n').hint).toContain('16GiB');
  });

  it('suggests a unit for a fractional number of MiB', () => {
    expect(only('local:\n  memory: 2.5\n').hint).toContain('2.5G');
  });

  it('says which file a problem is in', () => {
    const { diagnostics } = parseMappingText('local:\n  cpus: -2\n', '/etc/spawn-slurm/site.yaml');
    expect(diagnostics[0]?.origin).toEqual({ kind: 'file', file: '/etc/spawn-slurm/site.yaml' });
  });
});

describe('localSettings', () => {
  it('maps every field onto the local backend’s names and units', () => {
    const config = load('local:\n  cluster_name: Lab\n  partition: debug\n  node_name: n1\n  cpus: 8\n  memory: 32G\n  def_mem_per_cpu: 4G\n  kill_wait: 2m\n').config;
    if (!config) throw new Error('no config');
    expect(localSettings(config)).toEqual({
      cluster_name: 'lab',
      partition: 'debug',
      node_name: 'n1',
      cpus: 8,
      memory_mib: 32768,
      def_mem_per_cpu_mib: 4096,
      kill_wait_seconds: 120,
    });
  });

  it('gives no settings without a local section, so that the backend uses the machine’s figures', () => {
    expect(localSettings(defaultMappingConfig())).toEqual({});
  });

  it('has no key for a field the file leaves out, not even an undefined one', () => {
    const config = load('local:\n  memory: 8G\n  kill_wait: 0\n').config;
    if (!config) throw new Error('no config');
    const settings = localSettings(config);
    expect(settings).toEqual({ memory_mib: 8192, kill_wait_seconds: 0 });
    expect(Object.keys(settings).sort()).toEqual(['kill_wait_seconds', 'memory_mib']);
  });
});

describe('parseDurationSeconds', () => {
  it('adds up the parts in seconds', () => {
    const amount = fc.integer({ min: 0, max: 1000 });
    fc.assert(
      fc.property(amount, amount, amount, amount, (d, h, m, s) => {
        expect(parseDurationSeconds(`${d}d${h}h${m}m${s}s`)).toBe(d * 86400 + h * 3600 + m * 60 + s);
      }),
    );
  });

  it.each(['', '30', 'm', '1m1h', '-5s', '1 s', '30sec'])('refuses %j', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });
});
