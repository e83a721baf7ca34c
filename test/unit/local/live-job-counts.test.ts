import { describe, expect, it } from 'vitest';
import { LiveJob } from '../../../src/launch/local/live-job.js';
import { analyseScript } from '../../../src/model/analyse.js';
import type { JobRecord } from '../../../src/store/job-record.js';
import { foldJob } from '../../../src/store/job-view.js';

function arrayRecord(): JobRecord {
  const job = analyseScript({ text: '#!/bin/sh\n#SBATCH --array=0-1 -t 1\ntrue\n' }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [] }).job;
  return { version: 1, id: 10, idCount: 2, backend: 'local', job } as unknown as JobRecord;
}

describe("a live job's count of tasks per end state (Job Ended's states)", () => {
  it('counts a task that ends again once, in its last state', () => {
    const record = arrayRecord();
    const job = new LiveJob(record, foldJob(record, []));
    job.setState(0, 'NODE_FAIL');
    job.setState(0, 'COMPLETED');
    job.setState(1, 'FAILED');
    expect(Object.fromEntries(job.stateCounts)).toEqual({ COMPLETED: 1, FAILED: 1 });
  });
});
