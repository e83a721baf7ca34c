/** Slurm releases whose sbatch behaviour the parser can reproduce, oldest first. */
export const SLURM_RELEASES = ['22.05', '23.02', '23.11', '24.05', '24.11', '25.05', '25.11', '26.05', '26.11'] as const;

export type SlurmRelease = (typeof SLURM_RELEASES)[number];

/** The oracle on this project's machines (Debian 12) runs 22.05; so do many production clusters. */
export const DEFAULT_SLURM_RELEASE: SlurmRelease = '22.05';

export function isSlurmRelease(value: string): value is SlurmRelease {
  return (SLURM_RELEASES as readonly string[]).includes(value);
}

export function releaseAtLeast(release: SlurmRelease, minimum: SlurmRelease): boolean {
  return SLURM_RELEASES.indexOf(release) >= SLURM_RELEASES.indexOf(minimum);
}
