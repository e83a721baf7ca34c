import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFilesAtomically } from '../../../src/launch/atomic-files.js';
import { bundleScript } from '../../../src/launch/bundle/bundle-script.js';
import { USER_DATA_BUDGET, userDataScript } from '../../../src/launch/bundle/user-data.js';
import { goDuration } from '../../../src/launch/spawn-params/go-duration.js';
import { paramDocument } from '../../../src/launch/spawn-params/document.js';
import { parseS3Url } from '../../../src/launch/spawn-params/s3-url.js';
import { compressCountList } from '../../../src/launch/task-script/count-list.js';
import type { JobArray } from '../../../src/model/schema.js';
import { checkParamText } from '../../support/spawn-contract.js';

const defaults = { name: 'j', instance_type: 'c7i.large', region: 'us-east-1', spot: true, ttl: '1h', on_complete: 'terminate' as const, command: 'bash x' };
const array = (ranges: JobArray['ranges'], count: number): JobArray => ({ spec: 'x', ranges, count, min: ranges[0]!.start, max: ranges.at(-1)!.end, step: 1, maxRunning: null });

describe('small value formats', () => {
  it('TTL as a Go duration with h and m only', () => {
    expect([45, 60, 750, 2 * 1440 + 1].map(goDuration)).toEqual(['45m', '1h', '12h30m', '48h1m']);
    expect(() => goDuration(0)).toThrow();
  });
  it('compressed count lists (slurm-semantics §4.4)', () => {
    expect(compressCountList([2, 2, 2, 1])).toBe('2(x3),1');
    expect(compressCountList([4, 1])).toBe('4,1');
    expect(compressCountList([3, 1, 1])).toBe('3,1(x2)');
    expect(compressCountList([1])).toBe('1');
  });
  it('S3 URLs', () => {
    expect(parseS3Url('s3://my-bucket/jobs')).toEqual({ bucket: 'my-bucket', prefix: 'jobs/' });
    expect(parseS3Url('s3://my-bucket')).toEqual({ bucket: 'my-bucket', prefix: '' });
    expect(() => parseS3Url('https://x/y')).toThrow(/must be an S3 URL/);
    expect(() => parseS3Url('s3://Bad_Bucket/x')).toThrow(/not a valid S3 bucket name/);
  });
});

describe('the parameter document', () => {
  it('has one row per index of a stepped, multi-range array, in both formats, and passes the contract', () => {
    const a = array(
      [
        { start: 0, end: 4, step: 2 },
        { start: 10, end: 10, step: 1 },
      ],
      4,
    );
    const yaml = [...paramDocument('yaml', defaults, a, 'j')].join('');
    expect(yaml).toContain('  - {slurm_array_task_id: "0"}\n  - {slurm_array_task_id: "2"}\n  - {slurm_array_task_id: "4"}\n  - {slurm_array_task_id: "10"}\n');
    expect(checkParamText(yaml, 'p.yaml')).toEqual([]);
    const json = JSON.parse([...paramDocument('json', defaults, a, 'j')].join(''));
    expect(json.params).toEqual(['0', '2', '4', '10'].map((i) => ({ slurm_array_task_id: i })));
    expect(json.defaults).toEqual(defaults);
  });

  it('puts the tasks that share an instance in one row, in range syntax', () => {
    const a = array(
      [
        { start: 0, end: 4, step: 2 },
        { start: 10, end: 14, step: 1 },
      ],
      8,
    );
    const json = JSON.parse([...paramDocument('json', defaults, a, 'j', 3)].join(''));
    expect(json.params.map((r: Record<string, string>) => r.slurm_array_task_id)).toEqual(['0,2,4', '10-12', '13-14']);
  });

  it('ends a row early when its indices would not fit in a tag (256 characters)', () => {
    // Every index its own run: "100000,100007,…" takes 36 of them (251 characters; 37 would take 258).
    const a = array([{ start: 100_000, end: 100_000 + 7 * 199, step: 7 }], 200);
    const rows = JSON.parse([...paramDocument('json', defaults, a, 'j', 100)].join('')).params.map((r: Record<string, string>) => r.slurm_array_task_id as string);
    expect(Math.max(...rows.map((v: string) => v.length))).toBeLessThanOrEqual(256);
    expect(rows.flatMap((v: string) => v.split(',').map(Number))).toEqual(Array.from({ length: 200 }, (_, i) => 100_000 + 7 * i));
    expect(rows[0].split(',')).toHaveLength(36);
  });

  it('gives a job without an array one row', () => {
    const json = JSON.parse([...paramDocument('json', defaults, null, 'j')].join(''));
    expect(json.params).toEqual([{ name: 'j' }]);
  });

  it('streams a million rows in chunks, never holding them all', () => {
    const a = array([{ start: 0, end: 999_999, step: 1 }], 1_000_000);
    let rows = 0;
    let largest = 0;
    for (const chunk of paramDocument('json', defaults, a, 'j')) {
      rows += chunk.split('slurm_array_task_id').length - 1;
      largest = Math.max(largest, chunk.length);
    }
    expect(rows).toBe(1_000_000);
    expect(largest).toBeLessThan(1 << 20);
  });
});

