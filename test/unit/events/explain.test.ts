import { describe, expect, it } from 'vitest';
import { explainMatch } from '../../../src/events/pattern/explain.js';
import { compileEventPattern } from '../../../src/events/pattern/parse-pattern.js';

const event = {
  source: 'spawn-slurm.local',
  'detail-type': 'Job Ended',
  detail: { state: 'FAILED', exitCode: '3:0', jobId: 12, tags: ['a', 'b'], items: [{ name: 'x' }, { name: 'y' }] },
};

const explain = (pattern: Record<string, unknown>) => explainMatch(compileEventPattern(pattern), event);
const lines = (pattern: Record<string, unknown>) => explain(pattern).reasons.map((r) => `${r.matched ? 'yes' : 'no'} ${r.path}: ${r.reason}`);

describe('explainMatch', () => {
  it('says for each field whether it matched and why not', () => {
    expect(explain({ source: ['spawn-slurm.local'], detail: { state: ['COMPLETED'] } })).toEqual({
      matched: false,
      reasons: [
        { path: 'source', matched: true, reason: '"spawn-slurm.local" is one of ["spawn-slurm.local"]' },
        { path: 'detail.state', matched: false, reason: '"FAILED" is not one of ["COMPLETED"]' },
      ],
    });
  });

  it.each([
    [{ detail: { state: [{ prefix: 'FAIL' }] } }, 'yes detail.state: "FAILED" matches {"prefix":"FAIL"}'],
    [{ detail: { state: [{ prefix: 'COMP' }, 'X'] } }, 'no detail.state: "FAILED" matches none of [{"prefix":"COMP"}, "X"]'],
    [{ detail: { partition: ['gpu'] } }, 'no detail.partition: missing from the event'],
    [{ detail: { partition: [{ exists: false }] } }, 'yes detail.partition: missing from the event, which {"exists":false} accepts'],
    [{ detail: { state: [{ exists: false }] } }, 'no detail.state: "FAILED" matches none of [{"exists":false}] ({"exists":false} asks for the field to be absent)'],
    [{ detail: { partition: [{ 'anything-but': 'gpu' }] } }, 'no detail.partition: missing from the event (anything-but matches only a value that is there)'],
    [{ detail: { exitCode: [{ numeric: ['>', 0] }] } }, 'no detail.exitCode: "3:0" matches none of [{"numeric":[">",0]}] (numeric matches only JSON numbers, and "3:0" is a string)'],
    [{ detail: { jobId: ['12'] } }, 'no detail.jobId: 12 is not one of ["12"] ("12" and 12 differ: one is a string, the other a number)'],
    [{ detail: { state: ['failed'] } }, 'no detail.state: "FAILED" is not one of ["failed"] (only the case differs: {"equals-ignore-case":"failed"} would match)'],
    [{ detail: { tags: ['b'] } }, 'yes detail.tags: "b" (in the list ["a", "b"]) is one of ["b"]'],
    [{ detail: { tags: ['c'] } }, 'no detail.tags: nothing in the list ["a", "b"] is one of ["c"]'],
    [{ detail: { items: [{ exists: true }] } }, 'no detail.items: holds a list without values'],
    [{ detail: [{ exists: false }] }, 'yes detail: holds an object, not a value, which {"exists":false} accepts'],
  ])('%j', (pattern, expected) => {
    expect(lines(pattern)).toContain(expected);
  });

  it('explains each $or alternative under a line for the $or', () => {
    expect(lines({ detail: { $or: [{ state: ['COMPLETED'] }, { exitCode: [{ prefix: '3:' }] }] } })).toEqual([
      'yes detail.$or: alternative 1 matches',
      'no detail.$or[0].state: "FAILED" is not one of ["COMPLETED"]',
      'yes detail.$or[1].exitCode: "3:0" matches {"prefix":"3:"}',
    ]);
  });

  it('explains each object of a list under a line for the list', () => {
    expect(lines({ detail: { items: { name: ['z'] } } })).toEqual([
      'no detail.items: none of the 2 objects in the list matches',
      'no detail.items[0].name: "x" is not one of ["z"]',
      'no detail.items[1].name: "y" is not one of ["z"]',
    ]);
  });
});
