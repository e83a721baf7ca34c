import { describe, expect, it } from 'vitest';
import { analyseScript } from '../../../src/model/analyse.js';
import { JobSpecSchema } from '../../../src/model/schema.js';

const arrayOf = (spec: string) => {
  const analysis = analyseScript({ text: `#!/bin/bash\n#SBATCH --array=${spec}\ntrue\n` }, { fileName: 'job.sbatch', env: {} });
  return JobSpecSchema.parse(analysis.job).array;
};

describe('SLURM_ARRAY_TASK_STEP as the controller computes it', () => {
  it('is the number after the first colon, 1 without one', () => {
    expect(arrayOf('1-9:2')?.step).toBe(2);
    expect(arrayOf('1-9')?.step).toBe(1);
  });

  // Found by the fuzz test (seed 2): the controller's atoi of an empty string is 0, and the job is accepted.
  it('is 0 for a colon with nothing after it, and the model stays valid', () => {
    expect(arrayOf('0-9%:')).toMatchObject({ count: 10, step: 0, maxRunning: null });
  });
});