describe('atomic writes', () => {
  it('leaves no file and the old target untouched when writing fails half way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-atomic-'));
    writeFileSync(join(dir, 'p.yaml'), 'old');
    function* failing() {
      yield 'x'.repeat(3 << 20);
      throw new Error('disk on fire');
    }
    await expect(
      writeFilesAtomically([
        { path: join(dir, 'b.sh'), chunks: ['ok'] },
        { path: join(dir, 'p.yaml'), chunks: failing() },
      ]),
    ).rejects.toThrow('disk on fire');
    expect(readdirSync(dir)).toEqual(['p.yaml']);
    expect(readFileSync(join(dir, 'p.yaml'), 'utf8')).toBe('old');
  });

  it('writes every file when all succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-atomic-'));
    expect(await writeFilesAtomically([{ path: join(dir, 'a'), chunks: ['é', 'b'] }])).toEqual([3]);
    expect(readFileSync(join(dir, 'a'), 'utf8')).toBe('éb');
  });
});

describe('the job bundle', () => {
  const files = [
    { name: 'task.sh', content: 'cat slurm_script other > seen\n', encoding: 'utf8' as const },
    { name: 'slurm_script', content: "#!/bin/sh\nSPAWN_SLURM_EOF\n'$x'\n", encoding: 'utf8' as const },
    { name: 'other', content: Buffer.from([0xff, 0x00, 0x0a, 0x41]).toString('base64'), encoding: 'base64' as const },
  ];

  it('unpacks every file byte for byte and runs the task in the directory it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-bundle-'));
    writeFileSync(join(dir, 'b.sh'), bundleScript('j', files));
    const result = spawnSync('bash', ['b.sh', join(dir, 'run dir')], { cwd: dir });
    expect(result.status).toBe(0);
    const seen = readFileSync(join(dir, 'run dir', 'seen'));
    expect(seen).toEqual(Buffer.concat([Buffer.from(files[1]!.content), Buffer.from([0xff, 0x00, 0x0a, 0x41])]));
  });

  it('as user data: saved (compressed) where the boot command looks, or refused with the size when too big', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spawn-slurm-bundle-'));
    const bundle = bundleScript('j', files);
    const userData = userDataScript(bundle, 42).replaceAll('/var/tmp/spawn-slurm', join(dir, 'saved'));
    expect(spawnSync('bash', ['-c', userData]).status).toBe(0);
    expect(readFileSync(join(dir, 'saved', '42.sh'), 'utf8')).toBe(bundle);
    expect(existsSync(join(dir, 'saved', '42.sh.tmp'))).toBe(false);
    const big = bundleScript('j', [{ name: 'x', content: `${Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 251)).toString('base64')}\n`, encoding: 'utf8' }]);
    expect(() => userDataScript(big, 42)).toThrow(new RegExp(`needs \\d+ bytes of user data .*only ${USER_DATA_BUDGET}`));
  });
});
