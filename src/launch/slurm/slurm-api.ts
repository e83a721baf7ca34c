import { SpawnSlurmError } from '../../core/errors.js';
import type { ApiVersion } from './api-version.js';
import type { ClusterApi, NodeInfo, PartitionInfo } from './cluster-api.js';
import { remoteJobsOf, type RemoteJob } from './remote-job.js';
import type { RestClient } from './rest-client.js';
import { failureOf, messagesOf } from './rest-errors.js';

/** ESLURM_INVALID_JOB_ID: the controller does not know the job (any more). */
const INVALID_JOB_ID = 2017;

export interface SubmitAnswer {
  jobId: number;
  /** The server's warnings and the informational "errors" that did not stop the job. */
  notices: string[];
}

function errorNumbers(body: unknown): number[] {
  const list = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  return Array.isArray(list)
    ? list.map((e) => Number((e as { error_number?: unknown; error_code?: unknown }).error_number ?? (e as { error_code?: unknown }).error_code)).filter(Number.isFinite)
    : [];
}

/** The job calls of one slurmrestd at one API version. */
export class SlurmApi implements ClusterApi {
  constructor(
    readonly client: RestClient,
    readonly version: ApiVersion,
  ) {}

  private path(rest: string): string {
    return `/slurm/${this.version}/${rest}`;
  }

  async submit(body: Record<string, unknown>): Promise<SubmitAnswer> {
    const answer = await this.client.request('POST', this.path('job/submit'), body);
    const jobId = typeof answer.body === 'object' && answer.body !== null ? Number((answer.body as { job_id?: unknown }).job_id) : Number.NaN;
    // An answer with a job id made the job, whatever else it says ("Job is in held state" on 22.05,
    // "Requested partition configuration not available now" for a job that will pend): as sbatch, report and go on.
    if (Number.isInteger(jobId) && jobId > 0) {
      // sbatch --hold says nothing of the hold: neither does this.
      const notices = [...messagesOf(answer.body, 'warnings'), ...messagesOf(answer.body)].filter((m) => !/held state/i.test(m));
      return { jobId, notices };
    }
    throw failureOf(answer, `submit to slurmrestd at ${this.client.address}`);
  }

  /** Every record of a job (an array's tasks and pending remainder, a hetjob's components); empty when the controller no longer knows it. */
  async job(id: number): Promise<RemoteJob[]> {
    const answer = await this.client.request('GET', this.path(`job/${id}`));
    if (answer.status === 200) return remoteJobsOf(answer.body);
    if (errorNumbers(answer.body).includes(INVALID_JOB_ID)) return [];
    throw failureOf(answer, `look up job ${id} on slurmrestd at ${this.client.address}`);
  }

  /** Every job the controller knows. */
  /** v0.0.38 and v0.0.39 name collections without the trailing slash later versions use. */
  private collection(name: string): string {
    return this.version === 'v0.0.38' || this.version === 'v0.0.39' ? name : `${name}/`;
  }

  private async list(name: string): Promise<unknown[]> {
    const answer = await this.client.request('GET', this.path(this.collection(name)));
    const list = answer.status === 200 && typeof answer.body === 'object' && answer.body !== null ? (answer.body as Record<string, unknown>)[name] : undefined;
    if (Array.isArray(list)) return list;
    throw failureOf(answer, `list ${name} on slurmrestd at ${this.client.address}`);
  }

  async partitions(): Promise<PartitionInfo[]> {
    return (await this.list('partitions')).map((raw) => {
      const p = raw as { name?: unknown; state?: unknown; flags?: unknown; partition?: { state?: unknown } };
      const state = p.partition?.state ?? p.state;
      return {
        name: String(p.name ?? ''),
        state: String((Array.isArray(state) ? state[0] : state) ?? 'UNKNOWN').toUpperCase(),
        isDefault: Array.isArray(p.flags) && p.flags.includes('default'),
      };
    });
  }

  async nodes(): Promise<NodeInfo[]> {
    return (await this.list('nodes')).map((raw) => {
      const n = raw as { name?: unknown; state?: unknown; cpus?: unknown; alloc_cpus?: unknown; partitions?: unknown };
      const state = Array.isArray(n.state) ? n.state[0] : n.state;
      return {
        name: String(n.name ?? ''),
        state: String(state ?? 'UNKNOWN').toUpperCase(),
        cpus: Number(n.cpus) || 0,
        allocatedCpus: Number(n.alloc_cpus) || 0,
        partitions: Array.isArray(n.partitions) ? n.partitions.map(String) : [],
      };
    });
  }

  async jobs(): Promise<RemoteJob[]> {
    const path = this.collection('jobs');
    const answer = await this.client.request('GET', this.path(path));
    if (answer.status === 200) return remoteJobsOf(answer.body);
    throw failureOf(answer, `list jobs on slurmrestd at ${this.client.address}`);
  }

  async hold(id: number, hold: boolean): Promise<void> {
    const answer = await this.client.request('POST', this.path(`job/${id}`), { hold });
    if (answer.status === 200 && errorNumbers(answer.body).length === 0) return;
    throw failureOf(answer, `${hold ? 'hold' : 'release'} job ${id} on slurmrestd at ${this.client.address}`);
  }

  /** scancel: `id` may be `N` or `N_M`; signal by name or number, KILL without one. */
  async signal(id: string, signal: string | null): Promise<void> {
    const query = signal ? `?signal=${encodeURIComponent(signal.replace(/^SIG/, ''))}` : '';
    const answer = await this.client.request('DELETE', this.path(`job/${encodeURIComponent(id)}${query}`));
    if (answer.status === 200 && errorNumbers(answer.body).length === 0) return;
    const words = messagesOf(answer.body).join('; ');
    if (errorNumbers(answer.body).includes(INVALID_JOB_ID))
      throw new SpawnSlurmError('slurm-cancel', `scancel: error: Kill job error on job id ${id}: ${words || 'Invalid job id specified'}`);
    throw failureOf(answer, `cancel job ${id} on slurmrestd at ${this.client.address}`);
  }
}
