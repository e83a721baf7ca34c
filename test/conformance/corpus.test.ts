import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { corpusCases } from './corpus.js';
import { cancel, showJobs } from './oracle.js';
import { describePerOracle } from './oracle-suites.js';
import { runCases, type CaseRun } from './run-case.js';
import type { ScontrolRecord } from './scontrol-record.js';
import { describeMismatches, disagreements } from './verdict.js';

const cases = corpusCases();

describePerOracle('inspect agrees with a real Slurm on the script corpus', (o) => {
  const user = userInfo().username;
  let runs = new Map<string, CaseRun>();
  const submitted: number[] = [];
  let jobs = new Map<number, ScontrolRecord[]>();
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `spawn-slurm-corpus-${o.release}-`));
    try {
      runs = runCases(cases, root, o, submitted);
      jobs = showJobs(o);
    } catch (error) {
      cancel(o, submitted);
      throw error;
    }
  }, 300_000);

  afterAll(() => {
    cancel(o, submitted);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('holds at least 40 scripts, most of which this cluster accepts', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const accepted = [...runs.values()].filter((run) => run.sbatch.status === 0).length;
    expect(accepted).toBeGreaterThan(cases.length / 2);
  });

  for (const c of cases) {
    it(c.id, () => {
      const run = runs.get(c.id) as CaseRun;
      expect(run, 'the case did not run').toBeDefined();
      const mismatches = disagreements(run, jobs.get(run.sbatch.jobId ?? -1), user, new Set());
      expect(mismatches, describeMismatches(c.id, mismatches)).toEqual([]);
    });
  }
});
