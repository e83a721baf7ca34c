/**
 * The value formats of mapping.yaml (durations, sizes, percentages, AWS names), as patterns for the
 * JSON Schema and as parsers that turn a valid text into numbers. No zod here: the built-in defaults
 * are parsed with these functions when no mapping file is loaded.
 */
import type { InstanceTypeSelector, MemoryMargin, TimeMargin } from './types.js';

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const DURATION_BODY = String.raw`(?=\d)(?:${NUMBER}d)?(?:${NUMBER}h)?(?:${NUMBER}m)?(?:${NUMBER}s)?`;
const SIZE_BODY = `${NUMBER}(?:[KMGTkmgt]|[KMGT]iB)`;
const PERCENT_BODY = `${NUMBER}%`;

const anchored = (body: string) => new RegExp(`^(?:${body})$`);

/** `30m`, `1h`, `1h30m`, `2d`, `0.5h`, `90s`: units in the order d, h, m, s, each at most once. */
export const DURATION_PATTERN = anchored(DURATION_BODY);
/** `512M`, `1G`, `1GiB`, `2.5T`: binary units, as Slurm reads `--mem`. */
const SIZE_PATTERN = anchored(SIZE_BODY);
const PERCENT_PATTERN = anchored(PERCENT_BODY);
export const TIME_MARGIN_PATTERN = anchored(`${DURATION_BODY}|${PERCENT_BODY}`);
export const MEMORY_MARGIN_PATTERN = anchored(`${SIZE_BODY}|${PERCENT_BODY}`);

/** Region codes such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-4`. */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
export const AMI_PATTERN = /^ami-[0-9a-f]{8,17}$/;
export const EFS_PATTERN = /^fs-[0-9a-f]{8,40}$/;
/** IAM names: letters, digits and `+=,.@_-`, at most 128 characters. */
export const IAM_NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;
/** The name of an environment variable, as a shell accepts it. */
export const ENV_VAR_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A type (`c7i.4xlarge`, `u-6tb1.metal`) or a family (`c7i`, `c7i.*`, `p6-b200`). */
export const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*(?:\.(?:[a-z0-9-]+|\*))?$/;

const MINUTES_PER_UNIT: Record<string, number> = { d: 1440, h: 60, m: 1, s: 1 / 60 };
const MIB_PER_UNIT: Record<string, number> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };

/** Minutes in a duration, or undefined when the text is not one. */
export function parseDurationMinutes(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let minutes = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) {
    minutes += Number(amount) * (MINUTES_PER_UNIT[unit as string] as number);
  }
  return minutes;
}

const SECONDS_PER_UNIT: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** Seconds in a duration, or undefined when the text is not one. */
export function parseDurationSeconds(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)([dhms])/g)) {
    seconds += Number(amount) * (SECONDS_PER_UNIT[unit as string] as number);
  }
  // 1.1h is 3960.0000000000005 seconds in floating point.
  return Math.round(seconds * 1e6) / 1e6;
}

/** MiB in a size, or undefined when the text is not one. */
export function parseSizeMiB(text: string): number | undefined {
  if (!SIZE_PATTERN.test(text)) return undefined;
  const unit = (text.match(/[KMGTkmgt]/) as RegExpMatchArray)[0].toLowerCase();
  return Number.parseFloat(text) * (MIB_PER_UNIT[unit] as number);
}

/** `10%` as 0.1, or undefined when the text is not a percentage. */
export function parsePercentFraction(text: string): number | undefined {
  if (!PERCENT_PATTERN.test(text)) return undefined;
  return Number.parseFloat(text) / 100;
}

export function parseTimeMargin(text: string): TimeMargin | undefined {
  const fraction = parsePercentFraction(text);
  if (fraction !== undefined) return { kind: 'fraction', fraction };
  const minutes = parseDurationMinutes(text);
  return minutes === undefined ? undefined : { kind: 'minutes', minutes };
}

export function parseMemoryMargin(text: string): MemoryMargin | undefined {
  const fraction = parsePercentFraction(text);
  if (fraction !== undefined) return { kind: 'fraction', fraction };
  const mib = parseSizeMiB(text);
  return mib === undefined ? undefined : { kind: 'mib', mib };
}

/** Sizes with a decimal unit (`1GB`, `512MB`) look valid but are ambiguous; the hint says what to write. */
export function decimalSizeHint(text: string): string | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGTkmgt])[Bb]$/.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match as unknown as [string, string, string];
  return `sizes are binary, as in Slurm: write ${amount}${unit.toUpperCase()} or ${amount}${unit.toUpperCase()}iB`;
}

export function parseInstanceTypeSelector(text: string): InstanceTypeSelector | undefined {
  if (!INSTANCE_TYPE_PATTERN.test(text)) return undefined;
  const [family, size] = text.split('.') as [string, string | undefined];
  return size === undefined || size === '*' ? { kind: 'family', family } : { kind: 'type', type: text };
}

const BUCKET_FORBIDDEN_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_FORBIDDEN_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why a name breaks the S3 general purpose bucket naming rules, or undefined when it follows them. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.startsWith('s3://')) return 'is a URL, not a bucket name';
  if (name.length < 3 || name.length > 63) return 'must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(name)) return 'may contain only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'must begin and end with a letter or digit';
  if (name.includes('..')) return 'must not contain two dots in a row';
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name)) return 'must not look like an IP address';
  const prefix = BUCKET_FORBIDDEN_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not begin with "${prefix}" (reserved by S3)`;
  const suffix = BUCKET_FORBIDDEN_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with "${suffix}" (reserved by S3)`;
  return undefined;
}

/** Key prefix as S3 wants it: no leading `/`, and a trailing `/` unless empty. */
export function normaliseS3Prefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}
