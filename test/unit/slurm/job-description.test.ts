import { describe, expect, it } from 'vitest';
import { jobSubmission, type RestApiVersion } from '../../../src/launch/slurm/job-description/index.js';
import { analyseScript } from '../../../src/model/analyse.js';
import type { JobSpec } from '../../../src/model/schema.js';
import { conformanceCases } from '../../conformance/cases.js';
import { corpusCases } from '../../conformance/corpus.js';
import { schemaProblems, submissionSchema, type Allowance } from './openapi-check.js';

const CONTEXT = { workDir: '/home/u/run', submitDir: '/home/u', environment: { PATH: '/usr/bin:/bin', HOME: '/home/u' }, hold: true };
const RELEASE_OF: Record<RestApiVersion, '22.05' | '23.02' | '24.11'> = { 'v0.0.38': '22.05', 'v0.0.39': '23.02', 'v0.0.40': '24.11', 'v0.0.41': '24.11', 'v0.0.42': '24.11' };
const VERSIONS = Object.keys(RELEASE_OF) as RestApiVersion[];

/**
 * What 22.05.8's openapi/v0.0.38 needs beyond its own document, each seen on the 22.05 oracle: it hands
 * every key to sbatch's option parser, so it takes some undocumented keys, --nodes and --begin only as
 * sbatch text (the documented [min, max] array is ignored, an integer begin_time is "Unable to parse time"),
 * --exclusive as sbatch's words, --wait-all-nodes as its 0/1 (a boolean is "Unable to read integer value"), and flags without an argument as null.
 */
const V0038_UNDOCUMENTED = new Set(['exclude_nodes', 'nodelist', 'no_requeue', 'temporary_disk_per_node', 'ntasks_per_gpu', 'ntasks_per_tres', 'clusters']);
const v0038: Allowance = (path, value) => {
  const field = path.split('.').at(-1) ?? '';
  if (V0038_UNDOCUMENTED.has(field)) return true;
  if ((field === 'nodes' || field === 'begin_time') && typeof value === 'string') return true;
  if (field === 'exclusive' && value === 'exclusive') return true;
  if (field === 'wait_all_nodes' && (value === 0 || value === 1)) return true;
  return (field === 'no_kill' || field === 'get_user_environment' || field === 'no_requeue') && (value === null || typeof value === 'string');
};

function jobOf(text: string, release: string, args: string[] = [], env: Record<string, string> = {}, fileName = 'job.sbatch'): JobSpec | null {
  const analysis = analyseScript(
    { text },
    { fileName, release: release as '22.05', env, cliArgs: args, maxArraySize: 100001, arraySizeIsHardLimit: true, now: new Date('2026-06-01T12:00:00Z') },
  );
  return analysis.accepted ? analysis.job : null;
}

const script = (...lines: string[]) => `#!/bin/bash\n${lines.map((l) => `#SBATCH ${l}\n`).join('')}srun hostname\n`;

