/** Where a JWT comes from; the token itself is read when needed and never stored. */
export type TokenSource = { kind: 'none' } | { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'scontrol'; lifespanSeconds: number };

/** A Slurm cluster as jobs are recorded against it (no secrets: safe to write into a job record). */
export interface ClusterTarget {
  /** Names the cluster's job store: the configured name, or one derived from the URL. */
  name: string;
  /** `unix:/path` or `http(s)://host:port` of its slurmrestd. */
  url: string;
  user: string;
  token: TokenSource;
  /** `auto` or a version such as `v0.0.42`. */
  apiVersion: string;
}
