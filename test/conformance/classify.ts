/**
 * Why a real sbatch refused a script: because of the script itself (spawn-slurm must refuse it
 * too), or because of what this particular cluster has (spawn-slurm must accept it; the rest of
 * the script is then compared after overriding the cluster-specific option on both sides).
 */
export interface ClusterSpecific {
  reason: string;
  /** Command-line options that take the cluster-specific request away, or null when none can. */
  override: string[] | null;
}

interface Rule {
  pattern: RegExp;
  reason: string;
  override: (defaultPartition: string) => string[] | null;
}

const CLUSTER_SPECIFIC: Rule[] = [
  { pattern: /Invalid partition name specified|invalid partition specified/i, reason: 'unknown partition', override: (p) => ['--partition', p] },
  { pattern: /Invalid feature specification/i, reason: 'unknown node feature', override: () => ['--constraint='] },
  { pattern: /Invalid generic resource \(gres\) specification/i, reason: 'GRES name not configured here', override: () => ['--gres=none'] },
  { pattern: /Invalid node name specified/i, reason: 'unknown node name', override: () => ['--nodelist=', '--exclude='] },
  { pattern: /Requested reservation is invalid/i, reason: 'unknown reservation', override: () => ['--reservation='] },
  { pattern: /Invalid license specification/i, reason: 'license not configured here', override: () => ['--licenses='] },
  { pattern: /Invalid account or account\/partition combination/i, reason: 'unknown account', override: () => null },
  { pattern: /Invalid qos specification/i, reason: 'unknown QOS', override: () => null },
  { pattern: /Burst ?buffer/i, reason: 'no burst buffer plugin', override: () => ['--bb='] },
  { pattern: /Requested node configuration is not available/i, reason: 'more than this cluster has', override: () => null },
  { pattern: /Memory specification can not be satisfied/i, reason: 'more memory than this cluster has', override: () => null },
  { pattern: /More processors requested than permitted|Node count specification invalid/i, reason: 'partition limits', override: () => null },
  { pattern: /Invalid wckey specification/i, reason: 'wckeys not enabled', override: () => null },
  { pattern: /Preemption is required but is disabled on this system/i, reason: 'preemption not enabled here (--signal=R:)', override: () => null },
  { pattern: /Requested operation not supported on this system/i, reason: 'feature the site has not enabled (e.g. expand dependencies)', override: () => null },
  { pattern: /Could not open user environment file|Invalid --nodefile node file/i, reason: 'a file on the submission host', override: () => null },
  { pattern: /Access\/permission denied|only permitted by root|Invalid user id/i, reason: 'privileges of the submitting user', override: () => null },
];

/** Null when the failure depends only on the script (spawn-slurm must refuse it as well). */
export function clusterSpecific(stderr: string, defaultPartition: string): ClusterSpecific | null {
  for (const rule of CLUSTER_SPECIFIC) {
    if (rule.pattern.test(stderr)) return { reason: rule.reason, override: rule.override(defaultPartition) };
  }
  return null;
}
