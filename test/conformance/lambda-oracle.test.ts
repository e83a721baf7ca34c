import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jobEndedEvent } from '../support/job-events.js';
import type { S3Server } from '../support/s3-server/server.js';
import { waitUntil } from '../support/wait-until.js';
import { deploy, deploymentDir, functionBase, LAMBDA_CONTEXT, ledgerServer, loadHandler } from '../e2e/lambda/deployment-fixture.js';
import { cancel, findOracle, howToStart, oracleCommand, oracleEnv, oracleRequired } from './oracle.js';

/**
 * The deployed Lambda handler invoked in-process with a recorded `Job Ended` event against the 22.05
 * oracle's JWT slurmrestd (SPAWN_SLURM_ORACLE_JWT_URL), its ledger on the test S3 server: the rule's
 * job is submitted, runs with the event's variables, and a second delivery of the event makes no second job.
 */
const found = findOracle('22.05');
const oracle = found.oracle;
const BUCKET = 'oracle-ledger';
const made: number[] = [];

describe('the Lambda handler against a real Slurm 22.05 through its JWT slurmrestd', () => {
  if (!oracle?.jwtUrl) {
    const why = !oracle ? `no Slurm 22.05 answers (tried ${found.tried.join(', ') || 'nothing'})` : 'SPAWN_SLURM_ORACLE_JWT_URL names no JWT slurmrestd';
    if (oracleRequired() && found.configured) it('has its oracle with a JWT slurmrestd', () => expect.fail(`${why}; ${howToStart('22.05')}`));
    else {
      console.log(`Lambda handler on a real Slurm: skipped, ${why}; ${howToStart('22.05')}`);
      it.skip(`skipped: ${why}`, () => {});
    }
    return;
  }
  const jwtUrl = oracle.jwtUrl;
  let s3: S3Server;
  let dir = '';
  beforeAll(async () => {
    const token = /^SLURM_JWT=(\S+)/m.exec(spawnSync(oracleCommand(oracle, 'scontrol'), ['token', 'lifespan=600'], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout)?.[1] ?? '';
    expect(token).not.toBe('');
    s3 = await ledgerServer(BUCKET, { LEDGER_PREFIX: 'oracle/', SLURM_JWT: token });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    cancel(oracle, made);
    await s3?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('submits the follow-up job once, and it runs with the event in its environment', async () => {
    const rules = [
      'rules:',
      '  - name: analyse-after-simulate',
      '    pattern: { detail-type: [Job Ended], detail: { name: [simulate], state: [COMPLETED] } }',
      '    actions:',
      '      - submit: analyse.sbatch',
      '        args: ["--job-name=analyse-${SPAWN_EVENT_JOB_ID}"]',
    ].join('\n');
    dir = deploymentDir('lambda-oracle', rules, {
      url: jwtUrl,
      user: 'root',
      base: functionBase(),
      scripts: { 'analyse.sbatch': '#!/bin/bash\n#SBATCH -t 2 --mem=64M -o analyse-%j.out\necho "analysing job $SPAWN_EVENT_JOB_ID ($SPAWN_EVENT_DETAIL_TYPE, rule key $SPAWN_RULE_KEY)"\n' },
    });
    const deployed = deploy(dir);
    expect(deployed.status, deployed.stderr).toBe(0);
    const handler = loadHandler(dir);
    const event = { ...jobEndedEvent(7001, { name: 'simulate' }), id: `lambda-oracle-${Date.now()}` };

    const first = await handler(event, LAMBDA_CONTEXT);
    expect(first.rules).toEqual([{ rule: 'analyse-after-simulate', result: 'done', outcome: expect.stringMatching(/as job \d+$/) }]);
    const jobId = Number(/as job (\d+)$/.exec(first.rules[0]?.outcome ?? '')?.[1]);
    made.push(jobId);
    const second = await handler(event, LAMBDA_CONTEXT);
    expect(second.rules).toEqual([{ rule: 'analyse-after-simulate', result: 'skipped', outcome: 'acted on before (done)' }]);

    const output = join(dir, `analyse-${jobId}.out`);
    await waitUntil('the rule job to run on the cluster', () => existsSync(output) && readFileSync(output, 'utf8').includes('analysing'), 90_000, 250);
    expect(readFileSync(output, 'utf8')).toMatch(/^analysing job 7001 \(Job Ended, rule key analyse-after-simulate\/[0-9a-f]{32}\)\n$/);
    expect(readdirSync(dir).filter((n) => n.startsWith('analyse-') && n.endsWith('.out'))).toEqual([`analyse-${jobId}.out`]);
    const shown = spawnSync(oracleCommand(oracle, 'scontrol'), ['show', 'job', '-o', String(jobId)], { env: oracleEnv(oracle), encoding: 'utf8' }).stdout;
    expect(shown).toContain('JobName=analyse-7001');
    expect(shown).toContain('Comment=spawn-slurm-rule:analyse-after-simulate/');
  }, 120_000);
});
