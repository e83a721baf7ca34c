import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/parser/line-index.js';
import { defaultMappingConfig } from '../../../src/mapping/config/defaults.js';
import { loadMappingFile, parseMappingText } from '../../../src/mapping/config/loader.js';
import type { MappingLoadResult } from '../../../src/mapping/config/loader.js';
import { mappingJsonSchema } from '../../../src/mapping/config/json-schema.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
}

const FIXTURES = join(import.meta.dirname, '../../../fixtures/mapping');

function load(text: string): MappingLoadResult {
  return parseMappingText(text, 'mapping.yaml');
}

function config(text: string) {
  const result = load(text);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!result.config) throw new Error('no config');
  return result.config;
}

/** The only diagnostic of a text, as code and 1-based position. */
function only(text: string): { code: string; line: number; column: number; message: string; hint?: string } {
  const { diagnostics } = load(text);
  expect(diagnostics).toHaveLength(1);
  const [d] = diagnostics as [MappingLoadResult['diagnostics'][number]];
  return { code: d.code, ...new LineIndex(text).position(d.range?.start ?? -1), message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
}

describe('the complete example', () => {
  const file = join(FIXTURES, 'complete.yaml');
  const complete = parseMappingText(readFileSync(file, 'utf8'), file);

  it('is accepted as a whole', () => {
    expect(complete.diagnostics).toEqual([]);
    expect(complete.config).toBeDefined();
  });

  it('comes out with numbers where the file has durations, sizes and prices', () => {
    const c = complete.config;
    expect(c?.defaults.ttl_margin).toEqual({ kind: 'minutes', minutes: 30 });
    expect(c?.defaults.os_memory_margin).toEqual({ kind: 'mib', mib: 1024 });
    expect(c?.cluster.queue_wait).toBe(4 * 60);
    expect(c?.cluster.slurm_version).toBe('22.05');
    expect(c?.partitions['highmem']?.max_price).toBe(8.5);
    expect(c?.local).toEqual({
      cluster_name: 'laptop',
      partition: 'debug',
      node_name: 'node01',
      cpus: 6,
      memory: 16 * 1024,
      def_mem_per_cpu: 2048,
      kill_wait: 30,
    });
  });

  it('tells instance types from families', () => {
    expect(complete.config?.partitions['gpu']?.instance_types).toEqual([
      { kind: 'family', family: 'g5' },
      { kind: 'family', family: 'g6' },
      { kind: 'type', type: 'p4d.24xlarge' },
    ]);
  });

  it('names conda environment files relative to the mapping file', () => {
    expect(complete.config?.modules['python/3.11']?.conda).toEqual({ kind: 'file', path: join(dirname(file), 'envs/analysis.yml') });
    expect(complete.config?.modules['anaconda3']?.conda).toEqual({ kind: 'name', name: 'base' });
  });

  it('splits package specs by package manager', () => {
    expect(complete.config?.modules['openmpi/4.1.5']?.packages).toEqual([
      { manager: 'apt', spec: 'libopenmpi-dev' },
      { manager: 'dnf', spec: 'openmpi-devel' },
    ]);
    expect(complete.config?.modules['gcc']?.packages[0]).toEqual({ manager: 'system', spec: 'gcc' });
  });
});

describe('defaults', () => {
  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# nothing yet\n'],
    ['an explicit empty map', '{}\n'],
    ['empty sections', 'defaults: {}\npartitions: {}\nspawn: {}\n'],
  ])('%s gives the same config as no file at all', (_, text) => {
    expect(config(text)).toEqual(defaultMappingConfig());
  });

  it('fills in what a section leaves out', () => {
    const c = config('defaults:\n  region: eu-west-1\n');
    expect(c.defaults.region).toBe('eu-west-1');
    expect(c.defaults.purchase).toBe(defaultMappingConfig().defaults.purchase);
    expect(c.defaults.ttl_margin).toEqual(defaultMappingConfig().defaults.ttl_margin);
  });

  it('turns S3 staging on exactly when a bucket is configured, unless told otherwise', () => {
    expect(config('spawn: {iam_role: r}\nstorage: {s3: {bucket: my-bucket}}\n').spawn.s3_stage).toBe(true);
    expect(config('storage: {efs: fs-0123456789abcdef0}\n').spawn.s3_stage).toBe(false);
    expect(config('storage: {s3: {bucket: my-bucket}}\nspawn: {s3_stage: false}\n').spawn.s3_stage).toBe(false);
  });
});

