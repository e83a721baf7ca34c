import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { convertJob, type Conversion } from '../../launch/convert-job.js';
import { parseS3Url } from '../../launch/spawn-params/s3-url.js';
import { InputError, isSpawnSlurmError, UsageError } from '../../core/errors.js';
import { describeFindings, planJob } from '../plan-job.js';
import type { ToolOption } from '../sbatch-args.js';
import { formatOption, paramTarget } from '../param-target.js';

/**
 * convert's own options when they follow the script name (`convert job.sbatch -o params.yaml`). Here
 * `-o`/`--output` name the parameter file, not sbatch's output pattern: that one is overridden with
 * SBATCH_OUTPUT, which sbatch reads too.
 */
const CONVERT_OPTIONS: readonly ToolOption[] = [
  { long: 'output', short: 'o', takesValue: true },
  { long: 'format', takesValue: true },
  { long: 'stage', takesValue: true },
];

function checkDirectory(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`cannot write ${path}: the directory ${dir} does not exist`, 'create it, or choose another file with --output');
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`;
}

function summary(conversion: Conversion): string {
  const files = Object.entries(conversion.bytes).map(([path, bytes]) => `${path} (${kib(bytes)})`);
  const rows = `${conversion.rows} ${conversion.rows === 1 ? 'row' : 'rows'}${conversion.tasksPerRow > 1 ? ` of ${conversion.tasksPerRow} tasks each (they share an instance)` : ''}`;
  const lines = [`wrote ${files.join(' and ')}: ${rows}, job id ${conversion.jobId}`];
  for (const warning of conversion.warnings) lines.push(`warning: ${warning}`);
  if (conversion.upload) lines.push('upload the bundle, then launch:');
  return `${lines.join('\n')}\n`;
}

/** A failed write names the file and leaves nothing behind (convertJob cleans up its temporary files). */
function writeError(error: unknown, path: string): unknown {
  if (isSpawnSlurmError(error)) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' || code === 'ENOSPC' || code === 'EROFS' || code === 'EISDIR') {
    return new InputError(`cannot write ${path}: ${(error as Error).message}`, 'check the directory and its permissions, or choose another file with --output', { cause: error });
  }
  return error;
}

export async function runConvert(script: string, rest: readonly string[], opts: Record<string, unknown>): Promise<number> {
  const planned = await planJob(script, rest, opts, CONVERT_OPTIONS);
  const findings = describeFindings(planned);
  if (findings) process.stderr.write(findings);
  if (!planned.ok) return 1;

  const plan = planned.plan;
  const target = paramTarget(plan.job.name, planned.options.output, formatOption(planned.options.format));
  const stage = planned.options.stage !== undefined ? parseS3Url(String(planned.options.stage)) : (plan.storage.s3 ?? plan.job.spawn.s3Stage ?? null);
  checkDirectory(target.path);
  let conversion: Conversion;
  try {
    conversion = await convertJob(plan, { paramFile: target.path, format: target.format, stage, mappingPath: planned.mappingPath });
  } catch (error) {
    throw writeError(error, target.path);
  }

  if (planned.options.json) {
    process.stdout.write(`${JSON.stringify({ version: 1, ...conversion, script: basename(script) === '-' ? '-' : script }, null, 2)}\n`);
    return 0;
  }
  process.stderr.write(summary(conversion));
  process.stdout.write(`${conversion.upload ? `${conversion.upload}\n` : ''}${conversion.launch}\n`);
  return 0;
}
