/** Where an EC2 job's instances and objects are (no secrets: safe to write into a job record). */
export interface Ec2JobRef {
  region: string;
  /** The AWS profile submit used; the commands that follow the job use it too. */
  profile?: string;
  bucket: string;
  /** The job's own S3 prefix, ending in `/`: its agent, job.json, inputs, claims, results and outputs. */
  prefix: string;
  purchase: 'spot' | 'on-demand' | 'spot-with-fallback';
  instanceType: string;
  tasksPerInstance: number;
  /** Instances launched at submit. */
  instances: number;
  /** A multi-node job's node count: its instances are launched, and replaced, as one group. */
  nodes?: number;
}
