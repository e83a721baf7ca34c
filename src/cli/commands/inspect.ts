import { analyseScript, type Analysis } from '../../model/analyse.js';
import { locate, type LocatedDiagnostic } from '../format/located.js';
import { formatText } from '../format/text.js';
import { describeJob } from '../format/job-summary.js';
import { readScript } from '../read-script.js';
import { splitToolArgs } from '../sbatch-args.js';
import { parseOptionsFrom } from '../script-options.js';

const TOOL_OPTIONS = [
  { long: 'json', takesValue: false },
  { long: 'slurm-release', takesValue: true },
  { long: 'max-array-size', takesValue: true },
  { long: 'cloud', takesValue: false },
  { long: 'debug', takesValue: false },
];

/** The `job` object of the inspect JSON contract (version 1). */
export function inspectJob(analysis: Analysis): Record<string, unknown> {
  const { job } = analysis;
  const main = job.components[0];
  const payload: Record<string, unknown> = {
    name: job.name,
    timeLimitMinutes: job.timeLimitMinutes,
    timeMinMinutes: job.timeMinMinutes,
    nodes: main?.nodes ?? null,
    ntasks: main?.ntasks ?? null,
    ntasksPerNode: main?.ntasksPerNode ?? null,
    cpusPerTask: main?.cpusPerTask ?? null,
    memory: main?.memory ?? null,
    gres: main?.gres ?? [],
    gpus: main?.gpus ?? { perJob: null, perNode: null, perTask: null, perSocket: null, type: null },
    array: job.array ? { spec: job.array.spec, count: job.array.count, min: job.array.min, max: job.array.max, maxRunning: job.array.maxRunning } : null,
    partition: job.partition,
    account: job.account,
    qos: job.qos,
    constraint: main?.constraint ?? null,
    exclusive: main ? main.exclusive !== false : false,
    output: job.output,
    error: job.error,
    chdir: job.chdir,
    dependency: job.dependency?.text ?? null,
    export: job.export?.text ?? null,
    spawn: job.spawn,
    release: job.release,
    begin: job.begin,
    deadline: job.deadline,
    needs: main?.needs ?? null,
  };
  if (job.components.length > 1) payload.components = job.components;
  return payload;
}

function diagnosticJson(d: LocatedDiagnostic): Record<string, unknown> {
  return {
    severity: d.severity,
    code: d.code,
    line: d.line,
    column: d.column,
    endColumn: d.endLine === d.line ? d.endColumn : d.column,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.origin.kind !== 'file' ? { origin: d.origin } : {}),
    ...(d.refusedBySbatch ? { refusedBySbatch: true } : {}),
  };
}

export function inspectJson(analysis: Analysis, located: LocatedDiagnostic[]): Record<string, unknown> {
  return {
    version: 1,
    file: analysis.parsed.file,
    accepted: analysis.accepted,
    diagnostics: located.map(diagnosticJson),
    job: analysis.accepted ? inspectJob(analysis) : null,
  };
}

export async function runInspect(script: string, rest: string[], opts: Record<string, unknown>): Promise<number> {
  const split = splitToolArgs(rest, TOOL_OPTIONS);
  const flag = (name: string, optName: string) => opts[optName] === true || split.tool.has(name);
  const value = (name: string, optName: string) => split.tool.get(name)?.at(-1) ?? opts[optName];
  const loaded = await readScript(script);
  const parseOptions = parseOptionsFrom(
    script,
    { slurmRelease: value('slurm-release', 'slurmRelease'), maxArraySize: value('max-array-size', 'maxArraySize'), cloud: flag('cloud', 'cloud') },
    split.sbatch,
  );
  const analysis = analyseScript(loaded, parseOptions, loaded.diagnostics);
  const located = locate(analysis.diagnostics, script, loaded.text);

  if (flag('json', 'json')) {
    process.stdout.write(`${JSON.stringify(inspectJson(analysis, located), null, 2)}\n`);
  } else {
    process.stdout.write(describeJob(analysis));
    if (located.length > 0) process.stdout.write(`\n${formatText([{ file: script, accepted: analysis.accepted, diagnostics: located }])}`);
  }
  if (located.some((d) => d.origin.kind === 'cli' && d.code === 'unexpected-cli-argument')) return 2;
  return analysis.accepted ? 0 : 1;
}
