/**
 * A path into nested data as people write it: `partitions.gpu.instance_types[2]`,
 * `modules["gcc/12.2.0"].setup`, `detail.$or[0].state`. `whole` names the empty path.
 */
export function formatFieldPath(path: readonly PropertyKey[], whole: string): string {
  if (path.length === 0) return whole;
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = String(segment);
      if (/^[A-Za-z0-9_$-]+$/.test(name)) return i === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}
