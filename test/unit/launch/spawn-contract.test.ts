import { describe, expect, it } from 'vitest';
import { checkParamText } from '../../support/spawn-contract.js';

const GOOD_DEFAULTS = 'defaults:\n  instance_type: "c7i.large"\n  region: "us-east-1"\n  spot: true\n  ttl: "1h30m"\n  on_complete: "terminate"\n  command: "bash x"\n';

describe('the spawn parameter-file checker', () => {
  it('accepts a file that follows every rule', () => {
    expect(checkParamText(`${GOOD_DEFAULTS}params:\n  - {slurm_array_task_id: "7"}\n  - {slurm_array_task_id: "8"}\n`, 'p.yaml')).toEqual([]);
    expect(
      checkParamText(
        JSON.stringify({ defaults: { instance_type: 'c7i.large', region: 'us-east-1', spot: false, ttl: '45m', on_complete: 'terminate', command: 'x' }, params: [{ name: 'job' }] }),
        'p.json',
      ),
    ).toEqual([]);
  });

  it.each([
    ['a string spot', GOOD_DEFAULTS.replace('spot: true', 'spot: "true"'), /spot must be a real boolean/],
    ['yes as spot (a boolean only in YAML 1.1)', GOOD_DEFAULTS.replace('spot: true', 'spot: yes'), /spot must be a real boolean/],
    ['a TTL in days', GOOD_DEFAULTS.replace('1h30m', '2d'), /ttl must be a Go duration/],
    ['an integer TTL', GOOD_DEFAULTS.replace('"1h30m"', '90'), /ttl must be a Go duration/],
    ['a long command', GOOD_DEFAULTS.replace('"bash x"', JSON.stringify('x'.repeat(257))), /257 characters; at most 256/],
    ['an instance type list', GOOD_DEFAULTS.replace('"c7i.large"', '"c7i.large|m7i.large"'), /one concrete type/],
    ['a family pattern', GOOD_DEFAULTS.replace('"c7i.large"', '"c7i.*"'), /one concrete type/],
    ['no region', GOOD_DEFAULTS.replace('  region: "us-east-1"\n', ''), /region is missing/],
  ])('reports %s', (_what, defaults, message) => {
    expect(checkParamText(`${defaults}params:\n  - {slurm_array_task_id: "1"}\n`, 'p.yaml').join('\n')).toMatch(message);
  });

  it.each([
    ['a number value', '  - {slurm_array_task_id: 7}\n', /slurm_array_task_id must be a string/],
    ['an octal-looking value', '  - {slurm_array_task_id: 010}\n', /must be a string/],
    ['a script key', '  - {script: "echo"}\n', /no script key/],
    ['a reserved name', '  - {max_concurrent: "3"}\n', /reserved/],
    ['a bad name', '  - {"bad-name": "3"}\n', /must match/],
    ['a newline', '  - {note: "a\\nb"}\n', /newline/],
  ])('reports a row with %s', (_what, row, message) => {
    expect(checkParamText(`${GOOD_DEFAULTS}params:\n${row}`, 'p.yaml').join('\n')).toMatch(message);
  });

  it('reports more than 25 passthrough keys, unknown top-level keys, no rows, and unreadable files', () => {
    const many = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`k${i}`, 'v']));
    expect(checkParamText(JSON.stringify({ defaults: { instance_type: 'a.b', region: 'r', command: 'c', ttl: '1h', on_complete: 'stop' }, params: [many] }), 'p.json').join('\n')).toMatch(
      /26 passthrough keys/,
    );
    expect(checkParamText(`${GOOD_DEFAULTS}grid: {}\nparams:\n  - {}\n`, 'p.yaml').join('\n')).toMatch(/top-level key grid/);
    expect(checkParamText(`${GOOD_DEFAULTS}params: []\n`, 'p.yaml').join('\n')).toMatch(/at least one row/);
    expect(checkParamText('{"params": [', 'p.json').join('\n')).toMatch(/does not load/);
    expect(checkParamText(`${GOOD_DEFAULTS}params:\n  - {name: "x"}\n`, 'p.yaml', { amiKnown: true }).join('\n')).toMatch(/ami is missing/);
  });
});
