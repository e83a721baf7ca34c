import type { JobSpec } from '../../../model/schema.js';
import { Description, type FieldWriter } from './description.js';
import { hasField } from './field-table.js';
import { gpuFields } from './gpu-fields.js';
import { ioFields } from './io-fields.js';
import { notifyFields } from './notify-fields.js';
import { resourceFields } from './resource-fields.js';
import { schedulingFields } from './scheduling-fields.js';
import { timeFields } from './time-fields.js';
import type { DescriptionContext, JobSubmission, RestApiVersion, Unexpressible } from './types.js';

const WRITERS: readonly FieldWriter[] = [ioFields, timeFields, resourceFields, gpuFields, schedulingFields, notifyFields];

/** Options that change what sbatch does, not the job it makes: nothing to send. */
const CLIENT_ONLY = new Set(['parsable', 'wait', 'verbose', 'quiet', 'help', 'usage', 'version', 'wrap', 'ignore-pbs']);

/** Options that no job description field of any version carries, with what to do instead. */
const NOWHERE: Record<string, string> = {
  'test-only': 'slurmrestd has no test-only submission: the job would be made; run sbatch --test-only instead',
  propagate: "slurmrestd cannot propagate the submitting shell's resource limits (--propagate); set them in the script with ulimit",
  nodefile: 'the --nodefile file lives on the submission host; list the nodes with --nodelist instead',
  bbf: 'the --bbf file lives on the submission host; give the burst buffer with --bb instead',
  uid: 'slurmrestd submits as the authenticated user; authenticate as that user instead of --uid',
  gid: "slurmrestd submits with the authenticated user's groups; drop --gid",
  power: '--power has no job description field in any slurmrestd API; drop it',
};

const HANDLED = new Set([...WRITERS.flatMap((w) => w.options), ...CLIENT_ONLY]);

function leftovers(job: JobSpec, refusals: Unexpressible[]): void {
  for (const option of Object.keys(job.options)) {
    if (HANDLED.has(option) || refusals.some((r) => r.option === option)) continue;
    refusals.push({ option, message: NOWHERE[option] ?? `spawn-slurm cannot pass --${option} to slurmrestd; submit with sbatch, or drop the option` });
  }
}

/** The script as slurmrestd takes it: text. Bytes that are not UTF-8 cannot travel in JSON unchanged. */
function scriptText(job: JobSpec, refusals: Unexpressible[]): string {
  if (job.script.encoding === 'utf8') return job.script.content;
  refusals.push({ option: 'script', message: 'the script is not valid UTF-8 and JSON carries only text; re-encode the script as UTF-8' });
  return Buffer.from(job.script.content, 'base64').toString('utf8');
}

/**
 * The POST /slurm/<version>/job/submit payload that makes the job sbatch would make from the script:
 * every option in effect expressed in the version's job description, the rest in `unexpressible`.
 */
export function jobSubmission(job: JobSpec, version: RestApiVersion, context: DescriptionContext): JobSubmission {
  const unexpressible: Unexpressible[] = [];
  const descriptions = job.components.map((component, index) => {
    const d = new Description(job, component, index, version, context, unexpressible);
    for (const writer of WRITERS) writer.write(d);
    return d.finish();
  });
  leftovers(job, unexpressible);
  const script = scriptText(job, unexpressible);
  const [first, ...rest] = descriptions as [Record<string, unknown>, ...Record<string, unknown>[]];
  // From v0.0.40 the script belongs in the (first) description; before, only beside it.
  const scripted = hasField(version, 'script') ? { script, ...first } : first;
  const jobs = rest.length ? { jobs: [scripted, ...rest] } : { job: scripted };
  return { body: hasField(version, 'script') ? jobs : { script, ...jobs }, unexpressible };
}
