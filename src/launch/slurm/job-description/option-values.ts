import { DEFAULT_MAX_ARRAY_SIZE } from '../../../parser/values/context.js';
import { valueParsers } from '../../../parser/values/registry.js';
import type { Description } from './description.js';

/**
 * The parser's typed value of one option of the job (the JobSpec keeps only the final argument), or
 * undefined when the option is absent or its argument does not parse.
 */
export function typedOption<T>(d: Description, long: string): T | undefined {
  const raw = d.option(long);
  const parse = valueParsers[long];
  if (raw === undefined || !parse) return undefined;
  const parsed = parse(raw ?? undefined, { release: d.job.release, maxArraySize: DEFAULT_MAX_ARRAY_SIZE, arraySizeIsHardLimit: false, now: new Date() });
  return parsed.ok ? (parsed.value as T) : undefined;
}

/** The option's argument when it was given with one. */
export function textOption(d: Description, long: string): string | undefined {
  const raw = d.option(long);
  return typeof raw === 'string' ? raw : undefined;
}

/** A whole-number argument (`--nice=5`, `--core-spec=1`). */
export function integerOption(d: Description, long: string): number | undefined {
  const value = typedOption<unknown>(d, long);
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
