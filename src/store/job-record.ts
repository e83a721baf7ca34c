import type { JobSpec } from '../model/schema.js';
import type { ClusterTarget } from './cluster-ref.js';
import type { Ec2JobRef } from './ec2-ref.js';

/** The machine a local job runs on, as a one-node cluster (fixed at submission). */
export interface NodeFacts {
  clusterName: string;
  /** The partition a job that names none runs in. */
  defaultPartition: string;
  /** The Slurm node name (SLURMD_NODENAME, the node list); the short host name unless configured. */
  nodeName: string;
  /** gethostname(), which 22.05 puts in `%N` and SLURM_SUBMIT_HOST. */
  hostName: string;
  cpus: number;
  memoryMiB: number;
  /** GPU indices `nvidia-smi -L` lists; empty without GPUs. */
  gpus: number[];
  /** Memory per CPU of a job that asks for none (Slurm's DefMemPerCPU). */
  defMemPerCpuMiB: number;
  /** Seconds between the time-limit signal and SIGKILL (Slurm's KillWait). */
  killWaitSeconds: number;
}

/** What one task holds while it runs. */
export interface TaskRequest {
  cpus: number;
  memoryMiB: number;
  gpus: number;
}

/**
 * A job as submitted: written once, atomically, before `submit` prints its id; never changed after.
 * Everything that happens to the job afterwards is in its event log.
 */
export interface JobRecord {
  version: 1;
  /** The id submit printed; an array's master id. */
  id: number;
  /** Ids reserved from `id` on: one per array task. */
  idCount: number;
  backend: string;
  submitTime: string;
  user: string;
  uid: number;
  gid: number;
  group: string;
  /** sbatch's working directory (SLURM_SUBMIT_DIR). */
  submitDir: string;
  /** The job's working directory: --chdir against the submit directory, else the submit directory. */
  workDir: string;
  partition: string;
  node: NodeFacts;
  request: TaskRequest;
  job: JobSpec;
  /** For a job on a real Slurm cluster: which one, and the API version it was submitted with. */
  cluster?: ClusterTarget;
  /** For a job on EC2: its region, bucket and prefix, and what was launched. */
  ec2?: Ec2JobRef;
  /**
   * Tasks start only when fed (`feed` requests): on an EC2 instance, the agent feeds the tasks its
   * instance claimed; the others run elsewhere.
   */
  feedOnly?: true;
  /** A multi-node job's nodes (on EC2, its instances' host names), this one first: the batch script runs here, srun reaches the rest. */
  allocation?: { nodeNames: string[] };
  /** The configuration file whose `rules:` this job's events go through (set when it has rules). */
  rulesConfig?: string;
  /** Why `submit --backend auto` put the job where it is. */
  placement?: { backend: string; reason: string; split?: { cluster: string; jobId: number; indices: string } };
}
