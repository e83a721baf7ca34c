import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';

const cluster = new LocalCluster('events-test');
afterAll(() => cluster.dispose());

const RULES = `rules:
  - name: after-sweep
    pattern:
      source: [spawn-slurm.local]
      detail-type: [Job Ended]
      detail:
        name: [sweep]
        state: [COMPLETED]
    actions:
      - submit: plot.sbatch
  - name: sweep-failed
    pattern:
      detail-type: [Job Ended]
      detail:
        name: [sweep]
        $or:
          - state: [FAILED]
          - exitCode: [{anything-but: "0:0"}]
    actions:
      - run: echo failed
`;

describe('spawn-slurm events test', () => {
  it('matches a rule against an event the local backend wrote, and says why', async () => {
    const id = cluster.submit('sweep.sh', '#!/bin/bash\ntrue\n', ['-J', 'sweep']);
    cluster.write('ended.json', JSON.stringify(await cluster.waitForEnd(id)));
    cluster.write('mapping.yaml', RULES);

    const matched = cluster.run(['events', 'test', 'after-sweep', '--event', 'ended.json']);
    expect(matched).toMatchObject({ status: 0, stderr: '' });
    expect(matched.stdout.split('\n')).toEqual([
      'matches',
      '  ok  source: "spawn-slurm.local" is one of ["spawn-slurm.local"]',
      '  ok  detail-type: "Job Ended" is one of ["Job Ended"]',
      '  ok  detail.name: "sweep" is one of ["sweep"]',
      '  ok  detail.state: "COMPLETED" is one of ["COMPLETED"]',
      '',
    ]);

    const failed = cluster.run(['events', 'test', 'sweep-failed', '--event', '-', '--json'], { input: cluster.read('ended.json') });
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({
      matched: false,
      reasons: [
        { path: 'detail-type', matched: true, reason: '"Job Ended" is one of ["Job Ended"]' },
        { path: 'detail.name', matched: true, reason: '"sweep" is one of ["sweep"]' },
        { path: 'detail.$or', matched: false, reason: 'none of the 2 alternatives matches' },
        { path: 'detail.$or[0].state', matched: false, reason: '"COMPLETED" is not one of ["FAILED"]' },
        { path: 'detail.$or[1].exitCode', matched: false, reason: '"0:0" matches none of [{"anything-but":"0:0"}]' },
      ],
    });
  });

  it('exits 2, naming what is wrong, when the test cannot run', () => {
    cluster.write('mapping.yaml', RULES);
    cluster.write('not-an-event.json', '{"detail": {"state": "FAILED"}}');
    const unknown = cluster.run(['events', 'test', 'after-swep', '--event', 'not-an-event.json']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('has no rule named "after-swep"; did you mean "after-sweep"?');
    expect(unknown.stderr).toContain('hint: its rules: after-sweep, sweep-failed');

    const shapeless = cluster.run(['events', 'test', 'after-sweep', '--event', 'not-an-event.json']);
    expect(shapeless.status).toBe(2);
    expect(shapeless.stderr).toContain('the event in not-an-event.json is not an EventBridge event: "id" is missing');

    expect(cluster.run(['events', 'test', 'after-sweep', '--event', 'missing.json']).stderr).toContain('cannot read the event missing.json: no such file');
    expect(cluster.run(['events', 'test', 'after-sweep']).status).toBe(2);

    cluster.write('broken.yaml', 'rules:\n  - name: r\n    pattern: {detail: {state: [{numeric: [">", "1"]}]}}\n    actions: [{run: x}]\n');
    const broken = cluster.run(['events', 'test', 'r', '--config', 'broken.yaml', '--event', 'not-an-event.json']);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('broken.yaml:3:42 error mapping-invalid-event-pattern rules[0].pattern.detail.state[0].numeric: ">" must be followed by a number, not "1"');
  });
});
