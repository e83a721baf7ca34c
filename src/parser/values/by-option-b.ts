import { parseAbsoluteTime } from './absolute-time.js';
import type { OptionValueParser, ValueContext } from './context.js';
import { parseDependency } from './dependency.js';
import { parseExport } from './export.js';
import { parseFilenamePattern } from './filename-pattern.js';
import { parseGpuSpec, parseGres, type GpuOption } from './gres.js';
import { parseNodeFile, parseNodeSelection } from './hostlist.js';
import { fail, refusal, type Parsed } from './result.js';

/** Every option here takes a required argument; getopt reports a missing one before any parser. */
function requiringValue<T>(option: string, parse: (value: string, ctx: ValueContext) => Parsed<T>): OptionValueParser {
  return (value, ctx) =>
    value === undefined ? fail(refusal('missing-value', `sbatch refuses the script: "option '--${option}' requires an argument".`, `write --${option}=<value>`)) : parse(value, ctx);
}

const gpuOption = (option: GpuOption): OptionValueParser => requiringValue(option, (value, ctx) => parseGpuSpec(value, ctx, option));

/** The controller refuses a deadline that has passed (job_mgr.c _valid_job_part). */
function parseDeadline(value: string, ctx: ValueContext): Parsed<unknown> {
  const parsed = parseAbsoluteTime(value, ctx, { option: 'deadline' });
  if (parsed.ok && parsed.value.date.getTime() < ctx.now.getTime()) {
    return fail(
      refusal(
        'deadline-in-past',
        `--deadline=${value} is before the submission time: sbatch refuses the script ("Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)").`,
        'give a deadline in the future',
      ),
    );
  }
  return parsed;
}

/** Value parsers for part B of the option table, keyed by long option name. */
export const valueParsersB: Record<string, OptionValueParser> = {
  gres: requiringValue('gres', parseGres),
  gpus: gpuOption('gpus'),
  'gpus-per-node': gpuOption('gpus-per-node'),
  'gpus-per-socket': gpuOption('gpus-per-socket'),
  'gpus-per-task': gpuOption('gpus-per-task'),
  dependency: requiringValue('dependency', parseDependency),
  begin: requiringValue('begin', (value, ctx) => parseAbsoluteTime(value, ctx, { option: 'begin' })),
  deadline: requiringValue('deadline', parseDeadline),
  output: requiringValue('output', parseFilenamePattern),
  error: requiringValue('error', parseFilenamePattern),
  input: requiringValue('input', parseFilenamePattern),
  nodelist: requiringValue('nodelist', (value, ctx) => parseNodeSelection(value, ctx, 'nodelist')),
  exclude: requiringValue('exclude', (value, ctx) => parseNodeSelection(value, ctx, 'exclude')),
  nodefile: requiringValue('nodefile', (value) => parseNodeFile(value)),
  export: requiringValue('export', parseExport),
};
