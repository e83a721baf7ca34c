/** One job as `scontrol show job -o` prints it: field name → text. */
export type ScontrolRecord = Map<string, string>;

// The field names 22.05's slurm_sprint_job_info prints, and those 24.11 adds. Only these
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
  'ReqTRES', 'AllocTRES', 'MinMemoryTRES', 'Extra', 'ContainerID', 'Governor', 'OOMKillStep',
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
