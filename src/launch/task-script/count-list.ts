/**
 * Slurm's compressed count list (slurm-semantics §4.4): per-node values in node order, a run of k > 1
 * equal values v written `v(xk)`, items joined by commas. [2,2,2,1] → `2(x3),1`.
 */
export function compressCountList(values: readonly number[]): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; ) {
    const value = values[i] as number;
    let run = 1;
    while (values[i + run] === value) run++;
    items.push(run > 1 ? `${value}(x${run})` : String(value));
    i += run;
  }
  return items.join(',');
}
