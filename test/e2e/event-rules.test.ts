import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../support/local-cluster.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Rules acting on job events through the built binary and the local backend: a job ends, its event
 * matches a rule, the rule submits the follow-up job and runs a command, each exactly once.
 */
const cluster = new LocalCluster('event-rules');
afterAll(() => cluster.dispose());

const mappingYaml = (dir: string) =>
  [
    'sinks:',
    '  - name: archive',
    '    type: command',
    `    command: 'cat >> ${join(dir, 'archive.jsonl')}; echo >> ${join(dir, 'archive.jsonl')}'`,
    'rules:',
    '  - name: archive-sim-ends',
    '    pattern:',
    '      detail-type: [Job Ended]',
    '      detail:',
    '        name: [sim]',
    '    actions:',
    '      - sink: archive',
    '  - name: analyse-after-sim',
    '    pattern:',
    '      detail-type: [Job Ended]',
    '      detail:',
    '        name: [sim]',
    '        state: [COMPLETED]',
    '    actions:',
    '      - submit: analyse.sbatch',
    '        args: ["--dependency=afterok:${SPAWN_EVENT_JOB_ID}"]',
    `      - run: 'echo "$SPAWN_EVENT_JOB_ID $SPAWN_EVENT_STATE" >> ${join(dir, 'ran.log')}'`,
    '  - name: fail-on-purpose',
    '    pattern:',
    '      detail-type: [Job Ended]',
    '      detail:',
    '        name: [doomed]',
    '    actions:',
    '      - run: exit 3',
    '  - name: tell-me-about-failures',
    '    pattern:',
    '      source: [spawn-slurm.rules]',
    '      detail-type: [Rule Action Failed]',
    '    actions:',
    `      - run: 'echo "$SPAWN_EVENT_RULE: $SPAWN_EVENT_REASON" >> ${join(dir, 'failures.log')}'`,
    '  - name: on-data',
    '    pattern:',
    '      source: [lab.instrument]',
    '      detail-type: [Object Created]',
    '      detail:',
    '        object:',
    '          key: [{ suffix: .csv }]',
    '    actions:',
    `      - run: 'echo "$SPAWN_EVENT_OBJECT_KEY" >> ${join(dir, 'data.log')}'`,
    '',
  ].join('\n');

const lines = (file: string) => (existsSync(join(cluster.dir, file)) ? readFileSync(join(cluster.dir, file), 'utf8').trim().split('\n') : []);

describe('rules act on events (built binary, local backend)', () => {
  const env = () => ({ SPAWN_SLURM_CONFIG: join(cluster.dir, 'mapping.yaml') });

  it('a job that ends submits its follow-up job and runs the command, once each, with the event as SPAWN_EVENT_*', async () => {
    cluster.write('mapping.yaml', mappingYaml(cluster.dir));
    cluster.write('analyse.sbatch', '#!/bin/bash\n#SBATCH -t 1 -J analyse -o analysed.txt\necho "analysed after $SPAWN_EVENT_JOB_ID ($SPAWN_EVENT_DETAIL_TYPE)"\n');
    cluster.write('sim.sbatch', '#!/bin/bash\n#SBATCH -t 1 -J sim\necho simulated\n');
    const sim = cluster.submit('sim.sbatch', '#!/bin/bash\n#SBATCH -t 1 -J sim\necho simulated\n', ['--wait'], env());
    await waitUntil(
      'the follow-up job to write its output',
      () => existsSync(join(cluster.dir, 'analysed.txt')) && readFileSync(join(cluster.dir, 'analysed.txt'), 'utf8').includes('analysed'),
      30_000,
    );
    expect(readFileSync(join(cluster.dir, 'analysed.txt'), 'utf8')).toBe(`analysed after ${sim} (Job Ended)\n`);
    await waitUntil('the command to run', () => lines('ran.log').length > 0);
    // Dispatching again acts on nothing: each (rule, event) acts once.
    const again = cluster.run(['events', 'dispatch', '--json'], { env: env() });
    expect(JSON.parse(again.stdout).acted).toBe(0);
    expect(lines('ran.log')).toEqual([`${sim} COMPLETED`]);
    const history = JSON.parse(cluster.run(['history', '--json', '--name', 'analyse'], { env: env() }).stdout) as { jobs: unknown[] };
    expect(history.jobs).toHaveLength(1);
    // The sink action went through the archive sink's spool, once.
    await waitUntil('the archive sink to receive the event', () => lines('archive.jsonl').length > 0);
    const archived = lines('archive.jsonl').map((line) => JSON.parse(line));
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({ 'detail-type': 'Job Ended', detail: { jobId: sim, name: 'sim' } });
  });

  it('a rule whose action fails emits Rule Action Failed, which other rules can act on (never the failing rule itself)', async () => {
    cluster.submit('doomed.sbatch', '#!/bin/bash\n#SBATCH -t 1 -J doomed\ntrue\n', ['--wait'], env());
    await waitUntil('the failure to be routed', () => lines('failures.log').length > 0, 30_000);
    expect(lines('failures.log')).toEqual(['fail-on-purpose: the command exited with status 3']);
  });

  it('events put: an outside event (an S3 Object Created) acts through the same rules', async () => {
    const put = cluster.run(['events', 'put', '--source', 'lab.instrument', '--detail-type', 'Object Created', '--detail', '{"bucket":{"name":"lab"},"object":{"key":"run-7/data.csv"}}'], {
      env: env(),
    });
    expect(put.status, put.stderr).toBe(0);
    expect(lines('data.log')).toEqual(['run-7/data.csv']);
    const ignored = cluster.run(['events', 'put', '--source', 'lab.instrument', '--detail-type', 'Object Created', '--detail', '{"object":{"key":"notes.txt"}}'], { env: env() });
    expect(ignored.status).toBe(0);
    expect(lines('data.log')).toEqual(['run-7/data.csv']);
  });
});
