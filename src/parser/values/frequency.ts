/** --cpu-freq and --gpu-freq. */
import { LONG_MAX, isCDigit, scanCInteger, startsWithIgnoringCase, strtok } from './c-number.js';
import type { Parsed } from './result.js';
import { fail, ok, refusal } from './result.js';

export type CpuGovernor = 'conservative' | 'ondemand' | 'performance' | 'powersave' | 'userspace' | 'schedutil';
export type FrequencyLevel = 'low' | 'medium' | 'high' | 'highm1';
/** A frequency in kHz, or one of Slurm's symbolic levels. */
export type CpuFrequency = number | FrequencyLevel;

export interface CpuFrequencyRequest {
  min: CpuFrequency | null;
  max: CpuFrequency | null;
  governor: CpuGovernor | null;
}

/** Governor prefixes, tested in this order (`_cpu_freq_check_gov`). */
const GOVERNORS: readonly (readonly [string, CpuGovernor])[] = [
  ['co', 'conservative'],
  ['perf', 'performance'],
  ['pow', 'powersave'],
  ['user', 'userspace'],
  ['onde', 'ondemand'],
  ['sche', 'schedutil'],
];
/** slurm.conf's default CpuFreqGovernors. */
const DEFAULT_ALLOWED_GOVERNORS: readonly CpuGovernor[] = ['ondemand', 'performance', 'userspace'];

/** Symbolic levels as Slurm encodes them, which decides the `min < max` check. */
const LEVEL_CODES: Record<FrequencyLevel, number> = { low: 0x80000001, medium: 0x80000002, high: 0x80000003, highm1: 0x80000004 };
/** A governor given as the first part stands where the maximum frequency would be: NO_VAL. */
const NO_VAL = 0xfffffffe;

function governorOf(text: string): CpuGovernor | null {
  return GOVERNORS.find(([prefix]) => startsWithIgnoringCase(text, prefix))?.[1] ?? null;
}

/** `_cpu_freq_check_freq`: a level by prefix, else a non-zero strtoul (trailing text ignored). */
function frequencyOf(text: string): CpuFrequency | null {
  if (startsWithIgnoringCase(text, 'lo')) return 'low';
  if (startsWithIgnoringCase(text, 'him1') || startsWithIgnoringCase(text, 'highm1')) return 'highm1';
  if (startsWithIgnoringCase(text, 'hi')) return 'high';
  if (startsWithIgnoringCase(text, 'med')) return 'medium';
  const khz = Number(BigInt.asUintN(32, scanCInteger(text, 0, { unsigned: true }).value));
  return khz ? khz : null;
}

function frequencyCode(frequency: CpuFrequency | null): number {
  if (frequency === null) return NO_VAL;
  return typeof frequency === 'number' ? frequency : LEVEL_CODES[frequency];
}

/** `--cpu-freq=p1[-p2[:governor]]` (cpu_freq_verify_cmdline). */
export function parseCpuFreq(value: string | undefined): Parsed<CpuFrequencyRequest> {
  const text = value ?? '';
  const refuse = (why: string) =>
    fail<CpuFrequencyRequest>(
      refusal(
        'invalid-cpu-freq',
        `sbatch refuses --cpu-freq=${text}: ${why}, "Invalid --cpu-freq argument".`,
        'Use a frequency in kHz or low|medium|high|highm1, a range MIN-MAX[:GOVERNOR], or a governor (OnDemand, Performance, UserSpace).',
      ),
    );
  const colon = text.indexOf(':');
  const dash = text.indexOf('-');
  const governorPart = colon >= 0 ? text.slice(colon + 1) : null;
  const firstPart = dash >= 0 ? text.slice(0, dash) : colon >= 0 ? text.slice(0, colon) : text;
  const secondPart = dash >= 0 ? (colon >= 0 ? text.slice(dash + 1, colon) : text.slice(dash + 1)) : null;

  const request: CpuFrequencyRequest = { min: null, max: null, governor: governorOf(firstPart) };
  if (request.governor) {
    if (governorPart !== null) return refuse(`governor cannot be specified twice ${firstPart}{-}:${governorPart}`);
  } else {
    request.max = frequencyOf(firstPart);
    if (request.max === null) return refuse(`unrecognized --cpu-freq argument "${firstPart}"`);
  }
  if (secondPart !== null) {
    const upper = frequencyOf(secondPart);
    if (upper === null) return refuse(`unrecognized --cpu-freq argument "${secondPart}"`);
    if (frequencyCode(upper) < frequencyCode(request.max)) return refuse(`min cpu-frec (${firstPart}) must be < max cpu-freq (${secondPart})`);
    [request.min, request.max] = [request.max, upper];
  }
  if (governorPart !== null) {
    if (secondPart === null) return refuse(`gov on cpu-frec (${governorPart}) illegal without max`);
    request.governor = governorOf(governorPart);
    if (!request.governor) return refuse(`illegal governor: ${governorPart} on --cpu-freq`);
  }
  if (request.governor && !DEFAULT_ALLOWED_GOVERNORS.includes(request.governor)) {
    return refuse(`governor of ${text} is not allowed in slurm.conf (Slurm's default CpuFreqGovernors is OnDemand,Performance,UserSpace)`);
  }
  return ok(request);
}

export interface GpuFrequencyRequest {
  /** The GPU clock: MHz or a level. */
  graphics: number | FrequencyLevel | null;
  memory: number | FrequencyLevel | null;
  verbose: boolean;
}

const GPU_LEVELS: readonly FrequencyLevel[] = ['low', 'medium', 'high', 'highm1'];

/** tres_frequency.c `_test_val`: a plain number or an exact lower-case level name. */
function gpuFrequencyOf(text: string): number | FrequencyLevel | null {
  if (isCDigit(text[0])) {
    const scan = scanCInteger(text);
    return scan.end === text.length && scan.value >= 0n && scan.value !== LONG_MAX ? Number(scan.value) : null;
  }
  return GPU_LEVELS.find((level) => level === text) ?? null;
}

/** `--gpu-freq=[[memory=]value][,…][,verbose]` (checked as `gpu:<value>`, `;` separating TRES). */
export function parseGpuFreq(value: string | undefined): Parsed<GpuFrequencyRequest> {
  const text = value ?? '';
  const request: GpuFrequencyRequest = { graphics: null, memory: null, verbose: false };
  const refuse = () =>
    fail<GpuFrequencyRequest>(
      refusal(
        'invalid-gpu-freq',
        `sbatch refuses it: "Invalid --gpu-freq argument: gpu:${text}".`,
        'Use a frequency or low|medium|high|highm1 (lower case), optionally memory=<value> and verbose, e.g. --gpu-freq=high,memory=high.',
      ),
    );
  const segments = strtok(`gpu:${text}`, ';');
  for (const [index, { token: segment }] of segments.entries()) {
    const colon = segment.indexOf(':');
    const settings = segment.slice(colon + 1);
    if (colon < 0 || segment.slice(0, colon) !== 'gpu' || settings === '') return refuse();
    for (const { token } of strtok(settings, ',')) {
      const equals = token.indexOf('=');
      if (equals < 0) {
        const frequency = gpuFrequencyOf(token);
        if (frequency !== null) {
          if (index === 0) request.graphics = frequency;
        } else if (token === 'verbose') {
          request.verbose = true;
        } else {
          return refuse();
        }
      } else {
        const frequency = token.slice(0, equals) === 'memory' ? gpuFrequencyOf(token.slice(equals + 1)) : null;
        if (frequency === null) return refuse();
        if (index === 0) request.memory = frequency;
      }
    }
  }
  return ok(request);
}
