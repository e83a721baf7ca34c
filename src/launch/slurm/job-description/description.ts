import type { Component, Duration, JobSpec } from '../../../model/schema.js';
import { COMPONENT_OPTIONS, hasField, isSbatchShaped, versionsWith } from './field-table.js';
import type { DescriptionContext, RestApiVersion, Unexpressible } from './types.js';

/**
 * One job description (one hetjob component) being written for one API version. Writers `put`
 * fields; a field the version lacks turns into an Unexpressible for the option, never a silent drop.
 */
export class Description {
  readonly fields: Record<string, unknown> = {};
  private readonly flagWords: string[] = [];

  constructor(
    readonly job: JobSpec,
    readonly component: Component,
    /** 0 for the job itself (the first hetjob component), which alone carries job.options. */
    readonly index: number,
    readonly version: RestApiVersion,
    readonly context: DescriptionContext,
    private readonly refusals: Unexpressible[],
  ) {}

  get sbatchShaped(): boolean {
    return isSbatchShaped(this.version);
  }

  /**
   * The final argument of an sbatch option; undefined when absent, null for a flag. job.options are the
   * first component's: later hetjob components get only its job-wide options (sbatch starts each
   * component from the options before it), their resources come from their own Component.
   */
  option(long: string): string | null | undefined {
    return this.index === 0 || !COMPONENT_OPTIONS.has(long) ? this.job.options[long]?.value : undefined;
  }

  has(long: string): boolean {
    return this.option(long) !== undefined;
  }

  put(option: string, field: string, value: unknown): void {
    if (value === undefined) return;
    if (hasField(this.version, field)) this.fields[field] = value;
    else this.missing(option, field);
  }

  /** A job flag (data_parser versions). */
  flag(option: string, word: string): void {
    if (hasField(this.version, 'flags')) this.flagWords.push(word);
    else this.missing(option, 'flags');
  }

  refuse(option: string, message: string): void {
    if (!this.refusals.some((r) => r.option === option && r.message === message)) this.refusals.push({ option, message });
  }

  private missing(option: string, field: string): void {
    const others = versionsWith(field).filter((v) => v !== this.version);
    const where = others.length ? `API ${others.join(', ')} ${others.length > 1 ? 'have' : 'has'} it` : 'no API version has it';
    this.refuse(option, `slurmrestd API ${this.version} has no "${field}" field for --${option} (${where}); submit with sbatch, or drop the option`);
  }

  /** An integer in the version's shape: plain, or data_parser's {set, infinite, number}. */
  number(value: number): number | Record<string, unknown> {
    return this.sbatchShaped ? value : { set: true, infinite: false, number: value };
  }

  /** Seconds since the epoch: plain up to v0.0.39, {set, infinite, number} from v0.0.40. */
  epoch(iso: string): number | Record<string, unknown> {
    const seconds = Math.floor(Date.parse(iso) / 1000);
    return this.version === 'v0.0.39' ? seconds : this.number(seconds);
  }

  /** Minutes, or unlimited (INFINITE: 0xffffffff in v0.0.38, as sbatch sends it). */
  minutes(value: Duration): number | Record<string, unknown> {
    if (value !== 'unlimited') return this.number(value);
    return this.sbatchShaped ? INFINITE : { set: true, infinite: true, number: 0 };
  }

  finish(): Record<string, unknown> {
    if (this.flagWords.length) this.fields.flags = [...new Set(this.flagWords)];
    return this.fields;
  }
}

const INFINITE = 0xffffffff;

/** One family of fields: the sbatch options it expresses, and how. */
export interface FieldWriter {
  options: readonly string[];
  write(d: Description): void;
}
