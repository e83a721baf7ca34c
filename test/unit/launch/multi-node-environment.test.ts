import { describe, expect, it } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import { slurmEnvironment } from '../../../src/launch/task-script/slurm-environment.js';
import { blockLayout } from '../../../src/launch/task-script/task-layout.js';

function variables(directives: string, nodeNames?: string[]) {
  const analysis = analyseScript({ text: `#!/bin/bash\n${directives}\nrun\n` }, { fileName: 'job.sbatch', release: '24.11', env: {}, cliArgs: [] });
  expect(analysis.accepted).toBe(true);
  const site = { jobId: 7, clusterName: 'ec2', partition: 'ec2', nodeCpus: 4, defMemPerCpuMiB: null, ...(nodeNames ? { nodeNames } : {}) };
  return Object.fromEntries(slurmEnvironment(analysis.job, site).map((v) => [v.name, 'text' in v.value ? v.value.text : `$${v.value.shell}`]));
}

describe('the batch script of a multi-node job', () => {
  it('sees every node, as Slurm lists them, with -n spread in blocks', () => {
    const env = variables('#SBATCH -N 2 -n 3 -c 1', ['ip-10-0-0-5', 'ip-10-0-0-6']);
    expect(env).toMatchObject({
      SLURM_JOB_NODELIST: 'ip-10-0-0-[5-6]',
      SLURM_NODELIST: 'ip-10-0-0-[5-6]',
      SLURM_JOB_NUM_NODES: '2',
      SLURM_NNODES: '2',
      SLURM_TASKS_PER_NODE: '2,1',
      SLURM_NTASKS: '3',
      SLURMD_NODENAME: '$node',
    });
  });

  it('with --ntasks-per-node, every node runs that many', () => {
    const env = variables('#SBATCH -N 3 --ntasks-per-node=2 --exclusive', ['ip-10-0-0-5', 'ip-10-0-0-9', 'ip-10-0-1-2']);
    expect(env).toMatchObject({ SLURM_TASKS_PER_NODE: '2(x3)', SLURM_JOB_CPUS_PER_NODE: '4(x3)', SLURM_NTASKS: '6', SLURM_JOB_NODELIST: 'ip-10-0-0-[5,9],ip-10-0-1-2' });
  });

  it('without the node names it holds the one node it runs on', () => {
    expect(variables('#SBATCH -n 2')).toMatchObject({ SLURM_JOB_NODELIST: '$node', SLURM_JOB_NUM_NODES: '1', SLURM_TASKS_PER_NODE: '2' });
  });
});

describe('block distribution', () => {
  it('fills nodes in order and gives the remainder to the first ones', () => {
    expect(blockLayout(3, 2)).toEqual([2, 1]);
    expect(blockLayout(6, 3)).toEqual([2, 2, 2]);
    expect(blockLayout(7, 3)).toEqual([3, 2, 2]);
    expect(blockLayout(2, 2)).toEqual([1, 1]);
  });
});
