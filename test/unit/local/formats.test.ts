import { describe, expect, it } from 'vitest';
import { DEFAULT_SQUEUE_FORMAT, formatSqueue, parseSqueueFormat } from '../../../src/cli/format/squeue-format.js';
import { sacctDuration, squeueDuration } from '../../../src/core/slurm-times.js';
import type { JobRow } from '../../../src/store/job-rows.js';

const row: JobRow = {
  jobId: '12_[3-9%2]',
  arrayJobId: 12,
  arrayTaskId: null,
  pendingIndices: '3-9',
  taskJobId: 12,
  name: 'a-very-long-name',
  user: 'alice',
  partition: 'local',
  state: 'PENDING',
  reason: 'JobArrayTaskLimit',
  exitCode: null,
  submitTime: '2026-12-02T00:00:00Z',
  startTime: null,
  endTime: null,
  elapsedSeconds: 0,
  timeLimitMinutes: 90,
  nodes: 1,
  nodeList: null,
  cpus: 2,
  maxRssKiB: null,
  workDir: '/w',
};

describe('squeue and sacct formats', () => {
  it('prints the default squeue columns, right-aligned and cut to width like squeue', () => {
    const pieces = parseSqueueFormat(DEFAULT_SQUEUE_FORMAT);
    if ('error' in pieces) throw new Error(pieces.error);
    expect(formatSqueue([row], pieces, false)).toBe(
      '             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)\n' + '        12_[3-9%2]     local a-very-l    alice PD       0:00      1 (JobArrayTaskLimit)\n',
    );
  });

  it('knows %K %F %l %T, and refuses letters it does not know', () => {
    const pieces = parseSqueueFormat('%K|%F|%l|%T|%%');
    if ('error' in pieces) throw new Error(pieces.error);
    expect(formatSqueue([row], pieces, true)).toBe('3-9|12|1:30:00|PENDING|%\n');
    expect(parseSqueueFormat('%i %Q')).toEqual({ error: expect.stringContaining('%Q') });
  });

  it('writes durations as squeue (M:SS, H:MM:SS, D-HH:MM:SS) and sacct (HH:MM:SS) do', () => {
    expect([5, 754, 3723, 93784].map(squeueDuration)).toEqual(['0:05', '12:34', '1:02:03', '1-02:03:04']);
    expect([5, 93784].map(sacctDuration)).toEqual(['00:00:05', '1-02:03:04']);
  });
});
