import { userInfo } from 'node:os';
import { formatTable } from '../../core/table.js';
import { JobStore } from '../../store/store.js';
import { stateDirectory } from '../../store/state-dir.js';
import { existingEc2Store } from '../../launch/ec2/ec2-store.js';
import { mappingFor } from '../mapping-findings.js';

/**
 * `cleanup`: the instances of spawn-slurm jobs nothing should be paying for (past their time-to-live,
 * or of a job this machine has no record of). Lists them; `--yes` terminates them.
 */
export async function runCleanup(opts: Record<string, unknown>): Promise<number> {
  const mapping = await mappingFor(typeof opts.config === 'string' ? opts.config : undefined);
  if (!mapping) return 1;
  const regions = Array.isArray(opts.region) && opts.region.length > 0 ? (opts.region as string[]) : [mapping.defaults.region];
  const store = new JobStore(stateDirectory());
  const ec2Store = existingEc2Store(stateDirectory());
  const hasRecord = (id: number) => store.readRecord(id) !== null || (ec2Store?.readRecord(id) ?? null) !== null;
  const { makeEc2Client } = await import('../../launch/ec2/ec2-client.js');
  const { findLeftovers } = await import('../../launch/ec2/cleanup.js');
  const { terminateInstances } = await import('../../launch/ec2/find-instances.js');
  const rows: { region: string; instanceId: string; jobId: string; state: string; reason: string }[] = [];
  let terminated = 0;
  for (const region of regions) {
    const client = makeEc2Client({ region, ...(typeof opts.profile === 'string' ? { profile: opts.profile } : {}) });
    try {
      const leftovers = await findLeftovers(client, { now: new Date(), user: userInfo().username, hasRecord });
      for (const l of leftovers) rows.push({ region, instanceId: l.instance.instanceId, jobId: l.jobId === null ? '-' : String(l.jobId), state: l.instance.state, reason: l.reason });
      if (opts.yes === true && leftovers.length > 0) {
        await terminateInstances(
          client,
          leftovers.map((l) => l.instance.instanceId),
        );
        terminated += leftovers.length;
      }
    } finally {
      client.destroy();
    }
  }
  if (opts.json === true) {
    process.stdout.write(`${JSON.stringify({ dryRun: opts.yes !== true, instances: rows, terminated }, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write(`nothing to clean up in ${regions.join(', ')}\n`);
    return 0;
  }
  process.stdout.write(
    formatTable(rows, [
      { header: 'REGION', value: (r) => r.region },
      { header: 'INSTANCE', value: (r) => r.instanceId },
      { header: 'JOB', value: (r) => r.jobId },
      { header: 'STATE', value: (r) => r.state },
      { header: 'WHY', value: (r) => r.reason },
    ]),
  );
  process.stdout.write(
    opts.yes === true ? `terminated ${terminated} instance${terminated === 1 ? '' : 's'}\n` : 'dry run: nothing was terminated; run again with --yes to terminate these\n',
  );
  return 0;
}
