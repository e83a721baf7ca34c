import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Backend, Submission } from '../../../src/launch/backend.js';
import { AutoBackend } from '../../../src/launch/burst/auto-backend.js';
import { SlurmBackend } from '../../../src/launch/slurm/slurm-backend.js';
import { analyseScript } from '../../../src/model/analyse.js';

/** A cluster nobody answers on: with partition_down (the default), the job would go elsewhere. */
function unreachableCluster(stateDir: string): SlurmBackend {
  return new SlurmBackend(stateDir, { name: 'gone', url: `unix:${join(stateDir, 'no-such.socket')}`, user: 'alice', token: { kind: 'none' }, apiVersion: 'v0.0.38' });
}

const ec2: Backend = { name: 'ec2', submit: () => ({ jobId: 1 }), testOnly: () => '' };

function submission(): Submission {
  const analysis = analyseScript({ text: '#!/bin/bash\n#SBATCH -t 10\ntrue\n' }, { fileName: 'job.sbatch', release: '22.05', env: {}, cliArgs: [] });
  return { job: analysis.job, script: Buffer.from(''), submitDir: '/tmp', environment: {} };
}

describe('burst.max_cost_per_job', () => {
  it('keeps a job on the cluster when its EC2 plan may cost more than the ceiling, and says so', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'burst-ceiling-'));
    const auto = new AutoBackend(unreachableCluster(stateDir), ec2, { to: 'ec2', max_cost_per_job: 5 }, stateDir, async () => 12.5);
    const decision = await auto.decide(submission());
    expect(decision.stay).toBe(true);
    expect(decision.reason).toMatch(/^cluster gone cannot be asked \(.*\), but it would cost up to \$12\.50 on ec2, above burst\.max_cost_per_job \$5\.00: submitting to cluster gone$/);
  });

  it('bursts when the plan stays under the ceiling, and when no price is known it stays', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'burst-ceiling-'));
    const cheap = new AutoBackend(unreachableCluster(stateDir), ec2, { to: 'ec2', max_cost_per_job: 20 }, stateDir, async () => 12.5);
    expect(await cheap.decide(submission())).toMatchObject({ stay: false, reason: expect.stringMatching(/: running it on ec2$/) });
    const unknown = new AutoBackend(unreachableCluster(stateDir), ec2, { to: 'ec2', max_cost_per_job: 20 }, stateDir, async () => null);
    expect(await unknown.decide(submission())).toMatchObject({ stay: true, reason: expect.stringContaining('an unknown amount (no price in the catalog)') });
  });
});