describe('jobSubmission', () => {
  const cases = [...conformanceCases({ maxArraySize: 100001 }), ...corpusCases()];

  for (const version of VERSIONS) {
    it(`builds ${version} bodies that fit the version's OpenAPI schema, for every accepted case of the matrix and corpus`, () => {
      const schema = submissionSchema(version);
      const problems: string[] = [];
      let checked = 0;
      for (const c of cases) {
        const job = jobOf(c.text, RELEASE_OF[version], c.args, c.env, c.fileName);
        if (!job) continue;
        checked++;
        const found = schemaProblems(schema, jobSubmission(job, version, CONTEXT).body, version === 'v0.0.38' ? v0038 : undefined);
        if (found.length) problems.push(`${c.id}: ${found.join('; ')}`);
      }
      expect(checked).toBeGreaterThan(300);
      expect(problems).toEqual([]);
    });
  }

  it('keeps the script, name, working directory and environment, in each version shape', () => {
    const job = jobOf(script('-J train', '-t 90', '--mem=4G'), '22.05') as JobSpec;
    const old = jobSubmission(job, 'v0.0.38', CONTEXT).body as { script: string; job: Record<string, unknown> };
    expect(old.script).toBe(job.script.content);
    expect(old.job).toMatchObject({ name: 'train', time_limit: 90, memory_per_node: 4096, current_working_directory: '/home/u/run', hold: true });
    expect(old.job.environment).toMatchObject({ PATH: '/usr/bin:/bin', SLURM_SUBMIT_DIR: '/home/u' });
    const now = jobSubmission(job, 'v0.0.42', CONTEXT).body as { job: Record<string, unknown> };
    expect(now.job).toMatchObject({ script: job.script.content, time_limit: { set: true, infinite: false, number: 90 }, memory_per_node: { set: true, number: 4096 } });
    expect(now.job.environment).toContain('PATH=/usr/bin:/bin');
  });

  it('writes GPUs as v0.0.38 fields, then as TRES strings', () => {
    const job = jobOf(script('--gres=gpu:1', '--gpus-per-task=1', '-n 2', '-c 2'), '24.11') as JobSpec;
    expect((jobSubmission(job, 'v0.0.38', CONTEXT).body.job as Record<string, unknown>).gpus_per_task).toBe('1');
    expect(jobSubmission(job, 'v0.0.42', CONTEXT).body.job).toMatchObject({ tres_per_node: 'gres/gpu:1', tres_per_task: 'cpu=2,gres/gpu=1', tres_bind: 'gres/gpu:per_task:1' });
  });

  it('makes a hetjob a list of descriptions, the script with the first', () => {
    const job = jobOf('#!/bin/bash\n#SBATCH -t 5 -n 1\n#SBATCH hetjob\n#SBATCH -n 2\nsrun hostname\n', '24.11') as JobSpec;
    const body = jobSubmission(job, 'v0.0.42', CONTEXT).body as { jobs: Record<string, unknown>[] };
    expect(body.jobs).toHaveLength(2);
    expect(body.jobs[0]).toHaveProperty('script');
    expect(body.jobs[1]).not.toHaveProperty('script');
    expect(body.jobs[1]).toMatchObject({ tasks: 2, time_limit: { number: 5 } });
  });

  it('reports what a version cannot express, never dropping it silently', () => {
    const job = jobOf(script('--contiguous', '--signal=B:USR1@60', '--hint=compute_bound', '--exclusive=topo', '--propagate=STACK'), '24.11') as JobSpec;
    const options = (version: RestApiVersion) =>
      jobSubmission(job, version, CONTEXT)
        .unexpressible.map((u) => u.option)
        .sort();
    expect(options('v0.0.38')).toEqual(['contiguous', 'exclusive', 'propagate', 'signal']);
    expect(options('v0.0.40')).toEqual(['exclusive', 'hint', 'propagate']);
    expect(options('v0.0.42')).toEqual(['hint', 'propagate']);
    for (const u of jobSubmission(job, 'v0.0.38', CONTEXT).unexpressible) expect(u.message).not.toContain('\n');
  });

  it('marks exclusive and oversubscribe in each version shape', () => {
    const exclusive = jobOf(script('--exclusive'), '24.11') as JobSpec;
    const shared = jobOf(script('-s'), '24.11') as JobSpec;
    const field = (job: JobSpec, version: RestApiVersion, name: string) => (jobSubmission(job, version, CONTEXT).body.job as Record<string, unknown>)[name];
    expect(field(exclusive, 'v0.0.38', 'exclusive')).toBe('exclusive');
    expect(field(exclusive, 'v0.0.40', 'exclusive')).toEqual(['true']);
    expect(field(exclusive, 'v0.0.42', 'shared')).toEqual(['none']);
    expect(field(shared, 'v0.0.41', 'oversubscribe')).toBe(true);
    expect(field(shared, 'v0.0.42', 'shared')).toEqual(['oversubscribe']);
  });
});
