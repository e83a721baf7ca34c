import { InputError, UsageError } from '../../core/errors.js';
import { existingEc2Store } from '../../launch/ec2/ec2-store.js';
import { stateDirectory } from '../../store/state-dir.js';

/** `fetch JOBID`: every output file of an EC2 job, from S3 into its submit directory, whether or not it came back before. */
export async function runFetch(id: string, opts: Record<string, unknown>): Promise<number> {
  if (!/^\d+$/.test(id)) throw new UsageError(`invalid job id "${id}"`, 'give the id submit printed');
  const store = existingEc2Store(stateDirectory());
  const record = store?.readRecord(Number(id)) ?? null;
  if (!store || !record?.ec2) throw new InputError(`job ${id} is not an EC2 job`, 'fetch brings back the files of jobs submitted with --backend ec2; see spawn-slurm history');
  const { openJobClients } = await import('../../launch/ec2/tracking/job-clients.js');
  const { restoreOutputs } = await import('../../launch/ec2/tracking/restore-outputs.js');
  const clients = await openJobClients(record.ec2);
  try {
    const restored = await restoreOutputs(clients.objects, store, record, true);
    if (opts.json === true) {
      process.stdout.write(`${JSON.stringify({ jobId: record.id, files: restored.files, elsewhere: restored.elsewhere.map((key) => `s3://${record.ec2?.bucket}/${key}`) }, null, 2)}\n`);
      return 0;
    }
    for (const file of restored.files) process.stdout.write(`${file}\n`);
    if (restored.files.length === 0) process.stderr.write(`spawn-slurm: job ${id} has no output files in s3://${record.ec2.bucket}/${record.ec2.prefix}outputs/ yet\n`);
    for (const key of restored.elsewhere) process.stderr.write(`spawn-slurm: left in S3 (written outside the submit directory): s3://${record.ec2.bucket}/${key}\n`);
    return 0;
  } finally {
    clients.close();
  }
}
