import { describe, expect, it } from 'vitest';
import { eventState, remoteJobsOf } from '../../../src/launch/slurm/remote-job.js';

const set = (number: number) => ({ set: true, infinite: false, number });
const unset = { set: false, infinite: false, number: 0 };

describe('job records from any API version', () => {
  it('reads v0.0.38 (plain numbers, raw wait status)', () => {
    const [task, rest] = remoteJobsOf({
      jobs: [
        {
          job_id: 12,
          array_job_id: 2,
          array_task_id: 3,
          array_task_string: '',
          job_state: 'FAILED',
          state_reason: 'NonZeroExitCode',
          exit_code: 768,
          nodes: 'vm',
          start_time: 100,
          end_time: 160,
          submit_time: 90,
          user_name: 'alice',
          name: 'sweep',
          partition: 'debug',
          current_working_directory: '/w',
          standard_output: '/w/o-%A_%a.out',
          restart_cnt: 1,
        },
        {
          job_id: 2,
          array_job_id: 2,
          array_task_id: 4294967294,
          array_task_string: '4-9%2',
          job_state: 'PENDING',
          state_reason: 'JobArrayTaskLimit',
          exit_code: 0,
          nodes: '',
          start_time: 0,
          end_time: 0,
        },
      ],
    });
    expect(task).toMatchObject({
      jobId: 12,
      arrayJobId: 2,
      arrayTaskId: 3,
      arrayTaskString: null,
      state: 'FAILED',
      exitCode: '3:0',
      nodes: 'vm',
      startTime: 100,
      endTime: 160,
      restartCount: 1,
      user: 'alice',
      workDir: '/w',
    });
    expect(rest).toMatchObject({ jobId: 2, arrayTaskId: null, arrayTaskString: '4-9%2', state: 'PENDING', reason: 'JobArrayTaskLimit', exitCode: null, nodes: null, startTime: 0 });
  });

  it('reads v0.0.40+ (state lists, no-value structs, split exit codes)', () => {
    const [job] = remoteJobsOf({
      jobs: [
        {
          job_id: 7,
          array_job_id: set(0),
          array_task_id: unset,
          job_state: ['CANCELLED', 'REQUEUED'],
          exit_code: { status: ['SIGNALED'], return_code: set(0), signal: { id: set(15), name: 'TERM' } },
          time_limit: { set: false, infinite: true, number: 0 },
          start_time: set(50),
          end_time: set(80),
        },
      ],
    });
    expect(job).toMatchObject({ jobId: 7, arrayJobId: null, arrayTaskId: null, state: 'CANCELLED', exitCode: '0:15', startTime: 50, endTime: 80 });
  });

  it('maps states beyond the event vocabulary to the nearest one', () => {
    expect(eventState('COMPLETING')).toBe('RUNNING');
    expect(eventState('SUSPENDED')).toBe('RUNNING');
    expect(eventState('BOOT_FAIL')).toBe('NODE_FAIL');
    expect(eventState('PREEMPTED')).toBe('CANCELLED');
    expect(eventState('REQUEUE_HOLD')).toBe('PENDING');
  });

  it('skips entries without a job id and answers without a job list', () => {
    expect(remoteJobsOf({ jobs: [{ name: 'x' }, null] })).toEqual([]);
    expect(remoteJobsOf('Authentication failure')).toEqual([]);
  });
});
