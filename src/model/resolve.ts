import type { Diagnostic } from '../parser/diagnostic.js';
import type { ParsedScript } from '../parser/parse-script.js';
import type { SpawnSettings } from '../parser/spawn-directives.js';
import { resolveComponent } from './resolve-component.js';
import type { Dependency, Duration, JobArray, JobExport, JobSpawn, JobSpec } from './schema.js';
import { SettingsReader } from './settings-access.js';

export interface ScriptSource {
  /** The script as text (decoded from UTF-8). */
  text: string;
  /** When the bytes were not valid UTF-8: the exact bytes, base64-encoded. */
  base64?: string;
}

export interface ResolvedJob {
  job: JobSpec;
  /** Findings of the model stage (sbatch's adjustments), to add to the parser's. */
  diagnostics: Diagnostic[];
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** The `#!` line as the kernel splits it: the interpreter, then at most one argument. */
function interpreterOf(text: string): string[] {
  if (!text.startsWith('#!')) return ['/bin/sh'];
  const end = text.indexOf('\n');
  const line = text
    .slice(2, end === -1 ? undefined : end)
    .replace(/\r$/, '')
    .trim();
  const match = /^(\S+)(?:[ \t]+(.*\S))?/.exec(line);
  if (!match) return ['/bin/sh'];
  return match[2] ? [match[1] as string, match[2]] : [match[1] as string];
}

function durationOf(value: unknown): Duration | null {
  if (value === 'unlimited') return 'unlimited';
  return typeof value === 'number' ? value : null;
}

function isoOf(value: unknown): string | null {
  const date = (value as { date?: unknown } | undefined)?.date;
  return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function arrayOf(value: unknown): JobArray | null {
  if (!value || typeof value !== 'object') return null;
  const a = value as JobArray;
  return {
    spec: a.spec,
    ranges: a.ranges.map((r) => ({ start: r.start, end: r.end, step: r.step })),
    count: a.count,
    min: a.min,
    max: a.max,
    step: a.step,
    maxRunning: a.maxRunning && a.maxRunning > 0 ? a.maxRunning : null,
  };
}

function dependencyOf(raw: string | null, value: unknown): Dependency | null {
  if (raw === null || !value || typeof value !== 'object') return null;
  const expr = value as Omit<Dependency, 'text'>;
  return { text: raw, op: expr.op, terms: expr.terms };
}

function exportOf(raw: string | null, value: unknown): JobExport | null {
  if (raw === null) return null;
  const policy = value as Partial<JobExport> | undefined;
  return { text: raw, mode: policy?.mode ?? 'list', vars: policy?.vars ?? [] };
}

function spawnOf(settings: SpawnSettings): JobSpawn {
  const { ranges: _ranges, ...rest } = settings;
  return rest;
}

function yesNo(raw: string | null): boolean | null {
  if (raw === null) return null;
  return raw.toLowerCase().startsWith('y');
}

/**
 * ParsedScript → JobSpec: what sbatch resolves after parsing (job name, implied task counts, node
 * needs, compressed array, dependency tree, I/O patterns, export policy) plus the script itself.
 */
export function resolveJob(parsed: ParsedScript, source: ScriptSource = { text: parsed.text }): ResolvedJob {
  const diagnostics: Diagnostic[] = [];
  const release = parsed.ctx.release;
  const main = parsed.components[0];
  const read = new SettingsReader(main?.settings ?? new Map());

  const name = read.raw('job-name') ?? (parsed.file === '-' ? 'sbatch' : baseName(parsed.file));
  const components = parsed.components.map((c) => resolveComponent(c.settings, release, parsed.file, diagnostics));
  const mailTypes = read.value<string[]>('mail-type');
  const signal = read.value<{ signal: number; name: string | null; secondsBefore: number; batchShellOnly: boolean }>('signal');
  const openMode = read.raw('open-mode');

  const options: JobSpec['options'] = {};
  for (const setting of read.all()) {
    options[setting.spec.long] = { value: setting.raw ?? null, source: setting.source.kind };
  }

  const job: JobSpec = {
    version: 1,
    file: parsed.file,
    release,
    name,
    timeLimitMinutes: durationOf(read.value('time')),
    timeMinMinutes: durationOf(read.value('time-min')),
    array: arrayOf(read.value('array')),
    dependency: dependencyOf(read.raw('dependency'), read.value('dependency')),
    killOnInvalidDep: yesNo(read.raw('kill-on-invalid-dep')),
    begin: isoOf(read.value('begin')),
    deadline: isoOf(read.value('deadline')),
    partition: read.raw('partition'),
    account: read.raw('account'),
    qos: read.raw('qos'),
    reservation: read.raw('reservation'),
    licenses: read.raw('licenses'),
    comment: read.raw('comment'),
    output: read.raw('output'),
    error: read.raw('error'),
    input: read.raw('input'),
    chdir: read.raw('chdir'),
    openMode: openMode === null ? null : /^a/i.test(openMode) ? 'append' : 'truncate',
    export: exportOf(read.raw('export'), read.value('export')),
    getUserEnv: read.flag('get-user-env') || (read.raw('export') !== null && !/^(ALL|NIL)$/i.test(read.raw('export') ?? '')),
    mail: mailTypes || read.has('mail-user') ? { types: mailTypes ?? [], user: read.raw('mail-user') } : null,
    signal: signal ? { signal: signal.name ?? String(signal.signal), seconds: signal.secondsBefore, batchOnly: signal.batchShellOnly } : null,
    requeue:
      read.has('no-requeue') && (!read.has('requeue') || (read.setting('no-requeue')?.sequence ?? 0) > (read.setting('requeue')?.sequence ?? 0)) ? false : read.has('requeue') ? true : null,
    hold: read.flag('hold'),
    components,
    spawn: spawnOf(parsed.spawn),
    script: {
      content: source.base64 ?? source.text,
      encoding: source.base64 ? 'base64' : 'utf8',
      interpreter: interpreterOf(source.text),
      args: parsed.scriptArgs,
    },
    options,
  };
  return { job, diagnostics };
}
