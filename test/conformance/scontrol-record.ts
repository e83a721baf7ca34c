/** One job as `scontrol show job -o` prints it: field name → text. */
export type ScontrolRecord = Map<string, string>;

// The field names 22.05's slurm_sprint_job_info prints (and a few of later releases). Only these
// start a new field, so a job name or path with spaces or `=` in it stays whole.
// biome-ignore format: a packed list of names, many to a line
const FIELDS = [
  'JobId', 'ArrayJobId', 'ArrayTaskId', 'ArrayTaskThrottle', 'HetJobId', 'HetJobOffset', 'HetJobIdSet', 'JobName',
  'UserId', 'GroupId', 'MCS_label', 'Priority', 'Nice', 'Account', 'QOS', 'WCKey', 'JobState', 'Reason', 'Dependency',
  'Requeue', 'Restarts', 'BatchFlag', 'Reboot', 'ExitCode', 'DerivedExitCode', 'RunTime', 'TimeLimit', 'TimeMin',
  'SubmitTime', 'EligibleTime', 'AccrueTime', 'StartTime', 'EndTime', 'Deadline', 'PreemptEligibleTime', 'PreemptTime',
  'SuspendTime', 'SecsPreSuspend', 'LastSchedEval', 'Scheduler', 'Partition', 'AllocNode:Sid', 'ReqNodeList',
  'ExcNodeList', 'NodeList', 'BatchHost', 'NumNodes', 'NumCPUs', 'NumTasks', 'CPUs/Task', 'ReqB:S:C:T', 'TRES',
  'Socks/Node', 'NtasksPerN:B:S:C', 'CoreSpec', 'ThreadSpec', 'MinCPUsNode', 'MinMemoryNode', 'MinMemoryCPU',
  'MinTmpDiskNode', 'Features', 'ClusterFeatures', 'Prefer', 'BatchFeatures', 'DelayBoot', 'Reservation', 'OverSubscribe',
  'Contiguous', 'Licenses', 'Network', 'Command', 'WorkDir', 'AdminComment', 'SystemComment', 'Comment', 'StdErr',
  'StdIn', 'StdOut', 'Power', 'CpusPerTres', 'MemPerTres', 'TresBind', 'TresFreq', 'TresPerJob', 'TresPerNode',
  'TresPerSocket', 'TresPerTask', 'NtasksPerTRES', 'MailUser', 'MailType', 'KillOInInvalidDependent', 'Switches',
  'SpreadJob', 'GresEnforceBind', 'CronJob', 'CrontabSpec', 'Container', 'SELinuxContext', 'BurstBuffer',
  'BurstBufferState', 'FedOrigin', 'ResizeTime', 'Exclusive', 'CPU_min_freq', 'CPU_max_freq', 'CPU_freq_gov',
];

const SPLIT = new RegExp(` (?=(?:${FIELDS.map((f) => f.replace(/[/]/g, '\\/')).join('|')})=)`);

export function parseScontrolLine(line: string): ScontrolRecord {
  const record: ScontrolRecord = new Map();
  for (const part of line.trimEnd().split(SPLIT)) {
    const equals = part.indexOf('=');
    // scontrol ends some free-text fields (Comment=) with an extra blank.
    if (equals > 0) record.set(part.slice(0, equals), part.slice(equals + 1).replace(/ +$/, ''));
  }
  return record;
}

/** scontrol's duration (`UNLIMITED`, `D-HH:MM:SS`, `HH:MM:SS`, `MM:SS`) in minutes; null for `N/A`. */
export function scontrolMinutes(text: string | undefined): number | 'unlimited' | null {
  if (text === undefined || text === 'N/A') return null;
  if (text === 'UNLIMITED' || text === 'Partition_Limit') return 'unlimited';
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!match) return null;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  return Number(days) * 1440 + Number(hours) * 60 + Number(minutes) + Math.ceil(Number(seconds) / 60);
}

/** scontrol's memory size (`500M`, `1G`, `0`) in MiB. */
export function scontrolMiB(text: string | undefined): number | null {
  if (text === undefined) return null;
  const match = /^(\d+(?:\.\d+)?)([KMGTP]?)$/.exec(text);
  if (!match) return null;
  const factor = { '': 1, K: 1 / 1024, M: 1, G: 1024, T: 1024 ** 2, P: 1024 ** 3 }[match[2] as 'K'] ?? 1;
  return Math.round(Number(match[1]) * factor);
}
