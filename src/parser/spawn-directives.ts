import { suggest } from '../util/suggest.js';
import type { Diagnostic, TextRange } from './diagnostic.js';
import type { ScanResult } from './scanner.js';
import type { Token } from './tokenizer.js';

export type Backend = 'local' | 'ec2' | 'slurm' | 'spawn';

/** What `#SPAWN` directives ask for: where and how the job runs outside Slurm. */
export interface SpawnSettings {
  /** One type, or an ordered list to try in turn. */
  instanceTypes?: string[];
  region?: string;
  spot?: boolean;
  ami?: string;
  /** Lifetime of an instance, in minutes. */
  ttlMinutes?: number;
  /** Highest spot price, USD per hour. */
  maxPrice?: number;
  iamRole?: string;
  keyName?: string;
  s3Stage?: { bucket: string; prefix: string };
  backend?: Backend;
  /** Most tasks of an array that share one instance (1: one instance per task). */
  tasksPerInstance?: number;
  /** Where each setting was written, for later diagnostics (e.g. a forced type that is too small). */
  ranges: Partial<Record<Exclude<keyof SpawnSettings, 'ranges'>, TextRange>>;
}

type Key = Exclude<keyof SpawnSettings, 'ranges'>;

interface SpawnOption {
  key: Key;
  /** A flag may appear without a value (`--spot`). */
  flag?: boolean;
  parse: (value: string) => { value: unknown } | { error: string; hint?: string };
}

const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const AMI = /^ami-[0-9a-f]{8,17}$/;
const IAM_NAME = /^[\w+=,.@-]{1,128}$/;
const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** `90m`, `36h`, `2h30m`, `1d`, `1d12h`: the lifetime units spawn users write. */
function parseTtl(value: string): number | null {
  const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(value.trim());
  if (!match || value.trim() === '') return null;
  const [, d = '0', h = '0', m = '0'] = match;
  const minutes = Number(d) * 1440 + Number(h) * 60 + Number(m);
  return minutes > 0 ? minutes : null;
}

const OPTIONS: Record<string, SpawnOption> = {
  'instance-type': {
    key: 'instanceTypes',
    parse: (v) => {
      const types = v
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
      const bad = types.find((t) => !INSTANCE_TYPE.test(t));
      if (types.length === 0 || bad !== undefined) {
        return { error: `"${bad ?? v}" is not an EC2 instance type`, hint: 'write a type such as c7i.4xlarge, or an ordered list: g5.xlarge,g6.xlarge' };
      }
      return { value: types };
    },
  },
  region: {
    key: 'region',
    parse: (v) => (REGION.test(v) ? { value: v } : { error: `"${v}" is not an AWS region code`, hint: 'write a region code such as us-east-1' }),
  },
  spot: {
    key: 'spot',
    flag: true,
    parse: (v) => {
      const lowered = v.toLowerCase();
      if (['true', 'yes', '1', ''].includes(lowered)) return { value: true };
      if (['false', 'no', '0'].includes(lowered)) return { value: false };
      return { error: `"${v}" is not true or false`, hint: 'write --spot, --spot=true or --spot=false' };
    },
  },
  ami: {
    key: 'ami',
    parse: (v) => (AMI.test(v) ? { value: v } : { error: `"${v}" is not an AMI id`, hint: 'write an id such as ami-0123456789abcdef0' }),
  },
  ttl: {
    key: 'ttlMinutes',
    parse: (v) => {
      const minutes = parseTtl(v);
      return minutes === null ? { error: `"${v}" is not a lifetime`, hint: 'write a duration such as 90m, 36h or 2d' } : { value: minutes };
    },
  },
  'max-price': {
    key: 'maxPrice',
    parse: (v) => {
      const price = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
      return price > 0 ? { value: price } : { error: `"${v}" is not a price in USD per hour`, hint: 'write a positive number such as 0.85' };
    },
  },
  'iam-role': {
    key: 'iamRole',
    parse: (v) => (IAM_NAME.test(v) ? { value: v } : { error: `"${v}" is not an instance-profile name` }),
  },
  'key-name': {
    key: 'keyName',
    parse: (v) => (v.length > 0 && v.length <= 255 ? { value: v } : { error: 'a key-pair name must have 1 to 255 characters' }),
  },
  's3-stage': {
    key: 's3Stage',
    parse: (v) => {
      const match = S3_URL.exec(v);
      if (!match) return { error: `"${v}" is not an S3 location`, hint: 'write s3://bucket/prefix' };
      return { value: { bucket: match[1] as string, prefix: (match[2] ?? '').replace(/\/+$/, '') } };
    },
  },
  'tasks-per-instance': {
    key: 'tasksPerInstance',
    parse: (v) => (/^[1-9]\d{0,5}$/.test(v) ? { value: Number(v) } : { error: `"${v}" is not a number of tasks`, hint: 'write a whole number from 1 (one instance per task) up, such as 8' }),
  },
  backend: {
    key: 'backend',
    parse: (v) => (['local', 'ec2', 'slurm', 'spawn'].includes(v) ? { value: v as Backend } : { error: `"${v}" is not a backend`, hint: 'choose local, ec2, slurm or spawn' }),
  },
};

