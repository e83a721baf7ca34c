import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectJson } from '../../src/cli/commands/inspect.js';
import { locate } from '../../src/cli/format/located.js';
import { analyseScript, type Analysis } from '../../src/model/analyse.js';
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
  const analysis = analyseScript({ text }, { fileName, release: '22.05', env, cliArgs: args, maxArraySize: oracle.maxArraySize, arraySizeIsHardLimit: true, now: new Date() });
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

function classify(stderr: string, result: InspectResult, oracle: Oracle): ClusterSpecific | null {
  const found = clusterSpecific(stderr, oracle.defaultPartition);
  if (found?.reason === 'GRES name not configured here' && !namesUnknownGres(result, oracle)) return null;
  return found;
}

const MAX_ATTEMPTS = 4;

/** Writes the case's script, then runs it through spawn-slurm and a held sbatch, overriding cluster-specific requests until sbatch has its say on the rest. */
function runCase(c: ConformanceCase, index: number, root: string, oracle: Oracle): CaseRun {
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
    const found = classify(sbatch.stderr, ours, oracle);
    if (!found) break;
    met.push(found);
    if (!found.override || found.override.every((o) => args.includes(o))) break;
    args = [...args, ...found.override];
    ours = inspectInProcess(c.text, fileName, oracle, ['--hold', ...args], env);
    sbatch = submit(oracle, fileName, ['--hold', ...args], dir, env);
  }
  const lastRefusalIsTheCluster = sbatch.status !== 0 && classify(sbatch.stderr, ours, oracle) !== null;
  return { case: c, dir, fileName, original, ours, args, sbatch, clusterSpecific: met, scriptAccepted: sbatch.status === 0 || lastRefusalIsTheCluster };
}

/** Runs every case (in order, each in its own directory under `root`), recording the ids of the jobs sbatch made. */
export function runCases(cases: readonly ConformanceCase[], root: string, oracle: Oracle, submitted: number[]): Map<string, CaseRun> {
  const runs = new Map<string, CaseRun>();
  cases.forEach((c, index) => {
    const run = runCase(c, index, root, oracle);
    if (run.sbatch.jobId !== null) submitted.push(run.sbatch.jobId);
    runs.set(c.id, run);
  });
  return runs;
}
