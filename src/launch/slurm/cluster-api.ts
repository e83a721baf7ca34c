import type { RemoteJob } from './remote-job.js';

export interface PartitionInfo {
  name: string;
  /** UP, DOWN, DRAIN, INACTIVE. */
  state: string;
  /** Default=YES, where the API says (v0.0.40 on does not). */
  isDefault: boolean;
}

export interface NodeInfo {
  name: string;
  /** The base state in upper case: IDLE, MIXED, ALLOCATED, DOWN, DRAINED, … */
  state: string;
  cpus: number;
  allocatedCpus: number;
  partitions: string[];
}

/** What queue, history, cancel, logs and burst decisions need of a cluster, whichever way it is reached. */
export interface ClusterApi {
  /** `v0.0.38` … `v0.0.42` for slurmrestd, `commands` for the cluster's own commands. */
  readonly version: string;
  jobs(): Promise<RemoteJob[]>;
  job(id: number): Promise<RemoteJob[]>;
  signal(id: string, signal: string | null): Promise<void>;
  /** scontrol hold / release. */
  hold(id: number, hold: boolean): Promise<void>;
  partitions(): Promise<PartitionInfo[]>;
  nodes(): Promise<NodeInfo[]>;
  /** What the accounting database (sacct) says of a job the controller has forgotten; null without accounting. */
  accounting?(id: number): Promise<RemoteJob[] | null>;
}