const SPAWN_OPTION_NAMES = Object.keys(OPTIONS);

/**
 * Reads the `#SPAWN` directives of the header block. They use sbatch's tokenizer but their own
 * options (`--name=value` or `--name value`); later settings win, as in sbatch.
 */
export function parseSpawnDirectives(scan: ScanResult, file: string, diagnostics: Diagnostic[]): SpawnSettings {
  const settings: SpawnSettings = { ranges: {} };
  const origin = { kind: 'file', file } as const;
  const tokens: Token[] = scan.directives.filter((d) => d.prefix === '#SPAWN').flatMap((d) => d.tokenized.tokens);

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const range = { start: token.start, end: token.end };
    if (!token.value.startsWith('--')) {
      diagnostics.push({
        code: 'spawn-invalid-directive',
        severity: 'error',
        message: `"${token.value}" is not a #SPAWN option`,
        hint: `#SPAWN options are ${SPAWN_OPTION_NAMES.map((n) => `--${n}`).join(', ')}`,
        origin,
        range,
      });
      continue;
    }
    const equals = token.value.indexOf('=');
    const name = token.value.slice(2, equals === -1 ? undefined : equals);
    const option = OPTIONS[name];
    if (!option) {
      const close = suggest(name, SPAWN_OPTION_NAMES);
      diagnostics.push({
        code: 'spawn-unknown-option',
        severity: 'error',
        message: `--${name} is not a #SPAWN option`,
        hint: close.length > 0 ? `did you mean ${close.map((c) => `--${c}`).join(' or ')}?` : `#SPAWN options are ${SPAWN_OPTION_NAMES.map((n) => `--${n}`).join(', ')}`,
        origin,
        range,
      });
      continue;
    }
    let value: string;
    let valueRange = range;
    if (equals !== -1) {
      value = token.value.slice(equals + 1);
    } else if (option.flag) {
      value = '';
    } else if (i + 1 < tokens.length) {
      const next = tokens[++i] as Token;
      value = next.value;
      valueRange = { start: token.start, end: next.end };
    } else {
      diagnostics.push({ code: 'spawn-missing-value', severity: 'error', message: `#SPAWN --${name} needs a value`, hint: `write --${name}=VALUE`, origin, range });
      continue;
    }
    const parsed = option.parse(value);
    if ('error' in parsed) {
      const diagnostic: Diagnostic = { code: 'spawn-invalid-value', severity: 'error', message: `#SPAWN --${name}: ${parsed.error}`, origin, range: valueRange };
      if (parsed.hint) diagnostic.hint = parsed.hint;
      diagnostics.push(diagnostic);
      continue;
    }
    (settings as unknown as Record<string, unknown>)[option.key] = parsed.value;
    settings.ranges[option.key] = valueRange;
  }
  return settings;
}
