/**
 * Slurm's block distribution of `ntasks` over `nodes`: consecutive ranks fill a node before the next,
 * and when they do not divide evenly the first nodes take one more (`-N 2 -n 3` is 2,1).
 */
export function blockLayout(ntasks: number, nodes: number): number[] {
  const base = Math.floor(ntasks / nodes);
  const extra = ntasks % nodes;
  return Array.from({ length: nodes }, (_, node) => base + (node < extra ? 1 : 0));
}
