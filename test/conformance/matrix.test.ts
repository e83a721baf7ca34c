import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ANCHOR_ARRAY_TASKS, submitAnchors } from './anchors.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { conformanceCases, withJobIds } from './cases.js';
import { KNOWN_DIFFERENCES } from './known-differences.js';
import { cancel, showJobs } from './oracle.js';
import { describePerOracle } from './oracle-suites.js';
import { runCases, type CaseRun } from './run-case.js';
import type { ScontrolRecord } from './scontrol-record.js';
import { describeMismatches, disagreements, writeReport } from './verdict.js';

describePerOracle('inspect agrees with a real Slurm on the conformance matrix', (o) => {
  const cases = conformanceCases({ maxArraySize: o.maxArraySize });
  const user = userInfo().username;
  let runs = new Map<string, CaseRun>();
  const submitted: number[] = [];
  let jobs = new Map<number, ScontrolRecord[]>();
  const anchors = new Set<number | string>();
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), `spawn-slurm-conformance-${o.release}-`));
    try {
      const ids = submitAnchors(o, root, submitted);
      for (const id of Object.values(ids)) anchors.add(id);
      for (const task of ANCHOR_ARRAY_TASKS) anchors.add(`${ids.arr}_${task}`);
      runs = runCases(
        cases.map((c) => withJobIds(c, ids)),
        root,
        o,
        submitted,
        anchors,
      );
      jobs = showJobs(o);
    } catch (error) {
      cancel(o, submitted);
      throw error;
    }
  }, 600_000);

  afterAll(() => {
    cancel(o, submitted);
    const report = process.env.SPAWN_SLURM_CONFORMANCE_REPORT;
    // One report per release: `report.jsonl` becomes `report-24.11.jsonl`.
    if (report) writeReport(report.replace(/(\.[^./]*)?$/, `-${o.release}$1`), [...runs.values()], jobs, user, anchors);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('covers at least 300 directive combinations from every family', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    expect(new Set(cases.map((c) => c.family)).size).toBeGreaterThanOrEqual(15);
  });

  it('knowingly skips only a few cases, each with a reason', () => {
    const ids = new Set(cases.map((c) => c.id));
    for (const [id, reason] of Object.entries(KNOWN_DIFFERENCES)) {
      expect(ids.has(id), `${id} is no longer in the matrix`).toBe(true);
      expect(reason.length).toBeGreaterThan(10);
    }
    expect(Object.keys(KNOWN_DIFFERENCES).length).toBeLessThanOrEqual(cases.length / 20);
  });

  for (const c of cases) {
    const skip = KNOWN_DIFFERENCES[c.id];
    it.skipIf(skip !== undefined)(c.id, () => {
      const run = runs.get(c.id);
      expect(run, 'the case did not run').toBeDefined();
      const mismatches = disagreements(run as CaseRun, jobs.get((run as CaseRun).sbatch.jobId ?? -1), user, anchors);
      expect(mismatches, describeMismatches(c.id, mismatches)).toEqual([]);
    });
  }
});
