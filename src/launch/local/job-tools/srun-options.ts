/** The srun options a batch script uses, read with getopt_long's rules (long, `=` or a space, short, clustered). */
export interface SrunOptions {
  ntasks: number | null;
  cpusPerTask: number | null;
  nodes: number | null;
  ntasksPerNode: number | null;
  label: boolean;
  export: string | null;
  jobName: string | null;
  command: string[];
}

interface SrunOption {
  long: string;
  short?: string;
  value: boolean;
  apply?: (options: SrunOptions, value: string) => void;
}

const count = (name: string, value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new SrunUsageError(`srun: error: Invalid numeric value "${value}" for --${name}.`);
  return Number(value);
};

/** Accepted and without effect on one machine (binding, MPI plugin, buffering, …). */
const NO_EFFECT: SrunOption[] = [
  'mpi',
  'cpu-bind',
  'cpu_bind',
  'mem-bind',
  'hint',
  'distribution',
  'gpu-bind',
  'kill-on-bad-exit',
  'propagate',
  'mem',
  'mem-per-cpu',
  'time',
  'partition',
].map((long) => ({ long, value: true }));

const OPTIONS: SrunOption[] = [
  { long: 'ntasks', short: 'n', value: true, apply: (o, v) => (o.ntasks = count('ntasks', v)) },
  { long: 'cpus-per-task', short: 'c', value: true, apply: (o, v) => (o.cpusPerTask = count('cpus-per-task', v)) },
  { long: 'nodes', short: 'N', value: true, apply: (o, v) => (o.nodes = count('nodes', v.split('-')[0] ?? v)) },
  { long: 'ntasks-per-node', value: true, apply: (o, v) => (o.ntasksPerNode = count('ntasks-per-node', v)) },
  { long: 'label', short: 'l', value: false, apply: (o) => (o.label = true) },
  { long: 'export', value: true, apply: (o, v) => (o.export = v) },
  { long: 'job-name', short: 'J', value: true, apply: (o, v) => (o.jobName = v) },
  { long: 'unbuffered', short: 'u', value: false },
  { long: 'exclusive', value: false },
  { long: 'overlap', value: false },
  { long: 'quiet', short: 'Q', value: false },
  { long: 'verbose', short: 'v', value: false },
  ...NO_EFFECT,
];

export class SrunUsageError extends Error {}

function findLong(name: string): SrunOption {
  const exact = OPTIONS.find((o) => o.long === name);
  if (exact) return exact;
  const prefixed = OPTIONS.filter((o) => o.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0] as SrunOption;
  throw new SrunUsageError(prefixed.length > 1 ? `srun: option '--${name}' is ambiguous` : `srun: unrecognized option '--${name}'\nTry "srun --help" for more information`);
}

/** Reads options up to the command; srun stops at the first word that is not an option. */
export function parseSrunArgs(args: readonly string[]): SrunOptions {
  const options: SrunOptions = { ntasks: null, cpusPerTask: null, nodes: null, ntasksPerNode: null, label: false, export: null, jobName: null, command: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const option = findLong(arg.slice(2, eq === -1 ? undefined : eq));
      let value = '';
      if (option.value) {
        if (eq !== -1) value = arg.slice(eq + 1);
        else if (i + 1 < args.length) value = args[++i] as string;
        else throw new SrunUsageError(`srun: option '--${option.long}' requires an argument`);
      }
      option.apply?.(options, value);
      continue;
    }
    for (let k = 1; k < arg.length; k++) {
      const option = OPTIONS.find((o) => o.short === arg[k]);
      if (!option) throw new SrunUsageError(`srun: invalid option -- '${arg[k]}'\nTry "srun --help" for more information`);
      if (!option.value) {
        option.apply?.(options, '');
        continue;
      }
      let value = arg.slice(k + 1);
      if (value === '') {
        if (i + 1 >= args.length) throw new SrunUsageError(`srun: option requires an argument -- '${arg[k]}'`);
        value = args[++i] as string;
      }
      option.apply?.(options, value);
      break;
    }
  }
  options.command = args.slice(i);
  return options;
}
