import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectJson } from '../../src/cli/commands/inspect.js';
import { locate } from '../../src/cli/format/located.js';
import { analyseScript, type Analysis } from '../../src/model/analyse.js';
import type { DependencyExpression } from '../../src/parser/values/dependency.js';
import type { ConformanceCase } from './cases.js';
import { clusterSpecific, type ClusterSpecific } from './classify.js';
import { submit, type Oracle, type Submission } from './oracle.js';

export interface InspectResult {
  analysis: Analysis;
  json: ReturnType<typeof inspectJson>;
}

/** One case run on both sides; `args` are the command-line options of the final attempt. */
export interface CaseRun {
  case: ConformanceCase;
  dir: string;
  fileName: string;
  /** spawn-slurm on the case as written. */
  original: InspectResult;
  /** spawn-slurm with the cluster-specific overrides of the final attempt (same as original without any). */
  ours: InspectResult;
  args: string[];
  sbatch: Submission;
  /** Cluster-specific refusals met on the way, in order. */
  clusterSpecific: ClusterSpecific[];
  /** sbatch's verdict on the script itself: false only for a refusal that does not depend on the cluster. */
  scriptAccepted: boolean;
}

/** spawn-slurm's view of a script, the way `inspect --json` computes it. */
function inspectInProcess(text: string, fileName: string, oracle: Oracle, args: readonly string[], env: Record<string, string>): InspectResult {
  const analysis = analyseScript({ text }, { fileName, release: oracle.release, env, cliArgs: args, maxArraySize: oracle.maxArraySize, arraySizeIsHardLimit: true, now: new Date() });
  return { analysis, json: inspectJson(analysis, locate(analysis.diagnostics, fileName, text)) };
}

/** The GRES failure is the cluster's when the request names a GRES the cluster does not configure. */
function namesUnknownGres(result: InspectResult, oracle: Oracle): boolean {
  const raw = result.analysis.job.options.gres?.value ?? '';
  return raw.split(',').some((item) => {
    const name = item.replace(/^gres[:/]/, '').split(/[:=]/)[0] ?? '';
    return name !== '' && name.toLowerCase() !== 'none' && !oracle.gresTypes.includes(name);
  });
}

/**
 * From 23.02 the controller refuses an afterok/afternotok dependency on a job (or array task) it does
 * not know: that depends on the cluster's jobs, not on the script (spawn-slurm warns about it).
 */
function namesUnknownJob(result: InspectResult, oracle: Oracle, live: ReadonlySet<number | string>): boolean {
  if (oracle.release === '22.05') return false;
  const dependency = result.analysis.job.dependency as DependencyExpression | null;
  return (dependency?.terms ?? [])
    .filter((term) => term.type === 'afterok' || term.type === 'afternotok')
    .some((term) => term.jobs.some((job) => !live.has(job.id) || (typeof job.task === 'number' && !live.has(`${job.id}_${job.task}`))));
}

function classify(stderr: string, result: InspectResult, oracle: Oracle, live: ReadonlySet<number | string>): ClusterSpecific | null {
  if (/Job dependency problem/.test(stderr) && result.analysis.accepted && namesUnknownJob(result, oracle, live)) {
    return { reason: 'a dependency on a job this cluster does not know', override: null };
  }
  const found = clusterSpecific(stderr, oracle.defaultPartition);
  if (found?.reason === 'GRES name not configured here' && !namesUnknownGres(result, oracle)) return null;
  return found;
}

const MAX_ATTEMPTS = 4;

/**
 * Writes the case's script, then runs it through spawn-slurm and a held sbatch, overriding cluster-specific requests until sbatch has its say on the rest.
 * `live` holds the jobs that exist (ids, and `<id>_<task>` for array tasks).
 */
function runCase(c: ConformanceCase, index: number, root: string, oracle: Oracle, live: ReadonlySet<number | string>): CaseRun {
  const dir = join(root, String(index).padStart(4, '0'));
  mkdirSync(dir, { recursive: true });
  const fileName = c.fileName ?? `case-${index}.sbatch`;
  writeFileSync(join(dir, fileName), c.text);
  const env = c.env ?? {};
  let args = [...(c.args ?? [])];
  const original = inspectInProcess(c.text, fileName, oracle, ['--hold', ...args], env);
  const met: ClusterSpecific[] = [];
  let ours = original;
  let sbatch = submit(oracle, fileName, ['--hold', ...args], dir, env);
  for (let attempt = 1; sbatch.status !== 0 && attempt < MAX_ATTEMPTS; attempt++) {
    const found = classify(sbatch.stderr, ours, oracle, live);
    if (!found) break;
    met.push(found);
    if (!found.override || found.override.every((o) => args.includes(o))) break;
    args = [...args, ...found.override];
    ours = inspectInProcess(c.text, fileName, oracle, ['--hold', ...args], env);
    sbatch = submit(oracle, fileName, ['--hold', ...args], dir, env);
  }
  const lastRefusalIsTheCluster = sbatch.status !== 0 && classify(sbatch.stderr, ours, oracle, live) !== null;
  return { case: c, dir, fileName, original, ours, args, sbatch, clusterSpecific: met, scriptAccepted: sbatch.status === 0 || lastRefusalIsTheCluster };
}

/** Runs every case (in order, each in its own directory under `root`), recording the ids of the jobs sbatch made; `live` as for runCase. */
export function runCases(cases: readonly ConformanceCase[], root: string, oracle: Oracle, submitted: number[], live: ReadonlySet<number | string> = new Set()): Map<string, CaseRun> {
  const runs = new Map<string, CaseRun>();
  cases.forEach((c, index) => {
    const run = runCase(c, index, root, oracle, live);
    if (run.sbatch.jobId !== null) submitted.push(run.sbatch.jobId);
    runs.set(c.id, run);
  });
  return runs;
}