describe('normalisation', () => {
  it.each([
    ['30m', { kind: 'minutes', minutes: 30 }],
    ['1h30m', { kind: 'minutes', minutes: 90 }],
    ['90s', { kind: 'minutes', minutes: 1.5 }],
    ['0.5h', { kind: 'minutes', minutes: 30 }],
    ['1d', { kind: 'minutes', minutes: 1440 }],
    ['10%', { kind: 'fraction', fraction: 0.1 }],
    ['150%', { kind: 'fraction', fraction: 1.5 }],
  ])('ttl_margin %s', (text, expected) => {
    expect(config(`defaults:\n  ttl_margin: ${text}\n`).defaults.ttl_margin).toEqual(expected);
  });

  it.each([
    ['512M', { kind: 'mib', mib: 512 }],
    ['512m', { kind: 'mib', mib: 512 }],
    ['2G', { kind: 'mib', mib: 2048 }],
    ['0.5GiB', { kind: 'mib', mib: 512 }],
    ['1T', { kind: 'mib', mib: 1024 * 1024 }],
    ['512K', { kind: 'mib', mib: 0.5 }],
    ['5%', { kind: 'fraction', fraction: 0.05 }],
  ])('os_memory_margin %s', (text, expected) => {
    expect(config(`defaults:\n  os_memory_margin: ${text}\n`).defaults.os_memory_margin).toEqual(expected);
  });

  it.each([
    ['A100', 'a100'],
    ['nvidia-h100', 'h100'],
    ['a100_80gb', 'a100'],
    ['L40S', 'l40s'],
  ])('GPU model %s is the catalog model %s', (written, model) => {
    expect(config(`gres:\n  site_gpu: ${written}\n`).gres['site_gpu']).toBe(model);
  });

  it('reads an unquoted Slurm release the way it was written', () => {
    expect(config('cluster:\n  slurm_version: 23.02\n').cluster.slurm_version).toBe('23.02');
    expect(config('cluster:\n  slurm_version: "25.11"\n').cluster.slurm_version).toBe('25.11');
  });

  it.each([
    ['jobs', 'jobs/'],
    ['/jobs/run1', 'jobs/run1/'],
    ['jobs/', 'jobs/'],
    ['""', ''],
  ])('S3 prefix %s is stored as %j', (written, stored) => {
    expect(config(`spawn: {iam_role: r}\nstorage:\n  s3:\n    bucket: b-1\n    prefix: ${written}\n`).storage.s3?.prefix).toBe(stored);
  });
});

