import { writeFileSync } from 'node:fs';
import { compareJob, type Mismatch } from './compare.js';
import type { CaseRun } from './run-case.js';
import type { ScontrolRecord } from './scontrol-record.js';

/** Every way spawn-slurm disagrees with the real sbatch on one case (empty: they agree). */
export function disagreements(run: CaseRun, records: ScontrolRecord[] | undefined, user: string, liveJobIds: ReadonlySet<number | string>): Mismatch[] {
  const found: Mismatch[] = [];
  const slurmSays = run.scriptAccepted;
  const stderr = run.sbatch.stderr.trim();
  if (run.original.json.accepted !== slurmSays) {
    found.push({ field: 'accepted', ours: run.original.json.accepted, slurm: `${slurmSays} (exit ${run.sbatch.status}${stderr ? `: ${stderr}` : ''})` });
  }
  if (run.ours !== run.original && run.ours.json.accepted !== slurmSays) {
    found.push({ field: `accepted with ${run.args.join(' ')}`, ours: run.ours.json.accepted, slurm: `${slurmSays} (exit ${run.sbatch.status}${stderr ? `: ${stderr}` : ''})` });
  }
  if (run.sbatch.jobId === null || !run.ours.json.accepted) return found;
  const job = run.ours.json.job as Parameters<typeof compareJob>[0];
  found.push(...compareJob(job, run.ours.analysis.job, records ?? [], { jobId: run.sbatch.jobId, cwd: run.dir, user, submittedAt: run.sbatch.submittedAt, liveJobIds }));
  const components = run.ours.analysis.job.components.length;
  if (records && records.length !== components) found.push({ field: 'components', ours: components, slurm: records.length });
  return found;
}

export function describeMismatches(id: string, mismatches: Mismatch[]): string {
  return `${id}\n${mismatches.map((m) => `  ${m.field}: spawn-slurm ${JSON.stringify(m.ours)} vs Slurm ${JSON.stringify(m.slurm)}`).join('\n')}`;
}

/** Every run with both verdicts and the record, as JSON lines: for looking into a failing CI run. */
export function writeReport(path: string, runs: CaseRun[], jobs: Map<number, ScontrolRecord[]>, user: string, liveJobIds: ReadonlySet<number | string>): void {
  const lines = runs.map((run) => {
    const records = run.sbatch.jobId === null ? undefined : jobs.get(run.sbatch.jobId);
    return JSON.stringify({
      id: run.case.id,
      args: run.args,
      env: run.case.env,
      ours: { accepted: run.ours.json.accepted, diagnostics: run.ours.json.diagnostics },
      sbatch: { status: run.sbatch.status, stderr: run.sbatch.stderr.trim(), jobId: run.sbatch.jobId },
      record: records?.map((r) => Object.fromEntries(r)),
      mismatches: disagreements(run, records, user, liveJobIds),
    });
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}
