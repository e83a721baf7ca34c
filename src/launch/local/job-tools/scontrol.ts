import { compressHostlist, expandHostlist } from '../../../parser/values/hostlist.js';

/** scontrol inside a local job: `show hostnames [list]`, `show hostlist list`, and hold/release through the CLI. */
export function runScontrol(args: readonly string[], runCli: (words: string[]) => Promise<number>): Promise<number> | number {
  const [verb, what, ...rest] = args;
  if (verb === 'show' && (what === 'hostnames' || what === 'hostname')) {
    const list = rest[0] ?? process.env.SLURM_JOB_NODELIST;
    if (!list) {
      process.stderr.write('scontrol: error: host list is empty\n');
      return 1;
    }
    const expanded = expandHostlist(list);
    if (!expanded.ok) {
      process.stderr.write(`scontrol: error: Invalid hostlist: ${list}\n`);
      return 1;
    }
    process.stdout.write(expanded.value.map((h) => `${h}\n`).join(''));
    return 0;
  }
  if (verb === 'show' && what === 'hostlist' && rest[0]) {
    process.stdout.write(`${compressHostlist(rest[0].split(','))}\n`);
    return 0;
  }
  if ((verb === 'hold' || verb === 'release') && what) return runCli([verb, what, ...rest]);
  process.stderr.write(`scontrol: error: "${args.join(' ')}" is not supported inside spawn-slurm jobs (show hostnames, show hostlist, hold, release are)\n`);
  return 1;
}