describe('problems', () => {
  it('suggests the key an unknown one was probably meant to be', () => {
    const problem = only('partitions:\n  gpu:\n    max_prize: 3\n');
    expect(problem).toMatchObject({ code: 'mapping-unknown-key', line: 3, column: 5 });
    expect(problem.message).toContain('partitions.gpu.max_prize');
    expect(problem.message).toContain('"max_price"');
  });

  it('suggests the section an unknown one was probably meant to be', () => {
    const problem = only('modules: {}\nmodule:\n  gcc: {}\n');
    expect(problem).toMatchObject({ code: 'mapping-unknown-key', line: 2, column: 1 });
    expect(problem.message).toContain('"modules"');
  });

  it('suggests the closest allowed value', () => {
    const problem = only('defaults:\n  purchase: spot_with_fallback\n');
    expect(problem).toMatchObject({ code: 'mapping-invalid-value', line: 2, column: 13 });
    expect(problem.message).toContain('"spot-with-fallback"');
  });

  it('suggests the closest GPU model', () => {
    const problem = only('gres:\n  big: h1000\n');
    expect(problem).toMatchObject({ code: 'mapping-unknown-gpu-model', line: 2, column: 8 });
    expect(problem.message).toContain('"h100"');
  });

  it.each([
    ['a string for a number', 'defaults:\n  max_concurrent: "4"\n', 2, 19],
    ['a number for a duration', 'cluster:\n  queue_wait: 2\n', 2, 15],
    ['a map for a list', 'modules:\n  gcc:\n    setup: {a: b}\n', 3, 12],
    ['a list for a map', 'gres: [a100]\n', 1, 7],
    ['a number for a tag value', 'spawn:\n  tags:\n    year: 2024\n', 3, 11],
    ['text for a boolean', 'spawn:\n  s3_stage: "true"\n', 2, 13],
    ['an empty value for a region', 'defaults:\n  region:\n', 2, 3],
  ])('reports %s as a wrong type where the value is', (_, text, line, column) => {
    expect(only(text)).toMatchObject({ code: 'mapping-wrong-type', line, column });
  });

  it('names the path of a list item', () => {
    const problem = only('partitions:\n  cpu:\n    instance_types: [c7i, "m7i large"]\n');
    expect(problem).toMatchObject({ code: 'mapping-invalid-value', line: 3, column: 27 });
    expect(problem.message).toContain('partitions.cpu.instance_types[1]');
  });

  it('quotes path segments that are not plain words', () => {
    expect(only('modules:\n  gcc/12.2.0:\n    setup: [""]\n').message).toContain('modules["gcc/12.2.0"].setup[0]');
  });

  it('gives a hint for the usual YAML typing mistakes', () => {
    expect(only('spawn:\n  s3_stage: no\n').hint).toContain('false');
    expect(only('defaults:\n  ttl_margin: 45\n').hint).toContain('45m');
    expect(only('defaults:\n  os_memory_margin: 2GB\n').hint).toContain('2GiB');
    expect(only('storage:\n  s3:\n    bucket: s3://lab/jobs\n').hint).toContain('prefix: jobs');
  });

  it('points a duplicate key at the whole second occurrence', () => {
    const text = 'cluster:\n  name: a\n  name: b\n';
    const [d] = load(text).diagnostics;
    expect(d?.code).toBe('mapping-duplicate-key');
    expect(text.slice(d?.range?.start, d?.range?.end)).toBe('name');
    expect(d?.range?.start).toBe(text.lastIndexOf('name'));
  });

  it('points a YAML syntax error where the parser gave up', () => {
    const problem = only('cluster:\n  name: "unterminated\n');
    expect(problem.code).toBe('mapping-yaml-syntax');
    expect(problem.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses aliases that expand without bound', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const { config: result, diagnostics } = load(`${levels.join('\n')}\n`);
    expect(result).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toContain('mapping-yaml-alias-limit');
  });

  it('lists problems in file order', () => {
    const { diagnostics } = load('spawn:\n  s3_stage: yes\ndefaults:\n  regoin: x\n  purchase: never\n');
    const starts = diagnostics.map((d) => d.range?.start ?? -1);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(diagnostics).toHaveLength(3);
  });

  it('says which file each diagnostic is about', () => {
    const { diagnostics } = parseMappingText('bogus: 1\n', '/etc/spawn-slurm/site.yaml');
    expect(diagnostics[0]?.origin).toEqual({ kind: 'file', file: '/etc/spawn-slurm/site.yaml' });
  });
});

describe('robustness', () => {
  function wellFormed(text: string, result: MappingLoadResult): void {
    for (const d of result.diagnostics) {
      expect(d.range?.start).toBeGreaterThanOrEqual(0);
      expect(d.range?.end).toBeLessThanOrEqual(text.length);
      expect(d.range?.start).toBeLessThanOrEqual(d.range?.end ?? -1);
      // Every message says what the field expects; zod's own generic wording never reaches the user.
      expect(d.message).not.toMatch(/Invalid (input|option|key|element)|Too (big|small)|expected expected/);
    }
    expect(result.config === undefined).toBe(result.diagnostics.some((d) => d.severity === 'error'));
  }

  it('never throws on arbitrary text, and points inside it', () => {
    const yamlish = fc.stringMatching(/^[a-z_:{}[\],"'#&*!|>\- \n\t0-9.%]*$/);
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish), (text) => {
        wellFormed(text, load(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary data in any field', () => {
    const fieldPaths: string[][] = [];
    const walk = (node: SchemaNode, prefix: string[]) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        fieldPaths.push([...prefix, key]);
        walk(child, [...prefix, key]);
      }
      if (typeof node.additionalProperties === 'object') {
        fieldPaths.push([...prefix, 'x']);
        walk(node.additionalProperties, [...prefix, 'x']);
      }
    };
    walk(mappingJsonSchema() as SchemaNode, []);
    fc.assert(
      fc.property(fc.constantFrom(...fieldPaths), fc.jsonValue(), (path, value) => {
        const data = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
        const text = `${JSON.stringify(data)}\n`;
        wellFormed(text, load(text));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary data under any section', () => {
    const sections = fc.constantFrom('defaults', 'partitions', 'gres', 'modules', 'storage', 'cluster', 'spawn', 'local');
    fc.assert(
      fc.property(sections, fc.jsonValue(), (section, value) => {
        const text = `${section}: ${JSON.stringify(value)}\n`;
        wellFormed(text, load(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadMappingFile', () => {
  it('reads and checks a file', async () => {
    const result = await loadMappingFile(join(FIXTURES, 'minimal.yaml'));
    expect(result.config?.defaults.region).toBe('eu-central-1');
  });

  it.each([
    ['a missing file', join(tmpdir(), 'spawn-slurm-no-such-dir', 'mapping.yaml')],
    ['a directory', mkdtempSync(join(tmpdir(), 'spawn-slurm-mapping-'))],
  ])('reports %s instead of throwing', async (_, path) => {
    const result = await loadMappingFile(path);
    expect(result.config).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['mapping-file-unreadable']);
  });
});
