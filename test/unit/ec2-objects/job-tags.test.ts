import { describe, expect, it } from 'vitest';
import { jobTags } from '../../../src/launch/ec2/job-tags.js';

const input = { jobId: 4242, name: 'sweep', user: 'ada', tasks: '0-999', ttlMinutes: 95, launchedAt: new Date('2026-12-02T10:00:00Z'), extra: { project: 'climate', Name: 'mine' } };

describe('the tags of a job instance', () => {
  it("carry the job, its tasks, its owner and its deadline, and spawn's own keys so `spawn list` sees the instance", () => {
    expect(jobTags(input)).toEqual({
      project: 'climate',
      Name: 'sweep-4242',
      'spawn:managed': 'true',
      'spawn:ttl': '1h35m',
      'spawn:ttl-deadline': '2026-12-02T11:35:00Z',
      'spawn:sweep-id': 'spawn-slurm-4242',
      'spawn:sweep-name': 'sweep',
      'spawn-slurm:job-id': '4242',
      'spawn-slurm:name': 'sweep',
      'spawn-slurm:user': 'ada',
      'spawn-slurm:tasks': '0-999',
    });
  });

  it('keep values within EC2 limits and refuse keys EC2 refuses', () => {
    expect(jobTags({ ...input, name: 'x'.repeat(300) })['spawn-slurm:name']).toHaveLength(256);
    expect(() => jobTags({ ...input, extra: { 'aws:owner': 'x' } })).toThrow(/EC2 refuses/);
  });
});
