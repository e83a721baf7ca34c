/**
 * The value parsers of part A, keyed by long option name (slurm-semantics.md §2): durations,
 * sizes, counts, arrays and every option whose argument is a word, a list or a free string. Which
 * options a release has is the caller's business; the parsers only vary values by release.
 */
import { parseAcctgFreq, parsePower, parseProfile } from './accounting.js';
import { parseArraySpec } from './array.js';
import { parseDistribution, parseGpuBind, parseHint, parseMemBind, parseTresBind } from './binding.js';
import { parseExclusive, parseGresFlags, parseKillOnInvalidDep, parseNoKill, parseOomKillStep, parseOpenMode, parseRequeue, parseWaitAllNodes } from './choice-options.js';
import type { OptionValueParser } from './context.js';
import { COUNT_OPTIONS, countParser } from './count-options.js';
import { parseExtraNodeInfo } from './extra-node-info.js';
import { FREE_STRING_OPTIONS, freeStringParser } from './free-strings.js';
import { parseCpuFreq, parseGpuFreq } from './frequency.js';
import { parseGid, parseUid } from './identity.js';
import { parseLicenses, parseTresPerTask } from './licenses.js';
import { parseMailType } from './mail-type.js';
import { parseMemorySize } from './memory.js';
import { parseNodeCount } from './node-count.js';
import { parseGetUserEnv, parsePropagate } from './process-environment.js';
import { fail, refusal } from './result.js';
import { parseCoreSpec, parseDelayBoot, parseMemUpdate, parseNice, parsePriority, parseResvPorts, parseSegment, parseSwitches, parseThreadSpec } from './scheduling.js';
import { parseSignal } from './signal.js';
import { parseDuration } from './time.js';

const memory =
  (option: string): OptionValueParser =>
  (value) =>
    parseMemorySize(value, option);

/** `--autocomplete` prints shell completions and exits: nothing is submitted. */
const autocomplete: OptionValueParser = () =>
  fail(refusal('exits-without-submitting', '--autocomplete makes sbatch print shell completions and exit without submitting.', 'Remove --autocomplete from the script.'));

export const valueParsersA: Record<string, OptionValueParser> = {
  ...Object.fromEntries(FREE_STRING_OPTIONS.map((option) => [option, freeStringParser(option)])),
  ...Object.fromEntries(COUNT_OPTIONS.map((option) => [option, countParser(option)])),
  'tasks-per-node': countParser('ntasks-per-node'),
  time: (value, ctx) => parseDuration(value, ctx, 'time'),
  'time-min': (value, ctx) => parseDuration(value, ctx, 'time-min'),
  mem: memory('mem'),
  'mem-per-cpu': memory('mem-per-cpu'),
  'mem-per-gpu': memory('mem-per-gpu'),
  tmp: memory('tmp'),
  nodes: parseNodeCount,
  array: parseArraySpec,
  signal: parseSignal,
  'mail-type': parseMailType,
  exclusive: parseExclusive,
  'open-mode': parseOpenMode,
  'no-kill': parseNoKill,
  'kill-on-invalid-dep': parseKillOnInvalidDep,
  requeue: parseRequeue,
  'wait-all-nodes': parseWaitAllNodes,
  'oom-kill-step': parseOomKillStep,
  'gres-flags': parseGresFlags,
  hint: parseHint,
  distribution: parseDistribution,
  'mem-bind': parseMemBind,
  'gpu-bind': parseGpuBind,
  'tres-bind': parseTresBind,
  'extra-node-info': parseExtraNodeInfo,
  'cpu-freq': parseCpuFreq,
  'gpu-freq': parseGpuFreq,
  'acctg-freq': parseAcctgFreq,
  profile: parseProfile,
  power: parsePower,
  'get-user-env': parseGetUserEnv,
  propagate: parsePropagate,
  nice: parseNice,
  priority: parsePriority,
  switches: parseSwitches,
  'delay-boot': parseDelayBoot,
  'core-spec': parseCoreSpec,
  'thread-spec': parseThreadSpec,
  segment: parseSegment,
  'resv-ports': parseResvPorts,
  'mem-update': parseMemUpdate,
  uid: parseUid,
  gid: parseGid,
  licenses: parseLicenses,
  'tres-per-task': parseTresPerTask,
  autocomplete,
};
