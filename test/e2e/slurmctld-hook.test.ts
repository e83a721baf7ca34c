import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookEvents } from '../../src/events/slurmctld-hook/hook-event.js';
import { SchemaChecker } from '../support/json-schema-check.js';
import { BIN, ROOT } from '../support/run-cli.js';
import { waitUntil } from '../support/wait-until.js';

const SAMPLES = join(ROOT, '..', 'shared', 'oracle', 'env-samples');
const schema = new SchemaChecker(JSON.parse(readFileSync(join(ROOT, 'schema', 'event.schema.json'), 'utf8')));

/** One recorded slurmctld environment (`KEY=VALUE` lines; `## task N` starts the next of several). */
function samples(file: string): Array<Record<string, string>> {
  const runs: Array<Record<string, string>> = [{}];
  for (const line of readFileSync(join(SAMPLES, file), 'utf8').split('\n')) {
    if (line.startsWith('## ') && Object.keys(runs.at(-1) ?? {}).length > 0) runs.push({});
    const m = /^([A-Z_0-9]+)=(.*)$/.exec(line);
    if (m?.[1]) (runs.at(-1) as Record<string, string>)[m[1]] = m[2] ?? '';
  }
  return runs;
}

/** As slurmctld runs it: no PATH, no HOME, only PWD and the job's variables. */
function runHook(kind: string, env: Record<string, string>, args: string[]) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [BIN, 'slurmctld-hook', kind, ...args], { env: { PWD: '/', ...env }, encoding: 'utf8', cwd: '/' });
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

describe('slurmctld-hook: the events of a real cluster from PrologSlurmctld/EpilogSlurmctld (recorded 22.05 and 24.11 environments)', () => {
  it('makes the events every backend writes: Task Started, Task Ended with sacct exit codes, Job Ended for a job that is no array', () => {
    for (const file of ['epilog_ctld.exit3.txt', 'epilog_ctld.exit3.slurm-24.11.txt', 'prolog_ctld.plain.txt', 'epilog_ctld.array_1-3.txt']) {
      for (const env of samples(file)) {
        const kind = env.SLURM_SCRIPT_CONTEXT === 'prolog_slurmctld' ? 'prolog' : 'epilog';
        for (const event of hookEvents(kind, env)) expect(schema.problems(event), `${file}: ${JSON.stringify(event)}`).toEqual([]);
      }
    }
    const [ended, jobEnded] = hookEvents('epilog', samples('epilog_ctld.exit3.txt')[0] as Record<string, string>);
    expect(ended).toMatchObject({
      'detail-type': 'Task Ended',
      source: 'spawn-slurm.slurm',
      id: 'oracle:2:task-ended-0',
      detail: { jobId: 2, taskJobId: 2, state: 'FAILED', exitCode: '3:0', name: 'exit3.sbatch', user: 'root' },
    });
    expect(jobEnded).toMatchObject({ 'detail-type': 'Job Ended', detail: { state: 'FAILED', exitCode: '3:0' } });
    const tasks = samples('epilog_ctld.array_1-3.txt').map((env) => hookEvents('epilog', env));
    expect(tasks.map((events) => events.map((e) => [e['detail-type'], e.detail.jobId, e.detail.arrayTaskId]))).toEqual([
      [['Task Ended', 3, 1]],
      [['Task Ended', 3, 2]],
      [['Task Ended', 3, 3]],
    ]);
  });

  it("returns at once with exit 0, and the event reaches the configuration's sinks and rules in the background", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurmctld-hook-'));
    const state = join(dir, 'spool');
    const config = join(dir, 'mapping.yaml');
    writeFileSync(
      config,
      [
        'sinks:',
        '  - name: archive',
        '    type: command',
        `    command: 'cat >> ${join(dir, 'archive.jsonl')}; echo >> ${join(dir, 'archive.jsonl')}'`,
        'rules:',
        '  - name: on-failure',
        '    pattern:',
        '      detail-type: [Job Ended]',
        '      detail:',
        '        state: [FAILED]',
        '    actions:',
        `      - run: 'echo "$SPAWN_EVENT_JOB_ID $SPAWN_EVENT_EXIT_CODE" >> ${join(dir, 'failed.log')}'`,
        '',
      ].join('\n'),
    );
    const run = runHook('epilog', samples('epilog_ctld.exit3.txt')[0] as Record<string, string>, ['--config', config, '--state', state]);
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
    await waitUntil('the rule to act on the event', () => existsSync(join(dir, 'failed.log')), 20_000);
    expect(readFileSync(join(dir, 'failed.log'), 'utf8')).toBe('2 3:0\n');
    await waitUntil(
      'the sink to get both events',
      () => existsSync(join(dir, 'archive.jsonl')) && readFileSync(join(dir, 'archive.jsonl'), 'utf8').trim().split('\n').filter(Boolean).length === 2,
      20_000,
    );
    const archived = readFileSync(join(dir, 'archive.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)['detail-type']);
    expect(archived.sort()).toEqual(['Job Ended', 'Task Ended']);
    console.log(`slurmctld-hook epilog returned in ${run.ms.toFixed(0)} ms (node start-up included)`);
  });

  it('exits 0 even when it cannot work, and says why in its log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slurmctld-hook-bad-'));
    const run = runHook('epilog', {}, ['--config', join(dir, 'mapping.yaml'), '--state', dir]);
    expect(run.status).toBe(0);
    expect(readFileSync(join(dir, 'events', 'hook.log'), 'utf8')).toContain('SLURM_JOB_ID is not set');
    expect(runHook('teardown', {}, []).status).toBe(0);
  });
});
