import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobDetail, makeEvent } from '../../../src/store/event-log.js';
import { EVENT_FORMAT_VERSION } from '../../../src/store/events.js';
import type { JobRecord } from '../../../src/store/job-record.js';
import { SchemaChecker } from '../../support/json-schema-check.js';

const ROOT = join(import.meta.dirname, '../../..');
const schemaJson = JSON.parse(readFileSync(join(ROOT, 'schema/event.schema.json'), 'utf8'));
const schema = new SchemaChecker(schemaJson);
const docs = readFileSync(join(ROOT, 'docs/events.md'), 'utf8');

/** The backticked names in the first column of the table under a heading of docs/events.md. */
function tableNames(heading: string): string[] {
  const start = docs.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/events.md has no "${heading}"`);
  const section = docs.slice(start + heading.length + 2);
  const end = section.search(/\n#{2,3} /);
  const lines = (end < 0 ? section : section.slice(0, end)).split('\n');
  // Body rows only: a header row is the one above the |---| line.
  const rows = lines.filter((line, i) => /^\| `/.test(line) && !lines[i + 1]?.startsWith('|---'));
  return rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string));
}

const record = (backend: string) => ({ id: 40, job: { name: 'sweep' }, user: 'alice', partition: 'gpu', backend, submitTime: '2026-12-02T05:10:02Z' }) as unknown as JobRecord;

describe('docs/events.md and schema/event.schema.json', () => {
  it('document the same detail fields', () => {
    expect(tableNames('### Detail fields').sort()).toEqual(Object.keys(schemaJson.$defs.detail.properties).sort());
  });

  it('document the same envelope fields', () => {
    expect(tableNames('## The event').sort()).toEqual(Object.keys(schemaJson.properties).sort());
  });

  it('document the same detail types', () => {
    expect(tableNames('### Detail types')).toEqual(schemaJson.properties['detail-type'].enum);
  });

  it('carry the format version of src/store/events.ts', () => {
    expect(schemaJson.$defs.detail.properties.version.const).toBe(EVENT_FORMAT_VERSION);
    expect(docs).toContain(`now \`${EVENT_FORMAT_VERSION}\``);
  });
});

describe('events the other backends write', () => {
  it.each([
    [
      'a requeued task',
      makeEvent('s1', 'Task Requeued', 'task-0-requeued-1', jobDetail(record('local'), { state: 'PENDING', reason: 'NodeFail', restartCount: 1, arrayTaskId: 3, taskJobId: 43 })),
    ],
    [
      'an EC2 launch that failed',
      makeEvent('s1', 'Job Ended', 'ended', jobDetail(record('ec2'), { state: 'FAILED', exitCode: '0:0', reason: 'LaunchFailed', endTime: '2026-12-02T05:11:00Z' })),
    ],
    [
      'a cluster job that ended in part',
      makeEvent(
        's1',
        'Job Ended',
        'ended',
        jobDetail(record('slurm'), { state: 'CANCELLED', exitCode: '0:0', taskCount: 10, states: { COMPLETED: 4, CANCELLED: 6 }, neverStarted: '4-9:1' }),
      ),
    ],
  ])('%s conforms', (_what, event) => {
    expect(schema.problems(event)).toEqual([]);
  });
});

describe('the schema check itself', () => {
  it('refuses a schema keyword it does not implement', () => {
    expect(() => new SchemaChecker({ type: 'object', oneOf: [] }).problems({})).toThrow('"oneOf"');
  });

  it('applies pattern to strings only and minimum to numbers only', () => {
    const check = new SchemaChecker({ type: ['string', 'integer', 'null'], pattern: '^a', minimum: 1 });
    expect([check.problems('abc'), check.problems(null), check.problems(2)]).toEqual([[], [], []]);
    expect([check.problems('b'), check.problems(0), check.problems(1.5)]).toEqual([
      ['(the event): "b" does not match ^a'],
      ['(the event): 0 is below 1'],
      ['(the event): is number, not string or integer or null'],
    ]);
  });
});
